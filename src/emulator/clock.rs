//! Wall-clock time as the emulated APIs keep and write it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the epoch: stored times are wall-clock ones, so that a state file
/// read after a restart still tells what is due when.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// RFC 3339 with milliseconds, in UTC, as the APIs write times such as `created`.
pub fn format_time(ms: u64) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}
