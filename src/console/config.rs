//! Resolution of the client's settings: explicit provider attributes first, then environment
//! variables, then defaults. Missing credentials are kept as `None` here; they become an error
//! only when a call actually needs a token, so that plans without Camunda resources work
//! without any credentials.

use std::path::PathBuf;

use super::env;
use super::error::Error;
use crate::http_client::retry::RetryPolicy;
use crate::http_client::setting::{explicit_or_env, parse_url};
use crate::oauth::{
    CacheSetting, MissingCredentials, RequestEncoding, Setting, SettingNames, TokenSettings,
};
pub use crate::oauth::{Credentials, TokenCache};
use crate::secret::Secret;

pub const DEFAULT_API_URL: &str = "https://api.cloud.camunda.io";
pub const DEFAULT_OAUTH_URL: &str = "https://login.cloud.camunda.io/oauth/token";
pub const DEFAULT_AUDIENCE: &str = "api.cloud.camunda.io";

/// Values set explicitly (for example as provider attributes); `None` means "not set".
#[derive(Clone, Debug, Default)]
pub struct SettingsInput {
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub api_url: Option<String>,
    pub oauth_url: Option<String>,
    pub audience: Option<String>,
    pub token_cache_dir: Option<String>,
}

impl From<MissingCredentials> for Error {
    fn from(missing: MissingCredentials) -> Error {
        Error::MissingCredentials {
            client_id: missing.client_id,
            client_secret: missing.client_secret,
        }
    }
}

/// Where the Console client's token settings come from.
const NAMES: SettingNames = SettingNames {
    client_id: Setting {
        attribute: "client_id",
        env_var: env::CLIENT_ID,
    },
    client_secret: Setting {
        attribute: "client_secret",
        env_var: env::CLIENT_SECRET,
    },
    oauth_url: Setting {
        attribute: "oauth_url",
        env_var: env::OAUTH_URL,
    },
};

/// Everything the client needs, fully resolved.
#[derive(Clone, Debug)]
pub struct Settings {
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub api_url: String,
    pub oauth_url: String,
    pub audience: String,
    pub token_cache: TokenCache,
    /// The provider's folder on this machine (`token_cache_dir`), also when tokens are kept
    /// in memory only; `None` without a home folder.
    pub local_dir: Option<PathBuf>,
    /// Retries of idempotent API calls and of token requests, and the time limits of
    /// every call and attempt.
    pub retry: RetryPolicy,
    /// A `CAMUNDA_TOKEN_DISK_CACHE_DISABLE` value that is not a yes or a no, reported by
    /// [`Settings::validate`].
    invalid_disk_cache_disable: Option<String>,
}

impl Settings {
    /// Explicit values win over `env`, which wins over the defaults. Blank values count as unset.
    pub fn resolve(explicit: SettingsInput, env: &dyn Fn(&str) -> Option<String>) -> Settings {
        let pick = |value: Option<String>, var: &str| explicit_or_env(value, env, var);
        let cache = CacheSetting::resolve(explicit.token_cache_dir, env);
        Settings {
            client_id: pick(explicit.client_id, env::CLIENT_ID),
            client_secret: pick(
                explicit.client_secret.map(Secret::into_inner),
                env::CLIENT_SECRET,
            )
            .map(Secret::from),
            api_url: pick(explicit.api_url, env::API_URL)
                .unwrap_or_else(|| DEFAULT_API_URL.to_owned()),
            oauth_url: pick(explicit.oauth_url, env::OAUTH_URL)
                .unwrap_or_else(|| DEFAULT_OAUTH_URL.to_owned()),
            audience: pick(explicit.audience, env::AUDIENCE)
                .unwrap_or_else(|| DEFAULT_AUDIENCE.to_owned()),
            token_cache: cache.cache,
            local_dir: cache.dir,
            retry: RetryPolicy::default(),
            invalid_disk_cache_disable: cache.invalid_disable,
        }
    }

    /// Resolves against the process environment.
    pub fn from_env(explicit: SettingsInput) -> Settings {
        Settings::resolve(explicit, &|name| std::env::var(name).ok())
    }

    /// The credentials, or an error naming each missing attribute and its variable.
    pub fn credentials(&self) -> Result<Credentials, Error> {
        self.try_credentials().map_err(Error::from)
    }

    pub(crate) fn try_credentials(&self) -> Result<Credentials, MissingCredentials> {
        self.token_settings().credentials()
    }

    /// What the token manager needs. The Console's token service has always been sent JSON.
    pub(crate) fn token_settings(&self) -> TokenSettings {
        TokenSettings {
            oauth_url: self.oauth_url.clone(),
            audience: self.audience.clone(),
            scope: None,
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            cache: self.token_cache.clone(),
            retry: self.retry.clone(),
            encoding: RequestEncoding::Json,
            names: &NAMES,
        }
    }

    /// Checks that both URLs are absolute http(s) URLs; the error names the attribute,
    /// its variable and the value.
    pub fn validate(&self) -> Result<(), Error> {
        check_url("api_url", env::API_URL, &self.api_url)?;
        check_url("oauth_url", env::OAUTH_URL, &self.oauth_url)?;
        match &self.invalid_disk_cache_disable {
            Some(value) => Err(Error::InvalidEnv {
                env_var: env::TOKEN_DISK_CACHE_DISABLE,
                value: value.clone(),
                reason: "use true or false (or 1/0, yes/no, on/off)".to_owned(),
            }),
            None => Ok(()),
        }
    }
}

fn check_url(attribute: &'static str, env_var: &'static str, value: &str) -> Result<(), Error> {
    parse_url(value)
        .map(drop)
        .map_err(|reason| Error::InvalidSetting {
            attribute,
            env_var,
            value: value.to_owned(),
            reason,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_client::assert_mentions;
    use crate::http_client::setting::env_of;

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let s = Settings::resolve(SettingsInput::default(), &env_of(&[("HOME", "/home/u")]));
        assert_eq!(s.api_url, DEFAULT_API_URL);
        assert_eq!(s.oauth_url, DEFAULT_OAUTH_URL);
        assert_eq!(s.audience, DEFAULT_AUDIENCE);
        assert_eq!(
            s.token_cache,
            TokenCache::Disk(PathBuf::from("/home/u/.camunda"))
        );
        assert!(s.client_id.is_none() && s.client_secret.is_none());
    }

    #[test]
    fn explicit_values_win_over_env_and_blank_counts_as_unset() {
        let env = env_of(&[
            (env::CLIENT_ID, "env-id"),
            (env::CLIENT_SECRET, "env-secret"),
            (env::API_URL, "http://env-api"),
            (env::OAUTH_URL, "http://env-oauth"),
            (env::AUDIENCE, "env-aud"),
            (env::TOKEN_CACHE_DIR, "/env/cache"),
        ]);
        let explicit = SettingsInput {
            client_id: Some("explicit-id".into()),
            client_secret: Some("  ".into()),
            api_url: Some("http://explicit-api".into()),
            ..Default::default()
        };
        let s = Settings::resolve(explicit, &env);
        assert_eq!(s.client_id.as_deref(), Some("explicit-id"));
        assert_eq!(
            s.client_secret.as_ref().map(Secret::expose),
            Some("env-secret")
        );
        assert_eq!(s.api_url, "http://explicit-api");
        assert_eq!(s.oauth_url, "http://env-oauth");
        assert_eq!(s.audience, "env-aud");
        assert_eq!(s.token_cache, TokenCache::Disk(PathBuf::from("/env/cache")));
    }

    #[test]
    fn disk_cache_is_disabled_by_any_usual_yes_and_kept_by_any_no() {
        let resolve = |value: &str| {
            let pairs = [("HOME", "/home/u"), (env::TOKEN_DISK_CACHE_DISABLE, value)];
            Settings::resolve(SettingsInput::default(), &env_of(&pairs))
        };
        for yes in ["true", "TRUE", "1", "yes", "On", " on "] {
            let s = resolve(yes);
            assert_eq!(s.token_cache, TokenCache::MemoryOnly, "{yes}");
            assert!(s.validate().is_ok(), "{yes}");
        }
        for no in ["false", "0", "NO", "off", ""] {
            let s = resolve(no);
            assert!(matches!(s.token_cache, TokenCache::Disk(_)), "{no}");
            assert!(s.validate().is_ok(), "{no}");
        }
        let s = resolve("maybe");
        assert!(matches!(s.token_cache, TokenCache::Disk(_)));
        let text = s.validate().unwrap_err().to_string();
        assert!(
            text.contains(env::TOKEN_DISK_CACHE_DISABLE) && text.contains("\"maybe\""),
            "{text}"
        );
        assert!(text.contains("true or false"), "{text}");
    }

    #[test]
    fn missing_credentials_name_attribute_and_variable() {
        let s = Settings::resolve(SettingsInput::default(), &env_of(&[]));
        let text = s.credentials().unwrap_err().to_string();
        assert_mentions(
            &text,
            &[
                "client_id",
                env::CLIENT_ID,
                "client_secret",
                env::CLIENT_SECRET,
            ],
        );
        let s = Settings::resolve(SettingsInput::default(), &env_of(&[(env::CLIENT_ID, "id")]));
        let text = s.credentials().unwrap_err().to_string();
        assert!(
            !text.contains(env::CLIENT_ID) && text.contains(env::CLIENT_SECRET),
            "{text}"
        );
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let env = env_of(&[
            (env::CLIENT_ID, "id"),
            (env::CLIENT_SECRET, "very-secret-value"),
        ]);
        let s = Settings::resolve(SettingsInput::default(), &env);
        assert!(!format!("{s:?}").contains("very-secret-value"));
        assert!(!format!("{:?}", s.credentials().unwrap()).contains("very-secret-value"));
        let explicit = SettingsInput {
            client_secret: Some("very-secret-value".into()),
            ..Default::default()
        };
        assert!(!format!("{explicit:?}").contains("very-secret-value"));
    }

    #[test]
    fn invalid_urls_are_reported_with_attribute_and_variable() {
        let env = env_of(&[(env::API_URL, "ftp://example.com")]);
        let text = Settings::resolve(SettingsInput::default(), &env)
            .validate()
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("api_url")
                && text.contains(env::API_URL)
                && text.contains("ftp://example.com"),
            "{text}"
        );
        assert!(
            Settings::resolve(SettingsInput::default(), &env_of(&[]))
                .validate()
                .is_ok()
        );
    }
}
