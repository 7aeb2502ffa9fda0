//! The error type of the Orchestration Cluster API client. An answer's problem details
//! (RFC 9457: `type`, `title`, `status`, `detail`) are decoded; messages name the call,
//! and for a 403 the permission the call needs, never a token, password or secret.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

pub use crate::http_client::call::Call;
use crate::http_client::call_error::CallError;
use crate::http_client::redact::redact_body;
use crate::oauth::{Setting, TokenError};

/// An `application/problem+json` body. Every field is optional here: gateways and older
/// clusters answer with less than the description requires.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: Option<String>,
    pub title: Option<String>,
    pub status: Option<u16>,
    pub detail: Option<String>,
    pub instance: Option<String>,
}

/// A non-success answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub call: Call,
    pub status: u16,
    /// The decoded problem details, when the body held them.
    pub problem: Option<Box<Problem>>,
    /// The body, with secret-named JSON values redacted and cut to a bounded length.
    pub body: String,
    /// The wait the answer's `Retry-After` header asked for.
    pub retry_after: Option<Duration>,
}

impl Failure {
    pub fn new(call: Call, status: u16, retry_after: Option<Duration>, body: &[u8]) -> Failure {
        let problem = serde_json::from_slice::<Problem>(body)
            .ok()
            .filter(|p| p.title.is_some() || p.detail.is_some())
            .map(Box::new);
        Failure {
            call,
            status,
            problem,
            body: redact_body(body),
            retry_after,
        }
    }

    /// The API's explanation: the problem's title and detail, else the body.
    pub fn message(&self) -> String {
        let problem = self.problem.as_ref();
        let title = problem.and_then(|p| p.title.as_deref());
        let detail = problem.and_then(|p| p.detail.as_deref());
        match (title, detail) {
            (Some(title), Some(detail)) => format!("{title}: {detail}"),
            (Some(text), None) | (None, Some(text)) => text.to_owned(),
            (None, None) if self.body.is_empty() => "no details given".to_owned(),
            (None, None) => self.body.clone(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.call.answered(self.status), self.message())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Orchestration Cluster API: not found; {0}")]
    NotFound(Failure),
    #[error("Orchestration Cluster API: conflict (it exists already, or is assigned already); {0}")]
    Conflict(Failure),
    #[error("Orchestration Cluster API rejected the request; {0}")]
    BadRequest(Failure),
    #[error(
        "Orchestration Cluster API: the credentials were not accepted; check the \
         `orchestration_api` settings; {0}"
    )]
    Unauthorized(Failure),
    #[error("Orchestration Cluster API: {}", forbidden_text(.failure, *.permission))]
    Forbidden {
        /// As the description lists it for the operation: `ROLE:CREATE`.
        permission: Option<&'static str>,
        failure: Failure,
    },
    #[error("Orchestration Cluster API: rate limited; {0}")]
    RateLimited(Failure),
    #[error("Orchestration Cluster API: server error; {0}")]
    Server(Failure),
    /// A call that brought no usable answer, was not sent, or failed after its retries.
    #[error(transparent)]
    Call(#[from] CallError<Error>),
    #[error("Orchestration Cluster API: no access token: {0}")]
    Token(#[from] TokenError),
    #[error(
        "missing {setting}: it is needed as soon as an operation calls the cluster's \
         Orchestration Cluster API"
    )]
    MissingSetting { setting: Setting },
    #[error("invalid {setting} {value:?}: {reason}")]
    InvalidSetting {
        setting: Setting,
        value: String,
        reason: String,
    },
    /// An operation that the API does not offer, such as assigning a role to a group
    /// through the group (it is done through the role).
    #[error("Orchestration Cluster API: {0}")]
    Unsupported(String),
    #[error("could not set up the HTTP client: {0}")]
    HttpClient(String),
}

impl Error {
    /// Maps a non-success status onto its variant; `permission` is the one the call needs.
    pub fn from_status(failure: Failure, permission: Option<&'static str>) -> Error {
        match failure.status {
            404 => Error::NotFound(failure),
            409 => Error::Conflict(failure),
            401 => Error::Unauthorized(failure),
            403 => Error::Forbidden {
                permission,
                failure,
            },
            429 => Error::RateLimited(failure),
            400..=499 => Error::BadRequest(failure),
            _ => Error::Server(failure),
        }
    }

    /// The error itself, or the last one of a retried call.
    fn last(&self) -> &Error {
        match self {
            Error::Call(CallError::Retried { last, .. }) => last.last(),
            other => other,
        }
    }

    /// The API's answer, when there was one.
    pub fn failure(&self) -> Option<&Failure> {
        match self.last() {
            Error::NotFound(f)
            | Error::Conflict(f)
            | Error::BadRequest(f)
            | Error::Unauthorized(f)
            | Error::RateLimited(f)
            | Error::Server(f)
            | Error::Forbidden { failure: f, .. } => Some(f),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        self.failure().map(|f| f.status)
    }

    /// The answer's problem details, when it had them.
    pub fn problem(&self) -> Option<&Problem> {
        self.failure().and_then(|f| f.problem.as_deref())
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self.last(), Error::NotFound(_))
    }

    /// A create of an id that exists, or an assignment that is there already.
    pub fn is_conflict(&self) -> bool {
        matches!(self.last(), Error::Conflict(_))
    }

    pub fn is_forbidden(&self) -> bool {
        matches!(self.last(), Error::Forbidden { .. })
    }
}

crate::http_client::api_error::impl_api_error!(Error, "Orchestration Cluster API");

fn forbidden_text(failure: &Failure, permission: Option<&str>) -> String {
    let needs = match permission.and_then(|p| p.split_once(':')) {
        Some((resource, action)) => format!(
            "{} needs the permission {resource}:{action} (resource type {resource}, permission \
             type {action}), which these credentials do not have. Grant it with an \
             authorization to the client, user, group or role, in the cluster's Identity",
            failure.call
        ),
        None => format!("{} is not allowed with these credentials", failure.call),
    };
    format!(
        "{needs}; the API answered HTTP {}: {}",
        failure.status,
        failure.message()
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
            method: reqwest::Method::POST,
            path: "/v2/roles".into(),
        }
    }

    fn failure(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Failure {
        Failure::new(call(), status, retry_after, body)
    }

    fn error(status: u16, body: &[u8]) -> Error {
        Error::from_status(failure(status, None, body), Some("ROLE:CREATE"))
    }

    const PROBLEM: &[u8] = br#"{"type":"about:blank","title":"ALREADY_EXISTS","status":409,
        "detail":"Expected to create role with ID 'r1', but a role with this ID already exists.",
        "instance":"/v2/roles"}"#;

    #[test]
    fn problem_details_are_decoded() {
        let error = error(409, PROBLEM);
        assert!(error.is_conflict() && !error.is_not_found());
        let problem = error.problem().unwrap();
        assert_eq!(problem.problem_type.as_deref(), Some("about:blank"));
        assert_eq!(problem.title.as_deref(), Some("ALREADY_EXISTS"));
        assert_eq!(problem.status, Some(409));
        assert_eq!(problem.instance.as_deref(), Some("/v2/roles"));
        let text = error.to_string();
        assert_mentions(
            &text,
            &[
                "POST /v2/roles",
                "409",
                "ALREADY_EXISTS: Expected to create role",
            ],
        );
    }

    #[test]
    fn bodies_without_problem_details_are_shown_as_they_are() {
        let error = error(502, b"<html>Bad Gateway</html>");
        assert_eq!(error.problem(), None);
        assert!(
            error.to_string().contains("<html>Bad Gateway</html>"),
            "{error}"
        );
        let empty = error_of_status(500);
        assert!(empty.to_string().contains("no details given"), "{empty}");
    }

    fn error_of_status(status: u16) -> Error {
        error(status, b"")
    }

    #[test]
    fn statuses_map_onto_their_variants() {
        assert!(error_of_status(404).is_not_found());
        assert!(error_of_status(409).is_conflict());
        assert!(error_of_status(403).is_forbidden());
        assert!(matches!(error_of_status(400), Error::BadRequest(_)));
        assert!(matches!(error_of_status(401), Error::Unauthorized(_)));
        assert!(matches!(error_of_status(429), Error::RateLimited(_)));
        assert!(matches!(error_of_status(503), Error::Server(_)));
    }

    #[test]
    fn forbidden_names_the_permission_the_operation_needs() {
        let body = br#"{"title":"FORBIDDEN","status":403,"detail":"Insufficient permissions"}"#;
        let text = error(403, body).to_string();
        assert_mentions(
            &text,
            &[
                "POST /v2/roles needs the permission ROLE:CREATE",
                "resource type ROLE, permission type CREATE",
                "authorization",
                "Insufficient permissions",
            ],
        );
        let unknown = Error::from_status(failure(403, None, body), None).to_string();
        assert!(unknown.contains("is not allowed"), "{unknown}");
    }

    #[test]
    fn only_refusals_let_a_create_be_repeated_and_lost_answers_are_unknown_outcomes() {
        let wait = Some(Duration::from_secs(1));
        let of = |status, retry_after| Error::from_status(failure(status, retry_after, b""), None);
        assert!(of(429, None).refused_before_acting());
        assert!(of(503, wait).refused_before_acting());
        for (status, retry_after) in [(502, None), (504, None), (503, None), (500, wait)] {
            let error = of(status, retry_after);
            assert!(
                !error.refused_before_acting() && error.outcome_unknown(),
                "{status}"
            );
        }
        assert!(!of(404, None).outcome_unknown() && !of(409, None).outcome_unknown());
        let closed = Error::transport(&call(), "connection closed before message completed".into());
        assert!(closed.outcome_unknown());
        let retried = Error::retried(of(504, None), 3, GaveUp::AttemptsUsed);
        assert!(retried.outcome_unknown() && retried.status() == Some(504));
        assert!(
            retried.to_string().contains("gave up after 3 attempts"),
            "{retried}"
        );
    }

    #[test]
    fn secrets_in_bodies_are_redacted() {
        let body = br#"{"title":"Bad Request","detail":"invalid","password":"pw-value"}"#;
        let error = error(400, body);
        let text = format!("{error} {error:?}");
        assert!(!text.contains("pw-value"), "{text}");
    }
}
