use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::*;
use crate::tf::attr::Attr;
use crate::tf::schema::{Attribute, Block, NestedBlock, Nesting};
use crate::tf::{Number, Path};

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

fn schema() -> Schema {
    Schema::new(
        Block::new("A thing.")
            .attribute(Attribute::string("name").required())
            .attribute(Attribute::new("size", Type::Number).optional())
            .attribute(Attribute::bool("enabled").optional())
            .attribute(Attribute::new("tags", Type::set(Type::String)).optional())
            .attribute(Attribute::new("labels", Type::map(Type::String)).optional())
            .attribute(Attribute::new("parts", Type::list(part_type())).computed())
            .block(NestedBlock::new(
                "settings",
                Nesting::Single,
                Block::new("Settings.").attribute(Attribute::string("mode").optional()),
            )),
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
