//! The token manager: obtains OAuth client-credentials tokens lazily, keeps them in memory and
//! (unless disabled) on disk, renews them shortly before expiry, makes one request at a time per
//! credential key, and backs off when the token service rate-limits.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use base64::Engine;
use serde_json::Value;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::token_cache::{CachedToken, DiskCache, unix_ms};
use super::{
    Credentials, MissingCredentials, RequestEncoding, SettingNames, TokenCache, TokenError,
    TokenSettings,
};
use crate::http_client::describe;
use crate::http_client::endpoint::Endpoint;
use crate::http_client::redact::redact_body;
use crate::http_client::retry::{self, Attempt, Failed, RetryPolicy};
use crate::secret::{REDACTED, Secret};

type Error = TokenError;

/// A disk cache folder that cannot be used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheProblem {
    pub dir: PathBuf,
    pub reason: String,
}

/// Lifetime assumed when the service states none (neither `expires_in` nor a JWT `exp`).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

pub struct TokenManager {
    http: reqwest::Client,
    oauth_url: String,
    endpoint: Endpoint,
    audience: String,
    scope: Option<String>,
    encoding: RequestEncoding,
    names: &'static SettingNames,
    credentials: Result<Credentials, MissingCredentials>,
    disk: Option<DiskCache>,
    retry: RetryPolicy,
    /// Why the disk cache's folder cannot be used (checked once), or `None` when it can.
    disk_problem: OnceLock<Option<CacheProblem>>,
    /// The token in use; holding this lock while fetching makes concurrent callers wait for
    /// the one request in flight instead of starting their own.
    current: Mutex<Option<CachedToken>>,
}

impl TokenManager {
    pub fn new(http: reqwest::Client, settings: &TokenSettings) -> TokenManager {
        let disk = match (&settings.cache, settings.cache_key()) {
            (TokenCache::Disk(dir), Some(key)) => Some(DiskCache::new(dir.clone(), key)),
            _ => None,
        };
        let names = settings.names;
        TokenManager {
            http,
            oauth_url: settings.oauth_url.clone(),
            endpoint: Endpoint::new(
                &settings.oauth_url,
                names.oauth_url.attribute,
                names.oauth_url.env_var,
            ),
            audience: settings.audience.clone(),
            scope: settings.scope.clone(),
            encoding: settings.encoding,
            names,
            credentials: settings.credentials(),
            disk,
            retry: settings.retry.clone(),
            disk_problem: OnceLock::new(),
            current: Mutex::new(None),
        }
    }

    /// A valid access token: from memory, else from the disk cache, else from the service.
    /// Fails with [`TokenError::MissingCredentials`] when no credentials were configured.
    pub async fn token(&self, deadline: Option<Instant>) -> Result<Secret, Error> {
        self.token_with_expiry(deadline)
            .await
            .map(|token| token.access_token)
    }

    /// Like [`TokenManager::token`], with the token's validity window.
    pub async fn token_with_expiry(&self, deadline: Option<Instant>) -> Result<CachedToken, Error> {
        let credentials =
            self.credentials
                .as_ref()
                .map_err(|missing| Error::MissingCredentials {
                    missing: *missing,
                    names: self.names,
                })?;
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|t| t.is_fresh(SystemTime::now())) {
            return Ok(token.clone());
        }
        let token = match &self.disk {
            Some(disk) => self.through_disk(disk, credentials, deadline).await?,
            None => self.fetch(credentials, deadline).await?,
        };
        *current = Some(token.clone());
        Ok(token)
    }

    /// Why tokens are kept in memory only although the disk cache is enabled: its folder
    /// cannot be used. Checked once per process, before the first token is needed.
    pub fn cache_problem(&self) -> Option<&CacheProblem> {
        let disk = self.disk.as_ref()?;
        self.disk_problem
            .get_or_init(|| {
                disk.check_usable().err().map(|error| CacheProblem {
                    dir: disk.dir().to_owned(),
                    reason: error.to_string(),
                })
            })
            .as_ref()
    }

    /// Forgets `access_token` after the API refused it, so that the next call fetches anew.
    pub async fn invalidate(&self, access_token: &Secret) {
        let mut current = self.current.lock().await;
        if current
            .as_ref()
            .is_some_and(|t| t.access_token == *access_token)
        {
            *current = None;
        }
        if let Some(disk) = &self.disk
            && let Ok(Some(_lock)) = disk.lock(Duration::from_secs(5)).await
        {
            disk.remove_if_holds(access_token);
        }
    }

    async fn through_disk(
        &self,
        disk: &DiskCache,
        credentials: &Credentials,
        deadline: Option<Instant>,
    ) -> Result<CachedToken, Error> {
        if let Some(problem) = self.cache_problem() {
            tracing::warn!(dir = %problem.dir.display(), error = %problem.reason, "token cache folder unusable; keeping the token in memory only");
            return self.fetch(credentials, deadline).await;
        }
        // Another process's token request, which holds the lock, ends within a call's limit.
        let max_wait = deadline.map_or(self.retry.call_timeout, |d| {
            d.saturating_duration_since(Instant::now())
                .min(self.retry.call_timeout)
        });
        let lock = match disk.lock(max_wait).await {
            Ok(Some(lock)) => Some(lock),
            Ok(None) => {
                tracing::warn!(
                    "waited too long for the token cache lock; requesting a token without it"
                );
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not lock the token cache; requesting a token without it");
                None
            }
        };
        if let Some(token) = disk.read().filter(|t| t.is_fresh(SystemTime::now())) {
            tracing::debug!("using the access token from the disk cache");
            return Ok(token);
        }
        let token = match self.fetch(credentials, deadline).await {
            Ok(token) => token,
            Err(error) => {
                // Nothing is stored for these credentials, so their lock file goes too.
                if let Some(lock) = lock {
                    lock.remove();
                }
                return Err(error);
            }
        };
        if let Err(e) = disk.write(&token) {
            tracing::warn!(error = %e, "could not store the access token in the disk cache");
        }
        drop(lock);
        Ok(token)
    }

    /// Requests a token, waiting and repeating on rate limits, server errors and transport
    /// failures within the retry policy and the deadline.
    async fn fetch(
        &self,
        credentials: &Credentials,
        deadline: Option<Instant>,
    ) -> Result<CachedToken, Error> {
        // A rate limit's error says how many attempts were made; others need not.
        retry::run(&self.retry, deadline, "token request", |attempt| {
            self.request(credentials, attempt)
        })
        .await
        .map_err(|ended| ended.error)
    }

    async fn request(
        &self,
        credentials: &Credentials,
        attempt: Attempt,
    ) -> Result<CachedToken, Failed<Error>> {
        self.endpoint
            .check()
            .map_err(|e| Failed::Fail(Error::Endpoint(e)))?;
        tracing::debug!(
            oauth_url = %self.oauth_url,
            audience = %self.audience,
            scope = self.scope.as_deref().unwrap_or(""),
            client_id = %credentials.client_id,
            attempt = attempt.number,
            "requesting an access token"
        );
        let answer = tokio::time::timeout_at(
            attempt.answer_due(),
            self.exchange(credentials, attempt.number),
        )
        .await;
        let Ok(answer) = answer else {
            let error = self.endpoint.no_answer(attempt.number, attempt.waited());
            return Err(self.endpoint_failure(error.into()));
        };
        let (status, retry_after, bytes) = answer?;
        tracing::debug!(status, "token service answered");
        if (200..300).contains(&status) {
            return self.parse_token(&bytes, credentials).map_err(Failed::Fail);
        }
        let json: Option<Value> = serde_json::from_slice(&bytes).ok();
        let oauth_error = json
            .as_ref()
            .and_then(|j| j.get("error"))
            .and_then(Value::as_str);
        if status == 401
            || matches!(
                oauth_error,
                Some("invalid_client" | "unauthorized_client" | "access_denied")
            )
        {
            return Err(Failed::Fail(Error::InvalidCredentials {
                oauth_url: self.oauth_url.clone(),
                status,
                detail: self.detail(&bytes, credentials),
                names: self.names,
            }));
        }
        if status == 429 {
            return Err(Failed::Retry {
                error: Error::RateLimited {
                    oauth_url: self.oauth_url.clone(),
                    attempts: attempt.number,
                    retry_after,
                },
                retry_after,
            });
        }
        let error = self.service_error(Some(status), self.detail(&bytes, credentials), credentials);
        if status >= 500 {
            Err(Failed::Retry { error, retry_after })
        } else {
            Err(Failed::Fail(error))
        }
    }

    /// Sends the token request and reads the answer: its status, the wait it asks for, and
    /// its body.
    async fn exchange(
        &self,
        credentials: &Credentials,
        attempt: u32,
    ) -> Result<(u16, Option<Duration>, Vec<u8>), Failed<Error>> {
        let mut fields = vec![
            ("grant_type", "client_credentials"),
            ("audience", &self.audience),
            ("client_id", &credentials.client_id),
            ("client_secret", credentials.client_secret.expose()),
        ];
        if let Some(scope) = &self.scope {
            fields.push(("scope", scope));
        }
        let request = self.http.post(&self.oauth_url);
        let request = match self.encoding {
            RequestEncoding::Form => request.form(&fields),
            RequestEncoding::Json => request.json(&fields.into_iter().collect::<BTreeMap<_, _>>()),
        };
        let response = match request.send().await {
            Ok(response) => {
                self.endpoint.answered();
                response
            }
            Err(e)
                if e.is_connect()
                    && let Some(error) = self.endpoint.connect_failed(&e, attempt) =>
            {
                return Err(self.endpoint_failure(error.into()));
            }
            Err(e) => {
                return Err(Failed::Retry {
                    error: self.service_error(None, describe(&e), credentials),
                    retry_after: None,
                });
            }
        };
        let status = response.status().as_u16();
        let retry_after = retry::retry_after(response.headers());
        match response.bytes().await {
            Ok(bytes) => Ok((status, retry_after, bytes.to_vec())),
            Err(e) => Err(Failed::Retry {
                error: self.service_error(Some(status), describe(&e), credentials),
                retry_after: None,
            }),
        }
    }

    /// An error of the endpoint itself: retried unless the endpoint has been given up on.
    fn endpoint_failure(&self, error: Error) -> Failed<Error> {
        if self.endpoint.is_down() {
            Failed::Fail(error)
        } else {
            Failed::Retry {
                error,
                retry_after: None,
            }
        }
    }

    fn parse_token(&self, bytes: &[u8], credentials: &Credentials) -> Result<CachedToken, Error> {
        let invalid = |what: &str| {
            self.service_error(Some(200), format!("unexpected answer: {what}"), credentials)
        };
        let json: Value =
            serde_json::from_slice(bytes).map_err(|e| invalid(&format!("not JSON ({e})")))?;
        let access_token = json
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(Secret::from)
            .ok_or_else(|| invalid("the field `access_token` is missing"))?;
        let expires_in = json.get("expires_in").and_then(|v| match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        });
        let now = SystemTime::now();
        let issued_at_ms = unix_ms(now);
        let from_expires_in = expires_in.map(|s| issued_at_ms + (s.max(0.0) * 1000.0) as u64);
        // A JWT `exp` in the past means clock skew, not an expired fresh token: ignore it then.
        let from_jwt = jwt_expiry_ms(access_token.expose()).filter(|exp| *exp > issued_at_ms);
        let expires_at_ms = match (from_expires_in, from_jwt) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => issued_at_ms + DEFAULT_LIFETIME.as_millis() as u64,
        };
        tracing::debug!(
            expires_in_s = (expires_at_ms - issued_at_ms) / 1000,
            "access token obtained"
        );
        Ok(CachedToken {
            access_token,
            issued_at_ms,
            expires_at_ms,
        })
    }

    /// The service's explanation, with secrets (redacted keys and the secret itself) removed.
    fn detail(&self, body: &[u8], credentials: &Credentials) -> String {
        let text = match serde_json::from_slice::<Value>(body) {
            Ok(json) => {
                let field = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_owned);
                match (field("error"), field("error_description")) {
                    (Some(e), Some(d)) => format!("{e}: {d}"),
                    (Some(e), None) | (None, Some(e)) => e,
                    (None, None) => redact_body(body),
                }
            }
            Err(_) => redact_body(body),
        };
        let text = text.replace(credentials.client_secret.expose(), REDACTED);
        if text.is_empty() {
            "no details given".to_owned()
        } else {
            text
        }
    }

    fn service_error(
        &self,
        status: Option<u16>,
        detail: String,
        credentials: &Credentials,
    ) -> Error {
        let detail = match status {
            Some(status) => format!("HTTP {status}: {detail}"),
            None => detail,
        };
        Error::Service {
            oauth_url: self.oauth_url.clone(),
            status,
            detail: detail.replace(credentials.client_secret.expose(), REDACTED),
        }
    }
}

/// The `exp` claim (Unix milliseconds) of a JWT, when the token is one.
fn jwt_expiry_ms(token: &str) -> Option<u64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?.as_f64()?;
    (exp > 0.0).then_some((exp * 1000.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(claims: Value) -> String {
        let encode =
            |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.sig",
            encode(&json!({"alg": "none"})),
            encode(&claims)
        )
    }

    #[test]
    fn jwt_exp_is_read() {
        assert_eq!(
            jwt_expiry_ms(&jwt(json!({"exp": 1700000000}))),
            Some(1_700_000_000_000)
        );
        assert_eq!(jwt_expiry_ms(&jwt(json!({"sub": "x"}))), None);
        assert_eq!(jwt_expiry_ms("opaque-token"), None);
    }
}
