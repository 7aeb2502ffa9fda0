//! The one error type of the Console client. Messages name the call (method and path), the
//! status and the (redacted) body, never a token or a secret.

use std::fmt;
use std::time::Duration;

use super::env;
use super::permission::Permission;
pub use crate::http_client::call::Call;
use crate::http_client::call_error::CallError;
use crate::http_client::endpoint::EndpointError;
use crate::http_client::redact::redact_body;
use crate::oauth::TokenError;

/// A non-success answer of the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub call: Call,
    pub status: u16,
    /// The answer's body, with secret-named JSON values redacted and cut to a bounded length.
    pub body: String,
    /// The wait the answer's `Retry-After` header asked for.
    pub retry_after: Option<Duration>,
}

impl Failure {
    pub fn new(call: Call, status: u16, body: &[u8]) -> Failure {
        Failure {
            call,
            status,
            body: redact_body(body),
            retry_after: None,
        }
    }

    /// The API's own explanation: a `message`-like field of a JSON body, else the body text.
    pub fn api_message(&self) -> String {
        let from_json = serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|json| {
                ["message", "error_description", "detail", "error", "title"]
                    .iter()
                    .find_map(|key| json.get(key).and_then(|v| v.as_str()).map(str::to_owned))
            });
        match from_json {
            Some(message) => message,
            None if self.body.is_empty() => "no details given".to_owned(),
            None => self.body.clone(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.call.answered(self.status))?;
        if self.body.is_empty() {
            write!(f, " with an empty body")
        } else {
            write!(f, ": {}", self.body)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Console API: not found; {0}")]
    NotFound(Failure),
    #[error("Console API: the cluster is not ready yet; {0}")]
    NotReady(Failure),
    #[error("Console API rejected the request: {message}; {failure}")]
    BadRequest { message: String, failure: Failure },
    #[error("Console API: conflict with the current state; {0}")]
    Conflict(Failure),
    #[error("Console API: the access token was not accepted; {0}")]
    Unauthorized(Failure),
    #[error(
        "Console API: {} needs the permission {permission} (\"{}\" in the Console); the API \
         answered HTTP 403: {}. If this API client lacks the permission, grant it in Camunda \
         Console under Organization → Administration API (edit the client's permissions, or \
         use a client that has it). A 403 can also mean that a limit is reached (the Zeebe \
         clients or connector secrets of a cluster, the organization's seats) or that the \
         cluster is not the organization's.",
        failure.call,
        permission.setting(),
        failure.api_message().trim_end_matches('.')
    )]
    Forbidden {
        // Boxed: the error type stays small, and a 403 is rare.
        permission: Box<Permission>,
        failure: Failure,
    },
    #[error("Console API: rate limited{}; {failure}", retry_hint(*.retry_after))]
    RateLimited {
        retry_after: Option<Duration>,
        failure: Failure,
    },
    #[error("Console API: server error; {0}")]
    Server(Failure),
    /// A call that brought no usable answer, was not sent, or failed after its retries.
    #[error(transparent)]
    Call(#[from] CallError<Error>),
    #[error("{}", missing_credentials_text(*.client_id, *.client_secret))]
    MissingCredentials {
        client_id: bool,
        client_secret: bool,
    },
    #[error(
        "the token service {oauth_url} rejected the API client credentials (HTTP {status}: {detail}); \
         check the provider attributes `client_id` and `client_secret` (environment variables {} \
         and {}), and that they belong to a Console API client of this organization",
        env::CLIENT_ID,
        env::CLIENT_SECRET
    )]
    InvalidCredentials {
        oauth_url: String,
        status: u16,
        detail: String,
    },
    #[error(
        "the token service {oauth_url} is rate-limiting token requests for this API client \
         (gave up after {attempts} attempts){}; wait a few minutes before retrying, and keep the \
         token disk cache enabled so that provider processes share one token",
        retry_hint(*.retry_after)
    )]
    TokenRateLimited {
        oauth_url: String,
        attempts: u32,
        retry_after: Option<Duration>,
    },
    #[error("token request to {oauth_url} failed: {detail}")]
    TokenService {
        oauth_url: String,
        status: Option<u16>,
        detail: String,
    },
    #[error("invalid `{attribute}` (environment variable {env_var}) {value:?}: {reason}")]
    InvalidSetting {
        attribute: &'static str,
        env_var: &'static str,
        value: String,
        reason: String,
    },
    #[error("invalid environment variable {env_var}={value:?}: {reason}")]
    InvalidEnv {
        env_var: &'static str,
        value: String,
        reason: String,
    },
    #[error("could not set up the HTTP client: {0}")]
    HttpClient(String),
}

/// The Console's own messages for token failures.
impl From<TokenError> for Error {
    fn from(error: TokenError) -> Error {
        match error {
            TokenError::MissingCredentials { missing, .. } => missing.into(),
            TokenError::InvalidCredentials {
                oauth_url,
                status,
                detail,
                ..
            } => Error::InvalidCredentials {
                oauth_url,
                status,
                detail,
            },
            TokenError::RateLimited {
                oauth_url,
                attempts,
                retry_after,
            } => Error::TokenRateLimited {
                oauth_url,
                attempts,
                retry_after,
            },
            TokenError::Service {
                oauth_url,
                status,
                detail,
            } => Error::TokenService {
                oauth_url,
                status,
                detail,
            },
            TokenError::Endpoint(error) => error.into(),
        }
    }
}

/// The variant of an [`Error`], for matching without its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    NotReady,
    BadRequest,
    Conflict,
    Unauthorized,
    Forbidden,
    RateLimited,
    Server,
    Transport,
    Unreachable,
    NoAnswer,
    InvalidResponse,
    NotSent,
    MissingCredentials,
    InvalidCredentials,
    TokenRateLimited,
    TokenService,
    InvalidSetting,
    InvalidEnv,
    HttpClient,
}

impl Error {
    /// Maps a non-success status onto its variant.
    pub fn from_status(
        call: Call,
        status: u16,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> Error {
        let failure = Failure {
            retry_after,
            ..Failure::new(call, status, body)
        };
        match status {
            404 => Error::NotFound(failure),
            412 => Error::NotReady(failure),
            409 => Error::Conflict(failure),
            401 => Error::Unauthorized(failure),
            403 => Error::Forbidden {
                permission: Box::new(Permission::for_call(
                    failure.call.method.as_str(),
                    &failure.call.path,
                )),
                failure,
            },
            429 => Error::RateLimited {
                retry_after,
                failure,
            },
            400..=499 => Error::BadRequest {
                message: failure.api_message(),
                failure,
            },
            _ => Error::Server(failure),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::NotReady(_) => ErrorKind::NotReady,
            Error::BadRequest { .. } => ErrorKind::BadRequest,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::Unauthorized(_) => ErrorKind::Unauthorized,
            Error::Forbidden { .. } => ErrorKind::Forbidden,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Server(_) => ErrorKind::Server,
            Error::Call(call) => match call {
                CallError::Transport { .. } => ErrorKind::Transport,
                CallError::Endpoint(EndpointError::Unreachable { .. }) => ErrorKind::Unreachable,
                CallError::Endpoint(EndpointError::NoAnswer { .. }) => ErrorKind::NoAnswer,
                CallError::InvalidResponse { .. } => ErrorKind::InvalidResponse,
                CallError::NotSent { .. } => ErrorKind::NotSent,
                CallError::Retried { last, .. } => last.kind(),
            },
            Error::MissingCredentials { .. } => ErrorKind::MissingCredentials,
            Error::InvalidCredentials { .. } => ErrorKind::InvalidCredentials,
            Error::TokenRateLimited { .. } => ErrorKind::TokenRateLimited,
            Error::TokenService { .. } => ErrorKind::TokenService,
            Error::InvalidSetting { .. } => ErrorKind::InvalidSetting,
            Error::InvalidEnv { .. } => ErrorKind::InvalidEnv,
            Error::HttpClient(_) => ErrorKind::HttpClient,
        }
    }

    /// The API's answer, when there was one.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Error::NotFound(f)
            | Error::NotReady(f)
            | Error::Conflict(f)
            | Error::Unauthorized(f)
            | Error::Server(f)
            | Error::BadRequest { failure: f, .. }
            | Error::Forbidden { failure: f, .. }
            | Error::RateLimited { failure: f, .. } => Some(f),
            Error::Call(CallError::Retried { last, .. }) => last.failure(),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        self.failure().map(|f| f.status)
    }

    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::NotFound
    }

    pub fn is_not_ready(&self) -> bool {
        self.kind() == ErrorKind::NotReady
    }
}

crate::http_client::api_error::impl_api_error!(Error, "Console API");

fn retry_hint(retry_after: Option<Duration>) -> String {
    retry_after
        .map(|d| format!(" (the server asked to wait {} s)", d.as_secs_f64().ceil()))
        .unwrap_or_default()
}

fn missing_credentials_text(client_id: bool, client_secret: bool) -> String {
    let mut missing = Vec::new();
    if client_id {
        missing.push(format!(
            "`client_id` (or the environment variable {})",
            env::CLIENT_ID
        ));
    }
    if client_secret {
        missing.push(format!(
            "`client_secret` (or the environment variable {})",
            env::CLIENT_SECRET
        ));
    }
    format!(
        "missing Camunda Console API credentials: set the provider attribute {}; they are needed \
         as soon as an operation calls the Console API",
        missing.join(" and the provider attribute ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_client::api_error::ApiError;
    use crate::http_client::assert_mentions;
    use crate::http_client::retry::GaveUp;

    fn call() -> Call {
        Call {
            method: reqwest::Method::GET,
            path: "/clusters/abc".into(),
        }
    }

    #[test]
    fn statuses_map_onto_kinds() {
        let cases = [
            (404, ErrorKind::NotFound),
            (412, ErrorKind::NotReady),
            (400, ErrorKind::BadRequest),
            (422, ErrorKind::BadRequest),
            (409, ErrorKind::Conflict),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Forbidden),
            (429, ErrorKind::RateLimited),
            (500, ErrorKind::Server),
            (503, ErrorKind::Server),
        ];
        for (status, kind) in cases {
            assert_eq!(
                Error::from_status(call(), status, None, b"").kind(),
                kind,
                "{status}"
            );
        }
    }

    #[test]
    fn display_names_method_path_status_and_body() {
        let text = Error::from_status(call(), 404, None, br#"{"message":"Cluster not found"}"#)
            .to_string();
        assert_mentions(&text, &["GET", "/clusters/abc", "404", "Cluster not found"]);
    }

    #[test]
    fn bad_request_carries_the_api_message() {
        let err = Error::from_status(call(), 400, None, br#"{"message":"Name is too long"}"#);
        match err {
            Error::BadRequest { message, .. } => assert_eq!(message, "Name is too long"),
            other => panic!("unexpected {other:?}"),
        }
        let err = Error::from_status(call(), 400, None, b"plain words");
        assert!(matches!(err, Error::BadRequest { ref message, .. } if message == "plain words"));
    }

    #[test]
    fn forbidden_names_the_missing_permission_and_where_it_is_granted() {
        let call = Call {
            method: reqwest::Method::GET,
            path: "/clusters/abc/clients".into(),
        };
        let text = Error::from_status(call, 403, None, br#"{"message":"no"}"#).to_string();
        assert_mentions(
            &text,
            &[
                "GET /clusters/abc/clients needs the permission get:clients",
                "\"Zeebe clients: Get\" in the Console",
                "Organization → Administration API",
                "HTTP 403: no.",
                "a limit is reached",
            ],
        );
    }

    #[test]
    fn secrets_in_error_bodies_are_redacted() {
        let text =
            Error::from_status(call(), 500, None, br#"{"clientSecret":"abc-secret"}"#).to_string();
        assert!(!text.contains("abc-secret"), "{text}");
    }

    #[test]
    fn rate_limit_display_mentions_the_wait() {
        let err = Error::from_status(call(), 429, Some(Duration::from_secs(7)), b"");
        assert!(err.to_string().contains("asked to wait 7 s"), "{err}");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    }

    #[test]
    fn only_429_and_503_with_retry_after_are_refusals_before_acting() {
        let wait = Some(Duration::from_secs(1));
        let error = |status, retry_after| Error::from_status(call(), status, retry_after, b"");
        assert!(error(429, None).refused_before_acting());
        assert!(error(503, wait).refused_before_acting());
        for (status, retry_after) in [(503, None), (502, wait), (500, None), (504, None)] {
            let error = error(status, retry_after);
            assert!(!error.refused_before_acting(), "{status}");
            assert!(error.outcome_unknown(), "{status}");
        }
        assert!(!error(400, None).outcome_unknown());
        assert!(!error(429, wait).outcome_unknown());
    }

    #[test]
    fn no_answer_names_the_url_setting_variable_and_wait_once() {
        let error = |first| {
            Error::from(EndpointError::NoAnswer {
                url: "http://10.1.2.3:8080".into(),
                setting: "api_url",
                env_var: env::API_URL,
                waited: Duration::from_millis(30_120),
                first,
            })
        };
        let text = error(true).to_string();
        assert_mentions(
            &text,
            &[
                "no answer from http://10.1.2.3:8080 after 30.1 s",
                "`api_url`",
                env::API_URL,
            ],
        );
        let later = error(false).to_string();
        assert!(later.contains("http://10.1.2.3:8080"), "{later}");
        assert!(!later.contains(env::API_URL), "{later}");
        // A request that got no answer may have been carried out.
        assert!(error(true).is_transient() && error(true).outcome_unknown());
    }

    #[test]
    fn a_retried_error_says_how_often_and_why_it_stopped() {
        let last = Error::from_status(call(), 429, Some(Duration::from_secs(1)), b"");
        let error = Error::retried(last, 6, GaveUp::AttemptsUsed);
        assert_eq!(error.kind(), ErrorKind::RateLimited);
        let text = error.to_string();
        assert!(text.contains("gave up after 6 attempts"), "{text}");
        let last = Error::from_status(call(), 503, None, b"");
        let once = Error::retried(last, 1, GaveUp::PastDeadline(Duration::from_secs(2)));
        assert!(
            once.to_string()
                .contains("not retried: waiting 2 s more would pass"),
            "{once}"
        );
    }
}
