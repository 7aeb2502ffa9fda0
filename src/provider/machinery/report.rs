//! API outcomes as diagnostics, the Console API's and a cluster's alike: the one way an
//! object reports an API error.

use std::fmt::Display;

use crate::tf::{Diagnostics, Path};
use crate::{console, orchestration};

/// An error of either API's client. Its text names the call, the status and the API's own
/// message, and never a secret.
pub trait ApiError: Display {
    /// Whether the API said that what was asked for does not exist (404).
    fn is_not_found(&self) -> bool;
}

impl ApiError for console::Error {
    fn is_not_found(&self) -> bool {
        console::Error::is_not_found(self)
    }
}

impl ApiError for orchestration::Error {
    fn is_not_found(&self) -> bool {
        orchestration::Error::is_not_found(self)
    }
}

/// Reports `error` under `summary`.
pub fn report(diags: &mut Diagnostics, summary: impl Display, error: &impl ApiError) {
    diags.error(summary.to_string(), error.to_string());
}

/// Reports a failed write: the API's refusal of what was sent (400) on `attribute`, which
/// holds it, under `refused` and with the API's message; any other error under `failed`.
pub fn report_write(
    diags: &mut Diagnostics,
    attribute: Path,
    refused: impl Display,
    failed: impl Display,
    error: &console::Error,
) {
    match error {
        console::Error::BadRequest { message, .. } => {
            diags.attribute_error(attribute, refused.to_string(), message.clone())
        }
        error => report(diags, failed, error),
    }
}

pub trait ApiResult<T, E> {
    /// The value; after an error, `None` with the error reported under `summary`.
    fn or_report(self, diags: &mut Diagnostics, summary: impl Display) -> Option<T>;

    /// The value; after an error, `None` with a warning under `summary` that `detail`
    /// writes from the error: for what an apply that did its change can do without.
    fn or_warn(
        self,
        diags: &mut Diagnostics,
        summary: &str,
        detail: impl FnOnce(&E) -> String,
    ) -> Option<T>;

    /// A 404 as `None`: the object does not exist (any more).
    fn found(self) -> Result<Option<T>, E>;
}

impl<T, E: ApiError> ApiResult<T, E> for Result<T, E> {
    fn or_report(self, diags: &mut Diagnostics, summary: impl Display) -> Option<T> {
        self.map_err(|error| report(diags, summary, &error)).ok()
    }

    fn or_warn(
        self,
        diags: &mut Diagnostics,
        summary: &str,
        detail: impl FnOnce(&E) -> String,
    ) -> Option<T> {
        self.map_err(|error| diags.warning(summary, detail(&error)))
            .ok()
    }

    fn found(self) -> Result<Option<T>, E> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.is_not_found() => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// Reports a pair of attributes of which exactly one must be set, when `set` says that both
/// or neither are (an unknown value counts as set); `second` is where "both" points.
pub fn exactly_one(
    diags: &mut Diagnostics,
    [first_name, second_name]: [&str; 2],
    set: [bool; 2],
    second: Path,
    detail: &str,
) {
    match set {
        [true, true] => diags.attribute_error(
            second,
            format!("Both `{first_name}` and `{second_name}` are set"),
            detail,
        ),
        [false, false] => diags.error(
            format!("Neither `{first_name}` nor `{second_name}` is set"),
            detail,
        ),
        _ => {}
    }
}

/// Reports a use of the provider before Terraform configured it: a bug in the provider.
pub fn not_configured(diags: &mut Diagnostics) {
    diags.error(
        "Provider not configured",
        "The camunda provider was used before Terraform configured it; this is a bug in the \
         provider.",
    );
}

/// Reports provider settings that are known only after apply (they come from values that
/// another resource computes) where an operation needs `api` now; `remedy` says how to
/// get past it.
pub fn settings_not_known(
    diags: &mut Diagnostics,
    summary: &str,
    settings: impl IntoIterator<Item = String>,
    api: &str,
    remedy: &str,
) {
    let names = settings.into_iter().collect::<Vec<_>>().join(" and ");
    diags.error(
        summary,
        format!(
            "The camunda provider's {names} will only be known after apply (they come from \
             values that another resource computes), but this operation needs {api} now. \
             {remedy}"
        ),
    );
}
