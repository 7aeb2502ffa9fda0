//! Resolution of the client's settings (the provider's `orchestration_api` block): explicit
//! values first, then the environment variables of Camunda's SDKs, then defaults. Nothing is
//! required here: a missing address or credential is an error only when a call needs it,
//! so that configurations without in-cluster objects need none of them.

use std::fmt;
use std::time::Duration;

use super::env;
use super::error::Error;
use crate::http_client::retry::RetryPolicy;
use crate::http_client::setting::{explicit_or_env, non_blank, parse_url};
use crate::oauth::{
    CacheSetting, RequestEncoding, Setting, SettingNames, TokenCache, TokenSettings,
};
use crate::secret::Secret;

pub const DEFAULT_OAUTH_URL: &str = "https://login.cloud.camunda.io/oauth/token";
pub const DEFAULT_AUDIENCE: &str = "zeebe.camunda.io";
pub const DEFAULT_CONSISTENCY_TIMEOUT: Duration = Duration::from_secs(30);

/// The provider attribute and variable of each setting, for error messages.
pub mod names {
    use super::{Setting, env};

    const fn setting(attribute: &'static str, env_var: &'static str) -> Setting {
        Setting { attribute, env_var }
    }

    pub const REST_ADDRESS: Setting = setting(
        "orchestration_api.rest_address",
        "CAMUNDA_REST_ADDRESS or ZEEBE_REST_ADDRESS",
    );
    pub const AUTH_STRATEGY: Setting =
        setting("orchestration_api.auth_strategy", env::AUTH_STRATEGY);
    pub const CLIENT_ID: Setting = setting("orchestration_api.client_id", env::CLIENT_ID);
    pub const CLIENT_SECRET: Setting =
        setting("orchestration_api.client_secret", env::CLIENT_SECRET);
    pub const OAUTH_URL: Setting = setting("orchestration_api.oauth_url", env::OAUTH_URL);
    pub const USERNAME: Setting = setting("orchestration_api.username", env::BASIC_AUTH_USERNAME);
    pub const PASSWORD: Setting = setting("orchestration_api.password", env::BASIC_AUTH_PASSWORD);
}

const TOKEN_NAMES: SettingNames = SettingNames {
    client_id: names::CLIENT_ID,
    client_secret: names::CLIENT_SECRET,
    oauth_url: names::OAUTH_URL,
};

/// How calls authenticate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthStrategy {
    /// A bearer token from OAuth client credentials.
    OAuth,
    /// HTTP basic, with a user's name and password.
    Basic,
    /// None: an unsecured cluster.
    None,
}

impl AuthStrategy {
    pub const VALUES: [&'static str; 3] = ["OAUTH", "BASIC", "NONE"];

    pub fn as_str(self) -> &'static str {
        match self {
            AuthStrategy::OAuth => "OAUTH",
            AuthStrategy::Basic => "BASIC",
            AuthStrategy::None => "NONE",
        }
    }

    /// Any case, as the SDKs accept it.
    pub fn parse(value: &str) -> Option<AuthStrategy> {
        match value.trim().to_ascii_uppercase().as_str() {
            "OAUTH" => Some(AuthStrategy::OAuth),
            "BASIC" => Some(AuthStrategy::Basic),
            "NONE" => Some(AuthStrategy::None),
            _ => None,
        }
    }
}

impl fmt::Display for AuthStrategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Values set explicitly (for example as provider attributes); `None` means "not set".
#[derive(Clone, Debug, Default)]
pub struct SettingsInput {
    pub rest_address: Option<String>,
    pub auth_strategy: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub oauth_url: Option<String>,
    pub audience: Option<String>,
    pub scope: Option<String>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub consistency_timeout: Option<Duration>,
    /// The folder of the token cache, shared with the Console client.
    pub token_cache_dir: Option<String>,
}

/// Everything the client needs, resolved.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The cluster's REST address, without `/v2`.
    pub rest_address: Option<String>,
    pub auth_strategy: AuthStrategy,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub oauth_url: String,
    pub audience: String,
    pub scope: Option<String>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// How long callers wait for their own writes to show in reads.
    pub consistency_timeout: Duration,
    pub token_cache: TokenCache,
    pub retry: RetryPolicy,
    /// An `auth_strategy` that is none of the strategies, reported by [`Settings::validate`].
    invalid_auth_strategy: Option<String>,
}

impl Settings {
    /// Explicit values win over `env`, which wins over the defaults. Blank values count as
    /// unset. Without an explicit strategy, a client id means OAUTH and a username BASIC.
    pub fn resolve(explicit: SettingsInput, env: &dyn Fn(&str) -> Option<String>) -> Settings {
        let pick = |value: Option<String>, var: &str| explicit_or_env(value, env, var);
        let pick_secret = |value: Option<Secret>, var: &str| {
            pick(value.map(Secret::into_inner), var).map(Secret::from)
        };
        let rest_address = pick(explicit.rest_address, env::REST_ADDRESS)
            .or_else(|| non_blank(env(env::ZEEBE_REST_ADDRESS)));
        let client_id = pick(explicit.client_id, env::CLIENT_ID);
        let username = pick(explicit.username, env::BASIC_AUTH_USERNAME);
        let inferred = if client_id.is_some() {
            AuthStrategy::OAuth
        } else if username.is_some() {
            AuthStrategy::Basic
        } else {
            AuthStrategy::None
        };
        let strategy = pick(explicit.auth_strategy, env::AUTH_STRATEGY);
        let parsed = strategy.as_deref().map(AuthStrategy::parse);
        Settings {
            rest_address,
            auth_strategy: parsed.flatten().unwrap_or(inferred),
            client_id,
            client_secret: pick_secret(explicit.client_secret, env::CLIENT_SECRET),
            oauth_url: pick(explicit.oauth_url, env::OAUTH_URL)
                .unwrap_or_else(|| DEFAULT_OAUTH_URL.to_owned()),
            audience: pick(explicit.audience, env::TOKEN_AUDIENCE)
                .unwrap_or_else(|| DEFAULT_AUDIENCE.to_owned()),
            scope: pick(explicit.scope, env::OAUTH_SCOPE),
            username,
            password: pick_secret(explicit.password, env::BASIC_AUTH_PASSWORD),
            consistency_timeout: explicit
                .consistency_timeout
                .unwrap_or(DEFAULT_CONSISTENCY_TIMEOUT),
            // An unreadable CAMUNDA_TOKEN_DISK_CACHE_DISABLE is reported by the Console's
            // settings, which read the same variable.
            token_cache: CacheSetting::resolve(explicit.token_cache_dir, env).cache,
            retry: RetryPolicy::default(),
            invalid_auth_strategy: strategy.filter(|_| parsed == Some(None)),
        }
    }

    /// Resolves against the process environment.
    pub fn from_env(explicit: SettingsInput) -> Settings {
        Settings::resolve(explicit, &|name| std::env::var(name).ok())
    }

    /// Checks the values that are set: the strategy is one of the three, and the URLs are
    /// absolute http(s) URLs. The error names the attribute and its variable.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(value) = &self.invalid_auth_strategy {
            return Err(Error::InvalidSetting {
                setting: names::AUTH_STRATEGY,
                value: value.clone(),
                reason: format!("use one of {}", AuthStrategy::VALUES.join(", ")),
            });
        }
        if let Some(address) = &self.rest_address {
            check_url(names::REST_ADDRESS, address)?;
        }
        if self.auth_strategy == AuthStrategy::OAuth {
            check_url(names::OAUTH_URL, &self.oauth_url)?;
        }
        Ok(())
    }

    /// The API's base URL: the REST address with `/v2` appended (once: an address that
    /// ends in `/v2` already is taken as it is).
    pub fn api_url(&self) -> Result<reqwest::Url, Error> {
        let address = self.rest_address.as_deref().ok_or(Error::MissingSetting {
            setting: names::REST_ADDRESS,
        })?;
        let mut url = check_url(names::REST_ADDRESS, address)?;
        let path = url.path().trim_end_matches('/').to_owned();
        if path.ends_with("/v2") {
            url.set_path(&path);
        } else {
            url.set_path(&format!("{path}/v2"));
        }
        Ok(url)
    }

    /// The user name and password of BASIC, or an error naming what is missing.
    pub fn basic_credentials(&self) -> Result<(&str, &Secret), Error> {
        let missing = |setting| Error::MissingSetting { setting };
        let username = self
            .username
            .as_deref()
            .ok_or_else(|| missing(names::USERNAME))?;
        let password = self
            .password
            .as_ref()
            .ok_or_else(|| missing(names::PASSWORD))?;
        Ok((username, password))
    }

    /// What the token manager needs for OAUTH. Token requests are form-encoded (RFC 6749),
    /// which every OAuth server accepts.
    pub(super) fn token_settings(&self) -> TokenSettings {
        TokenSettings {
            oauth_url: self.oauth_url.clone(),
            audience: self.audience.clone(),
            scope: self.scope.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            cache: self.token_cache.clone(),
            retry: self.retry.clone(),
            encoding: RequestEncoding::Form,
            names: &TOKEN_NAMES,
        }
    }
}

fn check_url(setting: Setting, value: &str) -> Result<reqwest::Url, Error> {
    parse_url(value).map_err(|reason| Error::InvalidSetting {
        setting,
        value: value.to_owned(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_client::assert_mentions;
    use crate::http_client::setting::env_of;

    fn resolve(explicit: SettingsInput, pairs: &[(&str, &str)]) -> Settings {
        Settings::resolve(explicit, &env_of(pairs))
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let s = resolve(SettingsInput::default(), &[]);
        assert_eq!(s.rest_address, None);
        assert_eq!(s.auth_strategy, AuthStrategy::None);
        assert_eq!(s.oauth_url, DEFAULT_OAUTH_URL);
        assert_eq!(s.audience, DEFAULT_AUDIENCE);
        assert_eq!(s.scope, None);
        assert_eq!(s.consistency_timeout, Duration::from_secs(30));
        assert_eq!(s.token_cache, TokenCache::MemoryOnly, "no home folder");
        assert!(s.validate().is_ok());
    }

    #[test]
    fn explicit_values_win_over_the_environment_and_blank_counts_as_unset() {
        let pairs = [
            (env::REST_ADDRESS, "http://env-rest"),
            (env::CLIENT_ID, "env-id"),
            (env::CLIENT_SECRET, "env-secret"),
            (env::OAUTH_URL, "http://env-oauth"),
            (env::TOKEN_AUDIENCE, "env-aud"),
            (env::OAUTH_SCOPE, "env-scope"),
            ("HOME", "/home/u"),
        ];
        let explicit = SettingsInput {
            rest_address: Some("http://explicit-rest".into()),
            client_id: Some("explicit-id".into()),
            client_secret: Some(" ".into()),
            audience: Some("explicit-aud".into()),
            consistency_timeout: Some(Duration::from_secs(5)),
            ..Default::default()
        };
        let s = resolve(explicit, &pairs);
        assert_eq!(s.rest_address.as_deref(), Some("http://explicit-rest"));
        assert_eq!(s.client_id.as_deref(), Some("explicit-id"));
        assert_eq!(
            s.client_secret.as_ref().map(Secret::expose),
            Some("env-secret")
        );
        assert_eq!(s.oauth_url, "http://env-oauth");
        assert_eq!(s.audience, "explicit-aud");
        assert_eq!(s.scope.as_deref(), Some("env-scope"));
        assert_eq!(s.consistency_timeout, Duration::from_secs(5));
        assert_eq!(s.token_cache, TokenCache::Disk("/home/u/.camunda".into()));
    }

    #[test]
    fn the_rest_address_falls_back_to_the_zeebe_variable() {
        let zeebe_only = [(env::ZEEBE_REST_ADDRESS, "http://zeebe")];
        let s = resolve(SettingsInput::default(), &zeebe_only);
        assert_eq!(s.rest_address.as_deref(), Some("http://zeebe"));
        let both = [
            (env::ZEEBE_REST_ADDRESS, "http://zeebe"),
            (env::REST_ADDRESS, "http://camunda"),
        ];
        let s = resolve(SettingsInput::default(), &both);
        assert_eq!(s.rest_address.as_deref(), Some("http://camunda"));
    }

    #[test]
    fn v2_is_appended_once_whatever_the_trailing_slash() {
        for (address, expected) in [
            ("http://h:8080", "http://h:8080/v2"),
            ("http://h:8080/", "http://h:8080/v2"),
            (
                "https://bru-2.zeebe.camunda.io/abc",
                "https://bru-2.zeebe.camunda.io/abc/v2",
            ),
            (
                "https://bru-2.zeebe.camunda.io/abc/",
                "https://bru-2.zeebe.camunda.io/abc/v2",
            ),
            ("http://h/v2/", "http://h/v2"),
        ] {
            let s = resolve(SettingsInput::default(), &[(env::REST_ADDRESS, address)]);
            assert_eq!(s.api_url().unwrap().as_str(), expected, "{address}");
        }
    }

    #[test]
    fn the_strategy_is_inferred_from_the_credentials_given() {
        let s = resolve(SettingsInput::default(), &[(env::CLIENT_ID, "id")]);
        assert_eq!(s.auth_strategy, AuthStrategy::OAuth);
        let s = resolve(SettingsInput::default(), &[(env::BASIC_AUTH_USERNAME, "u")]);
        assert_eq!(s.auth_strategy, AuthStrategy::Basic);
        let both = [(env::BASIC_AUTH_USERNAME, "u"), (env::CLIENT_ID, "id")];
        assert_eq!(
            resolve(SettingsInput::default(), &both).auth_strategy,
            AuthStrategy::OAuth
        );
        let explicit = SettingsInput {
            auth_strategy: Some("basic".into()),
            ..Default::default()
        };
        let s = resolve(
            explicit,
            &[(env::CLIENT_ID, "id"), (env::AUTH_STRATEGY, "NONE")],
        );
        assert_eq!(s.auth_strategy, AuthStrategy::Basic);
    }

    #[test]
    fn an_unknown_strategy_names_the_attribute_variable_and_values() {
        let s = resolve(
            SettingsInput::default(),
            &[(env::AUTH_STRATEGY, "KERBEROS")],
        );
        let text = s.validate().unwrap_err().to_string();
        assert_mentions(
            &text,
            &[
                "orchestration_api.auth_strategy",
                env::AUTH_STRATEGY,
                "KERBEROS",
                "OAUTH, BASIC, NONE",
            ],
        );
    }

    #[test]
    fn missing_settings_name_the_attribute_and_variable() {
        let s = resolve(SettingsInput::default(), &[]);
        let text = s.api_url().unwrap_err().to_string();
        assert_mentions(
            &text,
            &[
                "orchestration_api.rest_address",
                env::REST_ADDRESS,
                env::ZEEBE_REST_ADDRESS,
            ],
        );
        let s = resolve(SettingsInput::default(), &[(env::BASIC_AUTH_USERNAME, "u")]);
        let text = s.basic_credentials().unwrap_err().to_string();
        assert!(
            text.contains("orchestration_api.password") && text.contains(env::BASIC_AUTH_PASSWORD),
            "{text}"
        );
        let missing = s.token_settings().credentials().unwrap_err();
        assert!(missing.client_id && missing.client_secret);
    }

    #[test]
    fn invalid_urls_name_the_attribute() {
        let s = resolve(SettingsInput::default(), &[(env::REST_ADDRESS, "ftp://h")]);
        let text = s.validate().unwrap_err().to_string();
        assert!(
            text.contains("orchestration_api.rest_address") && text.contains("ftp://h"),
            "{text}"
        );
    }

    #[test]
    fn debug_output_hides_the_secrets() {
        let pairs = [
            (env::CLIENT_SECRET, "client-secret-value"),
            (env::BASIC_AUTH_PASSWORD, "password-value"),
        ];
        let explicit = SettingsInput {
            client_secret: Some("explicit-secret-value".into()),
            ..Default::default()
        };
        let debug = format!("{explicit:?}");
        assert!(!debug.contains("explicit-secret-value"), "{debug}");
        let s = resolve(explicit, &pairs);
        let debug = format!("{s:?} {:?}", s.token_settings());
        for secret in ["explicit-secret-value", "password-value"] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
}
