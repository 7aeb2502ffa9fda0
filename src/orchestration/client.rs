//! The client of a cluster's Orchestration Cluster API: its calls go through the shared
//! request pipeline (`http_client::pipeline`) with the configured authentication (bearer
//! token, HTTP basic or none), the retry limits of the settings' `RetryPolicy` and the
//! cluster API's errors. The endpoints' methods (`identity`, `membership`, `authorization`,
//! `cluster_variable`) sit on top of it.
//!
//! Reads, updates, deletes and searches are repeated on transient failures. A create
//! (POST) is repeated only when the server certainly did not act on it (429, or 503 with
//! `Retry-After`), and once sent it is not cut short by the caller's deadline; its other
//! failures leave the outcome to the caller ([`Error::outcome_unknown`]).

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;

use super::error::{Call, Error, Failure};
use super::search::{PAGE_SIZE, Pager, SearchPage};
use super::settings::{AuthStrategy, Settings, names};
use crate::http_client;
use crate::http_client::api_error::{ApiError, decode};
use crate::http_client::endpoint::Endpoint;
pub(super) use crate::http_client::exchange::to_json;
use crate::http_client::handle::Handle;
use crate::http_client::multipart::Multipart;
use crate::http_client::pipeline::{Body, Credentials, Pipeline, Request};
use crate::oauth::{CacheProblem, TokenManager};

/// What an operation needs beyond its method and path.
#[derive(Clone, Copy, Debug)]
pub(super) struct Op {
    /// The permission the description lists for it (`x-required-permissions`), named by a 403.
    pub permission: Option<&'static str>,
    /// Whether repeating it leaves the same outcome: reads, updates, deletes, searches.
    pub repeatable: bool,
}

impl Op {
    /// A read, update, delete or search, needing `permission`.
    pub const fn repeatable(permission: &'static str) -> Op {
        Op {
            permission: Some(permission),
            repeatable: true,
        }
    }

    /// A create, needing `permission`.
    pub const fn create(permission: &'static str) -> Op {
        Op {
            permission: Some(permission),
            repeatable: false,
        }
    }
}

/// A handle on one cluster's Orchestration Cluster API. Cheap to clone: clones share the
/// HTTP connections and the token.
#[derive(Clone)]
pub struct Client(Handle<Inner>);

struct Inner {
    http: reqwest::Client,
    settings: Settings,
    /// The cluster's address, checked when it is set; whether it answers.
    api: Option<(reqwest::Url, Endpoint)>,
    /// For OAUTH.
    tokens: Option<TokenManager>,
}

impl Client {
    /// Builds the client. No request is made, and nothing is required, until the first
    /// call; values that are set but invalid are reported here.
    pub fn new(settings: Settings) -> Result<Client, Error> {
        settings.validate()?;
        let http = http_client::build(settings.retry.connect_timeout).map_err(Error::HttpClient)?;
        let api = match &settings.rest_address {
            Some(address) => Some((
                settings.api_url()?,
                Endpoint::new(
                    address,
                    names::REST_ADDRESS.attribute,
                    names::REST_ADDRESS.env_var,
                ),
            )),
            None => None,
        };
        let tokens = (settings.auth_strategy == AuthStrategy::OAuth)
            .then(|| TokenManager::new(http.clone(), &settings.token_settings()));
        Ok(Client(Handle::new(Inner {
            http,
            settings,
            api,
            tokens,
        })))
    }

    /// A handle whose calls, retries included, end by `deadline` (creates once sent excepted).
    pub fn with_deadline(&self, deadline: Instant) -> Client {
        Client(self.0.with_deadline(deadline))
    }

    pub fn settings(&self) -> &Settings {
        &self.0.settings
    }

    /// Why tokens cannot be cached on disk although that is enabled; checked once.
    pub fn token_cache_problem(&self) -> Option<&CacheProblem> {
        self.0.tokens.as_ref()?.cache_problem()
    }

    /// `GET` of one object.
    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        op: Op,
    ) -> Result<T, Error> {
        self.fetch(Method::GET, segments, None, op).await
    }

    /// A call with a JSON body whose answer is a JSON object.
    pub(super) async fn fetch<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
        op: Op,
    ) -> Result<T, Error> {
        let (call, bytes) = self
            .send(method, segments, &[], body.map(Body::Json), op)
            .await?;
        decode(&call, &bytes)
    }

    /// `POST` of a multipart body whose answer is a JSON object.
    pub(super) async fn upload<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: Multipart,
        op: Op,
    ) -> Result<T, Error> {
        let body = Some(Body::Multipart(body));
        let (call, bytes) = self.send(Method::POST, segments, &[], body, op).await?;
        decode(&call, &bytes)
    }

    /// A call without a body whose answer has none (204).
    pub(super) async fn act(&self, method: Method, segments: &[&str], op: Op) -> Result<(), Error> {
        self.act_with(method, segments, None, op).await
    }

    /// A call with a JSON body whose answer has none (204).
    pub(super) async fn act_with(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
        op: Op,
    ) -> Result<(), Error> {
        self.send(method, segments, &[], body.map(Body::Json), op)
            .await
            .map(drop)
    }

    /// `POST …/search` page after page, with `filter` if given: every item.
    pub(super) async fn search_all<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        filter: Option<Value>,
        op: Op,
    ) -> Result<Vec<T>, Error> {
        self.search_all_with(segments, &[], filter, op).await
    }

    /// [`Client::search_all`] with the query parameters `query`.
    pub(super) async fn search_all_with<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
        filter: Option<Value>,
        op: Op,
    ) -> Result<Vec<T>, Error> {
        let mut pager = Pager::new(PAGE_SIZE);
        let mut items = Vec::new();
        loop {
            let body = pager.request(filter.as_ref());
            let (call, bytes) = self
                .send(Method::POST, segments, query, Some(Body::Json(body)), op)
                .await?;
            let page: SearchPage<T> = decode::<_, Error>(&call, &bytes)?;
            let count = page.items.len();
            items.extend(page.items);
            let more = pager
                .advance(count, page.page)
                .map_err(|message| Error::invalid_response(&call, message))?;
            if !more {
                return Ok(items);
            }
        }
    }

    /// Sends one logical call through the shared pipeline, repeated as the module
    /// documentation says; the call and the body of its success answer.
    async fn send(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, &str)],
        body: Option<Body>,
        op: Op,
    ) -> Result<(Call, Vec<u8>), Error> {
        let (base, api) = self.0.api.as_ref().ok_or(Error::MissingSetting {
            setting: names::REST_ADDRESS,
        })?;
        let mut url = http_client::url_of(base, segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let call = Call {
            method,
            path: url.path().to_owned(),
        };
        let failed = |status, retry_after, body: &[u8]| {
            let failure = Failure::new(call.clone(), status, retry_after, body);
            Error::from_status(failure, op.permission)
        };
        let request = Request {
            call: &call,
            url: &url,
            endpoint: api,
            credentials: self.credentials()?,
            body: body.as_ref(),
            repeatable: op.repeatable,
            retry_conflicts: false,
            secret_answer: false,
            failed: &failed,
        };
        let bytes = Pipeline {
            http: &self.0.http,
            retry: &self.0.settings.retry,
            deadline: self.0.deadline(),
        }
        .send(&request)
        .await?;
        Ok((call, bytes))
    }

    /// The credentials of the configured strategy.
    fn credentials(&self) -> Result<Credentials<'_>, Error> {
        let settings = &self.0.settings;
        match (settings.auth_strategy, &self.0.tokens) {
            (AuthStrategy::OAuth, Some(tokens)) => Ok(Credentials::Token(tokens)),
            (AuthStrategy::Basic, _) => {
                let (username, password) = settings.basic_credentials()?;
                Ok(Credentials::Basic { username, password })
            }
            _ => Ok(Credentials::None),
        }
    }
}
