//! The client: octocrab without its own retries, wrapped in peerkit's
//! retry loop.

use std::future::Future;
use std::sync::Arc;

use octocrab::secrecy::{ExposeSecret, SecretString};
use octocrab::Octocrab;

use super::error::{from_github, Error, Request};
use super::retry::{Answer, Clock, RetryPolicy, SystemClock};
use super::Repository;

/// A GitHub token. `Debug` never shows it, and peerkit never prints or
/// logs it.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Token {
        Token(SecretString::from(token.into()))
    }

    /// Reads `GITHUB_TOKEN`, else `GH_TOKEN`, through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Token, Error> {
        ["GITHUB_TOKEN", "GH_TOKEN"]
            .into_iter()
            .filter_map(&lookup)
            .map(|value| value.trim().to_string())
            .find(|value| !value.is_empty())
            .map(Token::new)
            .ok_or(Error::MissingToken)
    }

    /// The token's text, for an authentication header or a git credential.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Token(redacted)")
    }
}

/// What a [`Client`] is built from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The API base, such as `https://api.github.com`; `None` for that
    /// default.
    pub api_url: Option<String>,
    /// The token.
    pub token: Token,
    /// The repository every call is about.
    pub repository: Repository,
    /// The retry limits.
    pub retry: RetryPolicy,
}

impl Settings {
    /// Reads the settings from the environment through `lookup`:
    /// `GITHUB_TOKEN` or `GH_TOKEN`, `GITHUB_API_URL`, `GITHUB_REPOSITORY`
    /// (else `remote_url`, the URL of the git remote) and the
    /// `PEERKIT_GITHUB_*` retry limits.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        remote_url: Option<&str>,
    ) -> Result<Settings, Error> {
        let token = Token::from_lookup(&lookup)?;
        let repository =
            Repository::from_env_or_remote(lookup("GITHUB_REPOSITORY").as_deref(), remote_url)?;
        Ok(Settings {
            api_url: lookup("GITHUB_API_URL").filter(|url| !url.trim().is_empty()),
            token,
            repository,
            retry: RetryPolicy::from_lookup(&lookup),
        })
    }

    /// Reads the settings from the process environment.
    pub fn from_env(remote_url: Option<&str>) -> Result<Settings, Error> {
        Settings::from_lookup(|name| std::env::var(name).ok(), remote_url)
    }
}

/// The GitHub client for one repository.
#[derive(Debug, Clone)]
pub struct Client {
    octocrab: Octocrab,
    repository: Repository,
    token: Token,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
}

impl Client {
    /// Builds the client. Must be called inside a tokio runtime.
    pub fn new(settings: Settings) -> Result<Client, Error> {
        let mut builder = Octocrab::builder()
            .add_retry_config(octocrab::service::middleware::retry::RetryConfig::None)
            .personal_token(settings.token.expose().to_string());
        if let Some(url) = &settings.api_url {
            builder = builder
                .base_uri(url.trim())
                .map_err(|error| Error::InvalidApiUrl {
                    url: url.clone(),
                    reason: error.to_string(),
                })?;
        }
        let octocrab = builder.build().map_err(|error| Error::InvalidApiUrl {
            url: settings.api_url.clone().unwrap_or_default(),
            reason: error.to_string(),
        })?;
        Ok(Client {
            octocrab,
            repository: settings.repository,
            token: settings.token,
            retry: settings.retry,
            clock: Arc::new(SystemClock),
        })
    }

    /// Replaces the system clock, which turns GitHub's rate-limit reset
    /// time into a wait, with `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Client {
        self.clock = clock;
        self
    }

    /// The octocrab client, for calls this module does not wrap. It does
    /// not retry: send through [`Client::send`].
    pub fn octocrab(&self) -> &Octocrab {
        &self.octocrab
    }

    /// The repository.
    pub fn repository(&self) -> &Repository {
        &self.repository
    }

    /// The token, for git's credentials callback.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The retry limits.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// `/repos/{owner}/{name}` followed by `rest` (which starts with `/`
    /// or is empty).
    pub fn repo_path(&self, rest: &str) -> String {
        format!(
            "/repos/{}/{}{rest}",
            self.repository.owner, self.repository.name
        )
    }

    /// Sends a request that is safe to repeat (a read, an update or a
    /// delete) through `attempt`, retrying rate limits as
    /// [`RetryPolicy`] allows.
    pub async fn send<T, F, Fut>(&self, request: &Request, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = octocrab::Result<T>>,
    {
        let mut tries = 0;
        loop {
            tries += 1;
            match attempt().await {
                Ok(value) => return Ok(value),
                Err(error) => self.wait_or_fail(request, error, tries).await?,
            }
        }
    }

    /// Sends a request that creates something through `attempt`. Before
    /// each retry, `find_existing` checks whether the failed try created it
    /// anyway, and what it finds is returned.
    pub async fn create<T, F, Fut, G, GFut>(
        &self,
        request: &Request,
        mut attempt: F,
        mut find_existing: G,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = octocrab::Result<T>>,
        G: FnMut() -> GFut,
        GFut: Future<Output = Result<Option<T>, Error>>,
    {
        let mut tries = 0;
        loop {
            tries += 1;
            match attempt().await {
                Ok(value) => return Ok(value),
                Err(error) => self.wait_or_fail(request, error, tries).await?,
            }
            if let Some(existing) = find_existing().await? {
                tracing::info!(%request, "the failed try had created it; using that");
                return Ok(existing);
            }
        }
    }

    /// Waits before the next try when `error` is a rate limit and tries
    /// remain; otherwise returns the mapped error.
    async fn wait_or_fail(
        &self,
        request: &Request,
        error: octocrab::Error,
        tries: u32,
    ) -> Result<(), Error> {
        let octocrab::Error::GitHub { source, .. } = error else {
            return Err(Error::from_octocrab(request, error));
        };
        let wait = self.retry.wait_for(&Answer::of(&source), self.clock.now());
        match wait {
            Some(wait) if tries < self.retry.max_attempts => {
                tracing::warn!(
                    %request,
                    status = source.status_code.as_u16(),
                    message = %source.message,
                    wait_ms = wait.as_millis() as u64,
                    attempt = tries,
                    max_attempts = self.retry.max_attempts,
                    "GitHub rate limit; waiting before the next try"
                );
                tokio::time::sleep(wait).await;
                Ok(())
            }
            _ => Err(from_github(request, &source, tries)),
        }
    }
}
