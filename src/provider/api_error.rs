//! Console API errors as diagnostics.

use crate::console;
use crate::tf::{Diagnostics, Path};

/// Reports `error` under `summary`. The error's text names the call, the status and the
/// API's own message, and never a secret.
pub fn report(diags: &mut Diagnostics, summary: &str, error: &console::Error) {
    diags.error(summary, error.to_string());
}

/// Reports `error` against the attribute it concerns, e.g. a name the API rejected.
pub fn report_on(diags: &mut Diagnostics, attribute: &str, summary: &str, error: &console::Error) {
    diags.attribute_error(Path::attr(attribute), summary, error.to_string());
}
