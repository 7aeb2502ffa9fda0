//! One logical call as both API clients make it: credentials first, then attempts within
//! the retry policy's limits and the handle's deadline, a refused token renewed once, and
//! each failure mapped onto the client's error and judged repeatable or not.
//!
//! A call that may be repeated is cut short by the operation's deadline. One that may not
//! (a create) is not sent once the deadline has passed, and once sent its answer is waited
//! for up to the attempt's time limit, so that what it did is known; its failures other than
//! a refusal before acting leave the outcome to the caller.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::api_error::{self, ApiError, Fault};
use super::call::Call;
use super::endpoint::Endpoint;
use super::exchange::Exchange;
use super::multipart::Multipart;
use super::retry::{Attempt, Failed, RetryPolicy};
use crate::oauth::{Renewal, TokenError, TokenManager};
use crate::secret::Secret;

/// What a client handle makes its calls with.
pub struct Pipeline<'a> {
    pub http: &'a reqwest::Client,
    pub retry: &'a RetryPolicy,
    /// When the handle's calls, retries included, end.
    pub deadline: Option<Instant>,
}

/// How a call authenticates.
pub enum Credentials<'a> {
    /// A bearer token from these tokens, renewed once when the API refuses it.
    Token(&'a TokenManager),
    Basic {
        username: &'a str,
        password: &'a Secret,
    },
    None,
}

/// A request's body.
pub enum Body {
    Json(Value),
    Multipart(Multipart),
}

/// One logical call of the client whose errors are `E`.
pub struct Request<'a, E> {
    pub call: &'a Call,
    pub url: &'a reqwest::Url,
    pub endpoint: &'a Endpoint,
    pub credentials: Credentials<'a>,
    pub body: Option<&'a Body>,
    /// Whether repeating it leaves the same outcome: it is repeated on transient failures.
    pub repeatable: bool,
    /// A 409 means that the API did not act, because another change was in progress:
    /// repeated with back-off.
    pub retry_conflicts: bool,
    /// Every value of the answer is a secret: only its keys are logged.
    pub secret_answer: bool,
    pub failed: &'a FailedAnswer<'a, E>,
}

/// A client's error `E` for a non-success answer: from its status, the wait its
/// `Retry-After` asked for, and its body.
pub type FailedAnswer<'a, E> = dyn Fn(u16, Option<Duration>, &[u8]) -> E + Sync + 'a;

impl Pipeline<'_> {
    /// Sends `request`, repeated as the module documentation says, and once after a refused
    /// token whatever the method (the API did not act on a request it could not
    /// authenticate); the body of its success answer. A failure that retries could not cure
    /// says how often it was tried.
    pub async fn send<E: ApiError + From<TokenError>>(
        &self,
        request: &Request<'_, E>,
    ) -> Result<Vec<u8>, E> {
        // The token first, so that a wait for it does not eat into the call's time limit:
        // token requests have limits of their own. The attempts find it in memory.
        self.token(request).await?;
        let renewal = Renewal::default();
        let what = format!("{} call", E::API);
        api_error::run(self.retry, self.deadline, &what, |attempt| {
            self.try_once(request, &renewal, attempt)
        })
        .await
    }

    /// The bearer token of `request`, if it takes one, within the deadline.
    async fn token<E: ApiError + From<TokenError>>(
        &self,
        request: &Request<'_, E>,
    ) -> Result<Option<Secret>, E> {
        match request.credentials {
            Credentials::Token(tokens) => Ok(Some(
                tokens.token_for::<E>(request.call, self.deadline).await?,
            )),
            Credentials::Basic { .. } | Credentials::None => Ok(None),
        }
    }

    /// One attempt, and whether and how it may be repeated.
    async fn try_once<E: ApiError + From<TokenError>>(
        &self,
        request: &Request<'_, E>,
        renewal: &Renewal,
        attempt: Attempt,
    ) -> Result<Vec<u8>, Failed<E>> {
        let call = request.call;
        request
            .endpoint
            .check()
            .map_err(|e| Failed::Fail(e.into()))?;
        if !request.repeatable {
            api_error::unless_past(self.deadline, call).map_err(Failed::Fail)?;
        }
        let token = self.token(request).await.map_err(Failed::Fail)?;
        let error = match self.attempt(request, token.as_ref(), attempt).await {
            Ok(bytes) => return Ok(bytes),
            Err(error) => error,
        };
        let fault = error.fault();
        // 401: the token was refused.
        if let (Fault::Answer { status: 401, .. }, Some(token), Credentials::Token(tokens)) =
            (fault, &token, &request.credentials)
            && renewal.renew(tokens, token, call).await
        {
            return Err(Failed::RetryNow);
        }
        if request.retry_conflicts && matches!(fault, Fault::Answer { status: 409, .. }) {
            return Err(Failed::Retry {
                retry_after: fault.retry_after(),
                error,
            });
        }
        Err(api_error::retry_or_fail(
            error,
            request.endpoint,
            request.repeatable,
        ))
    }

    /// Sends the request of `attempt` and reads its answer, within the attempt's time limit
    /// and, if the call may be repeated, the operation's deadline.
    async fn attempt<E: ApiError>(
        &self,
        request: &Request<'_, E>,
        token: Option<&Secret>,
        attempt: Attempt,
    ) -> Result<Vec<u8>, E> {
        let call = request.call;
        let exchange = Exchange::of::<E>(call, request.endpoint, attempt);
        let mut sent = exchange.request(self.http, request.url);
        if let Some(token) = token {
            sent = sent.bearer_auth(token.expose());
        }
        if let Credentials::Basic { username, password } = request.credentials {
            sent = sent.basic_auth(username, Some(password.expose()));
        }
        match request.body {
            Some(Body::Json(body)) => sent = exchange.json(sent, body),
            Some(Body::Multipart(body)) => sent = exchange.multipart(sent, body),
            None => {}
        }
        // A call that may not be repeated could leave an unknown object if cut short: only
        // the attempt's own limit ends it.
        let (due, deadline) = match (request.repeatable, self.deadline) {
            (true, Some(deadline)) => (attempt.answer_due().min(deadline), Some(deadline)),
            (true, None) => (attempt.answer_due(), None),
            (false, _) => (attempt.answer_due_uncut(), None),
        };
        let answer = exchange
            .send(sent, due, deadline, request.secret_answer)
            .await
            .map_err(|e| e.into_error::<E>(call))?;
        answer.body_or(request.failed)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::http_client::call_error::CallError;
    use crate::http_client::endpoint::EndpointError;

    /// The least error type a client could have.
    #[derive(Debug, thiserror::Error)]
    enum TestError {
        #[error(transparent)]
        Call(#[from] CallError<TestError>),
        #[error(transparent)]
        Token(#[from] TokenError),
        #[error("HTTP {0}")]
        Answer(u16),
    }

    impl ApiError for TestError {
        const API: &'static str = "Test API";

        fn fault(&self) -> Fault {
            match self {
                TestError::Call(call) => call.fault(),
                TestError::Token(_) => Fault::Other,
                TestError::Answer(status) => Fault::Answer {
                    status: *status,
                    retry_after: None,
                },
            }
        }
    }

    impl From<EndpointError> for TestError {
        fn from(error: EndpointError) -> TestError {
            TestError::Call(CallError::Endpoint(error))
        }
    }

    /// The fault of a call to a server that takes connections but never answers, whose
    /// operation's deadline passes before the attempt's time limit.
    async fn fault_past_the_deadline(repeatable: bool) -> Fault {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((connection, _)) = listener.accept().await {
                held.push(connection);
            }
        });
        let retry = RetryPolicy {
            attempt_timeout: Duration::from_millis(400),
            ..RetryPolicy::default()
        };
        let http = crate::http_client::build(retry.connect_timeout).unwrap();
        let url = reqwest::Url::parse(&base).unwrap();
        let call = Call {
            method: reqwest::Method::POST,
            path: "/".into(),
        };
        let endpoint = Endpoint::new(&base, "rest_address", "REST_ADDRESS");
        let pipeline = Pipeline {
            http: &http,
            retry: &retry,
            deadline: Some(Instant::now() + Duration::from_millis(100)),
        };
        let request = Request {
            call: &call,
            url: &url,
            endpoint: &endpoint,
            credentials: Credentials::None,
            body: None,
            repeatable,
            retry_conflicts: false,
            secret_answer: false,
            failed: &|status, _, _| TestError::Answer(status),
        };
        pipeline.send(&request).await.unwrap_err().fault()
    }

    #[tokio::test]
    async fn the_deadline_cuts_short_a_repeatable_call() {
        assert_eq!(fault_past_the_deadline(true).await, Fault::Transport);
    }

    #[tokio::test]
    async fn a_sent_create_is_waited_for_up_to_the_attempts_limit() {
        assert_eq!(fault_past_the_deadline(false).await, Fault::NoAnswer);
    }
}
