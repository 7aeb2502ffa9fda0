//! OAuth: the client-credentials token endpoint, its per-client rate limit, and the check
//! of the Bearer token on every API call. Tokens are HS256 JWTs signed with a key derived
//! from the configuration, so they stay valid across restarts of the same configuration.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::clock::now_ms;
use super::error::ApiError;
use super::{AppState, Config, RateLimit};
use crate::console::permission::Permission;
use crate::secret::Secret;

/// The audience of tokens for Zeebe clients (as opposed to the Console API's).
pub const ZEEBE_AUDIENCE: &str = "zeebe.camunda.io";

#[derive(Debug, Default, Deserialize)]
struct TokenRequest {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    audience: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    iat: u64,
    exp: u64,
    azp: String,
    gty: String,
    jti: String,
    /// The API client's permissions, space-separated (`get:clusters get:clients`).
    #[serde(default)]
    scope: String,
}

/// `POST /oauth/token`, with a JSON or a form body (credentials may also come as HTTP Basic).
pub async fn token(State(state): State<AppState>, request: Request) -> Response {
    let basic = basic_credentials(request.headers());
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let parsed = if is_json {
        Json::<TokenRequest>::from_request(request, &())
            .await
            .map(|Json(r)| r)
            .map_err(|e| e.body_text())
    } else {
        Form::<TokenRequest>::from_request(request, &())
            .await
            .map(|Form(r)| r)
            .map_err(|e| e.body_text())
    };
    let mut body = match parsed {
        Ok(body) => body,
        Err(reason) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("the token request needs a JSON or form-encoded body: {reason}"),
            );
        }
    };
    if let Some((id, secret)) = basic {
        body.client_id.get_or_insert(id);
        body.client_secret.get_or_insert(secret.into());
    }
    let client_id = body.client_id.clone().unwrap_or_default();

    let blocked = state.limiter.lock().check(&client_id, Instant::now());
    if let Err(retry_after) = blocked {
        let secs = retry_after.as_secs_f64().ceil().max(1.0) as u64;
        tracing::info!(client_id, secs, "token request rate-limited");
        let mut response = oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            &format!("too many token requests for this client; retry after {secs} seconds"),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return response;
    }

    match issue(&state, &body) {
        Ok(answer) => Json(answer).into_response(),
        Err((code, description)) => {
            tracing::info!(client_id, code, "token request refused");
            oauth_error(refusal_status(code), code, &description)
        }
    }
}

/// The status of a refused token request: 401 for a client that is not known (RFC 6749
/// §5.2), 403 for an audience it may not have (as Camunda's token service answers), 400
/// for the other errors.
fn refusal_status(code: &str) -> StatusCode {
    match code {
        "invalid_client" => StatusCode::UNAUTHORIZED,
        "access_denied" => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// Checks the request against the known clients and issues a token.
fn issue(
    state: &AppState,
    body: &TokenRequest,
) -> Result<serde_json::Value, (&'static str, String)> {
    let grant_type = body.grant_type.as_deref().unwrap_or("");
    if grant_type != "client_credentials" {
        return Err((
            "unsupported_grant_type",
            format!("grant_type {grant_type:?} is not supported; use \"client_credentials\""),
        ));
    }
    let client_id = body.client_id.as_deref().unwrap_or("");
    let secret = body.client_secret.as_ref().map_or("", Secret::expose);
    let config = &state.config;
    let now = now_ms();
    let (expected_audience, scope) =
        if client_id == config.client_id && secret == config.client_secret.expose() {
            (config.audience.clone(), state.all_permissions.join(" "))
        } else if let Some(permissions) = state.api_client_permissions(client_id, secret) {
            (config.audience.clone(), permissions.join(" "))
        } else if state.console.is_zeebe_client(client_id, secret, now)
            || config.self_managed.is_oauth_client(client_id, secret)
        {
            (ZEEBE_AUDIENCE.to_string(), String::new())
        } else {
            return Err((
                "invalid_client",
                "unknown client_id or wrong client_secret".to_string(),
            ));
        };
    let audience = body.audience.as_deref().unwrap_or("");
    if audience != expected_audience {
        return Err((
            "access_denied",
            format!(
                "audience {audience:?} is not valid for this client; use {expected_audience:?}"
            ),
        ));
    }
    let token = state.signer.issue(
        &state.base_url,
        Grant {
            client_id,
            audience,
            scope: &scope,
        },
        config.token_ttl,
        now,
    );
    Ok(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": config.token_ttl.as_secs(),
        "scope": scope,
    }))
}

fn oauth_error(status: StatusCode, code: &str, description: &str) -> Response {
    let mut response = (
        status,
        Json(json!({"error": code, "error_description": description})),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The id and secret (or username and password) of an `Authorization: Basic` header.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

/// Checks `Authorization: Bearer <token>` for a valid, unexpired Console API token, and
/// that its scopes hold `needed`.
pub fn check_bearer(
    state: &AppState,
    headers: &HeaderMap,
    needed: &Permission,
) -> Result<(), ApiError> {
    let claims = bearer_claims(state, headers, &state.config.audience)?;
    let needed = needed.scope();
    if claims.scope.split(' ').any(|scope| scope == needed) {
        Ok(())
    } else {
        // The API's own words: it does not say which permission is missing.
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "You do not have the required permissions to perform this operation.",
        ))
    }
}

/// The client that the valid, unexpired Zeebe token (audience [`ZEEBE_AUDIENCE`]) of
/// `Authorization: Bearer <token>` was issued to.
pub fn zeebe_bearer_client(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    bearer_claims(state, headers, ZEEBE_AUDIENCE).map(|claims| claims.azp)
}

fn bearer_claims(
    state: &AppState,
    headers: &HeaderMap,
    audience: &str,
) -> Result<Claims, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
        .map(|(_, token)| token)
        .ok_or_else(|| {
            ApiError::unauthorized("an Authorization: Bearer <token> header is required")
        })?;
    state
        .signer
        .verify(token.trim(), audience, now_ms())
        .map_err(ApiError::unauthorized)
}

/// Who a token is for.
pub struct Grant<'a> {
    pub client_id: &'a str,
    pub audience: &'a str,
    /// Space-separated permissions.
    pub scope: &'a str,
}

/// Signs and verifies HS256 JWTs.
pub struct TokenSigner {
    key: [u8; 32],
}

impl TokenSigner {
    pub fn new(config: &Config) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"camunda-console-emulator token key\0");
        hasher.update(config.seed.to_le_bytes());
        hasher.update(config.client_id.as_bytes());
        hasher.update([0]);
        hasher.update(config.client_secret.expose().as_bytes());
        Self {
            key: hasher.finalize().into(),
        }
    }

    /// A token valid from `now_ms` for at most `ttl` (`exp` is in whole seconds).
    pub fn issue(&self, issuer: &str, grant: Grant, ttl: Duration, now_ms: u64) -> String {
        let claims = Claims {
            iss: format!("{issuer}/"),
            sub: format!("{}@clients", grant.client_id),
            aud: grant.audience.to_string(),
            iat: now_ms / 1000,
            exp: (now_ms + ttl.as_millis() as u64) / 1000,
            azp: grant.client_id.to_string(),
            gty: "client-credentials".to_string(),
            jti: uuid::Uuid::new_v4().to_string(),
            scope: grant.scope.to_string(),
        };
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload =
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).expect("claims serialize"));
        let signing_input = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(self.sign(signing_input.as_bytes()));
        format!("{signing_input}.{signature}")
    }

    /// Checks signature, audience and expiry, and gives the claims; the error says which
    /// check failed.
    fn verify(&self, token: &str, audience: &str, now_ms: u64) -> Result<Claims, String> {
        let (signing_input, signature) = token
            .rsplit_once('.')
            .ok_or("the Bearer token is not a JWT")?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| "the Bearer token's signature is not base64url")?;
        if signature != self.sign(signing_input.as_bytes()) {
            return Err("the Bearer token was not issued by this server".to_string());
        }
        let payload = signing_input
            .split_once('.')
            .map(|(_, payload)| payload)
            .ok_or("the Bearer token is not a JWT")?;
        let claims: Claims = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or("the Bearer token's payload is not valid")?;
        if claims.aud != audience {
            return Err(format!(
                "the Bearer token is for audience {:?}, not {audience:?}",
                claims.aud
            ));
        }
        if now_ms >= claims.exp * 1000 {
            return Err("the Bearer token has expired".to_string());
        }
        Ok(claims)
    }

    fn sign(&self, message: &[u8]) -> [u8; 32] {
        hmac_sha256(&self.key, message)
    }
}

/// HMAC (RFC 2104) over SHA-256, for a key no longer than the 64-byte block.
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Counts token requests per client id in a sliding window; a client over the limit is
/// refused until its block ends.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    clients: HashMap<String, ClientWindow>,
}

#[derive(Debug, Default)]
struct ClientWindow {
    recent: VecDeque<Instant>,
    blocked_until: Option<Instant>,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            clients: HashMap::new(),
        }
    }

    /// Records a request; `Err` holds how long the client must wait.
    pub fn check(&mut self, client_id: &str, now: Instant) -> Result<(), Duration> {
        if self.limit.max_requests == 0 {
            return Ok(());
        }
        let window = self.clients.entry(client_id.to_string()).or_default();
        if let Some(until) = window.blocked_until {
            if now < until {
                return Err(until - now);
            }
            window.blocked_until = None;
            window.recent.clear();
        }
        while window
            .recent
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.limit.window)
        {
            window.recent.pop_front();
        }
        window.recent.push_back(now);
        if window.recent.len() > self.limit.max_requests as usize {
            window.blocked_until = Some(now + self.limit.block_for);
            return Err(self.limit.block_for);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2_shape() {
        // RFC 4231 test case 2 uses a 4-byte key; zero-padding to 32 bytes yields the same
        // HMAC because keys shorter than the block are zero-padded anyway.
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mac = hmac_sha256(&key, b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn limiter_blocks_after_max_and_for_block_duration() {
        let mut limiter = RateLimiter::new(RateLimit {
            max_requests: 2,
            window: Duration::from_secs(10),
            block_for: Duration::from_secs(30),
        });
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        assert_eq!(limiter.check("a", t0), Err(Duration::from_secs(30)));
        assert!(limiter.check("b", t0).is_ok());
        // Still blocked after the window has passed, until the block ends.
        assert!(limiter.check("a", t0 + Duration::from_secs(20)).is_err());
        assert!(limiter.check("a", t0 + Duration::from_secs(31)).is_ok());
    }
}
