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
        let invalid = value
            .elements()
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| !allowed.contains(s));
        none_refused(invalid, |refused| {
            format!("{refused} not allowed; use any of {list}.")
        })
    })
}

/// Ok when there is nothing `refused`; else the error that `message` makes of their list.
fn none_refused<'a>(
    refused: impl Iterator<Item = &'a str>,
    message: impl FnOnce(&str) -> String,
) -> Result<(), String> {
    let refused: Vec<_> = refused.map(|s| format!("{s:?}")).collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(message(&refused.join(", ")))
    }
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

/// An ID as the Orchestration Cluster API takes it: 1 to `max` ASCII letters, digits and
/// characters of `punctuation`.
pub fn identifier(max: usize, punctuation: &'static str) -> Validator {
    let description =
        format!("1 to {max} ASCII letters, digits and characters of `{punctuation}`.");
    validator(description.clone(), move |value| {
        let Some(s) = value.as_str() else {
            return Ok(());
        };
        let bad: String = s
            .chars()
            .filter(|c| !c.is_ascii_alphanumeric() && !punctuation.contains(*c))
            .collect();
        if s.is_empty() || s.chars().count() > max {
            Err(format!(
                "{s:?} has {} characters; use {description}",
                s.chars().count()
            ))
        } else if !bad.is_empty() {
            Err(format!("{s:?} holds {bad:?}; use {description}"))
        } else {
            Ok(())
        }
    })
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

/// A string that is not `""`, for an optional attribute whose API keeps none as `""`: an
/// empty value would read back as null, so it is refused with the advice to leave the
/// attribute out. (Whitespace is kept, and read back, as it is.)
pub fn omitted_when_empty() -> Validator {
    const ADVICE: &str = "\"\" is the same as none here, as the cluster keeps none as an \
                          empty string; leave the attribute out instead.";
    validator(
        "Not empty; leave it out for none.".into(),
        |value| match value.as_str() {
            Some("") => Err(ADVICE.into()),
            _ => Ok(()),
        },
    )
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

/// JSON text of any JSON value.
pub fn json() -> Validator {
    validator(
        "JSON text, as `jsonencode(...)` makes it.".into(),
        |value| {
            let Some(s) = value.as_str() else {
                return Ok(());
            };
            serde_json::from_str::<serde_json::Value>(s)
                .map(drop)
                .map_err(|e| format!("{s:?} is not JSON ({e}); write it with jsonencode(...)."))
        },
    )
}

/// A map of files with at least one entry, each named with one of `endings`.
pub fn file_names(endings: &'static [&'static str]) -> Validator {
    let list = endings.join(", ");
    validator(
        format!("At least one file; each name ends in {list}."),
        move |value| {
            let Some(files) = value.entries() else {
                return Ok(());
            };
            if files.is_empty() {
                return Err(format!("No files: give at least one ({list})."));
            }
            let other = files
                .keys()
                .map(String::as_str)
                .filter(|name| !endings.iter().any(|ending| name.ends_with(ending)));
            none_refused(other, |refused| {
                format!("{refused} cannot be deployed: a file's name ends in one of {list}.")
            })
        },
    )
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
        format!(
            "A duration such as \"30s\", \"20m\" or \"1h30m\"; the units are {DURATION_UNITS}."
        ),
        |value| match value.as_str() {
            Some(s) => parse_duration(s).map(|_| ()),
            None => Ok(()),
        },
    )
}

/// The units of a duration, as messages list them.
const DURATION_UNITS: &str = "\"ms\", \"s\", \"m\" and \"h\"";

/// Parses Go-style durations, as Terraform users write them (`"1h30m"`, `"90s"`), without
/// Go's negative ones and its units below a millisecond, which no timeout needs. The error
/// names the text, says what is wrong with it when that is clear, and how to write one.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = |why: String| {
        format!(
            "{text:?} is not a duration{why}. Write a number and a unit, such as \"30s\", \
             \"20m\" or \"1h30m\"; the units are {DURATION_UNITS}."
        )
    };
    if text.is_empty() {
        return Err(invalid(": it is empty".into()));
    }
    if text.starts_with('-') {
        return Err(invalid(": it is negative".into()));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let number = &rest[..digits];
        let amount: f64 = number.parse().map_err(|_| invalid(String::new()))?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "" => return Err(invalid(format!(": {number} has no unit"))),
            unit => return Err(invalid(format!(": {unit:?} is not a unit"))),
        };
        rest = &rest[unit_len..];
        total = Duration::try_from_secs_f64(amount * seconds)
            .ok()
            .and_then(|part| total.checked_add(part))
            .ok_or_else(|| invalid(": it is too long".into()))?;
    }
    Ok(total)
}

/// `items` quoted and separated by commas, for messages that list the allowed values.
pub fn quoted_list(items: &[&str]) -> String {
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
    fn file_names_take_only_the_listed_endings() {
        let check = |files: &[&str]| {
            let value = Value::Map(
                files
                    .iter()
                    .map(|name| (name.to_string(), Value::string("x")))
                    .collect(),
            );
            (file_names(&[".bpmn", ".dmn", ".form"]).check)(&value)
        };
        assert_eq!(check(&["order.bpmn", "risk.dmn", "start.form"]), Ok(()));
        let error = check(&["order.bpmn", "notes.txt", "order.BPMN2"]).unwrap_err();
        assert!(
            error.contains(r#""notes.txt", "order.BPMN2" cannot be deployed"#),
            "{error}"
        );
        assert!(error.contains(".bpmn, .dmn, .form"), "{error}");
        assert!(check(&[]).unwrap_err().contains("at least one"));
    }

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        for bad in ["", "30", "m", "10x", "-1s", "1.2.3s", "+5m", " 5m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bad_duration_is_named_with_what_is_wrong_and_how_to_write_one() {
        let why = |text: &str| parse_duration(text).unwrap_err();
        for (text, what) in [
            ("banana", "\"banana\" is not a duration. "),
            ("", "\"\" is not a duration: it is empty. "),
            ("-5m", "\"-5m\" is not a duration: it is negative. "),
            ("1d", "\"1d\" is not a duration: \"d\" is not a unit. "),
            ("5", "\"5\" is not a duration: 5 has no unit. "),
            ("1h30", "\"1h30\" is not a duration: 30 has no unit. "),
            (
                "9999999999999999999h",
                "\"9999999999999999999h\" is not a duration: it is too long. ",
            ),
        ] {
            let error = why(text);
            assert!(error.starts_with(what), "{error}");
            assert!(
                error.ends_with(
                    "Write a number and a unit, such as \"30s\", \"20m\" or \"1h30m\"; the \
                     units are \"ms\", \"s\", \"m\" and \"h\"."
                ),
                "{error}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever the text, an answer and no panic; what parses is what its parts add up to.
        #[test]
        fn any_text_parses_or_is_refused_by_name(text in "\\PC{0,12}|[0-9.]{0,25}(ms|s|m|h|d)?") {
            if let Err(error) = parse_duration(&text) {
                let named = format!("{text:?} is not a duration");
                proptest::prop_assert!(error.starts_with(&named), "{}", error);
            }
        }

        #[test]
        fn sums_of_parts_parse_to_their_sum(parts in proptest::collection::vec((0u64..100_000, 0usize..4), 1..5)) {
            let units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
            let text: String = parts.iter().map(|(n, u)| format!("{n}{}", units[*u].0)).collect();
            let millis: u64 = parts.iter().map(|(n, u)| n * units[*u].1).sum();
            proptest::prop_assert_eq!(parse_duration(&text), Ok(Duration::from_millis(millis)));
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
    fn an_empty_string_is_refused_with_the_advice_to_leave_it_out() {
        let v = omitted_when_empty();
        assert!((v.check)(&"Reads everything".into()).is_ok());
        assert!((v.check)(&" ".into()).is_ok());
        assert!((v.check)(&Value::Null).is_ok());
        let err = (v.check)(&"".into()).unwrap_err();
        assert!(err.contains("leave the attribute out"), "{err}");
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

    #[test]
    fn identifiers_take_letters_digits_and_the_given_punctuation() {
        let check = |s: &str| (identifier(8, "_-").check)(&Value::from(s));
        assert_eq!(check("ops_team-1"), Err("\"ops_team-1\" has 10 characters; use 1 to 8 ASCII letters, digits and characters of `_-`.".into()));
        assert!(check("ops-1").is_ok());
        let err = check("op s!").unwrap_err();
        assert!(err.contains("holds \" !\""), "{err}");
        assert!(check("").is_err());
        assert!(check("é").unwrap_err().contains("\"é\""));
    }
}
