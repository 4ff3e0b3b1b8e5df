//! `suggest` end to end: read the suggestion, check it, build the commit
//! on the up-to-date base branch, push it, and open or update its pull
//! request; or comment on the issue what to fix.

use git2::Repository;

use super::apply::{apply, Applied, Files};
use super::form::{parse_issue, Context, Problem};
use super::forms::SUGGESTION_LABEL;
use super::git::{self, GitError, Identity};
use super::model::Suggestion;
use super::render::{self, Origin, COMMENT_MARKER};
use super::{check, untrusted};
use crate::catalogue::{Layout, SourceFile, Vocabulary};
use crate::github::{self, Client, PullState, PullSummary};

/// The label of an issue whose suggestion is invalid.
pub const INVALID_LABEL: &str = "suggestion-invalid";

/// Where the suggestion comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// An issue opened from one of the forms.
    Issue(u64),
    /// A suggestion file.
    File {
        /// The file's name, for messages.
        name: String,
        /// Its contents.
        bytes: Vec<u8>,
    },
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The base branch on the remote.
    pub base: String,
    /// The git remote's name.
    pub remote: String,
    /// Print the plan and write nothing.
    pub dry_run: bool,
    /// Open a pull request again when the previous one was closed or merged.
    pub reopen: bool,
    /// Who commits.
    pub bot: Identity,
    /// Today's date, for new records and validation.
    pub today: time::Date,
    /// The author and committer time of the suggestion commit.
    pub commit_time: time::OffsetDateTime,
}

/// What a dry run would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The branch.
    pub branch: String,
    /// The unified diff of the changed files.
    pub diff: String,
    /// The pull request title.
    pub title: String,
    /// The pull request body.
    pub body: String,
    /// The commit message.
    pub message: String,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The suggestion is invalid; with an issue, the problems were posted.
    Invalid {
        /// What to fix.
        problems: Vec<Problem>,
    },
    /// A dry run: what would be done.
    DryRun(Box<Plan>),
    /// The suggestion changes nothing in the catalogue.
    NothingToDo {
        /// The branch.
        branch: String,
    },
    /// The pull request was closed or merged; nothing was opened.
    PullClosed {
        /// The branch.
        branch: String,
        /// The pull request.
        pull: PullSummary,
    },
    /// A pull request was opened (or reopened).
    Opened {
        /// The branch.
        branch: String,
        /// The pull request.
        pull: PullSummary,
    },
    /// The open pull request was brought up to date.
    Updated {
        /// The branch.
        branch: String,
        /// The pull request.
        pull: PullSummary,
        /// Whether a new commit was pushed.
        pushed: bool,
    },
    /// Branch and pull request were up to date already.
    Unchanged {
        /// The branch.
        branch: String,
        /// The pull request.
        pull: PullSummary,
    },
}

/// A failure to run (an invalid suggestion is an [`Outcome`], not this).
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    /// A git operation failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A GitHub call failed.
    #[error(transparent)]
    GitHub(#[from] github::Error),
    /// The branch contains commits that peerkit did not make.
    #[error(
        "the branch {branch} holds commits that peerkit did not make ({}); peerkit stops so \
         as not to overwrite them: merge or move them, or delete the branch and run again",
        commits.join(", ")
    )]
    ForeignCommits {
        /// The branch.
        branch: String,
        /// The commits, short id and summary.
        commits: Vec<String>,
    },
    /// The base branch has no readable vocabulary.
    #[error("the base branch has no valid {}: {reason}", Layout::VOCABULARY)]
    NoVocabulary {
        /// Why.
        reason: String,
    },
    /// A GitHub client is needed but none was given.
    #[error("this needs GitHub: set GITHUB_TOKEN or GH_TOKEN (or use --dry-run with files)")]
    NoClient,
}

/// Runs one suggestion. `client` may be `None` only for a dry run of a
/// file.
pub async fn run(
    repo: &Repository,
    client: Option<&Client>,
    input: &Input,
    options: &Options,
) -> Result<Outcome, SuggestError> {
    let (branch, origin_id) = match input {
        Input::Issue(number) => (
            format!("suggestion/issue-{number}"),
            format!("issue-{number}"),
        ),
        Input::File { name, bytes } => match peek_id(name, bytes) {
            Ok(id) => (format!("suggestion/{id}"), id),
            Err(problems) => return Ok(Outcome::Invalid { problems }),
        },
    };
    let token = client.map(|client| client.token().expose());
    let heads = git::fetch(repo, &options.remote, &options.base, &branch, token)?;
    let base_files = git::tree_files(repo, heads.base)?;

    let suggestion = match read_suggestion(client, input, &base_files, options).await? {
        Ok(suggestion) => suggestion,
        Err(problems) => return report_invalid(client, input, problems, options).await,
    };
    let origin = match input {
        Input::Issue(number) => Origin::Issue(*number),
        Input::File { .. } => Origin::File(&origin_id),
    };
    let applied = match apply(&suggestion, &base_files) {
        Ok(applied) => applied,
        Err(error) => {
            let place = match input {
                Input::File { name, .. } => name.as_str(),
                Input::Issue(_) => "suggestion",
            };
            let problems = vec![problem(place, error.to_string())];
            return report_invalid(client, input, problems, options).await;
        }
    };
    let validation = match validate_result(&base_files, &applied, options) {
        Ok(text) => text,
        Err(problems) => return report_invalid(client, input, problems, options).await,
    };

    let tree = git::build_tree(repo, heads.base, &applied.changes)?;
    if tree == git::tree_of(repo, heads.base)? {
        return Ok(Outcome::NothingToDo { branch });
    }
    let summary = render::change_summary(&base_files, &applied.changes);
    let plan = Plan {
        branch: branch.clone(),
        diff: render::diff(&base_files, &applied.changes),
        title: render::title(&suggestion),
        body: render::pull_body(&suggestion, origin, &summary, &validation),
        message: render::commit_message(&suggestion, origin),
    };
    if options.dry_run {
        return Ok(Outcome::DryRun(Box::new(plan)));
    }
    let client = client.ok_or(SuggestError::NoClient)?;
    let publish = Publish {
        repo,
        client,
        options,
        plan: &plan,
        tree,
        heads,
    };
    let outcome = publish.run().await?;
    if let (Input::Issue(number), Some(pull)) = (input, pulled(&outcome)) {
        mark_valid(client, *number, pull.number).await?;
    }
    Ok(outcome)
}

fn pulled(outcome: &Outcome) -> Option<&PullSummary> {
    match outcome {
        Outcome::Opened { pull, .. }
        | Outcome::Updated { pull, .. }
        | Outcome::Unchanged { pull, .. } => Some(pull),
        _ => None,
    }
}

fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Reads the id of a suggestion file before anything else, because it
/// names the branch; it must be a slug.
fn peek_id(name: &str, bytes: &[u8]) -> Result<String, Vec<Problem>> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| vec![problem(name, format!("is not valid JSON: {error}"))])?;
    let id = value.get("id").and_then(|id| id.as_str()).ok_or_else(|| {
        vec![problem(
            name,
            "has no `id`; add the suggestion's id, such as \"peer-debriefing\"",
        )]
    })?;
    untrusted::check_id("id", id).map_err(|error| vec![problem(name, error.to_string())])?;
    Ok(id.to_string())
}

async fn read_suggestion(
    client: Option<&Client>,
    input: &Input,
    base: &Files,
    options: &Options,
) -> Result<Result<Suggestion, Vec<Problem>>, SuggestError> {
    let schemas: Vec<SourceFile> = base
        .iter()
        .map(|(path, bytes)| SourceFile::new(path.clone(), bytes.clone()))
        .filter(|file| file.path.starts_with("schemas/"))
        .collect();
    match input {
        Input::File { name, bytes } => Ok(check::read_file(name, bytes, &schemas)),
        Input::Issue(number) => {
            let client = client.ok_or(SuggestError::NoClient)?;
            let issue = client.issue(*number).await?;
            let vocabulary = read_vocabulary(base)?;
            let today = options.today.to_string();
            let context = Context {
                issue: *number,
                vocabulary: &vocabulary,
                base,
                today: &today,
            };
            Ok(parse_issue(&issue.body, &context).and_then(|suggestion| {
                check::check_ids(&suggestion)
                    .map(|_| suggestion)
                    .map_err(|error| vec![problem("suggestion", error.to_string())])
            }))
        }
    }
}

fn read_vocabulary(base: &Files) -> Result<Vocabulary, SuggestError> {
    let bytes = base
        .get(Layout::VOCABULARY)
        .ok_or_else(|| SuggestError::NoVocabulary {
            reason: "the file is missing".to_string(),
        })?;
    serde_json::from_slice(bytes).map_err(|error| SuggestError::NoVocabulary {
        reason: error.to_string(),
    })
}

/// Validates the whole catalogue with the change. Errors in the changed
/// files make the suggestion invalid; the text returned describes the
/// result for the pull request.
fn validate_result(
    base: &Files,
    applied: &Applied,
    options: &Options,
) -> Result<String, Vec<Problem>> {
    let files: Vec<SourceFile> = applied
        .result(base)
        .into_iter()
        .map(|(path, bytes)| SourceFile::new(path, bytes))
        .collect();
    let validation = crate::check::validate(&files, &crate::check::Options::new(options.today));
    let changed = |file: &str| applied.changes.contains_key(file);
    let errors: Vec<_> = validation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == crate::report::Severity::Error)
        .collect();
    let own: Vec<Problem> = errors
        .iter()
        .filter(|diagnostic| changed(&diagnostic.file))
        .map(|diagnostic| {
            let place = match &diagnostic.pointer {
                Some(pointer) if !pointer.is_empty() => format!("{} at {pointer}", diagnostic.file),
                _ => diagnostic.file.clone(),
            };
            let help = diagnostic
                .help
                .as_deref()
                .map(|help| format!(" ({help})"))
                .unwrap_or_default();
            problem(
                &place,
                format!("{}{help} [{}]", diagnostic.message, diagnostic.code),
            )
        })
        .collect();
    if !own.is_empty() {
        return Err(own);
    }
    let elsewhere = errors.len();
    let mut text = format!(
        "`peerkit validate` over the whole catalogue with this change: no error in the {} changed file(s).",
        applied.changes.len()
    );
    if elsewhere > 0 {
        text.push_str(&format!(
            " The base branch has {elsewhere} error(s) in other files, which this change does not touch."
        ));
    }
    Ok(text)
}

/// Posts or updates the one comment on the issue and labels it; a file's
/// problems are only returned.
async fn report_invalid(
    client: Option<&Client>,
    input: &Input,
    problems: Vec<Problem>,
    options: &Options,
) -> Result<Outcome, SuggestError> {
    let (Input::Issue(number), Some(client), false) = (input, client, options.dry_run) else {
        return Ok(Outcome::Invalid { problems });
    };
    upsert_comment(client, *number, &render::invalid_comment(&problems)).await?;
    let issue = client.issue(*number).await?;
    if !issue.labels.iter().any(|label| label == INVALID_LABEL) {
        client.add_labels(*number, &[INVALID_LABEL]).await?;
    }
    Ok(Outcome::Invalid { problems })
}

/// Edits peerkit's comment on the issue when it exists and differs, else
/// adds it.
async fn upsert_comment(client: &Client, number: u64, body: &str) -> Result<(), SuggestError> {
    // NOTE: the comment is found by its marker alone, not by its author, so
    // a comment that someone else wrote with the marker would be edited.
    let comments = client.issue_comments(number).await?;
    match comments
        .iter()
        .find(|comment| comment.body.contains(COMMENT_MARKER))
    {
        Some(comment) if comment.body == body => {}
        Some(comment) => {
            client.update_comment(comment.id, body).await?;
        }
        None => {
            client.create_comment(number, body, COMMENT_MARKER).await?;
        }
    }
    Ok(())
}

/// Removes the invalid label and turns an earlier complaint into a note
/// that names the pull request.
async fn mark_valid(client: &Client, number: u64, pull: u64) -> Result<(), SuggestError> {
    let issue = client.issue(number).await?;
    if issue.labels.iter().any(|label| label == INVALID_LABEL) {
        client.remove_label(number, INVALID_LABEL).await?;
    }
    let comments = client.issue_comments(number).await?;
    if let Some(comment) = comments
        .iter()
        .find(|comment| comment.body.contains(COMMENT_MARKER))
    {
        let body = render::valid_comment(pull);
        if comment.body != body {
            client.update_comment(comment.id, &body).await?;
        }
    }
    Ok(())
}

/// Pushing the branch and opening or updating the pull request.
struct Publish<'a> {
    repo: &'a Repository,
    client: &'a Client,
    options: &'a Options,
    plan: &'a Plan,
    tree: git2::Oid,
    heads: git::Heads,
}

impl Publish<'_> {
    async fn run(&self) -> Result<Outcome, SuggestError> {
        let branch = self.plan.branch.clone();
        let pulls = self.client.pulls_with_head(&branch).await?;
        let open = pulls
            .iter()
            .find(|pull| pull.state == PullState::Open)
            .cloned();
        if open.is_none() && !self.options.reopen {
            if let Some(pull) = pulls.first() {
                return Ok(Outcome::PullClosed {
                    branch,
                    pull: pull.clone(),
                });
            }
        }
        let pushed = self.push_if_changed()?;
        match open {
            Some(pull) => self.update(pull, pushed).await,
            None => self.open(pulls.first().cloned()).await,
        }
    }

    /// Pushes a new commit unless the branch already has this tree.
    fn push_if_changed(&self) -> Result<bool, SuggestError> {
        let branch = &self.plan.branch;
        if let Some(tip) = self.heads.branch {
            let foreign = git::foreign_commits(self.repo, tip, self.heads.base, &self.options.bot)?;
            if !foreign.is_empty() {
                return Err(SuggestError::ForeignCommits {
                    branch: branch.clone(),
                    commits: foreign,
                });
            }
            if git::tree_of(self.repo, tip)? == self.tree {
                tracing::info!(%branch, "the branch has this content already; not pushing");
                return Ok(false);
            }
        }
        let commit = git::commit(
            self.repo,
            self.tree,
            self.heads.base,
            &self.options.bot,
            self.options.commit_time,
            &self.plan.message,
        )?;
        let token = Some(self.client.token().expose());
        git::push(self.repo, &self.options.remote, commit, branch, token)?;
        tracing::info!(%branch, %commit, "pushed");
        Ok(true)
    }

    async fn update(&self, pull: PullSummary, pushed: bool) -> Result<Outcome, SuggestError> {
        let branch = self.plan.branch.clone();
        if pull.title == self.plan.title && pull.body == self.plan.body {
            return Ok(if pushed {
                Outcome::Updated {
                    branch,
                    pull,
                    pushed,
                }
            } else {
                Outcome::Unchanged { branch, pull }
            });
        }
        let pull = self
            .client
            .update_pull(pull.number, &self.plan.title, &self.plan.body, false)
            .await?;
        Ok(Outcome::Updated {
            branch,
            pull,
            pushed,
        })
    }

    /// Opens the pull request; `previous` is a closed or merged one, which
    /// is reopened when it was closed without merging.
    async fn open(&self, previous: Option<PullSummary>) -> Result<Outcome, SuggestError> {
        let branch = self.plan.branch.clone();
        if let Some(previous) = previous.filter(|pull| pull.state == PullState::Closed) {
            let reopened = self
                .client
                .update_pull(previous.number, &self.plan.title, &self.plan.body, true)
                .await;
            match reopened {
                Ok(pull) => return Ok(Outcome::Opened { branch, pull }),
                Err(error) => {
                    tracing::warn!(pull = previous.number, %error, "could not reopen; opening a new pull request")
                }
            }
        }
        let created = self
            .client
            .create_pull(
                &self.plan.title,
                &branch,
                &self.options.base,
                &self.plan.body,
            )
            .await;
        let pull = match created {
            Ok(pull) => pull,
            Err(error) if error.is_validation_about("already exists") => {
                let pulls = self.client.pulls_with_head(&branch).await?;
                let Some(open) = pulls.into_iter().find(|pull| pull.state == PullState::Open)
                else {
                    return Err(error.into());
                };
                return self.update(open, true).await;
            }
            Err(error) if error.is_validation_about("no commits between") => {
                return Ok(Outcome::NothingToDo { branch });
            }
            Err(error) => return Err(error.into()),
        };
        self.client
            .add_labels(pull.number, &[SUGGESTION_LABEL])
            .await?;
        Ok(Outcome::Opened { branch, pull })
    }
}
