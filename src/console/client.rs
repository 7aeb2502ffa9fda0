//! The Console API client: its calls go through the shared request pipeline
//! (`http_client::pipeline`) with a bearer token and the Console's errors; the endpoints'
//! methods sit on top of it (`endpoints`).
//!
//! Idempotent calls are repeated on transient failures. A create (POST) is repeated only
//! when the server certainly did not act on it (429, or 503 with `Retry-After`), and once
//! sent it is never cut short by the caller's deadline or the call's time limit: its answer
//! is waited for, up to the attempt's time limit, so that what it created is known. Other
//! failures of a create leave its outcome to the caller to find out
//! ([`Error::outcome_unknown`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;

use super::config::{Credentials, Settings};
use super::env;
use super::error::{Call, Error};
use crate::http_client;
use crate::http_client::api_error::decode;
use crate::http_client::endpoint::Endpoint;
use crate::http_client::handle::Handle;
use crate::http_client::pipeline::{self, Body, Pipeline, Request};
use crate::http_client::retry::{RetryPolicy, is_idempotent};
use crate::oauth::{CacheProblem, TokenManager};
use crate::secret::Secret;

/// How one call may be repeated and logged, beyond what its method implies.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Options {
    pub auth: Auth,
    /// A POST with the same outcome however often it is made (it creates or updates to a
    /// given state): repeated on transient failures like a PUT.
    pub idempotent_post: bool,
    /// A 409 means that the API did not act, because another change was in progress:
    /// repeated with back-off.
    pub retry_conflicts: bool,
    /// Every value of the answer is a secret: only its keys are logged.
    pub secret_answer: bool,
}

impl Options {
    /// Whether a call with this method may be repeated without changing its outcome.
    fn repeatable(&self, method: &Method) -> bool {
        is_idempotent(method) || (self.idempotent_post && *method == Method::POST)
    }
}

/// A handle on the Console API. Cheap to clone: clones share the HTTP connections and tokens.
#[derive(Clone)]
pub struct Client(Handle<Inner>);

struct Inner {
    http: reqwest::Client,
    api_url: reqwest::Url,
    api: Endpoint,
    retry: RetryPolicy,
    tokens: TokenManager,
    settings: Settings,
    /// Token managers of other credentials (`Client::access_token`), one per key, so that
    /// a process asks for each token once.
    other_tokens: std::sync::Mutex<HashMap<String, Arc<TokenManager>>>,
}

/// An OAuth access token and when it expires.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub token: Secret,
    pub expires_at: SystemTime,
}

impl Client {
    /// Builds the client. No request is made and no credentials are needed until the first
    /// call; invalid URLs are reported here.
    pub fn new(settings: Settings) -> Result<Client, Error> {
        settings.validate()?;
        let http = http_client::build(settings.retry.connect_timeout).map_err(Error::HttpClient)?;
        let api_url =
            reqwest::Url::parse(&settings.api_url).map_err(|e| Error::HttpClient(e.to_string()))?;
        Ok(Client(Handle::new(Inner {
            tokens: TokenManager::new(http.clone(), &settings.token_settings()),
            http,
            api: Endpoint::new(&settings.api_url, "api_url", env::API_URL),
            api_url,
            retry: settings.retry.clone(),
            settings,
            other_tokens: Default::default(),
        })))
    }

    /// An access token for `credentials` and `audience` (each `None`: the client's own),
    /// from the same token service and through the same caches as the client's own token.
    pub async fn access_token(
        &self,
        credentials: Option<Credentials>,
        audience: Option<&str>,
    ) -> Result<AccessToken, Error> {
        let token = match (credentials, audience) {
            (None, None) => self.0.tokens.token_with_expiry(self.0.deadline()).await?,
            (credentials, audience) => {
                let mut settings = self.0.settings.clone();
                if let Some(credentials) = credentials {
                    settings.client_id = Some(credentials.client_id);
                    settings.client_secret = Some(credentials.client_secret);
                }
                if let Some(audience) = audience {
                    settings.audience = audience.to_owned();
                }
                let settings = settings.token_settings();
                let manager = match settings.cache_key() {
                    Some(key) => {
                        let mut managers = self.0.other_tokens.lock().expect("token managers");
                        managers
                            .entry(key.as_str().to_owned())
                            .or_insert_with(|| {
                                Arc::new(TokenManager::new(self.0.http.clone(), &settings))
                            })
                            .clone()
                    }
                    None => Arc::new(TokenManager::new(self.0.http.clone(), &settings)),
                };
                manager.token_with_expiry(self.0.deadline()).await?
            }
        };
        Ok(AccessToken {
            token: token.access_token,
            expires_at: SystemTime::UNIX_EPOCH + Duration::from_millis(token.expires_at_ms),
        })
    }

    /// A handle whose calls, retries included, end by `deadline`.
    pub fn with_deadline(&self, deadline: Instant) -> Client {
        Client(self.0.with_deadline(deadline))
    }

    /// Why tokens cannot be cached on disk although that is enabled (see
    /// [`CacheProblem`]); checked once.
    pub fn token_cache_problem(&self) -> Option<&CacheProblem> {
        self.0.tokens.cache_problem()
    }

    /// A call whose answer is a JSON object.
    pub(super) async fn fetch<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
        options: Options,
    ) -> Result<T, Error> {
        let call = call_of(&method, segments);
        let bytes = self.send(method, segments, body, options).await?;
        decode(&call, &bytes)
    }

    /// A call whose answer is not read.
    pub(super) async fn act(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
        options: Options,
    ) -> Result<(), Error> {
        self.send(method, segments, body, options).await.map(drop)
    }

    /// Sends one logical call through the shared pipeline: a fresh token (unless `options`
    /// says the endpoint needs none), the request repeated as the module documentation says,
    /// and on conflicts if `options` says so.
    async fn send(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
        options: Options,
    ) -> Result<Vec<u8>, Error> {
        let call = call_of(&method, segments);
        let url = http_client::url_of(&self.0.api_url, segments);
        let body = body.map(Body::Json);
        let failed = |status, retry_after, body: &[u8]| {
            Error::from_status(call.clone(), status, retry_after, body)
        };
        let request = Request {
            call: &call,
            url: &url,
            endpoint: &self.0.api,
            credentials: match options.auth {
                Auth::Bearer => pipeline::Credentials::Token(&self.0.tokens),
                Auth::Anonymous => pipeline::Credentials::None,
            },
            body: body.as_ref(),
            repeatable: options.repeatable(&method),
            retry_conflicts: options.retry_conflicts,
            secret_answer: options.secret_answer,
            failed: &failed,
        };
        Pipeline {
            http: &self.0.http,
            retry: &self.0.retry,
            deadline: self.0.deadline(),
        }
        .send(&request)
        .await
    }
}

/// Whether a call carries the client's access token.
#[derive(Clone, Copy, Debug, Default)]
pub(super) enum Auth {
    #[default]
    Bearer,
    /// For the few endpoints that anyone may call.
    Anonymous,
}

pub(super) fn call_of(method: &Method, segments: &[&str]) -> Call {
    Call {
        method: method.clone(),
        path: format!("/{}", segments.join("/")),
    }
}
