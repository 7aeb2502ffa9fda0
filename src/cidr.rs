//! IP allowlist entries as the Console API takes them: one IPv4 or IPv6 address or CIDR
//! block, or several separated by commas. The provider checks them at plan time and the
//! emulator refuses what the API refuses, with this one reading of the format.

use std::net::IpAddr;

/// Checks an allowlist entry; the error names the part that is not an address or a CIDR
/// block and shows what would be.
pub fn check_list(entry: &str) -> Result<(), String> {
    if entry.trim().is_empty() {
        return Err(
            "the entry is empty; write an address or CIDR block such as \"203.0.113.7\" or \
             \"10.0.0.0/8\", or several separated by commas"
                .to_owned(),
        );
    }
    entry.split(',').try_for_each(|part| check_one(part.trim()))
}

/// One address (`203.0.113.7`, `2001:db8::1`) or CIDR block (`10.0.0.0/8`, `2001:db8::/32`).
fn check_one(part: &str) -> Result<(), String> {
    let invalid = |why: &str| {
        Err(format!(
            "{part:?} is not an IP address or CIDR block ({why}); write one such as \
             \"203.0.113.7\", \"10.0.0.0/8\" or \"2001:db8::/32\""
        ))
    };
    if part.is_empty() {
        return invalid("an empty part between commas");
    }
    let (address, prefix) = match part.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (part, None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return invalid("the address does not parse");
    };
    let Some(prefix) = prefix else {
        return Ok(());
    };
    let bits = if address.is_ipv4() { 32 } else { 128 };
    match prefix.parse::<u8>() {
        Ok(length) if length <= bits && !prefix.starts_with('+') => Ok(()),
        _ => invalid(&format!("the prefix length must be 0 to {bits}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_blocks_and_lists_are_accepted() {
        for good in [
            "203.0.113.7",
            "10.0.0.0/8",
            "0.0.0.0/0",
            "2001:db8::1",
            "2001:db8::/32",
            "10.0.0.0/8,192.168.0.0/16",
            "10.0.0.0/8, 2001:db8::/128",
        ] {
            assert_eq!(check_list(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn bad_parts_are_named() {
        for (bad, named) in [
            ("", "empty"),
            ("10.0.0.0/33", "\"10.0.0.0/33\""),
            ("300.1.1.1", "\"300.1.1.1\""),
            ("2001:db8::/129", "0 to 128"),
            ("10.0.0.0/8,,10.1.0.0/16", "empty part"),
            ("10.0.0.0/+8", "\"10.0.0.0/+8\""),
            ("example.com", "\"example.com\""),
        ] {
            let error = check_list(bad).unwrap_err();
            assert!(error.contains(named), "{bad}: {error}");
        }
    }
}
