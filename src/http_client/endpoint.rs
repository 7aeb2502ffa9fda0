//! A configured base URL (the API's or the token service's) and whether it can be
//! reached. While it has never answered in this process, a connection that cannot even be
//! opened, or a server that takes the connection but sends no answer in time, is tried
//! again once; after that the endpoint counts as down for the rest of the process, so that
//! every later call fails at once with the same error instead of waiting out its own
//! retries. Once it has answered, a failed connection or a missing answer is a passing
//! network problem, retried like any other (a long wait for a cluster outlives those).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Attempts at an endpoint that has never answered before it counts as down.
pub const FIRST_CONTACT_ATTEMPTS: u32 = 2;

/// Why a configured URL could not be used. Only the first such error of a process is
/// `first`: later ones are short, as the first already says what to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// No connection could be opened.
    #[error("{}", unreachable_text(url, setting, env_var, reason, *first))]
    Unreachable {
        url: String,
        setting: &'static str,
        env_var: &'static str,
        reason: String,
        first: bool,
    },
    /// The connection was taken but no answer came within the time limits (`waited`: the
    /// time the call really waited).
    #[error("{}", no_answer_text(url, setting, env_var, *waited, *first))]
    NoAnswer {
        url: String,
        setting: &'static str,
        env_var: &'static str,
        waited: Duration,
        first: bool,
    },
}

pub struct Endpoint {
    url: String,
    /// The provider attribute and the environment variable that set `url`.
    setting: &'static str,
    env_var: &'static str,
    /// Why the endpoint could not be reached, once it has been given up on.
    down: OnceLock<Down>,
    /// Whether it has answered in this process.
    answered: AtomicBool,
}

/// Why an endpoint was given up on.
enum Down {
    /// No connection could be opened, for this reason.
    Unreachable(String),
    /// Connections were taken, but no answer came.
    Silent,
}

impl Endpoint {
    pub fn new(url: &str, setting: &'static str, env_var: &'static str) -> Endpoint {
        Endpoint {
            url: url.to_owned(),
            setting,
            env_var,
            down: OnceLock::new(),
            answered: AtomicBool::new(false),
        }
    }

    /// The error of an endpoint already given up on.
    pub fn check(&self) -> Result<(), EndpointError> {
        match self.down.get() {
            Some(Down::Unreachable(reason)) => Err(self.unreachable(reason, false)),
            Some(Down::Silent) => Err(self.no_answer_error(Duration::ZERO, false)),
            None => Ok(()),
        }
    }

    /// Whether the endpoint has been given up on.
    pub fn is_down(&self) -> bool {
        self.down.get().is_some()
    }

    /// Records that the endpoint answered.
    pub fn answered(&self) {
        self.answered.store(true, Ordering::Relaxed);
    }

    /// The error of a connection that could not be opened at attempt `attempt` (from 1),
    /// or `None` when the endpoint has answered before (the caller's usual transport error
    /// applies then). The last allowed attempt marks the endpoint down; the error that
    /// marks it is the process's first, which alone tells the whole story.
    pub fn connect_failed(&self, reason: &reqwest::Error, attempt: u32) -> Option<EndpointError> {
        if self.answered.load(Ordering::Relaxed) {
            return None;
        }
        let reason = root_cause(reason);
        let first = attempt >= FIRST_CONTACT_ATTEMPTS
            && self.down.set(Down::Unreachable(reason.clone())).is_ok();
        Some(self.unreachable(&reason, first))
    }

    /// The error of attempt `attempt` (from 1) whose answer did not come in time, in a call
    /// that has waited `waited` so far. On an endpoint that has never answered, the last
    /// allowed attempt marks it down. The error tells the whole story unless another one
    /// of this process has told it already, by marking the endpoint down.
    pub fn no_answer(&self, attempt: u32, waited: Duration) -> EndpointError {
        let marks_down =
            !self.answered.load(Ordering::Relaxed) && attempt >= FIRST_CONTACT_ATTEMPTS;
        let told = if marks_down {
            self.down.set(Down::Silent).is_err()
        } else {
            self.is_down()
        };
        self.no_answer_error(waited, !told)
    }

    fn unreachable(&self, reason: &str, first: bool) -> EndpointError {
        EndpointError::Unreachable {
            url: self.url.clone(),
            setting: self.setting,
            env_var: self.env_var,
            reason: reason.to_owned(),
            first,
        }
    }

    fn no_answer_error(&self, waited: Duration, first: bool) -> EndpointError {
        EndpointError::NoAnswer {
            url: self.url.clone(),
            setting: self.setting,
            env_var: self.env_var,
            waited,
            first,
        }
    }
}

/// The innermost cause of a failed connection ("Connection refused (os error 111)"),
/// which is the part a reader can act on.
fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    let text = cause.to_string();
    if error.is_timeout() && !text.contains("timed out") {
        format!("the connection timed out ({text})")
    } else {
        text
    }
}

pub(crate) fn unreachable_text(
    url: &str,
    setting: &str,
    env_var: &str,
    reason: &str,
    first: bool,
) -> String {
    if first {
        format!(
            "cannot connect to {url}: {reason}. Check the provider attribute `{setting}` \
             (environment variable {env_var}), and that this machine can reach that address"
        )
    } else {
        format!(
            "cannot connect to {url} (another error of this run says why, and which setting \
             to fix)"
        )
    }
}

pub(crate) fn no_answer_text(
    url: &str,
    setting: &str,
    env_var: &str,
    waited: Duration,
    first: bool,
) -> String {
    if first {
        format!(
            "no answer from {url} after {:.1} s: it takes connections but does not answer. \
             Check the provider attribute `{setting}` (environment variable {env_var}), and \
             that the service at that address is up",
            waited.as_secs_f64()
        )
    } else {
        format!(
            "no answer from {url} (another error of this run says why, and which setting to \
             fix)"
        )
    }
}
