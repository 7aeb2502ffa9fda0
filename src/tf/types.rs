//! cty types, as Terraform names them on the wire (`"string"`, `["list","string"]`, …).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

/// A cty type. Object attribute names are kept sorted, as cty orders them on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    String,
    Number,
    Bool,
    /// Any type, decided per value; such values travel with their concrete type.
    Dynamic,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(BTreeMap<String, Type>),
}

/// A type description that is not valid cty type JSON.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid type description {0}")]
pub struct TypeError(pub String);

impl Type {
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    pub fn object<'a>(attributes: impl IntoIterator<Item = (&'a str, Type)>) -> Type {
        Type::Object(
            attributes
                .into_iter()
                .map(|(name, ty)| (name.to_owned(), ty))
                .collect(),
        )
    }

    /// The type's JSON description, as schemas and dynamic values carry it.
    pub fn to_json(&self) -> Json {
        match self {
            Type::String => Json::from("string"),
            Type::Number => Json::from("number"),
            Type::Bool => Json::from("bool"),
            Type::Dynamic => Json::from("dynamic"),
            Type::List(e) => Json::Array(vec!["list".into(), e.to_json()]),
            Type::Set(e) => Json::Array(vec!["set".into(), e.to_json()]),
            Type::Map(e) => Json::Array(vec!["map".into(), e.to_json()]),
            Type::Tuple(es) => Json::Array(vec![
                "tuple".into(),
                Json::Array(es.iter().map(Type::to_json).collect()),
            ]),
            Type::Object(attrs) => Json::Array(vec![
                "object".into(),
                Json::Object(
                    attrs
                        .iter()
                        .map(|(k, t)| (k.clone(), t.to_json()))
                        .collect(),
                ),
            ]),
        }
    }

    pub fn to_json_bytes(&self) -> Vec<u8> {
        self.to_json().to_string().into_bytes()
    }

    pub fn from_json(json: &Json) -> Result<Type, TypeError> {
        let invalid = || TypeError(json.to_string());
        match json {
            Json::String(name) => match name.as_str() {
                "string" => Ok(Type::String),
                "number" => Ok(Type::Number),
                "bool" => Ok(Type::Bool),
                "dynamic" => Ok(Type::Dynamic),
                _ => Err(invalid()),
            },
            Json::Array(parts) if parts.len() == 2 => {
                let kind = parts[0].as_str().ok_or_else(invalid)?;
                let arg = &parts[1];
                match kind {
                    "list" => Ok(Type::list(Type::from_json(arg)?)),
                    "set" => Ok(Type::set(Type::from_json(arg)?)),
                    "map" => Ok(Type::map(Type::from_json(arg)?)),
                    "tuple" => Ok(Type::Tuple(
                        arg.as_array()
                            .ok_or_else(invalid)?
                            .iter()
                            .map(Type::from_json)
                            .collect::<Result<_, _>>()?,
                    )),
                    "object" => Ok(Type::Object(
                        arg.as_object()
                            .ok_or_else(invalid)?
                            .iter()
                            .map(|(k, t)| Ok((k.clone(), Type::from_json(t)?)))
                            .collect::<Result<_, TypeError>>()?,
                    )),
                    _ => Err(invalid()),
                }
            }
            // Object types with optional attributes carry a third element; the provider
            // never declares them, so they are rejected rather than half-understood.
            _ => Err(invalid()),
        }
    }

    pub fn from_json_bytes(bytes: &[u8]) -> Result<Type, TypeError> {
        let json: Json = serde_json::from_slice(bytes)
            .map_err(|_| TypeError(String::from_utf8_lossy(bytes).into_owned()))?;
        Type::from_json(&json)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_json_round_trips() {
        let ty = Type::object([
            ("a", Type::list(Type::String)),
            ("b", Type::map(Type::set(Type::Number))),
            ("c", Type::Tuple(vec![Type::Bool, Type::Dynamic])),
        ]);
        let json = ty.to_json();
        assert_eq!(
            json.to_string(),
            r#"["object",{"a":["list","string"],"b":["map",["set","number"]],"c":["tuple",["bool","dynamic"]]}]"#
        );
        assert_eq!(Type::from_json(&json), Ok(ty));
    }

    #[test]
    fn unknown_type_names_are_rejected() {
        assert!(Type::from_json_bytes(br#""float""#).is_err());
        assert!(Type::from_json_bytes(br#"["list"]"#).is_err());
    }
}
