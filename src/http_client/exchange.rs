//! One attempt of an API call on the wire, as both clients make it: the request sent, its
//! answer read by a time limit, and both logged under the API's name with their secrets
//! redacted. The clients add their credentials and bodies, and map what comes back onto
//! their own errors.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::api_error::ApiError;
use super::call::Call;
use super::describe;
use super::endpoint::{Endpoint, EndpointError};
use super::multipart::Multipart;
use super::redact::{redact_body, redact_json, redact_values};
use super::retry::{self, Attempt};

/// A request body as JSON.
pub fn to_json(body: &impl serde::Serialize) -> Value {
    // The request types are plain structs of strings, lists and options: they always serialise.
    serde_json::to_value(body).expect("request bodies serialise to JSON")
}

/// An answer, of any status.
pub struct Answer {
    pub status: reqwest::StatusCode,
    /// The wait its `Retry-After` header asked for.
    pub retry_after: Option<Duration>,
    pub bytes: bytes::Bytes,
}

impl Answer {
    /// The body of a success answer; else the client's error that `failed` makes of the
    /// status, the wait `Retry-After` asked for, and the body.
    pub fn body_or<E>(
        self,
        failed: impl FnOnce(u16, Option<Duration>, &[u8]) -> E,
    ) -> Result<Vec<u8>, E> {
        if self.status.is_success() {
            Ok(self.bytes.to_vec())
        } else {
            Err(failed(self.status.as_u16(), self.retry_after, &self.bytes))
        }
    }
}

/// Why an attempt brought no answer.
#[derive(Debug)]
pub enum Unanswered {
    /// No connection could be opened, or no answer came by the attempt's time limit.
    Endpoint(EndpointError),
    /// The exchange failed halfway, or the operation's deadline passed first; the message
    /// says which.
    Transport(String),
}

impl Unanswered {
    /// As a client's error of `call`.
    pub fn into_error<E: ApiError>(self, call: &Call) -> E {
        match self {
            Unanswered::Endpoint(error) => error.into(),
            Unanswered::Transport(message) => E::transport(call, message),
        }
    }
}

/// One attempt of `call` to `endpoint`, logged as the API `api` ("Console API") makes it.
pub struct Exchange<'a> {
    pub api: &'static str,
    pub call: &'a Call,
    pub endpoint: &'a Endpoint,
    pub attempt: Attempt,
}

impl<'a> Exchange<'a> {
    /// Attempt `attempt` of `call` to `endpoint`, by the client whose errors are `E`.
    pub fn of<E: ApiError>(call: &'a Call, endpoint: &'a Endpoint, attempt: Attempt) -> Self {
        Exchange {
            api: E::API,
            call,
            endpoint,
            attempt,
        }
    }

    /// The attempt's request to `url`, asking for JSON; its start is logged.
    pub fn request(&self, http: &reqwest::Client, url: &reqwest::Url) -> reqwest::RequestBuilder {
        let call = self.call;
        tracing::debug!(method = %call.method, path = %call.path, attempt = self.attempt.number, "{} request", self.api);
        http.request(call.method.clone(), url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
    }

    /// `request` with the JSON body `body`, traced with its secrets redacted.
    pub fn json(&self, request: reqwest::RequestBuilder, body: &Value) -> reqwest::RequestBuilder {
        if tracing::enabled!(tracing::Level::TRACE) {
            let mut logged = body.clone();
            redact_json(&mut logged);
            let call = self.call;
            tracing::trace!(method = %call.method, path = %call.path, body = %logged, "{} request body", self.api);
        }
        request.json(body)
    }

    /// `request` with the multipart body `body`, traced by its parts' names and sizes only:
    /// the files can be large.
    pub fn multipart(
        &self,
        request: reqwest::RequestBuilder,
        body: &Multipart,
    ) -> reqwest::RequestBuilder {
        let call = self.call;
        tracing::trace!(method = %call.method, path = %call.path, parts = %body, "{} request body", self.api);
        request
            .header(reqwest::header::CONTENT_TYPE, body.content_type())
            .body(body.body())
    }

    /// Sends `request` and reads its whole answer by `due`. An answer still missing then is
    /// the endpoint's failure, unless the operation's `deadline` has passed. With
    /// `secret_answer`, only the keys of a success answer are traced.
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
        due: Instant,
        deadline: Option<Instant>,
        secret_answer: bool,
    ) -> Result<Answer, Unanswered> {
        let (call, endpoint, attempt) = (self.call, self.endpoint, self.attempt);
        let started = std::time::Instant::now();
        let transport = |e: reqwest::Error| Unanswered::Transport(describe(&e.without_url()));
        let exchange = async {
            let response = request.send().await.map_err(|e| {
                let unreachable = e
                    .is_connect()
                    .then(|| endpoint.connect_failed(&e, attempt.number));
                unreachable
                    .flatten()
                    .map_or_else(|| transport(e), Unanswered::Endpoint)
            })?;
            endpoint.answered();
            let status = response.status();
            let retry_after = retry::retry_after(response.headers());
            let bytes = response.bytes().await.map_err(transport)?;
            Ok(Answer {
                status,
                retry_after,
                bytes,
            })
        };
        let answer = match tokio::time::timeout_at(due, exchange).await {
            Ok(answer) => answer?,
            Err(_) if deadline.is_some_and(|d| Instant::now() >= d) => {
                return Err(Unanswered::Transport(
                    "the operation's deadline passed before the call completed".to_owned(),
                ));
            }
            Err(_) => {
                let error = endpoint.no_answer(attempt.number, attempt.waited());
                return Err(Unanswered::Endpoint(error));
            }
        };
        tracing::debug!(
            method = %call.method,
            path = %call.path,
            status = answer.status.as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "{} answer",
            self.api
        );
        if tracing::enabled!(tracing::Level::TRACE) {
            let logged = if secret_answer && answer.status.is_success() {
                redact_values(&answer.bytes)
            } else {
                redact_body(&answer.bytes)
            };
            tracing::trace!(method = %call.method, path = %call.path, body = %logged, "{} answer body", self.api);
        }
        Ok(answer)
    }
}
