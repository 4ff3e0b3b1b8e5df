//! The `owner/name` of a GitHub repository, from `GITHUB_REPOSITORY` or a
//! remote URL.

use super::Error;

/// A repository on GitHub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// The user or organisation that owns it.
    pub owner: String,
    /// The repository's name, without `.git`.
    pub name: String,
}

impl std::fmt::Display for Repository {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}/{}", self.owner, self.name)
    }
}

impl Repository {
    /// Parses `owner/name`, the form of `GITHUB_REPOSITORY`.
    pub fn parse(slug: &str) -> Result<Repository, Error> {
        let invalid = || Error::UnknownRepository {
            reason: format!("{slug:?} is not of the form owner/name"),
        };
        let (owner, name) = slug.trim().split_once('/').ok_or_else(invalid)?;
        let name = name.strip_suffix(".git").unwrap_or(name);
        if !is_name_part(owner) || !is_name_part(name) {
            return Err(invalid());
        }
        Ok(Repository {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }

    /// Reads the repository from a remote URL: `https://host/owner/name(.git)`,
    /// `ssh://git@host/owner/name.git` or `git@host:owner/name.git`.
    pub fn from_remote_url(url: &str) -> Result<Repository, Error> {
        let url = url.trim().trim_end_matches('/');
        let path = if let Some((_, rest)) = url.split_once("://") {
            rest.split_once('/').map(|(_, path)| path)
        } else {
            url.split_once(':').map(|(_, path)| path)
        };
        let shown = without_credentials(url);
        let path = path.ok_or_else(|| Error::UnknownRepository {
            reason: format!("the remote URL {shown:?} names no owner/name path"),
        })?;
        let mut parts = path.rsplitn(3, '/');
        let name = parts.next().unwrap_or_default();
        let owner = parts.next().unwrap_or_default();
        Repository::parse(&format!("{owner}/{name}")).map_err(|_| Error::UnknownRepository {
            reason: format!("the remote URL {shown:?} does not end in owner/name"),
        })
    }

    /// Takes `GITHUB_REPOSITORY` when it is set (`env_value`), else the
    /// remote URL.
    pub fn from_env_or_remote(
        env_value: Option<&str>,
        remote_url: Option<&str>,
    ) -> Result<Repository, Error> {
        match (
            env_value.filter(|value| !value.trim().is_empty()),
            remote_url,
        ) {
            (Some(slug), _) => Repository::parse(slug),
            (None, Some(url)) => Repository::from_remote_url(url),
            (None, None) => Err(Error::UnknownRepository {
                reason: "GITHUB_REPOSITORY is not set and the remote has no URL".to_string(),
            }),
        }
    }
}

/// The URL with any user and password in `scheme://user:password@host`
/// replaced by `***`, because a remote URL can carry a token.
fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => url.to_string(),
    }
}

/// GitHub allows letters, digits, `-`, `_` and `.` in owner and repository
/// names.
fn is_name_part(part: &str) -> bool {
    !part.is_empty()
        && part != "."
        && part != ".."
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_slug() {
        let repository = Repository::parse("acme/toolkit").unwrap();
        assert_eq!(repository.owner, "acme");
        assert_eq!(repository.name, "toolkit");
    }

    #[test]
    fn remote_url_forms() {
        for url in [
            "https://github.com/acme/toolkit.git",
            "https://github.com/acme/toolkit",
            "https://x-access-token@github.com/acme/toolkit/",
            "git@github.com:acme/toolkit.git",
            "ssh://git@github.com/acme/toolkit.git",
            "ssh://git@github.com:22/acme/toolkit.git",
        ] {
            let repository = Repository::from_remote_url(url).unwrap();
            assert_eq!(repository.to_string(), "acme/toolkit", "{url}");
        }
    }

    #[test]
    fn token_in_remote_url_not_shown() {
        for url in [
            "https://x-access-token:ghs_secret@github.com/acme",
            "https://ghs_secret@github.com/",
        ] {
            let error = Repository::from_remote_url(url).unwrap_err().to_string();
            assert!(!error.contains("ghs_secret"), "{error}");
            assert!(error.contains("https://***@github.com"), "{error}");
        }
    }

    #[test]
    fn enterprise_remote_url_read() {
        let repository =
            Repository::from_remote_url("https://ghe.example.org/acme/toolkit.git").unwrap();
        assert_eq!(repository.to_string(), "acme/toolkit");
    }

    #[test]
    fn invalid_slugs_rejected() {
        for slug in ["acme", "acme/", "/toolkit", "a/b/c", "acme/..", "ac me/x"] {
            assert!(Repository::parse(slug).is_err(), "{slug}");
        }
    }

    #[test]
    fn env_wins_over_remote() {
        let repository =
            Repository::from_env_or_remote(Some("acme/a"), Some("git@github.com:other/b.git"))
                .unwrap();
        assert_eq!(repository.to_string(), "acme/a");
    }
}
