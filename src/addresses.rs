//! Addresses as the Console API takes them: IP allowlist entries (one IPv4 or IPv6 address
//! or CIDR block, or several separated by commas) and the email addresses of members. The
//! provider checks them at plan time and the emulator refuses what the API refuses, with
//! this one reading of each format.

use std::net::IpAddr;

/// Checks an email address: one `@` between a non-empty local part and a domain of at
/// least two non-empty labels, and no whitespace.
pub fn check_email(email: &str) -> Result<(), String> {
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain.split('.').count() >= 2
            && domain.split('.').all(|label| !label.is_empty())
    }) && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{email:?} is not an email address; write one such as \"jane@example.com\""
        ))
    }
}

/// Checks an allowlist entry; the error names the part that is not an address or a CIDR
/// block and shows what would be.
pub fn check_ip_list(entry: &str) -> Result<(), String> {
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
            assert_eq!(check_ip_list(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn email_addresses_have_a_local_part_and_a_dotted_domain() {
        for good in ["jane@example.com", "Jane.Doe+ops@sub.example.co.uk"] {
            assert_eq!(check_email(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "a@b@c.d",
            "jane @x.com",
            "j@x..com",
        ] {
            assert!(
                check_email(bad)
                    .unwrap_err()
                    .contains("not an email address"),
                "{bad}"
            );
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
            let error = check_ip_list(bad).unwrap_err();
            assert!(error.contains(named), "{bad}: {error}");
        }
    }
}
