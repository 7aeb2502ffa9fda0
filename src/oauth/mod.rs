//! OAuth 2 client-credentials tokens for the API clients (the Console's and the
//! Orchestration Cluster's): requested lazily, kept in memory and on disk, renewed before
//! expiry, one request at a time per credentials and audience across processes, with
//! back-off when the token service rate-limits. Each client says where its settings come
//! from (`SettingNames`), so that errors name the attribute and variable to fix.

mod cache_setting;
mod call_token;
mod token_cache;
mod token_manager;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

pub use cache_setting::{
    CacheSetting, DEFAULT_CACHE_SUBDIR, TOKEN_CACHE_DIR, TOKEN_DISK_CACHE_DISABLE,
};
pub use call_token::Renewal;
pub use token_cache::{CacheKey, CachedToken};
pub use token_manager::{CacheProblem, TokenManager};

use crate::http_client::endpoint::EndpointError;
use crate::http_client::retry::RetryPolicy;
use crate::secret::Secret;

/// A client id and its secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: Secret,
}

/// Which credentials are missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingCredentials {
    pub client_id: bool,
    pub client_secret: bool,
}

/// Where tokens are cached besides memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenCache {
    /// One file per credential key in this folder, shared by concurrent processes.
    Disk(PathBuf),
    /// Tokens live in this process only.
    MemoryOnly,
}

/// How the token request's parameters are sent. RFC 6749 asks for a form, which every
/// OAuth server takes; the Console's token service also takes JSON, which its clients
/// have always sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestEncoding {
    Form,
    Json,
}

/// A provider attribute and the environment variable it falls back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setting {
    pub attribute: &'static str,
    pub env_var: &'static str,
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` (environment variable {})",
            self.attribute, self.env_var
        )
    }
}

/// Where a client's token settings come from, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SettingNames {
    pub client_id: Setting,
    pub client_secret: Setting,
    pub oauth_url: Setting,
}

/// Everything a [`TokenManager`] needs.
#[derive(Clone, Debug)]
pub struct TokenSettings {
    pub oauth_url: String,
    pub audience: String,
    /// Sent as `scope` when set.
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub cache: TokenCache,
    pub retry: RetryPolicy,
    pub encoding: RequestEncoding,
    pub names: &'static SettingNames,
}

impl TokenSettings {
    pub fn credentials(&self) -> Result<Credentials, MissingCredentials> {
        match (&self.client_id, &self.client_secret) {
            (Some(id), Some(secret)) => Ok(Credentials {
                client_id: id.clone(),
                client_secret: secret.clone(),
            }),
            (id, secret) => Err(MissingCredentials {
                client_id: id.is_none(),
                client_secret: secret.is_none(),
            }),
        }
    }

    /// The key of the tokens these settings get, shared by every process that uses them;
    /// `None` without credentials.
    pub fn cache_key(&self) -> Option<CacheKey> {
        let credentials = self.credentials().ok()?;
        Some(CacheKey::new(
            &self.oauth_url,
            &self.audience,
            self.scope.as_deref(),
            &credentials.client_id,
            credentials.client_secret.expose(),
        ))
    }
}

/// Why no token could be had. The messages name the settings to check.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("{}", missing_text(.missing, .names))]
    MissingCredentials {
        missing: MissingCredentials,
        names: &'static SettingNames,
    },
    #[error(
        "the token service {oauth_url} refused the client credentials (HTTP {status}: \
         {detail}); check {} and {}",
        names.client_id,
        names.client_secret
    )]
    InvalidCredentials {
        oauth_url: String,
        status: u16,
        detail: String,
        names: &'static SettingNames,
    },
    #[error(
        "the token service {oauth_url} is rate-limiting token requests for this client \
         (gave up after {attempts} attempts){}; wait a few minutes before retrying",
        retry_after.map(|d| format!(" (it asked to wait {} s)", d.as_secs_f64().ceil())).unwrap_or_default()
    )]
    RateLimited {
        oauth_url: String,
        attempts: u32,
        retry_after: Option<Duration>,
    },
    #[error("token request to {oauth_url} failed: {detail}")]
    Service {
        oauth_url: String,
        status: Option<u16>,
        detail: String,
    },
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
}

fn missing_text(missing: &MissingCredentials, names: &SettingNames) -> String {
    let mut settings = Vec::new();
    if missing.client_id {
        settings.push(names.client_id.to_string());
    }
    if missing.client_secret {
        settings.push(names.client_secret.to_string());
    }
    format!(
        "missing client credentials for the token service: set {}",
        settings.join(" and ")
    )
}
