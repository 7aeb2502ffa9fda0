//! Five-field cron expressions (`minute hour day-of-month month day-of-week`, in UTC), as
//! backup schedules are written, and the API's floor of one backup per 15 minutes. The
//! provider checks schedules at plan time with this, and the emulator checks them as the
//! API does.

use std::collections::BTreeSet;

/// The shortest time between two backups that a schedule may ask for, in minutes.
pub const MIN_INTERVAL_MINUTES: u32 = 15;

/// One field: its name, for messages, and its range of values.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    /// Names that stand for values, from `min` on (months and weekdays).
    names: &'static [&'static str],
}

const FIELDS: [Field; 5] = [
    Field {
        name: "minute",
        min: 0,
        max: 59,
        names: &[],
    },
    Field {
        name: "hour",
        min: 0,
        max: 23,
        names: &[],
    },
    Field {
        name: "day of month",
        min: 1,
        max: 31,
        names: &[],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
    },
    // 7 is Sunday too, as in most crons.
    Field {
        name: "day of week",
        min: 0,
        max: 7,
        names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    },
];

/// The minutes and hours at which a schedule runs; the day fields only need to be valid.
#[derive(Debug, PartialEq)]
struct Times {
    minutes: BTreeSet<u32>,
    hours: BTreeSet<u32>,
}

/// Checks `expression`: five valid fields that never run two backups less than
/// [`MIN_INTERVAL_MINUTES`] apart. The error says what is wrong and what would do.
pub fn check(expression: &str) -> Result<(), String> {
    let times = parse(expression)?;
    let interval = times.shortest_interval();
    if interval < MIN_INTERVAL_MINUTES {
        return Err(format!(
            "{expression:?} runs backups {interval} minute{} apart; Camunda takes at most one \
             backup every {MIN_INTERVAL_MINUTES} minutes. Use, for example, \"*/15 * * * *\" \
             (every quarter hour) or \"0 2 * * *\" (daily at 02:00 UTC).",
            if interval == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

fn parse(expression: &str) -> Result<Times, String> {
    let parts: Vec<&str> = expression.split_whitespace().collect();
    if parts.len() != FIELDS.len() {
        return Err(format!(
            "{expression:?} has {} field{}; a schedule has five: minute, hour, day of month, \
             month and day of week, in UTC (for example \"0 2 * * *\" for daily at 02:00).",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        ));
    }
    let mut values = parts.iter().zip(&FIELDS).map(|(part, field)| {
        field
            .parse(part)
            .map_err(|e| format!("{expression:?}: {e}"))
    });
    let minutes = values.next().expect("five fields")?;
    let hours = values.next().expect("five fields")?;
    for days in values {
        days?;
    }
    Ok(Times { minutes, hours })
}

impl Field {
    fn parse(&self, text: &str) -> Result<BTreeSet<u32>, String> {
        let mut values = BTreeSet::new();
        for item in text.split(',') {
            values.extend(self.parse_item(item)?);
        }
        Ok(values)
    }

    /// `*`, `N`, `N-M`, each optionally followed by `/STEP`.
    fn parse_item(&self, item: &str) -> Result<Vec<u32>, String> {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => match step.parse::<u32>() {
                Ok(step) if step > 0 => (range, step),
                _ => {
                    return Err(format!(
                        "the step in {item:?} ({} field) must be a whole number above 0",
                        self.name
                    ));
                }
            },
            None => (item, 1),
        };
        let (first, last) = match range {
            "*" => (self.min, self.max),
            _ => match range.split_once('-') {
                Some((first, last)) => (self.value(first)?, self.value(last)?),
                // `N/STEP` runs from N to the end of the range.
                None if item.contains('/') => (self.value(range)?, self.max),
                None => {
                    let value = self.value(range)?;
                    (value, value)
                }
            },
        };
        if first > last {
            return Err(format!(
                "the range {range:?} ({} field) runs backwards",
                self.name
            ));
        }
        Ok((first..=last).step_by(step as usize).collect())
    }

    fn value(&self, text: &str) -> Result<u32, String> {
        let named = self
            .names
            .iter()
            .position(|name| name.eq_ignore_ascii_case(text))
            .map(|i| self.min + i as u32);
        match named.or_else(|| text.parse().ok()) {
            Some(value) if (self.min..=self.max).contains(&value) => Ok(value),
            _ => Err(format!(
                "{text:?} is not a valid {}; use {} to {}{}",
                self.name,
                self.min,
                self.max,
                match self.names {
                    [] => String::new(),
                    names => format!(" or {} to {}", names[0], names[names.len() - 1]),
                }
            )),
        }
    }
}

impl Times {
    /// The fewest minutes between two runs. Runs in the same hour are as far apart as
    /// their minutes; the last run of an hour and the first of the next are closest when
    /// two consecutive hours (23 and 0 included) both run.
    fn shortest_interval(&self) -> u32 {
        let minutes: Vec<u32> = self.minutes.iter().copied().collect();
        let within_hour = minutes.windows(2).map(|pair| pair[1] - pair[0]);
        let consecutive_hours = self
            .hours
            .iter()
            .any(|hour| self.hours.contains(&((hour + 1) % 24)));
        let across_hours = match (minutes.first(), minutes.last()) {
            (Some(first), Some(last)) if consecutive_hours => Some(60 - last + first),
            _ => None,
        };
        within_hour.chain(across_hours).min().unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_schedules_pass() {
        for ok in [
            "0 2 * * *",
            "*/15 * * * *",
            "0,30 * * * *",
            "0 */6 * * MON-FRI",
            "45 23 1 jan,jul 0",
            "0 0 * * 7",
            "5/20 8-18 * * 1-5",
            "59 23 * * *",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn schedules_more_often_than_every_quarter_hour_are_refused() {
        for (schedule, interval) in [
            ("* * * * *", 1),
            ("*/5 * * * *", 5),
            ("0,10 * * * *", 10),
            // 00:55 and then 01:00.
            ("0,55 * * * *", 5),
            // 23:50 and then 00:05 the next day.
            ("5,50 0,23 * * *", 15),
            ("0,50 23,0 * * *", 10),
        ] {
            let result = check(schedule);
            if interval < MIN_INTERVAL_MINUTES {
                let error = result.unwrap_err();
                assert!(
                    error.contains(&format!("{interval} minute")),
                    "{schedule}: {error}"
                );
                assert!(error.contains("15 minutes"), "{error}");
            } else {
                assert_eq!(result, Ok(()), "{schedule}");
            }
        }
    }

    #[test]
    fn malformed_fields_are_named() {
        for (bad, needle) in [
            ("0 2 * *", "has 4 fields"),
            ("@daily", "has 1 field;"),
            ("60 2 * * *", "\"60\" is not a valid minute; use 0 to 59"),
            ("0 24 * * *", "not a valid hour"),
            ("0 2 0 * *", "not a valid day of month"),
            ("0 2 * 13 *", "or JAN to DEC"),
            ("0 2 * * FUNDAY", "or SUN to SAT"),
            ("*/0 * * * *", "above 0"),
            ("0 5-2 * * *", "runs backwards"),
            ("0 2 ? * *", "not a valid day of month"),
        ] {
            let error = check(bad).unwrap_err();
            assert!(error.contains(needle), "{bad}: {error}");
        }
    }
}
