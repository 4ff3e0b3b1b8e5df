//! When and how long to wait before sending a request again.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of the current time, so that callers and tests decide what
/// "now" is when a rate-limit reset time is turned into a wait.
pub trait Clock: std::fmt::Debug + Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// The limits of peerkit's own retries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// How many times one request is sent at most, the first try included.
    pub max_attempts: u32,
    /// The maximum single wait. A longer wait that GitHub requests is cut
    /// to this.
    pub max_wait: Duration,
    /// The wait when a rate limit names no time: GitHub's documentation
    /// requests at least one minute.
    pub default_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_wait: Duration::from_secs(300),
            default_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Reads `PEERKIT_GITHUB_MAX_ATTEMPTS`, `PEERKIT_GITHUB_MAX_WAIT` and
    /// `PEERKIT_GITHUB_DEFAULT_WAIT` (seconds, fractions allowed) through
    /// `lookup`, keeping the default for each one that is unset or invalid.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> RetryPolicy {
        let mut policy = RetryPolicy::default();
        let seconds = |name: &str| {
            lookup(name)
                .and_then(|value| value.trim().parse::<f64>().ok())
                .filter(|value| value.is_finite() && *value >= 0.0)
                .map(Duration::from_secs_f64)
        };
        if let Some(attempts) = lookup("PEERKIT_GITHUB_MAX_ATTEMPTS")
            .and_then(|value| value.trim().parse::<u32>().ok())
            .filter(|attempts| *attempts > 0)
        {
            policy.max_attempts = attempts;
        }
        if let Some(wait) = seconds("PEERKIT_GITHUB_MAX_WAIT") {
            policy.max_wait = wait;
        }
        if let Some(wait) = seconds("PEERKIT_GITHUB_DEFAULT_WAIT") {
            policy.default_wait = wait;
        }
        policy
    }

    /// The wait before the next try after `error` at time `now`, or `None`
    /// when the error is no rate limit and must not be retried.
    pub(super) fn wait_for(&self, error: &Answer<'_>, now: SystemTime) -> Option<Duration> {
        let status = error.status;
        if status != 429 && !(status == 403 && is_rate_limit(error)) {
            return None;
        }
        let requested = header_seconds(error, "retry-after")
            .map(Duration::from_secs)
            .or_else(|| reset_wait(error, now))
            .unwrap_or(self.default_wait);
        Some(requested.min(self.max_wait))
    }
}

/// The parts of GitHub's error response that decide a retry.
pub(super) struct Answer<'a> {
    /// The HTTP status code.
    pub status: u16,
    /// GitHub's message.
    pub message: &'a str,
    /// The response headers, when octocrab kept them.
    pub headers: Option<&'a http::HeaderMap>,
}

impl<'a> Answer<'a> {
    /// Borrows the parts of octocrab's error.
    pub fn of(error: &'a octocrab::GitHubError) -> Answer<'a> {
        Answer {
            status: error.status_code.as_u16(),
            message: &error.message,
            headers: error.headers.as_ref(),
        }
    }
}

/// Whether a 403 is a rate limit rather than a missing permission: GitHub
/// sends `retry-after` or `x-ratelimit-remaining: 0`, or writes "rate limit"
/// in the message.
pub(super) fn is_rate_limit(error: &Answer<'_>) -> bool {
    header_seconds(error, "retry-after").is_some()
        || header_seconds(error, "x-ratelimit-remaining") == Some(0)
        || error.message.to_lowercase().contains("rate limit")
}

/// Returns the wait from `now` until `x-ratelimit-reset` (UTC epoch
/// seconds) when the remaining count is 0.
fn reset_wait(error: &Answer<'_>, now: SystemTime) -> Option<Duration> {
    if header_seconds(error, "x-ratelimit-remaining") != Some(0) {
        return None;
    }
    let reset = header_seconds(error, "x-ratelimit-reset")?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    // One second more, because the reset time is rounded down.
    Some(Duration::from_secs(reset.saturating_sub(now) + 1))
}

fn header_seconds(error: &Answer<'_>, name: &str) -> Option<u64> {
    error.headers?.get(name)?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_map(headers: &[(&str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    fn wait(status: u16, message: &str, headers: &[(&str, &str)]) -> Option<Duration> {
        let headers = header_map(headers);
        let answer = Answer {
            status,
            message,
            headers: Some(&headers),
        };
        policy().wait_for(&answer, now())
    }

    /// 2026-12-04 12:00:00 UTC.
    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_796_385_600)
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            max_wait: Duration::from_secs(10),
            default_wait: Duration::from_secs(7),
        }
    }

    #[test]
    fn retry_after_is_used() {
        assert_eq!(
            wait(
                403,
                "You have exceeded a secondary rate limit",
                &[("retry-after", "2")]
            ),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn too_many_requests_default_wait() {
        assert_eq!(
            wait(429, "Too Many Requests", &[]),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn long_wait_is_capped() {
        assert_eq!(
            wait(429, "slow down", &[("retry-after", "3600")]),
            Some(Duration::from_secs(10))
        );
    }

    #[test]
    fn exhausted_quota_waits_for_reset() {
        assert_eq!(
            wait(
                403,
                "API rate limit exceeded",
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1796385605"),
                ],
            ),
            Some(Duration::from_secs(6))
        );
    }

    #[test]
    fn past_reset_waits_one_second() {
        assert_eq!(
            wait(
                429,
                "API rate limit exceeded",
                &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1")],
            ),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn permission_forbidden_not_retried() {
        assert_eq!(
            wait(403, "Resource not accessible by integration", &[]),
            None
        );
    }

    #[test]
    fn policy_from_environment() {
        let policy = RetryPolicy::from_lookup(|name| match name {
            "PEERKIT_GITHUB_MAX_ATTEMPTS" => Some("2".to_string()),
            "PEERKIT_GITHUB_MAX_WAIT" => Some("0.005".to_string()),
            _ => None,
        });
        assert_eq!(policy.max_attempts, 2);
        assert_eq!(policy.max_wait, Duration::from_millis(5));
        assert_eq!(policy.default_wait, Duration::from_secs(60));
    }
}
