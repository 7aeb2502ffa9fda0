//! What both API clients' errors say of a failed call ([`Fault`]), and the rules that follow
//! from it alike for both: whether another attempt may help, whether the server may have
//! acted, and how a call that retries could not cure is reported.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::call::Call;
use super::call_error::CallError;
use super::endpoint::{Endpoint, EndpointError};
use super::retry::{self, Attempt, Failed, GaveUp, RetryPolicy};

/// Where a call went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A non-success answer, with the wait its `Retry-After` header asked for.
    Answer {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// No connection could be opened: no server got the request.
    Unreachable,
    /// The connection was taken but no answer came in time.
    NoAnswer,
    /// The exchange failed halfway, or the operation's deadline passed first.
    Transport,
    /// A success answer that could not be read.
    InvalidResponse,
    /// The call was not sent: the operation's deadline had passed.
    NotSent,
    /// Nothing was asked of the API: settings, credentials or the token failed first.
    Other,
}

impl Fault {
    /// The wait the server asked for, if any.
    pub fn retry_after(self) -> Option<Duration> {
        match self {
            Fault::Answer { retry_after, .. } => retry_after,
            _ => None,
        }
    }

    /// Whether repeating the same idempotent call may succeed: rate limits, server errors,
    /// transport failures and missing answers.
    pub fn is_transient(self) -> bool {
        match self {
            Fault::Answer { status, .. } => status == 429 || is_server_status(status),
            Fault::Transport | Fault::NoAnswer => true,
            _ => false,
        }
    }

    /// Whether the server certainly did not carry out the call: it refused it for its rate
    /// limit (429), or as unavailable for a while (503 with `Retry-After`), or the call was
    /// never sent. Only such a failure lets a call that is not idempotent be sent again
    /// without looking first.
    pub fn refused_before_acting(self) -> bool {
        match self {
            Fault::Answer { status: 429, .. } | Fault::NotSent => true,
            Fault::Answer {
                status: 503,
                retry_after,
            } => retry_after.is_some(),
            _ => false,
        }
    }

    /// Whether the call may have been carried out although no success answer came: the
    /// connection failed, a gateway or the server failed, no answer came in time, or a
    /// success answer could not be read. What the call did must then be looked up, not
    /// assumed.
    pub fn outcome_unknown(self) -> bool {
        let may_have_acted = match self {
            Fault::Answer { status, .. } => is_server_status(status),
            Fault::Transport | Fault::NoAnswer | Fault::InvalidResponse => true,
            _ => false,
        };
        may_have_acted && !self.refused_before_acting()
    }
}

/// Whether a non-success status is the server's failure: both clients count every status
/// outside 4xx as one.
fn is_server_status(status: u16) -> bool {
    !(400..=499).contains(&status)
}

/// What the shared call pipeline needs of a client's error type.
pub trait ApiError: From<CallError<Self>> + From<EndpointError> + fmt::Display + Sized {
    /// The API's name, as the messages of its failed calls begin: `Console API`.
    const API: &'static str;
    /// Where the call went wrong; for a retried call, its last attempt.
    fn fault(&self) -> Fault;

    /// `last`, the failure that `attempts` attempts could not cure, and why there was no other.
    fn retried(last: Self, attempts: u32, gave_up: GaveUp) -> Self {
        CallError::Retried {
            last: Box::new(last),
            attempts,
            gave_up,
        }
        .into()
    }

    /// An exchange with `call` that failed halfway.
    fn transport(call: &Call, message: String) -> Self {
        CallError::Transport {
            call: call.clone(),
            message,
        }
        .into()
    }

    /// A `call` that was not sent, for `reason`.
    fn not_sent(call: &Call, reason: &str) -> Self {
        CallError::NotSent {
            call: call.clone(),
            reason: reason.to_owned(),
        }
        .into()
    }

    /// A success answer to `call` that could not be read.
    fn invalid_response(call: &Call, message: String) -> Self {
        CallError::InvalidResponse {
            call: call.clone(),
            message,
        }
        .into()
    }
}

/// Implements [`ApiError`] for a client's error enum `$error` of the API named `$api`, and
/// gives it the inherent `is_transient`, `retry_after`, `refused_before_acting` and
/// `outcome_unknown` that its callers use. The enum holds the failures of [`CallError`] as
/// its variant `Call(CallError<$error>)` (with `#[from]`); `failure()` gives the answer
/// (`status`, `retry_after`) of the others, if there was one.
macro_rules! impl_api_error {
    ($error:ident, $api:literal) => {
        impl $crate::http_client::api_error::ApiError for $error {
            const API: &'static str = $api;

            fn fault(&self) -> $crate::http_client::api_error::Fault {
                use $crate::http_client::api_error::Fault;
                match self {
                    $error::Call(call) => call.fault(),
                    other => other.failure().map_or(Fault::Other, |f| Fault::Answer {
                        status: f.status,
                        retry_after: f.retry_after,
                    }),
                }
            }
        }

        impl From<$crate::http_client::endpoint::EndpointError> for $error {
            fn from(error: $crate::http_client::endpoint::EndpointError) -> $error {
                $error::Call($crate::http_client::call_error::CallError::Endpoint(error))
            }
        }

        impl $error {
            /// See [`Fault::is_transient`](crate::http_client::api_error::Fault::is_transient).
            pub fn is_transient(&self) -> bool {
                $crate::http_client::api_error::ApiError::fault(self).is_transient()
            }

            /// The wait the server asked for, if any.
            pub fn retry_after(&self) -> Option<std::time::Duration> {
                $crate::http_client::api_error::ApiError::fault(self).retry_after()
            }

            /// See [`Fault::refused_before_acting`](crate::http_client::api_error::Fault::refused_before_acting).
            pub fn refused_before_acting(&self) -> bool {
                $crate::http_client::api_error::ApiError::fault(self).refused_before_acting()
            }

            /// See [`Fault::outcome_unknown`](crate::http_client::api_error::Fault::outcome_unknown).
            pub fn outcome_unknown(&self) -> bool {
                $crate::http_client::api_error::ApiError::fault(self).outcome_unknown()
            }
        }
    };
}
pub(crate) use impl_api_error;

/// Runs the attempts of one call as [`retry::run`] does; a failure that another attempt
/// might have cured says how often it was tried.
pub async fn run<T, E: ApiError, F: Future<Output = Result<T, Failed<E>>>>(
    policy: &RetryPolicy,
    deadline: Option<Instant>,
    what: &str,
    attempt: impl FnMut(Attempt) -> F,
) -> Result<T, E> {
    retry::run(policy, deadline, what, attempt)
        .await
        .map_err(|ended| match ended.gave_up {
            Some(gave_up) => E::retried(ended.error, ended.attempts, gave_up),
            None => ended.error,
        })
}

/// A call that may not be cut short once sent is not sent at all when the operation's
/// `deadline` has passed.
pub fn unless_past<E: ApiError>(deadline: Option<Instant>, call: &Call) -> Result<(), E> {
    if deadline.is_some_and(|d| Instant::now() >= d) {
        Err(E::not_sent(call, "the operation's timeout had passed"))
    } else {
        Ok(())
    }
}

/// Whether a failed attempt at `endpoint` is tried again: always after a connection that
/// could not be opened (it reached no server), else after a transient failure if the call
/// is `repeatable` or the server refused it before acting; never once the endpoint has been
/// given up on.
pub fn retry_or_fail<E: ApiError>(error: E, endpoint: &Endpoint, repeatable: bool) -> Failed<E> {
    let fault = error.fault();
    if matches!(fault, Fault::Unreachable | Fault::NoAnswer) && endpoint.is_down() {
        return Failed::Fail(error);
    }
    if fault == Fault::Unreachable
        || (fault.is_transient() && (repeatable || fault.refused_before_acting()))
    {
        Failed::Retry {
            retry_after: fault.retry_after(),
            error,
        }
    } else {
        Failed::Fail(error)
    }
}

/// The JSON answer to `call`.
pub fn decode<T: DeserializeOwned, E: ApiError>(call: &Call, bytes: &[u8]) -> Result<T, E> {
    serde_json::from_slice(bytes).map_err(|e| E::invalid_response(call, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, retry_after: Option<u64>) -> Fault {
        Fault::Answer {
            status,
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    #[test]
    fn refusals_are_429_503_with_retry_after_and_calls_never_sent() {
        assert!(answer(429, None).refused_before_acting());
        assert!(answer(503, Some(1)).refused_before_acting());
        assert!(Fault::NotSent.refused_before_acting());
        for fault in [answer(503, None), answer(502, Some(1)), Fault::Transport] {
            assert!(!fault.refused_before_acting(), "{fault:?}");
        }
    }

    #[test]
    fn server_failures_and_lost_answers_leave_the_outcome_unknown() {
        for fault in [
            answer(500, None),
            answer(503, None),
            Fault::Transport,
            Fault::NoAnswer,
            Fault::InvalidResponse,
        ] {
            assert!(fault.outcome_unknown(), "{fault:?}");
        }
        for fault in [
            answer(404, None),
            answer(429, None),
            answer(503, Some(1)),
            Fault::Unreachable,
            Fault::NotSent,
            Fault::Other,
        ] {
            assert!(!fault.outcome_unknown(), "{fault:?}");
        }
    }

    #[test]
    fn rate_limits_server_errors_and_lost_answers_are_transient() {
        for fault in [answer(429, None), answer(502, None), Fault::NoAnswer] {
            assert!(fault.is_transient(), "{fault:?}");
        }
        for fault in [answer(409, None), Fault::Unreachable, Fault::NotSent] {
            assert!(!fault.is_transient(), "{fault:?}");
        }
    }
}
