//! The `timeouts` block: how long a resource's operations may wait. Values are checked at
//! plan time and parsed once, when the model is read; the resource gets durations.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use tokio::time::Instant;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::attr::Attr;
use super::schema::{Attribute, Block, NestedBlock, Nesting};
use super::validators::{duration, parse_duration};

/// An operation that a timeout bounds; its name is the block's attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    Create,
    Read,
    Update,
    Delete,
}

impl Operation {
    fn name(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Read => "read",
            Operation::Update => "update",
            Operation::Delete => "delete",
        }
    }

    fn participle(self) -> &'static str {
        match self {
            Operation::Create => "created",
            Operation::Read => "read",
            Operation::Update => "updated",
            Operation::Delete => "deleted",
        }
    }
}

/// Which operations of a resource have a timeout, and their defaults.
pub struct TimeoutsSpec {
    /// What waits, for the descriptions: "the cluster".
    pub subject: &'static str,
    pub defaults: &'static [(Operation, Duration)],
}

impl TimeoutsSpec {
    /// The `timeouts` block of the resource's schema.
    pub fn block(&self) -> NestedBlock {
        let block = self.defaults.iter().fold(
            Block::new(format!(
                "How long operations on {} may take, each as a duration such as \"30s\", \"20m\" \
                 or \"1h30m\".",
                self.subject
            )),
            |block, &(operation, default)| {
                block.attribute(
                    Attribute::string(operation.name())
                        .optional()
                        .validate(duration())
                        .description(format!(
                            "How long to wait when {} is {}. Defaults to {}.",
                            self.subject,
                            operation.participle(),
                            Spelled(default)
                        )),
                )
            },
        );
        NestedBlock::new("timeouts", Nesting::Single, block)
    }

    /// The time `operation` may take under `timeouts`: the configured one, else the default.
    pub fn get(&self, timeouts: &Attr<Timeouts>, operation: Operation) -> Duration {
        let configured = timeouts.get().and_then(|t| t.0.get(&operation));
        configured.map(|t| t.duration).unwrap_or_else(|| {
            self.defaults
                .iter()
                .find(|(op, _)| *op == operation)
                .map(|(_, default)| *default)
                .expect("a resource asks only for the timeouts its spec declares")
        })
    }

    /// When `operation`, starting now, must be done.
    pub fn deadline(&self, timeouts: &Attr<Timeouts>, operation: Operation) -> Instant {
        Instant::now() + self.get(timeouts, operation)
    }
}

/// The block's value: the durations set in the configuration. Attributes left unset are
/// absent. (A block with unknown values is an unknown `Attr<Timeouts>` as a whole.)
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeouts(BTreeMap<Operation, Timeout>);

#[derive(Clone, Debug, PartialEq)]
struct Timeout {
    /// As written, so that the state keeps what the configuration says.
    text: String,
    duration: Duration,
}

impl Serialize for Timeouts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(op, t)| (op.name(), &t.text)))
    }
}

impl<'de> Deserialize<'de> for Timeouts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timeouts, D::Error> {
        let timeouts = BTreeMap::<Operation, Option<Timeout>>::deserialize(deserializer)?;
        let set = timeouts.into_iter().filter_map(|(op, t)| Some((op, t?)));
        Ok(Timeouts(set.collect()))
    }
}

/// Parsed on its own, so that a bad value is refused at its attribute: `timeouts.create`.
impl<'de> Deserialize<'de> for Timeout {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timeout, D::Error> {
        let text = String::deserialize(deserializer)?;
        let duration = parse_duration(&text).map_err(serde::de::Error::custom)?;
        Ok(Timeout { text, duration })
    }
}

/// A duration as the docs spell it: "30 minutes".
struct Spelled(Duration);

impl fmt::Display for Spelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.as_secs();
        let (amount, unit) = match seconds {
            s if s % 3600 == 0 => (s / 3600, "hour"),
            s if s % 60 == 0 => (s / 60, "minute"),
            s => (s, "second"),
        };
        let plural = if amount == 1 { "" } else { "s" };
        write!(f, "{amount} {unit}{plural}")
    }
}

/// A time that passed, as messages give it: "850 ms", "1.3 s", "2 min 5 s", "1 h 30 min".
pub struct Elapsed(pub Duration);

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        if millis < 1000 {
            return write!(f, "{millis} ms");
        }
        let tenths = (millis + 50) / 100;
        if tenths < 600 {
            return write!(f, "{}.{} s", tenths / 10, tenths % 10);
        }
        let seconds = (millis + 500) / 1000;
        let parts = [
            (seconds / 3600, "h"),
            (seconds / 60 % 60, "min"),
            (seconds % 60, "s"),
        ];
        let spelled: Vec<String> = parts
            .iter()
            .filter(|(amount, _)| *amount > 0)
            .map(|(amount, unit)| format!("{amount} {unit}"))
            .collect();
        f.write_str(&spelled.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::model::{from_value, to_value};
    use crate::tf::value::Value;

    const SPEC: TimeoutsSpec = TimeoutsSpec {
        subject: "the thing",
        defaults: &[
            (Operation::Create, Duration::from_secs(1800)),
            (Operation::Delete, Duration::from_secs(60)),
        ],
    };

    fn parsed(value: Value) -> Result<Attr<Timeouts>, String> {
        from_value(&value).map_err(|e| e.to_string())
    }

    #[test]
    fn configured_values_win_over_defaults_and_keep_their_spelling() {
        let block = SPEC.block();
        let ty = block.value_type();
        let value = Value::object([("create", Value::from("1h30m")), ("delete", Value::Null)]);
        let timeouts = parsed(value.clone()).unwrap();
        assert_eq!(
            SPEC.get(&timeouts, Operation::Create),
            Duration::from_secs(5400)
        );
        assert_eq!(
            SPEC.get(&timeouts, Operation::Delete),
            Duration::from_secs(60)
        );
        assert_eq!(
            SPEC.get(&Attr::Null, Operation::Create),
            Duration::from_secs(1800)
        );
        assert_eq!(to_value(&timeouts, &ty).unwrap(), value);
        assert_eq!(to_value(&Attr::<Timeouts>::Null, &ty).unwrap(), Value::Null);
    }

    #[test]
    fn a_bad_duration_is_an_error_not_a_default() {
        let error = parsed(Value::object([("create", Value::from("soon"))])).unwrap_err();
        assert!(error.contains("\"soon\" is not a duration"), "{error}");
        assert!(error.contains("create"), "{error}");
    }

    #[test]
    fn unknown_values_are_left_to_apply() {
        let value = Value::object([("create", Value::Unknown), ("delete", Value::Null)]);
        let timeouts = parsed(value).unwrap();
        assert_eq!(timeouts, Attr::Unknown);
        assert_eq!(
            SPEC.get(&timeouts, Operation::Create),
            Duration::from_secs(1800)
        );
    }

    #[test]
    fn descriptions_spell_the_defaults() {
        let block = SPEC.block();
        let create = block.block.find_attribute("create").unwrap();
        assert_eq!(
            create.description,
            "How long to wait when the thing is created. Defaults to 30 minutes."
        );
        assert!(block.block.find_attribute("update").is_none());
        assert_eq!(Spelled(Duration::from_secs(60)).to_string(), "1 minute");
    }

    #[test]
    fn elapsed_times_keep_a_precision_that_fits_their_size() {
        for (millis, spelled) in [
            (0, "0 ms"),
            (850, "850 ms"),
            (1000, "1.0 s"),
            (1300, "1.3 s"),
            (1349, "1.3 s"),
            (59_940, "59.9 s"),
            (59_960, "1 min"),
            (125_000, "2 min 5 s"),
            (125_600, "2 min 6 s"),
            (1_800_000, "30 min"),
            (5_400_000, "1 h 30 min"),
            (3_605_000, "1 h 5 s"),
        ] {
            assert_eq!(
                Elapsed(Duration::from_millis(millis)).to_string(),
                spelled,
                "{millis} ms"
            );
        }
    }
}
