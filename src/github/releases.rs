//! GitHub Releases: find a release by tag, create or update it, replace its
//! assets, and comment once on each issue whose suggestion shipped.

use octocrab::models::repos::{Asset, Release};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::{Client, Error, Request};

/// The bytes that stay literal in an asset name in the upload URL's query:
/// the unreserved characters of RFC 3986.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The title and notes of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseDraft {
    /// The tag, such as `v1.2.0`.
    pub tag: String,
    /// The release title.
    pub name: String,
    /// The release notes (markdown).
    pub body: String,
    /// Whether GitHub marks it as a prerelease.
    pub prerelease: bool,
}

/// A file to attach to a release. octocrab 0.54 uploads every asset as
/// `application/octet-stream`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetFile {
    /// The asset's name, as GitHub lists it.
    pub name: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// The outcome of [`Client::publish_release`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The release's id.
    pub id: u64,
    /// The release's page.
    pub html_url: String,
    /// True when the release was created, false when an existing one was
    /// updated.
    pub created: bool,
    /// The assets uploaded.
    pub uploaded: Vec<String>,
    /// The assets of the same name that were deleted before the upload.
    pub replaced: Vec<String>,
}

/// Percent-encodes an asset name for the `name` query parameter, which
/// octocrab 0.54's `upload_asset` puts into the URL as it is given.
pub fn encode_asset_name(name: &str) -> String {
    utf8_percent_encode(name, QUERY_VALUE).to_string()
}

impl Client {
    /// Returns the release of `tag`, or `None` when there is none.
    pub async fn release_by_tag(&self, tag: &str) -> Result<Option<Release>, Error> {
        let path = self.repo_path(&format!("/releases/tags/{tag}"));
        let request = Request::new("GET", &path);
        let result = self
            .send(&request, || self.octocrab().get(&path, None::<&()>))
            .await;
        match result {
            Ok(release) => Ok(Some(release)),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Creates the release of `draft`. Before a retry it checks whether a
    /// failed try created it.
    pub async fn create_release(&self, draft: &ReleaseDraft) -> Result<Release, Error> {
        let path = self.repo_path("/releases");
        let request = Request::new("POST", &path);
        let payload = serde_json::json!({
            "tag_name": draft.tag,
            "name": draft.name,
            "body": draft.body,
            "draft": false,
            "prerelease": draft.prerelease,
        });
        self.create(
            &request,
            || self.octocrab().post(&path, Some(&payload)),
            || self.release_by_tag(&draft.tag),
        )
        .await
    }

    /// Sets the title, notes and prerelease flag of release `id`.
    pub async fn update_release(&self, id: u64, draft: &ReleaseDraft) -> Result<Release, Error> {
        let path = self.repo_path(&format!("/releases/{id}"));
        let request = Request::new("PATCH", &path);
        let payload = serde_json::json!({
            "name": draft.name,
            "body": draft.body,
            "prerelease": draft.prerelease,
        });
        self.send(&request, || self.octocrab().patch(&path, Some(&payload)))
            .await
    }

    /// Deletes release asset `id`.
    pub async fn delete_release_asset(&self, id: u64) -> Result<(), Error> {
        let path = self.repo_path(&format!("/releases/assets/{id}"));
        let request = Request::new("DELETE", &path);
        let route = path.clone();
        self.send(&request, || async {
            let response = self.octocrab()._delete(route.as_str(), None::<&()>).await?;
            octocrab::map_github_error(response).await.map(drop)
        })
        .await
    }

    /// Uploads `file` to release `id`, encoding its name for the URL.
    pub async fn upload_release_asset(&self, id: u64, file: &AssetFile) -> Result<Asset, Error> {
        let encoded = encode_asset_name(&file.name);
        let path = self.repo_path(&format!("/releases/{id}/assets?name={encoded}"));
        let request = Request::new("POST", &path);
        let repository = self.repository();
        // NOTE: an upload is not retried, because a failed try may have
        // stored part of the asset and GitHub then rejects the name.
        self.octocrab()
            .repos(&repository.owner, &repository.name)
            .releases()
            .upload_asset(id, &encoded, file.bytes.clone().into())
            .send()
            .await
            .map_err(|error| Error::from_octocrab(&request, error))
    }

    /// Creates the release of `draft.tag`, or updates it when it exists,
    /// then uploads `assets`, deleting any existing asset of the same name
    /// first.
    pub async fn publish_release(
        &self,
        draft: &ReleaseDraft,
        assets: &[AssetFile],
    ) -> Result<Published, Error> {
        let (release, created) = match self.release_by_tag(&draft.tag).await? {
            Some(existing) => (self.update_release(existing.id.0, draft).await?, false),
            None => (self.create_release(draft).await?, true),
        };
        let mut published = Published {
            id: release.id.0,
            html_url: release.html_url.to_string(),
            created,
            uploaded: Vec::new(),
            replaced: Vec::new(),
        };
        for file in assets {
            for old in release
                .assets
                .iter()
                .filter(|asset| asset.name == file.name)
            {
                self.delete_release_asset(old.id.0).await?;
                published.replaced.push(old.name.clone());
            }
            self.upload_release_asset(release.id.0, file).await?;
            tracing::info!(release = release.id.0, asset = %file.name, "uploaded");
            published.uploaded.push(file.name.clone());
        }
        Ok(published)
    }

    /// Comments `body` on each issue in `issues` unless one of its comments
    /// already contains `marker` (a hidden HTML comment that `body` must
    /// contain). Returns the issues that got a comment.
    pub async fn comment_once(
        &self,
        issues: &[u64],
        body: &str,
        marker: &str,
    ) -> Result<Vec<u64>, Error> {
        let mut commented = Vec::new();
        for &number in issues {
            let comments = self.issue_comments(number).await?;
            if comments.iter().any(|comment| comment.body.contains(marker)) {
                tracing::info!(issue = number, "already commented; skipped");
                continue;
            }
            self.create_comment(number, body, marker).await?;
            commented.push(number);
        }
        Ok(commented)
    }
}

impl Client {
    /// Comments once on each issue in `issues` (the suggestions that release
    /// `tag` shipped, from [`crate::release::shipped_issues`]) with a link to
    /// the release. A rerun skips issues that already have the comment,
    /// found by its hidden marker. Returns the issues that got a comment.
    pub async fn comment_shipped_suggestions(
        &self,
        issues: &[u64],
        tag: &str,
        release_url: &str,
    ) -> Result<Vec<u64>, Error> {
        let body = shipped_comment(tag, release_url);
        self.comment_once(issues, &body, &shipped_marker(tag)).await
    }
}

/// Returns the hidden marker of the comment about release `tag`.
pub fn shipped_marker(tag: &str) -> String {
    format!("<!-- peerkit:shipped {tag} -->")
}

/// Returns the comment for a suggestion's issue when release `tag`
/// ships it, with its hidden marker.
pub fn shipped_comment(tag: &str, release_url: &str) -> String {
    format!(
        "This suggestion shipped in release {tag} of the standard: {release_url}\n\n{}",
        shipped_marker(tag)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_name_space_is_encoded() {
        assert_eq!(encode_asset_name("toolkit 1.json"), "toolkit%201.json");
        assert_eq!(encode_asset_name("a&b=c.csv"), "a%26b%3Dc.csv");
        assert_eq!(
            encode_asset_name("peer-worker-support-toolkit-1.2.0.json"),
            "peer-worker-support-toolkit-1.2.0.json"
        );
    }

    #[test]
    fn shipped_comment_contains_marker() {
        let body = shipped_comment("v1.2.0", "https://example.org/r");
        assert!(body.contains(&shipped_marker("v1.2.0")));
    }
}
