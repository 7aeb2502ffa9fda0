use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::*;
use crate::secret::Secret;
use crate::tf::attr::Attr;
use crate::tf::schema::{Attribute, Block, NestedBlock, Nesting};
use crate::tf::{Number, Operation, Path, Timeouts, TimeoutsSpec};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Thing {
    name: Attr<String>,
    size: Attr<i64>,
    enabled: Attr<bool>,
    tags: Attr<Vec<String>>,
    labels: Attr<BTreeMap<String, String>>,
    parts: Attr<Vec<Part>>,
    settings: Option<Settings>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Part {
    id: String,
    weight: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Settings {
    mode: Attr<String>,
}

fn part_type() -> Type {
    Type::object([("id", Type::String), ("weight", Type::Number)])
}

/// The block of [`Settings`].
fn settings_block() -> NestedBlock {
    NestedBlock::new(
        "settings",
        Nesting::Single,
        Block::new("Settings.").attribute(Attribute::string("mode").optional()),
    )
}

fn schema() -> Schema {
    Schema::new(
        Block::new("A thing.")
            .attribute(Attribute::string("name").required())
            .attribute(Attribute::new("size", Type::Number).optional())
            .attribute(Attribute::bool("enabled").optional())
            .attribute(Attribute::new("tags", Type::set(Type::String)).optional())
            .attribute(Attribute::new("labels", Type::map(Type::String)).optional())
            .attribute(Attribute::new("parts", Type::list(part_type())).computed())
            .block(settings_block()),
    )
}

fn thing() -> Thing {
    Thing {
        name: "a".into(),
        size: Attr::Known(3),
        enabled: Attr::Unknown,
        tags: Attr::Known(vec!["x".into(), "y".into()]),
        labels: Attr::Known(BTreeMap::from([("team".into(), "core".into())])),
        parts: Attr::Known(vec![Part {
            id: "p".into(),
            weight: Some(0.5),
        }]),
        settings: Some(Settings { mode: Attr::Null }),
    }
}

#[test]
fn models_round_trip_through_values_of_the_schema_type() {
    let ty = schema().value_type();
    let value = to_value(&thing(), &ty).unwrap();
    assert_eq!(value.attr("enabled"), &Value::Unknown);
    assert_eq!(value.attr("size"), &Value::Number(Number::Int(3)));
    assert!(matches!(value.attr("tags"), Value::Set(tags) if tags.len() == 2));
    assert!(matches!(value.attr("labels"), Value::Map(_)));
    assert!(matches!(value.attr("parts"), Value::List(_)));
    assert_eq!(
        value.attr("settings"),
        &Value::object([("mode", Value::Null)])
    );
    assert_eq!(from_value::<Thing>(&value).unwrap(), thing());
}

#[test]
fn null_and_absent_blocks_are_defaults() {
    let ty = schema().value_type();
    let value = to_value(&Thing::default(), &ty).unwrap();
    assert!(value.entries().unwrap().values().all(Value::is_null));
    assert_eq!(from_value::<Thing>(&value).unwrap(), Thing::default());
}

#[test]
fn a_collection_with_unknown_elements_is_unknown_to_the_model() {
    let ty = schema().value_type();
    let mut value = to_value(&thing(), &ty).unwrap();
    value.set_at(&Path::attr("tags"), Value::Set(vec![Value::Unknown]));
    assert_eq!(from_value::<Thing>(&value).unwrap().tags, Attr::Unknown);
}

#[test]
fn an_unknown_value_where_the_model_needs_one_is_an_error_with_its_path() {
    let ty = schema().value_type();
    let mut value = to_value(&thing(), &ty).unwrap();
    let mode = Path::attr("settings");
    value.set_at(&mode, Value::Unknown);
    let error = from_value::<Thing>(&value).unwrap_err();
    assert_eq!(error.path(), Some(&mode));
    assert!(error.to_string().contains("unknown"), "{error}");
}

#[test]
fn values_and_models_must_have_the_same_attributes() {
    let ty = schema().value_type();
    let mut value = to_value(&thing(), &ty).unwrap();
    let Value::Object(attributes) = &mut value else {
        unreachable!()
    };
    attributes.insert("colour".into(), Value::Null);
    let error = from_value::<Thing>(&value).unwrap_err();
    assert!(error.to_string().contains("\"colour\""), "{error}");

    let narrow = Type::object([("name", Type::String)]);
    let error = to_value(&thing(), &narrow).unwrap_err();
    assert!(error.to_string().contains("\"size\""), "{error}");
}

#[test]
fn types_that_do_not_fit_are_errors() {
    let wrong = Type::object([("name", Type::Bool)]);
    #[derive(Serialize)]
    struct Named {
        name: String,
    }
    let error = to_value(&Named { name: "x".into() }, &wrong).unwrap_err();
    assert!(error.to_string().contains("a string"), "{error}");
}

#[test]
fn check_finds_fields_and_attributes_that_differ_at_any_depth() {
    check::<Thing>(&schema()).unwrap();

    let renamed = Schema::new(
        Block::new("A thing.")
            .attribute(Attribute::string("title").required())
            .attribute(Attribute::new("size", Type::Number).optional()),
    );
    let error = check::<Thing>(&renamed).unwrap_err().to_string();
    assert!(
        error.contains("\"name\"") && error.contains("\"title\""),
        "{error}"
    );

    #[derive(Debug, Default, Deserialize)]
    #[allow(dead_code)]
    struct Shallow {
        parts: Attr<Vec<Part>>,
    }
    let deep = Schema::new(Block::new("x").attribute(
        Attribute::new("parts", Type::list(Type::object([("id", Type::String)]))).computed(),
    ));
    let error = check::<Shallow>(&deep).unwrap_err();
    assert_eq!(
        error.path(),
        Some(&Path::attr("parts").then_index(0)),
        "{error}"
    );
}

#[test]
fn attr_paths_name_the_field() {
    assert_eq!(crate::attr_path!(Thing, labels), Path::attr("labels"));
}

/// A field of every kind that models use, as `Attr` and as a plain type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Everything {
    text: Attr<String>,
    plain_text: String,
    secret: Attr<Secret>,
    flag: Attr<bool>,
    plain_flag: bool,
    count: Attr<i64>,
    small: Attr<u8>,
    ratio: Attr<f64>,
    plain_ratio: f64,
    tags: Attr<Vec<String>>,
    names: Vec<String>,
    labels: Attr<BTreeMap<String, String>>,
    parts: Attr<Vec<Part>>,
    settings: Option<Settings>,
    items: Vec<Part>,
    timeouts: Attr<Timeouts>,
}

const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "it",
    defaults: &[(Operation::Create, std::time::Duration::from_secs(60))],
};

fn everything_type() -> Type {
    Schema::new(
        Block::new("Everything.")
            .attribute(Attribute::string("text").optional())
            .attribute(Attribute::string("plain_text").required())
            .attribute(Attribute::string("secret").optional().sensitive())
            .attribute(Attribute::bool("flag").optional())
            .attribute(Attribute::bool("plain_flag").required())
            .attribute(Attribute::new("count", Type::Number).optional())
            .attribute(Attribute::new("small", Type::Number).optional())
            .attribute(Attribute::new("ratio", Type::Number).optional())
            .attribute(Attribute::new("plain_ratio", Type::Number).required())
            .attribute(Attribute::new("tags", Type::list(Type::String)).optional())
            .attribute(Attribute::new("names", Type::set(Type::String)).required())
            .attribute(Attribute::new("labels", Type::map(Type::String)).optional())
            .attribute(Attribute::new("parts", Type::list(part_type())).optional())
            .block(settings_block())
            .block(NestedBlock::new(
                "items",
                Nesting::List,
                Block::new("Items.")
                    .attribute(Attribute::string("id").required())
                    .attribute(Attribute::new("weight", Type::Number).optional()),
            ))
            .block(TIMEOUTS.block()),
    )
    .value_type()
}

/// A value of `Everything` that it takes, with `value` at `path`.
fn everything_with(path: &Path, value: Value) -> Value {
    let part = || Value::object([("id", Value::from("p")), ("weight", Value::Null)]);
    let mut everything = Value::object([
        ("text", Value::Null),
        ("plain_text", Value::from("t")),
        ("secret", Value::from("s3cr3t")),
        ("flag", Value::Bool(true)),
        ("plain_flag", Value::Bool(false)),
        ("count", Value::Number(Number::Int(1))),
        ("small", Value::Number(Number::Int(1))),
        ("ratio", Value::Number(Number::Float(0.5))),
        ("plain_ratio", Value::Number(Number::Int(2))),
        ("tags", Value::List(vec!["a".into(), "b".into()])),
        ("names", Value::Set(vec!["a".into(), "b".into()])),
        (
            "labels",
            Value::Map(BTreeMap::from([("a".into(), "b".into())])),
        ),
        ("parts", Value::List(vec![part()])),
        ("settings", Value::object([("mode", Value::Null)])),
        ("items", Value::List(vec![part(), part()])),
        (
            "timeouts",
            Value::object([("create", Value::from("1h30m"))]),
        ),
    ]);
    assert!(everything.set_at(path, value), "{path}");
    everything
}

/// The error for `value` at `path`, which must be refused there.
fn refused(path: Path, value: Value) -> String {
    refused_in(&everything_with(&path, value), &path)
}

/// The error for `everything`, which must be refused at `path`.
fn refused_in(everything: &Value, path: &Path) -> String {
    let error = from_value::<Everything>(everything).unwrap_err();
    assert_eq!(error.refused_at(), Some(path), "{error}");
    error.message().to_owned()
}

fn number(n: Number) -> Value {
    Value::Number(n)
}

#[test]
fn every_kind_of_field_takes_the_values_it_can_hold() {
    let accepted = |path: Path, value: Value| {
        let result = from_value::<Everything>(&everything_with(&path, value.clone()));
        assert!(
            result.is_ok(),
            "{value:?} at {path}: {}",
            result.unwrap_err()
        );
        result.unwrap()
    };
    let max = || Path::attr("count");
    assert_eq!(
        accepted(max(), number(Number::Int(i64::MAX))).count,
        Attr::Known(i64::MAX)
    );
    assert_eq!(
        accepted(Path::attr("small"), number(Number::Int(255))).small,
        Attr::Known(255)
    );
    for (n, f) in [
        (Number::Int(1 << 53), 2f64.powi(53)),
        (Number::UInt(1 << 63), 2f64.powi(63)),
        (Number::Float(0.1 + 0.2), 0.1 + 0.2),
        (Number::Float(-1e300), -1e300),
    ] {
        assert_eq!(
            accepted(Path::attr("ratio"), number(n)).ratio,
            Attr::Known(f)
        );
    }
    let secret = accepted(Path::attr("secret"), Value::from("")).secret;
    assert_eq!(secret.get().map(Secret::expose), Some(""));
    assert_eq!(
        accepted(Path::attr("secret"), Value::Unknown).secret,
        Attr::Unknown
    );
    assert_eq!(
        accepted(Path::attr("secret"), Value::Null).secret,
        Attr::Null
    );
    let timeouts = accepted(Path::attr("timeouts"), Value::Unknown).timeouts;
    assert_eq!(timeouts, Attr::Unknown);
    let tags = Value::List(vec![Value::Unknown]);
    assert_eq!(accepted(Path::attr("tags"), tags).tags, Attr::Unknown);
    let absent = accepted(Path::attr("settings"), Value::Null);
    assert!(absent.settings.is_none());
    assert!(
        accepted(Path::attr("items"), Value::List(vec![]))
            .items
            .is_empty()
    );
}

#[test]
fn numbers_a_field_cannot_hold_are_refused_with_the_range_it_takes() {
    let whole = "the value must be a whole number from -9223372036854775808 to \
                 9223372036854775807.";
    for (n, shown) in [
        (Number::Float(3.5), "3.5"),
        (Number::UInt(u64::MAX), "18446744073709551615"),
        (Number::Decimal("1e400".into()), "1e400"),
    ] {
        let message = refused(Path::attr("count"), number(n));
        assert_eq!(message, format!("{shown} is not allowed here: {whole}"));
    }
    // The message for `n` in the field `name`, which starts by naming `n`.
    let refused_number = |name: &str, n: Number| {
        let message = refused(Path::attr(name), number(n.clone()));
        assert!(
            message.starts_with(&format!("{n} is not allowed")),
            "{message}"
        );
        message
    };
    for n in [Number::Int(256), Number::Int(-1), Number::Float(0.5)] {
        let message = refused_number("small", n);
        assert!(
            message.ends_with("a whole number from 0 to 255."),
            "{message}"
        );
    }
    for n in [
        Number::Int((1 << 53) + 1),
        Number::UInt(u64::MAX),
        Number::Decimal("0.300000000000000041".into()),
        Number::Decimal("1e400".into()),
    ] {
        let message = refused_number("plain_ratio", n);
        assert!(
            message.contains("at most 15 significant digits"),
            "{message}"
        );
    }
}

#[test]
fn null_or_unknown_where_a_field_needs_a_value_is_refused_at_its_path() {
    let null = "The value is null, but a value is required here.";
    let unknown = "The value is unknown until apply";
    // Inside an `Attr` collection, an unknown element makes the whole unknown instead.
    for (path, unknown_taken) in [
        (Path::attr("plain_text"), false),
        (Path::attr("plain_flag"), false),
        (Path::attr("plain_ratio"), false),
        (Path::attr("names"), false),
        (Path::attr("items"), false),
        (Path::attr("items").then_index(1).then_attr("id"), false),
        (Path::attr("tags").then_index(1), true),
        (Path::attr("labels").then_key("a"), true),
        (Path::attr("parts").then_index(0).then_attr("id"), true),
    ] {
        assert_eq!(refused(path.clone(), Value::Null), null, "{path}");
        if !unknown_taken {
            let message = refused(path.clone(), Value::Unknown);
            assert!(message.starts_with(unknown), "{path}: {message}");
        }
    }
    // A set element has no path of its own: the error names the set.
    let names = Path::attr("names");
    let with_element = |element| everything_with(&names, Value::Set(vec!["a".into(), element]));
    assert_eq!(refused_in(&with_element(Value::Null), &names), null);
    let message = refused_in(&with_element(Value::Unknown), &names);
    assert!(message.starts_with(unknown), "{message}");
}

#[test]
fn a_bad_duration_is_refused_at_its_attribute() {
    let message = refused(
        Path::attr("timeouts").then_attr("create"),
        Value::from("banana"),
    );
    assert!(
        message.starts_with("\"banana\" is not a duration. "),
        "{message}"
    );
}

#[test]
fn a_value_of_another_type_than_the_schema_says_is_the_providers_bug() {
    for (path, value) in [
        (Path::attr("text"), Value::Bool(true)),
        (Path::attr("count"), Value::from("1")),
        (Path::attr("tags"), Value::from("a")),
        (Path::attr("settings"), Value::from("a")),
    ] {
        let error = from_value::<Everything>(&everything_with(&path, value)).unwrap_err();
        assert_eq!(error.refused_at(), None, "{error}");
        assert_eq!(error.path(), Some(&path), "{error}");
    }
    // The message names the kind of value, never its content, which may be a secret.
    let secret = Value::from("s3cr3t-value");
    let error =
        from_value::<Everything>(&everything_with(&Path::attr("settings"), secret)).unwrap_err();
    assert!(error.to_string().contains("a string"), "{error}");
    assert!(!error.to_string().contains("s3cr3t-value"), "{error}");
}

#[test]
fn a_refused_value_is_an_error_on_its_attribute_and_said_once() {
    use crate::tf::diagnostics::Diagnostics;
    use crate::tf::handler::{Served, model_of};

    let create = Path::attr("timeouts").then_attr("create");
    let config = everything_with(&create, Value::from("1d"));
    let mut diags = Diagnostics::new();
    assert!(model_of::<Everything>(&config, &mut diags).is_none());
    let errors: Vec<_> = diags.iter().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].attribute, Some(create.clone()));
    assert_eq!(errors[0].summary, "Invalid value for timeouts.create");
    assert!(
        errors[0]
            .detail
            .starts_with("\"1d\" is not a duration: \"d\" is not a unit.")
    );

    // The block's validator refuses it too; the configuration gets one error.
    let schema = Schema::new(Block::new("x").block(TIMEOUTS.block()));
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Timed {
        timeouts: Attr<Timeouts>,
    }
    let config = Value::object([("timeouts", Value::object([("create", Value::from("1d"))]))]);
    let mut diags = Diagnostics::new();
    let served = Served::new(schema, (), crate::tf::model::check::<Timed>);
    served.validate_with::<Timed>(&config, &mut diags, |_, _, _| {
        unreachable!("a configuration that the model refuses is not checked further")
    });
    let errors: Vec<_> = diags.iter().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].attribute, Some(create));
    assert!(
        errors[0].detail.contains("\"d\" is not a unit"),
        "{errors:?}"
    );
}

proptest::proptest! {
    /// Whatever a configuration can hold, nulls and unknowns anywhere included: taken, or
    /// refused at a path that it has. Never the provider's bug.
    #[test]
    fn any_value_of_the_schema_type_is_taken_or_refused_at_a_path(
        value in crate::tf::codec::arbitrary::known_value_of(
            &everything_type(),
            crate::tf::codec::arbitrary::Shape { unknowns: true, dynamic_depth: 0 },
        )
    ) {
        if let Err(error) = from_value::<Everything>(&value) {
            let path = error.refused_at();
            proptest::prop_assert!(path.is_some_and(|p| !p.steps().is_empty()), "{}", error);
        }
    }
}
