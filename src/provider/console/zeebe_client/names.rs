//! The names of ephemeral Zeebe clients: they say that the client is ephemeral and when
//! it was made, so that one left behind by a run that died can be found and swept.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// What marks a name as an ephemeral client's.
const MARK: &str = "-ephemeral-";
const STAMP: &[FormatItem<'static>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");
/// `20261129T210000Z`
const STAMP_LEN: usize = 16;
/// Random hex digits after the stamp, so that clients made in one second differ.
const NONCE_LEN: usize = 4;

/// The longest prefix that keeps a name within the API's 50 characters.
pub const MAX_PREFIX: usize = 50 - MARK.len() - STAMP_LEN - 1 - NONCE_LEN;

/// `<prefix>-ephemeral-<UTC time>-<nonce>`.
pub fn new(prefix: &str, now: OffsetDateTime) -> String {
    let stamp = now
        .to_offset(time::UtcOffset::UTC)
        .format(STAMP)
        .expect("a UTC time always formats");
    let nonce: u16 = rand::random();
    format!("{prefix}{MARK}{stamp}-{nonce:0width$x}", width = NONCE_LEN)
}

/// When the ephemeral client named `name` was made; `None` for any other name.
pub fn made_at(name: &str) -> Option<OffsetDateTime> {
    let at = name.rfind(MARK)?;
    let rest = &name[at + MARK.len()..];
    let (stamp, nonce) = rest.split_once('-')?;
    let valid_nonce = nonce.len() == NONCE_LEN && nonce.bytes().all(|b| b.is_ascii_hexdigit());
    if at == 0 || stamp.len() != STAMP_LEN || !valid_nonce {
        return None;
    }
    PrimitiveDateTime::parse(stamp, STAMP)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn names_carry_their_time_and_fit_the_api() {
        let now = datetime!(2026-11-29 21:00:05 UTC);
        let name = new(&"p".repeat(MAX_PREFIX), now);
        assert_eq!(name.len(), 50, "{name}");
        assert!(name.starts_with("ppp") && name.contains("-ephemeral-20261129T210005Z-"));
        assert_eq!(made_at(&name), Some(now));
        assert_eq!(made_at(&new("ci", now)), Some(now));
    }

    #[test]
    fn other_names_are_not_ephemeral() {
        for name in [
            "worker",
            "x-ephemeral-",
            "-ephemeral-20261129T210005Z-abcd",
            "x-ephemeral-20261129T210005Z-abcde",
            "x-ephemeral-2026112T210005Z-abcd",
            "x-ephemeral-20261129T210005Z-wxyz",
        ] {
            assert_eq!(made_at(name), None, "{name}");
        }
    }
}
