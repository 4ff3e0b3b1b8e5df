//! The API calls that peerkit makes about issues, comments, labels and
//! pull requests, each through the retry loop.

use octocrab::models::issues::{Comment, Issue};
use octocrab::models::pulls::PullRequest;
use serde_json::json;

use super::{Client, Error, Request};

/// Whether a pull request is open, closed without merging, or merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullState {
    /// Open.
    Open,
    /// Closed without merging.
    Closed,
    /// Merged.
    Merged,
}

/// The parts of a pull request that peerkit reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullSummary {
    /// The number.
    pub number: u64,
    /// Open, closed or merged.
    pub state: PullState,
    /// The title.
    pub title: String,
    /// The body, empty when it has none.
    pub body: String,
    /// The head branch, without the owner.
    pub head: String,
    /// The web page.
    pub html_url: String,
}

impl PullSummary {
    fn of(pull: &PullRequest) -> PullSummary {
        let closed = matches!(pull.state, Some(octocrab::models::IssueState::Closed));
        let state = if pull.merged_at.is_some() {
            PullState::Merged
        } else if closed {
            PullState::Closed
        } else {
            PullState::Open
        };
        PullSummary {
            number: pull.number,
            state,
            title: pull.title.clone().unwrap_or_default(),
            body: pull.body.clone().unwrap_or_default(),
            head: pull.head.ref_field.clone(),
            html_url: pull
                .html_url
                .as_ref()
                .map(|url| url.to_string())
                .unwrap_or_default(),
        }
    }
}

/// The parts of an issue that peerkit reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueSummary {
    /// The number.
    pub number: u64,
    /// The title.
    pub title: String,
    /// The body, empty when it has none.
    pub body: String,
    /// The names of its labels.
    pub labels: Vec<String>,
    /// Whether it is open.
    pub open: bool,
    /// The web page.
    pub html_url: String,
}

impl IssueSummary {
    fn of(issue: &Issue) -> IssueSummary {
        IssueSummary {
            number: issue.number,
            title: issue.title.clone(),
            body: issue.body.clone().unwrap_or_default(),
            labels: issue
                .labels
                .iter()
                .map(|label| label.name.clone())
                .collect(),
            open: matches!(issue.state, octocrab::models::IssueState::Open),
            html_url: issue.html_url.to_string(),
        }
    }
}

/// One issue comment: its id and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentSummary {
    /// The comment id, for editing it.
    pub id: u64,
    /// The body.
    pub body: String,
}

impl CommentSummary {
    fn of(comment: &Comment) -> CommentSummary {
        CommentSummary {
            id: comment.id.into_inner(),
            body: comment.body.clone().unwrap_or_default(),
        }
    }
}

/// The page size of list calls; 100 is GitHub's maximum.
const PER_PAGE: usize = 100;

impl Client {
    /// Reads issue `number`.
    pub async fn issue(&self, number: u64) -> Result<IssueSummary, Error> {
        let path = self.repo_path(&format!("/issues/{number}"));
        let request = Request::new("GET", &path);
        let issue: Issue = self
            .send(&request, || self.octocrab().get(&path, None::<&()>))
            .await?;
        Ok(IssueSummary::of(&issue))
    }

    /// Lists the open issues with `label`, leaving out pull requests.
    pub async fn open_issues_with_label(&self, label: &str) -> Result<Vec<IssueSummary>, Error> {
        let path = self.repo_path("/issues");
        let mut issues = Vec::new();
        for page in 1.. {
            let query = [
                ("labels", label.to_string()),
                ("state", "open".to_string()),
                ("per_page", PER_PAGE.to_string()),
                ("page", page.to_string()),
            ];
            let request = Request::new("GET", format!("{path}?labels={label}&page={page}"));
            let batch: Vec<Issue> = self
                .send(&request, || self.octocrab().get(&path, Some(&query)))
                .await?;
            let count = batch.len();
            issues.extend(
                batch
                    .iter()
                    .filter(|issue| issue.pull_request.is_none())
                    .map(IssueSummary::of),
            );
            if count < PER_PAGE {
                break;
            }
        }
        Ok(issues)
    }

    /// Lists the comments of issue `number`, all pages.
    pub async fn issue_comments(&self, number: u64) -> Result<Vec<CommentSummary>, Error> {
        let path = self.repo_path(&format!("/issues/{number}/comments"));
        let mut comments = Vec::new();
        for page in 1.. {
            let query = [("per_page", PER_PAGE), ("page", page)];
            let request = Request::new("GET", format!("{path}?page={page}"));
            let batch: Vec<Comment> = self
                .send(&request, || self.octocrab().get(&path, Some(&query)))
                .await?;
            comments.extend(batch.iter().map(CommentSummary::of));
            if batch.len() < PER_PAGE {
                break;
            }
        }
        Ok(comments)
    }

    /// Adds a comment to issue `number`. Before a retry it looks for a
    /// comment that contains `marker`, which a failed try may have created.
    pub async fn create_comment(
        &self,
        number: u64,
        body: &str,
        marker: &str,
    ) -> Result<CommentSummary, Error> {
        let path = self.repo_path(&format!("/issues/{number}/comments"));
        let request = Request::new("POST", &path);
        let payload = json!({ "body": body });
        let comment: CommentSummary = self
            .create(
                &request,
                || async {
                    let comment: Comment = self.octocrab().post(&path, Some(&payload)).await?;
                    Ok(CommentSummary::of(&comment))
                },
                || async {
                    let comments = self.issue_comments(number).await?;
                    Ok(comments
                        .into_iter()
                        .find(|comment| comment.body.contains(marker)))
                },
            )
            .await?;
        Ok(comment)
    }

    /// Replaces the body of comment `id`.
    pub async fn update_comment(&self, id: u64, body: &str) -> Result<CommentSummary, Error> {
        let path = self.repo_path(&format!("/issues/comments/{id}"));
        let request = Request::new("PATCH", &path);
        let payload = json!({ "body": body });
        let comment: Comment = self
            .send(&request, || self.octocrab().patch(&path, Some(&payload)))
            .await?;
        Ok(CommentSummary::of(&comment))
    }

    /// Adds `labels` to issue or pull request `number`.
    pub async fn add_labels(&self, number: u64, labels: &[&str]) -> Result<(), Error> {
        let path = self.repo_path(&format!("/issues/{number}/labels"));
        let request = Request::new("POST", &path);
        let payload = json!({ "labels": labels });
        let _: serde_json::Value = self
            .send(&request, || self.octocrab().post(&path, Some(&payload)))
            .await?;
        Ok(())
    }

    /// Removes `label` from issue `number`; a label it does not have is no
    /// error.
    pub async fn remove_label(&self, number: u64, label: &str) -> Result<(), Error> {
        let path = self.repo_path(&format!(
            "/issues/{number}/labels/{}",
            encode_segment(label)
        ));
        let request = Request::new("DELETE", &path);
        let result: Result<serde_json::Value, Error> = self
            .send(&request, || self.octocrab().delete(&path, None::<&()>))
            .await;
        match result {
            Ok(_) | Err(Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Lists the pull requests in any state whose head is `branch` of this
    /// repository, newest first.
    pub async fn pulls_with_head(&self, branch: &str) -> Result<Vec<PullSummary>, Error> {
        let path = self.repo_path("/pulls");
        let head = format!("{}:{branch}", self.repository().owner);
        let query = [
            ("head", head.as_str()),
            ("state", "all"),
            ("per_page", "100"),
        ];
        let request = Request::new("GET", format!("{path}?head={head}&state=all"));
        let pulls: Vec<PullRequest> = self
            .send(&request, || self.octocrab().get(&path, Some(&query)))
            .await?;
        let mut pulls: Vec<PullSummary> = pulls
            .iter()
            .map(PullSummary::of)
            .filter(|pull| pull.head == branch)
            .collect();
        pulls.sort_by_key(|pull| std::cmp::Reverse(pull.number));
        Ok(pulls)
    }

    /// Opens a pull request from `head` into `base`. Before a retry it
    /// looks for an open pull request of `head`, which a failed try may
    /// have opened.
    pub async fn create_pull(
        &self,
        title: &str,
        head: &str,
        base: &str,
        body: &str,
    ) -> Result<PullSummary, Error> {
        let path = self.repo_path("/pulls");
        let request = Request::new("POST", &path);
        let payload = json!({ "title": title, "head": head, "base": base, "body": body });
        self.create(
            &request,
            || async {
                let pull: PullRequest = self.octocrab().post(&path, Some(&payload)).await?;
                Ok(PullSummary::of(&pull))
            },
            || async {
                let pulls = self.pulls_with_head(head).await?;
                Ok(pulls.into_iter().find(|pull| pull.state == PullState::Open))
            },
        )
        .await
    }

    /// Sets the title and body of pull request `number`, and reopens it
    /// when `reopen` is true.
    pub async fn update_pull(
        &self,
        number: u64,
        title: &str,
        body: &str,
        reopen: bool,
    ) -> Result<PullSummary, Error> {
        let path = self.repo_path(&format!("/pulls/{number}"));
        let request = Request::new("PATCH", &path);
        let mut payload = json!({ "title": title, "body": body });
        if reopen {
            payload["state"] = json!("open");
        }
        let pull: PullRequest = self
            .send(&request, || self.octocrab().patch(&path, Some(&payload)))
            .await?;
        Ok(PullSummary::of(&pull))
    }
}

/// Percent-encodes a path segment such as a label name with spaces.
fn encode_segment(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
