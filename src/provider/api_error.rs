//! Console API errors as diagnostics.

use crate::console;
use crate::tf::Diagnostics;

/// Reports `error` under `summary`. The error's text names the call, the status and the
/// API's own message, and never a secret.
pub fn report(diags: &mut Diagnostics, summary: &str, error: &console::Error) {
    diags.error(summary, error.to_string());
}
