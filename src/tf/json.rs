//! cty's JSON encoding of values, as `DynamicValue.json` and raw resource state carry them.
//!
//! JSON has no unknowns. A known value at a `dynamic` position is the object
//! `{"value": …, "type": …}`. Decoding accepts what cty accepts: numbers and bools
//! written as strings, strings written as numbers or bools, and object attributes
//! left out (they decode as null).

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

pub use super::codec::{DecodeError, EncodeError};
use super::codec::{Node, names, node, tuple_length};
use super::number::Number;
use super::path::Path;
use super::types::Type;
use super::value::Value;

/// What decoding does with an object attribute the type does not declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownAttributes {
    Reject,
    /// For state written by an older schema, which may hold attributes since removed.
    Drop,
}

pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, EncodeError> {
    Ok(to_json(value, ty)?.to_string().into_bytes())
}

/// Decodes, rejecting attributes the type does not declare.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    from_json(&parse(bytes)?, ty, UnknownAttributes::Reject)
}

/// Decodes, dropping attributes the type does not declare.
pub fn decode_lenient(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    from_json(&parse(bytes)?, ty, UnknownAttributes::Drop)
}

fn parse(bytes: &[u8]) -> Result<Json, DecodeError> {
    serde_json::from_slice(bytes)
        .map_err(|e| DecodeError::new(&Path::root(), format!("invalid JSON: {e}")))
}

pub fn to_json(value: &Value, ty: &Type) -> Result<Json, EncodeError> {
    write(value, ty, &Path::root())
}

fn write(value: &Value, ty: &Type, path: &Path) -> Result<Json, EncodeError> {
    let json = match node(value, ty, path)? {
        Node::Null => Json::Null,
        Node::Unknown => return Err(EncodeError::new(path, "JSON cannot hold an unknown value")),
        Node::Bool(b) => Json::Bool(b),
        Node::Number(n) => number_to_json(n, path)?,
        Node::String(s) => Json::from(s),
        Node::Array(children) => Json::Array(
            children
                .iter()
                .map(|c| write(c.value, c.ty, &c.path))
                .collect::<Result<_, _>>()?,
        ),
        Node::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, c)| Ok(((*k).to_owned(), write(c.value, c.ty, &c.path)?)))
                .collect::<Result<_, EncodeError>>()?,
        ),
        Node::Dynamic(concrete, c) => {
            let mut wrapper = Map::new();
            wrapper.insert("value".to_owned(), write(c.value, c.ty, &c.path)?);
            wrapper.insert("type".to_owned(), concrete.to_json());
            Json::Object(wrapper)
        }
    };
    Ok(json)
}

/// A JSON number, except a decimal no machine number holds, which goes as a string so
/// that no digit is lost.
fn number_to_json(n: &Number, path: &Path) -> Result<Json, EncodeError> {
    match n {
        Number::Int(i) => Ok(Json::from(*i)),
        Number::UInt(u) => Ok(Json::from(*u)),
        Number::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .ok_or_else(|| EncodeError::new(path, format!("JSON cannot hold the number {f}"))),
        Number::Decimal(d) => Ok(Json::from(d.as_str())),
    }
}

pub fn from_json(json: &Json, ty: &Type, unknown: UnknownAttributes) -> Result<Value, DecodeError> {
    Reader { unknown }.value(json, ty, &Path::root())
}

struct Reader {
    unknown: UnknownAttributes,
}

impl Reader {
    fn value(&self, json: &Json, ty: &Type, path: &Path) -> Result<Value, DecodeError> {
        if json.is_null() {
            return Ok(Value::Null);
        }
        let expected = |what: &str| {
            DecodeError::new(
                path,
                format!("{what} is required, found {}", describe(json)),
            )
        };
        let value = match (ty, json) {
            (Type::Dynamic, Json::Object(wrapper)) => self.dynamic(wrapper, path)?,
            (Type::Dynamic, _) => return Err(expected("a {\"value\": …, \"type\": …} object")),
            (Type::Bool, Json::Bool(b)) => Value::Bool(*b),
            (Type::Bool, Json::String(s)) => match s.as_str() {
                "true" | "1" => Value::Bool(true),
                "false" | "0" => Value::Bool(false),
                _ => {
                    return Err(DecodeError::new(
                        path,
                        format!("a bool is required, found {s:?}"),
                    ));
                }
            },
            (Type::Number, Json::Number(n)) => {
                Value::Number(number_from_json(n).ok_or_else(|| {
                    DecodeError::new(path, format!("the number {n} is out of range"))
                })?)
            }
            (Type::Number, Json::String(s)) => {
                Value::Number(Number::parse(s).ok_or_else(|| {
                    DecodeError::new(path, format!("a number is required, found {s:?}"))
                })?)
            }
            (Type::String, Json::String(s)) => Value::String(s.clone()),
            (Type::String, Json::Number(n)) => Value::String(n.to_string()),
            (Type::String, Json::Bool(b)) => Value::String(b.to_string()),
            (Type::List(e), Json::Array(items)) => Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.value(item, e, &path.then_index(i)))
                    .collect::<Result<_, _>>()?,
            ),
            (Type::Set(e), Json::Array(items)) => Value::Set(
                items
                    .iter()
                    .map(|item| self.value(item, e, path))
                    .collect::<Result<_, _>>()?,
            ),
            (Type::Tuple(ts), Json::Array(items)) if items.len() == ts.len() => Value::Tuple(
                items
                    .iter()
                    .zip(ts)
                    .enumerate()
                    .map(|(i, (item, t))| self.value(item, t, &path.then_index(i)))
                    .collect::<Result<_, _>>()?,
            ),
            (Type::Tuple(ts), Json::Array(items)) => {
                return Err(DecodeError::new(path, tuple_length(ts.len(), items.len())));
            }
            (Type::Map(e), Json::Object(entries)) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.value(v, e, &path.then_key(k))?)))
                    .collect::<Result<_, DecodeError>>()?,
            ),
            (Type::Object(attrs), Json::Object(entries)) => self.object(attrs, entries, path)?,
            (Type::Bool, _) => return Err(expected("a bool")),
            (Type::Number, _) => return Err(expected("a number")),
            (Type::String, _) => return Err(expected("a string")),
            (Type::List(_), _) => return Err(expected("a list")),
            (Type::Set(_), _) => return Err(expected("a set")),
            (Type::Tuple(_), _) => return Err(expected("a tuple")),
            (Type::Map(_), _) => return Err(expected("a map")),
            (Type::Object(_), _) => return Err(expected("an object")),
        };
        Ok(value)
    }

    /// Attributes left out decode as null: state written before they existed lacks them.
    fn object(
        &self,
        attrs: &BTreeMap<String, Type>,
        entries: &Map<String, Json>,
        path: &Path,
    ) -> Result<Value, DecodeError> {
        if self.unknown == UnknownAttributes::Reject
            && let Some(extra) = entries.keys().find(|k| !attrs.contains_key(*k))
        {
            return Err(DecodeError::new(
                path,
                format!(
                    "unsupported attribute {extra:?}; the type has {}",
                    names(attrs.keys())
                ),
            ));
        }
        let values = attrs.iter().map(|(name, t)| {
            let value = match entries.get(name) {
                Some(json) => self.value(json, t, &path.then_attr(name))?,
                None => Value::Null,
            };
            Ok((name.clone(), value))
        });
        Ok(Value::Object(values.collect::<Result<_, DecodeError>>()?))
    }

    fn dynamic(&self, wrapper: &Map<String, Json>, path: &Path) -> Result<Value, DecodeError> {
        if let Some(key) = wrapper.keys().find(|k| *k != "value" && *k != "type") {
            return Err(DecodeError::new(
                path,
                format!("invalid key {key:?} in a dynamically typed value"),
            ));
        }
        let part = |key: &str| {
            wrapper.get(key).ok_or_else(|| {
                DecodeError::new(
                    path,
                    format!("a dynamically typed value needs a {key:?} key"),
                )
            })
        };
        let ty =
            Type::from_json(part("type")?).map_err(|e| DecodeError::new(path, e.to_string()))?;
        if ty == Type::Dynamic {
            return Err(DecodeError::new(
                path,
                "a dynamic value needs a concrete type, not \"dynamic\"",
            ));
        }
        let value = self.value(part("value")?, &ty, path)?;
        Ok(Value::Dynamic(ty, Box::new(value)))
    }
}

/// serde_json holds a number as i64, u64 or f64, not as text; the f64 is taken as it is,
/// since its shortest spelling can name a different integer (2.952805092251369e16).
fn number_from_json(n: &serde_json::Number) -> Option<Number> {
    match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => Some(Number::Int(i)),
        (None, Some(u)) => Some(Number::from_u64(u)),
        (None, None) => n.as_f64().map(Number::from_f64),
    }
}

/// The kind of a JSON value, for messages.
fn describe(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a bool",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::tf::codec::arbitrary::{Codec, Shape, any_type};

    const JSON: Codec = Codec {
        encode,
        decode,
        shape: Shape {
            unknowns: false,
            dynamic_depth: 2,
        },
    };

    fn decoded(text: &str, ty: &Type) -> Value {
        decode(text.as_bytes(), ty).unwrap()
    }

    fn number(n: Number) -> Value {
        Value::Number(n)
    }

    #[test]
    fn decode_inverts_encode() {
        JSON.round_trips();
    }

    proptest! {
        #[test]
        fn integers_decode_alike_from_every_form(n in any::<i64>()) {
            let mut forms = vec![n.to_string(), format!("\"{n}\""), format!("\"{n}.0\"")];
            // serde_json keeps no text, so integers written as floats stay exact only
            // where an f64 holds them.
            if (n as f64) as i64 == n && n != i64::MAX {
                forms.extend([format!("{n}.0"), format!("{n}e0"), Json::from(n as f64).to_string()]);
            }
            for form in forms {
                prop_assert_eq!(decoded(&form, &Type::Number), number(Number::Int(n)), "{}", form);
            }
        }

        #[test]
        fn mismatches_name_the_path(ty in any_type().prop_filter("accepts no bool", |t| !matches!(t, Type::Bool | Type::String | Type::Dynamic))) {
            JSON.mismatch_names_the_path(ty)?;
        }
    }

    #[test]
    fn object_encoding_is_cty_s() {
        let ty = Type::object([
            ("a", Type::String),
            ("b", Type::Number),
            ("c", Type::list(Type::Bool)),
        ]);
        let value = Value::object([
            ("a", Value::from("x")),
            ("b", Value::Null),
            ("c", Value::List(vec![Value::Bool(true), Value::Null])),
        ]);
        let text = r#"{"a":"x","b":null,"c":[true,null]}"#;
        assert_eq!(encode(&value, &ty).unwrap(), text.as_bytes());
        assert_eq!(decoded(text, &ty), value);
        assert_eq!(decoded(r#"{"c":[true,null],"b":null,"a":"x"}"#, &ty), value);
    }

    #[test]
    fn numbers_are_json_numbers_unless_only_a_decimal_holds_them() {
        let enc =
            |n: Number| String::from_utf8(encode(&number(n), &Type::Number).unwrap()).unwrap();
        assert_eq!(enc(Number::Int(-3)), "-3");
        assert_eq!(enc(Number::UInt(u64::MAX)), "18446744073709551615");
        assert_eq!(enc(Number::Float(0.5)), "0.5");
        let big = "123456789012345678901234567890.5";
        assert_eq!(enc(Number::Decimal(big.into())), format!("\"{big}\""));
        assert_eq!(
            decoded(&format!("\"{big}\""), &Type::Number),
            number(Number::Decimal(big.into()))
        );
        for half in ["0.5", "\"0.5\"", "5e-1", "\"5e-1\""] {
            assert_eq!(
                decoded(half, &Type::Number),
                number(Number::Float(0.5)),
                "{half}"
            );
        }
        assert_eq!(
            JSON.decode_err("\"many\"", &Type::Number),
            "a number is required, found \"many\""
        );
        let err = encode(&number(Number::Float(f64::INFINITY)), &Type::Number).unwrap_err();
        assert_eq!(err.to_string(), "JSON cannot hold the number inf");
    }

    #[test]
    fn primitives_convert_as_cty_does() {
        for (text, b) in [
            ("true", true),
            ("\"true\"", true),
            ("\"1\"", true),
            ("false", false),
            ("\"0\"", false),
        ] {
            assert_eq!(decoded(text, &Type::Bool), Value::Bool(b), "{text}");
        }
        assert_eq!(
            JSON.decode_err("\"yes\"", &Type::Bool),
            "a bool is required, found \"yes\""
        );
        assert_eq!(
            JSON.decode_err("1", &Type::Bool),
            "a bool is required, found a number"
        );
        assert_eq!(decoded("12", &Type::String), Value::from("12"));
        assert_eq!(decoded("false", &Type::String), Value::from("false"));
        assert_eq!(
            JSON.decode_err("[]", &Type::String),
            "a string is required, found an array"
        );
    }

    #[test]
    fn missing_attributes_are_null_and_unknown_ones_rejected_unless_lenient() {
        let ty = Type::object([("a", Type::String), ("b", Type::Number)]);
        let expected = Value::object([("a", Value::from("x")), ("b", Value::Null)]);
        assert_eq!(decoded(r#"{"a":"x"}"#, &ty), expected);
        let old = br#"{"a":"x","gone":1}"#;
        assert_eq!(
            decode(old, &ty).unwrap_err().to_string(),
            "unsupported attribute \"gone\"; the type has \"a\", \"b\""
        );
        assert_eq!(decode_lenient(old, &ty).unwrap(), expected);
        let nested = Type::list(ty);
        let err = decode(br#"[{"a":"x"},{"a":5,"b":true}]"#, &nested).unwrap_err();
        assert_eq!(err.to_string(), "[1].b: a number is required, found a bool");
    }

    #[test]
    fn unknowns_cannot_be_written() {
        let ty = Type::object([("id", Type::String)]);
        let err = encode(&Value::object([("id", Value::Unknown)]), &ty).unwrap_err();
        assert_eq!(err.to_string(), "id: JSON cannot hold an unknown value");
    }

    #[test]
    fn dynamic_values_carry_their_type() {
        let value = Value::Dynamic(
            Type::list(Type::String),
            Box::new(Value::List(vec!["a".into()])),
        );
        let text = r#"{"type":["list","string"],"value":["a"]}"#;
        assert_eq!(encode(&value, &Type::Dynamic).unwrap(), text.as_bytes());
        assert_eq!(decoded(text, &Type::Dynamic), value);
        assert_eq!(
            decoded(
                r#"{"value":["a"],"type":["list","string"]}"#,
                &Type::Dynamic
            ),
            value
        );
        assert_eq!(decoded("null", &Type::Dynamic), Value::Null);
        assert_eq!(
            JSON.decode_err(r#"{"value":"a"}"#, &Type::Dynamic),
            "a dynamically typed value needs a \"type\" key"
        );
        assert_eq!(
            JSON.decode_err(r#"{"value":"a","type":"string","x":1}"#, &Type::Dynamic),
            "invalid key \"x\" in a dynamically typed value"
        );
        assert!(decode(br#"{"value":null,"type":"dynamic"}"#, &Type::Dynamic).is_err());
    }

    #[test]
    fn malformed_input_is_rejected() {
        assert!(
            JSON.decode_err("", &Type::String)
                .starts_with("invalid JSON")
        );
        assert!(
            JSON.decode_err("\"a\" 1", &Type::String)
                .starts_with("invalid JSON")
        );
        assert_eq!(
            JSON.decode_err("[1]", &Type::Tuple(vec![])),
            "a tuple of 0 elements is required, found 1"
        );
    }
}
