//! The errors of the GitHub edge, each with the request, GitHub's message
//! and what to do next.

use std::fmt;

/// The method and path of one API request, for error messages and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The HTTP method, such as `POST`.
    pub method: &'static str,
    /// The path below the API base, such as `/repos/acme/toolkit/pulls`.
    pub path: String,
}

impl Request {
    /// Creates a request description.
    pub fn new(method: &'static str, path: impl Into<String>) -> Request {
        Request {
            method,
            path: path.into(),
        }
    }
}

impl fmt::Display for Request {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.method, self.path)
    }
}

/// A failure to talk to GitHub.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Neither `GITHUB_TOKEN` nor `GH_TOKEN` is set.
    #[error(
        "no GitHub token: set GITHUB_TOKEN or GH_TOKEN to a token that can write \
         contents, pull requests and issues of the repository"
    )]
    MissingToken,
    /// `GITHUB_API_URL` (or the configured base) is not a URL.
    #[error("the GitHub API URL {url:?} is invalid: {reason}")]
    InvalidApiUrl {
        /// The value.
        url: String,
        /// The reason it is invalid.
        reason: String,
    },
    /// The repository could not be determined from the environment or the remote.
    #[error(
        "cannot tell which GitHub repository to use: {reason}; \
         set GITHUB_REPOSITORY=owner/name"
    )]
    UnknownRepository {
        /// Why not.
        reason: String,
    },
    /// 401: the token is missing, invalid or expired.
    #[error(
        "{request} failed with 401 ({message}): the token is invalid or expired; \
         set GITHUB_TOKEN or GH_TOKEN to a valid token"
    )]
    Unauthorized {
        /// The request.
        request: Request,
        /// GitHub's message.
        message: String,
    },
    /// 403 that is not a rate limit: a missing permission or setting.
    #[error("{request} failed with 403 ({message}): {fix}")]
    Forbidden {
        /// The request.
        request: Request,
        /// GitHub's message.
        message: String,
        /// The permission or repository setting to change.
        fix: String,
    },
    /// 404: the repository or object does not exist, or the token cannot
    /// see it.
    #[error(
        "{request} failed with 404 ({message}): the repository, issue or pull request \
         does not exist, or the token cannot see it"
    )]
    NotFound {
        /// The request.
        request: Request,
        /// GitHub's message.
        message: String,
    },
    /// 422 with GitHub's `errors[]` detail.
    #[error("{request} failed with 422 ({message}){}", detail_suffix(details))]
    Validation {
        /// The request.
        request: Request,
        /// GitHub's message, such as "Validation Failed".
        message: String,
        /// Each entry of `errors[]`, as its `message` or its JSON.
        details: Vec<String>,
    },
    /// Still rate limited after the last allowed attempt.
    #[error(
        "{request} is still rate limited after {attempts} attempts ({message}); \
         wait and run again"
    )]
    RateLimited {
        /// The request.
        request: Request,
        /// How many times it was sent.
        attempts: u32,
        /// GitHub's message.
        message: String,
    },
    /// Any other status.
    #[error(
        "{request} failed with {status} ({message}){}{}",
        detail_suffix(details),
        documentation_suffix(documentation_url)
    )]
    Status {
        /// The request.
        request: Request,
        /// The HTTP status code.
        status: u16,
        /// GitHub's message.
        message: String,
        /// Each entry of `errors[]`.
        details: Vec<String>,
        /// GitHub's documentation URL for the error.
        documentation_url: Option<String>,
    },
    /// No HTTP response: network failure, timeout, or a response octocrab
    /// could not decode.
    #[error("{request} failed: {message}")]
    Transport {
        /// The request.
        request: Request,
        /// The cause chain, on one line.
        message: String,
    },
}

impl Error {
    /// Returns the HTTP status of an API error, when GitHub responded.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            Error::NotFound { .. } => Some(404),
            Error::Validation { .. } => Some(422),
            Error::RateLimited { .. } => Some(429),
            Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Tells whether this is a 422 whose message or `errors[]` detail contains
    /// `text` (case-insensitive).
    pub fn is_validation_about(&self, text: &str) -> bool {
        let Error::Validation {
            message, details, ..
        } = self
        else {
            return false;
        };
        let text = text.to_lowercase();
        message.to_lowercase().contains(&text)
            || details
                .iter()
                .any(|detail| detail.to_lowercase().contains(&text))
    }

    /// Maps an octocrab error of `request` to an [`Error`]. Rate limits
    /// that were not retried map to [`Error::RateLimited`] with one attempt.
    pub fn from_octocrab(request: &Request, error: octocrab::Error) -> Error {
        let octocrab::Error::GitHub { source, .. } = error else {
            return Error::Transport {
                request: request.clone(),
                message: cause_chain(&error),
            };
        };
        from_github(request, &source, 1)
    }
}

/// Maps GitHub's error response to an [`Error`]; `attempts` is how often the
/// request was sent, for rate limits.
pub(super) fn from_github(
    request: &Request,
    error: &octocrab::GitHubError,
    attempts: u32,
) -> Error {
    let request = request.clone();
    let message = error.message.clone();
    let details = error_details(error);
    match error.status_code.as_u16() {
        401 => Error::Unauthorized { request, message },
        403 if super::retry::is_rate_limit(&super::retry::Answer::of(error)) => {
            Error::RateLimited {
                request,
                attempts,
                message,
            }
        }
        403 => {
            let fix = permission_fix(&request, error);
            Error::Forbidden {
                request,
                message,
                fix,
            }
        }
        404 => Error::NotFound { request, message },
        422 => Error::Validation {
            request,
            message,
            details,
        },
        429 => Error::RateLimited {
            request,
            attempts,
            message,
        },
        status => Error::Status {
            request,
            status,
            message,
            details,
            documentation_url: error.documentation_url.clone(),
        },
    }
}

/// Describes each entry of `errors[]`: its `message` when it has one, else the
/// `resource`, `field` and `code` GitHub gives, else its JSON.
fn error_details(error: &octocrab::GitHubError) -> Vec<String> {
    let Some(errors) = &error.errors else {
        return Vec::new();
    };
    errors
        .iter()
        .map(|entry| {
            if let Some(text) = entry.as_str() {
                return text.to_string();
            }
            if let Some(text) = entry.get("message").and_then(|value| value.as_str()) {
                return text.to_string();
            }
            let part = |key: &str| entry.get(key).and_then(|value| value.as_str());
            match (part("resource"), part("field"), part("code")) {
                (Some(resource), Some(field), Some(code)) => {
                    format!("{resource}.{field}: {code}")
                }
                _ => entry.to_string(),
            }
        })
        .collect()
}

/// Says which permission or setting a 403 needs, from GitHub's
/// `x-accepted-github-permissions` header when it is sent, else from the
/// message and the path.
fn permission_fix(request: &Request, error: &octocrab::GitHubError) -> String {
    if error
        .message
        .contains("not permitted to create or approve pull requests")
    {
        return "allow it in the repository's Settings > Actions > General > Workflow \
                permissions > \"Allow GitHub Actions to create and approve pull requests\""
            .to_string();
    }
    let accepted = error
        .headers
        .as_ref()
        .and_then(|headers| headers.get("x-accepted-github-permissions"))
        .and_then(|value| value.to_str().ok())
        .filter(|value| !value.is_empty());
    let permission = match accepted {
        Some(value) => value.replace('_', "-").replace('=', ": "),
        None => format!("{}: write", permission_for_path(&request.path)),
    };
    format!(
        "the token lacks a permission; give the workflow `permissions:` (or the \
         fine-grained token) {permission}, and check that the token can write to \
         this repository"
    )
}

/// Returns the permission that writes to the API area of `path`.
fn permission_for_path(path: &str) -> &'static str {
    if path.contains("/pulls") {
        "pull-requests"
    } else if path.contains("/issues") || path.contains("/labels") {
        "issues"
    } else {
        "contents"
    }
}

fn detail_suffix(details: &[String]) -> String {
    if details.is_empty() {
        String::new()
    } else {
        format!(": {}", details.join("; "))
    }
}

fn documentation_suffix(url: &Option<String>) -> String {
    url.as_ref()
        .map(|url| format!(" (see {url})"))
        .unwrap_or_default()
}

/// Joins the error and its sources on one line, skipping octocrab's bare
/// variant names.
fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}
