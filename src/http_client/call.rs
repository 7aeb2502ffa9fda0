//! What the API clients' errors name: the call that failed, and how often it was tried.

use std::fmt;

use super::retry::GaveUp;

/// Which call failed: `POST /v2/roles`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub method: reqwest::Method,
    pub path: String,
}

impl Call {
    /// How a failure's message begins: `GET /clusters/abc answered HTTP 404 Not Found`.
    pub fn answered(&self, status: u16) -> String {
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        format!("{self} answered HTTP {status} {reason}")
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// How a call that another attempt might have cured ended: after how many attempts, and
/// why there was no other.
pub fn retried_text(attempts: u32, gave_up: &GaveUp) -> String {
    match attempts {
        1 => format!("not retried: {gave_up}"),
        n => format!("gave up after {n} attempts: {gave_up}"),
    }
}
