//! Reusable attribute validators. Each error message names the offending value and
//! says what would be valid; the diagnostic adds the attribute.

use std::sync::Arc;
use std::time::Duration;

use super::schema::Validator;
use super::value::Value;

fn validator(
    description: String,
    check: impl Fn(&Value) -> Result<(), String> + Send + Sync + 'static,
) -> Validator {
    Validator {
        description,
        check: Arc::new(check),
    }
}

/// A string that is one of `allowed`.
pub fn one_of(allowed: &'static [&'static str]) -> Validator {
    let list = quoted_list(allowed);
    validator(format!("One of {list}."), move |value| {
        match value.as_str() {
            Some(s) if allowed.contains(&s) => Ok(()),
            Some(s) => Err(format!("{s:?} is not allowed; use one of {list}.")),
            None => Ok(()),
        }
    })
}

/// A set or list whose every known string element is one of `allowed`.
pub fn each_one_of(allowed: &'static [&'static str]) -> Validator {
    let list = quoted_list(allowed);
    validator(format!("Each element is one of {list}."), move |value| {
        let invalid: Vec<_> = value
            .elements()
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| !allowed.contains(s))
            .map(|s| format!("{s:?}"))
            .collect();
        if invalid.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} not allowed; use any of {list}.",
                invalid.join(", ")
            ))
        }
    })
}

/// A string of `min..=max` characters with no whitespace.
pub fn name(min: usize, max: usize) -> Validator {
    validator(
        format!("{min} to {max} characters, without whitespace."),
        move |value| {
            let Some(s) = value.as_str() else {
                return Ok(());
            };
            let len = s.chars().count();
            if len < min || len > max {
                Err(format!(
                    "{s:?} has {len} characters; it must have {min} to {max}."
                ))
            } else if s.chars().any(char::is_whitespace) {
                Err(format!("{s:?} contains whitespace, which is not allowed."))
            } else {
                Ok(())
            }
        },
    )
}

/// A string with at least one character that is not whitespace, and at most `max`
/// characters (`usize::MAX`: no upper bound).
pub fn not_blank(max: usize) -> Validator {
    let description = if max == usize::MAX {
        "Not empty.".to_owned()
    } else {
        format!("1 to {max} characters, not only whitespace.")
    };
    validator(description, move |value| {
        let Some(s) = value.as_str() else {
            return Ok(());
        };
        if s.trim().is_empty() {
            Err(format!("{s:?} is empty; a value is required here."))
        } else {
            at_most(s, max)
        }
    })
}

/// An IP address or CIDR block, or several separated by commas (see [`crate::addresses`]).
pub fn ip_list() -> Validator {
    validator(
        "One IPv4 or IPv6 address or CIDR block, or several separated by commas.".into(),
        |value| match value.as_str() {
            Some(s) => crate::addresses::check_ip_list(s),
            None => Ok(()),
        },
    )
}

/// An email address (see [`crate::addresses`]).
pub fn email() -> Validator {
    validator("An email address.".into(), |value| match value.as_str() {
        Some(s) => crate::addresses::check_email(s),
        None => Ok(()),
    })
}

/// A string of at most `max` characters; empty is allowed.
pub fn max_chars(max: usize) -> Validator {
    validator(format!("At most {max} characters."), move |value| {
        value.as_str().map_or(Ok(()), |s| at_most(s, max))
    })
}

fn at_most(s: &str, max: usize) -> Result<(), String> {
    let len = s.chars().count();
    if len > max {
        Err(format!(
            "{s:?} has {len} characters; at most {max} are allowed."
        ))
    } else {
        Ok(())
    }
}

/// An absolute `http` or `https` URL.
pub fn http_url() -> Validator {
    validator(
        "An absolute http or https URL.".into(),
        |value| match value.as_str() {
            Some(s)
                if ["http://", "https://"]
                    .iter()
                    .any(|scheme| s.starts_with(scheme) && s.len() > scheme.len()) =>
            {
                Ok(())
            }
            Some(s) => Err(format!(
                "{s:?} is not an http or https URL; write one such as \"https://api.cloud.camunda.io\"."
            )),
            None => Ok(()),
        },
    )
}

/// A duration string such as `"30m"` or `"1h30m"`.
pub fn duration() -> Validator {
    validator(
        "A duration such as \"30s\", \"20m\" or \"1h30m\".".into(),
        |value| match value.as_str() {
            Some(s) => parse_duration(s).map(|_| ()),
            None => Ok(()),
        },
    )
}

/// Parses Go-style durations, as Terraform users write them (`"1h30m"`, `"90s"`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid =
        || format!("{text:?} is not a duration; write one such as \"30s\", \"20m\" or \"1h30m\".");
    if text.is_empty() {
        return Err(invalid());
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let amount: f64 = rest[..digits].parse().map_err(|_| invalid())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(invalid()),
        };
        rest = &rest[unit_len..];
        total += Duration::try_from_secs_f64(amount * seconds).map_err(|_| invalid())?;
    }
    Ok(total)
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        for bad in ["", "30", "m", "10x", "-1s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_bounded_and_without_whitespace() {
        let v = name(1, 50);
        assert!((v.check)(&"ok-name".into()).is_ok());
        assert!(
            (v.check)(&"has space".into())
                .unwrap_err()
                .contains("whitespace")
        );
        assert!((v.check)(&"".into()).unwrap_err().contains("1 to 50"));
        assert!((v.check)(&"x".repeat(51).into()).is_err());
    }

    #[test]
    fn blank_and_overlong_strings_are_refused() {
        let any = not_blank(usize::MAX);
        assert!((any.check)(&"c1".into()).is_ok());
        assert!((any.check)(&"".into()).unwrap_err().contains("empty"));
        assert!((any.check)(&"  ".into()).unwrap_err().contains("empty"));
        let bounded = not_blank(50);
        assert!((bounded.check)(&"with space".into()).is_ok());
        let err = (bounded.check)(&"x".repeat(51).into()).unwrap_err();
        assert!(
            err.contains("51 characters") && err.contains("at most 50"),
            "{err}"
        );
    }

    #[test]
    fn a_bounded_string_may_be_empty_but_not_longer() {
        let bounded = max_chars(150);
        assert!((bounded.check)(&"".into()).is_ok());
        assert!((bounded.check)(&"é".repeat(150).into()).is_ok());
        let err = (bounded.check)(&"x".repeat(151).into()).unwrap_err();
        assert!(err.contains("has 151 characters; at most 150"), "{err}");
    }

    #[test]
    fn one_of_lists_the_valid_values() {
        let err = (one_of(&["dev", "prod"]).check)(&"qa".into()).unwrap_err();
        assert_eq!(err, "\"qa\" is not allowed; use one of \"dev\", \"prod\".");
        let err = (each_one_of(&["A", "B"]).check)(&Value::Set(vec!["A".into(), "C".into()]))
            .unwrap_err();
        assert!(err.contains("\"C\""), "{err}");
    }
}
