//! The failures of a call that both clients' errors have alike: no usable answer, a call
//! that was not sent, and a failure that retries could not cure. Each client's error holds
//! one as its `Call` variant; messages begin with the client's API name.

use std::fmt;

use super::api_error::{ApiError, Fault};
use super::call::{Call, retried_text};
use super::endpoint::EndpointError;
use super::retry::GaveUp;

/// A failed call of the API whose error type is `E`.
#[derive(Debug)]
pub enum CallError<E> {
    /// The exchange failed halfway, or the operation's deadline passed first.
    Transport {
        call: Call,
        message: String,
    },
    /// No connection, or no answer in time, from a configured URL.
    Endpoint(EndpointError),
    /// A success answer that could not be read.
    InvalidResponse {
        call: Call,
        message: String,
    },
    NotSent {
        call: Call,
        reason: String,
    },
    /// A failure that another attempt might have cured, and why there was none.
    Retried {
        last: Box<E>,
        attempts: u32,
        gave_up: GaveUp,
    },
}

impl<E: ApiError> CallError<E> {
    /// Where the call went wrong; for a retried call, its last attempt.
    pub fn fault(&self) -> Fault {
        match self {
            CallError::Transport { .. } => Fault::Transport,
            CallError::Endpoint(EndpointError::Unreachable { .. }) => Fault::Unreachable,
            CallError::Endpoint(EndpointError::NoAnswer { .. }) => Fault::NoAnswer,
            CallError::InvalidResponse { .. } => Fault::InvalidResponse,
            CallError::NotSent { .. } => Fault::NotSent,
            CallError::Retried { last, .. } => last.fault(),
        }
    }
}

impl<E: ApiError> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let api = E::API;
        match self {
            CallError::Transport { call, message } => write!(
                f,
                "{api}: {call} failed before a complete answer arrived: {message}"
            ),
            CallError::Endpoint(error) => error.fmt(f),
            CallError::InvalidResponse { call, message } => write!(
                f,
                "{api}: {call} gave an answer that could not be read: {message}"
            ),
            CallError::NotSent { call, reason } => {
                write!(f, "{api}: {call} was not sent: {reason}")
            }
            CallError::Retried {
                last,
                attempts,
                gave_up,
            } => write!(f, "{last}; {}", retried_text(*attempts, gave_up)),
        }
    }
}

impl<E: ApiError + fmt::Debug> std::error::Error for CallError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Endpoint(error) => error.source(),
            _ => None,
        }
    }
}
