//! What the msgpack and JSON codecs share: their errors, and the check, one level at a
//! time, that a value fits the type it is about to be written as.

use std::fmt;

use super::number::Number;
use super::path::Path;
use super::types::Type;
use super::value::Value;

/// Bytes that do not hold a value of the expected type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", Located(.path, .message))]
pub struct DecodeError {
    pub path: Path,
    pub message: String,
}

/// A value that does not fit the type it was to be written as.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", Located(.path, .message))]
pub struct EncodeError {
    pub path: Path,
    pub message: String,
}

impl DecodeError {
    pub(crate) fn new(path: &Path, message: impl Into<String>) -> DecodeError {
        DecodeError {
            path: path.clone(),
            message: message.into(),
        }
    }
}

impl EncodeError {
    pub(crate) fn new(path: &Path, message: impl Into<String>) -> EncodeError {
        EncodeError {
            path: path.clone(),
            message: message.into(),
        }
    }
}

/// `path: message`, or just the message for the value as a whole.
struct Located<'a>(&'a Path, &'a String);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.steps() {
            [] => f.write_str(self.1),
            _ => write!(f, "{}: {}", self.0, self.1),
        }
    }
}

/// One level of a value checked against its type, ready to be written.
pub(crate) enum Node<'a> {
    Null,
    Unknown,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    /// Elements of a list, set or tuple.
    Array(Vec<Child<'a>>),
    /// Entries of a map, or an object's attributes, sorted by name.
    Map(Vec<(&'a str, Child<'a>)>),
    /// A value at a dynamic position, written together with its concrete type.
    Dynamic(&'a Type, Child<'a>),
}

pub(crate) struct Child<'a> {
    pub value: &'a Value,
    pub ty: &'a Type,
    pub path: Path,
}

/// Checks the outer level of `value` against `ty`.
pub(crate) fn node<'a>(
    value: &'a Value,
    ty: &'a Type,
    path: &Path,
) -> Result<Node<'a>, EncodeError> {
    let child = |value, ty, path| Child { value, ty, path };
    let node = match (value, ty) {
        (Value::Null, _) => Node::Null,
        (Value::Unknown, _) => Node::Unknown,
        (Value::Dynamic(Type::Dynamic, _), Type::Dynamic) => {
            return Err(EncodeError::new(
                path,
                "a dynamic value needs a concrete type, not \"dynamic\"",
            ));
        }
        (Value::Dynamic(concrete, inner), Type::Dynamic) => {
            Node::Dynamic(concrete, child(inner, concrete, path.clone()))
        }
        (Value::Bool(b), Type::Bool) => Node::Bool(*b),
        (Value::Number(n), Type::Number) => Node::Number(n),
        (Value::String(s), Type::String) => Node::String(s),
        (Value::List(vs), Type::List(e)) => Node::Array(
            vs.iter()
                .enumerate()
                .map(|(i, v)| child(v, e, path.then_index(i)))
                .collect(),
        ),
        // Set elements have no address of their own; errors point at the set.
        (Value::Set(vs), Type::Set(e)) => {
            Node::Array(vs.iter().map(|v| child(v, e, path.clone())).collect())
        }
        (Value::Tuple(vs), Type::Tuple(ts)) if vs.len() == ts.len() => Node::Array(
            vs.iter()
                .zip(ts)
                .enumerate()
                .map(|(i, (v, t))| child(v, t, path.then_index(i)))
                .collect(),
        ),
        (Value::Tuple(vs), Type::Tuple(ts)) => {
            return Err(EncodeError::new(path, tuple_length(ts.len(), vs.len())));
        }
        (Value::Map(m), Type::Map(e)) => Node::Map(
            m.iter()
                .map(|(k, v)| (k.as_str(), child(v, e, path.then_key(k))))
                .collect(),
        ),
        (Value::Object(m), Type::Object(attrs)) => {
            if let Some(extra) = m.keys().find(|k| !attrs.contains_key(*k)) {
                return Err(EncodeError::new(
                    path,
                    format!(
                        "unsupported attribute {extra:?}; the type has {}",
                        names(attrs.keys())
                    ),
                ));
            }
            let entries = attrs.iter().map(|(name, t)| match m.get(name) {
                Some(v) => Ok((name.as_str(), child(v, t, path.then_attr(name)))),
                None => Err(EncodeError::new(
                    path,
                    format!("attribute {name:?} is missing"),
                )),
            });
            Node::Map(entries.collect::<Result<_, _>>()?)
        }
        _ => {
            return Err(EncodeError::new(
                path,
                format!("a value of type {ty} is required, found {}", kind(value)),
            ));
        }
    };
    Ok(node)
}

/// The kind of a value, for messages: a dynamic value counts as one whatever it holds.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Dynamic(..) => "a dynamically typed value",
        other => other.kind(),
    }
}

/// The message for a tuple of `found` elements where the type has `expected`.
pub(crate) fn tuple_length(expected: usize, found: usize) -> String {
    format!("a tuple of {expected} elements is required, found {found}")
}

/// `"a", "b"` for messages listing attribute names.
pub(crate) fn names<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let listed: Vec<String> = names.map(|n| format!("{n:?}")).collect();
    if listed.is_empty() {
        "no attributes".to_owned()
    } else {
        listed.join(", ")
    }
}

/// Random types and values conforming to them, for the codecs' property tests.
#[cfg(test)]
pub(crate) mod arbitrary {
    use proptest::collection::{btree_map, vec};
    use proptest::prelude::*;

    use super::*;

    /// How values are generated: whether unknowns appear, and how many levels of
    /// dynamic values may nest inside one another.
    #[derive(Clone, Copy)]
    pub struct Shape {
        pub unknowns: bool,
        pub dynamic_depth: u32,
    }

    pub fn attribute_name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z_][a-z0-9_]{0,6}",
            Just("type".to_owned()),
            Just("value".to_owned()),
            "\\PC{1,4}",
        ]
    }

    pub fn any_type() -> BoxedStrategy<Type> {
        let leaf = prop_oneof![
            Just(Type::String),
            Just(Type::Number),
            Just(Type::Bool),
            Just(Type::Dynamic),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(Type::list),
                inner.clone().prop_map(Type::set),
                inner.clone().prop_map(Type::map),
                vec(inner.clone(), 0..4).prop_map(Type::Tuple),
                btree_map(attribute_name(), inner, 0..4).prop_map(Type::Object),
            ]
        })
        .boxed()
    }

    /// A type a dynamic value may carry: anything but `dynamic` itself.
    fn concrete_type(depth: u32) -> BoxedStrategy<Type> {
        if depth == 0 {
            prop_oneof![Just(Type::String), Just(Type::Number), Just(Type::Bool)].boxed()
        } else {
            any_type()
                .prop_filter("concrete", |t| *t != Type::Dynamic)
                .boxed()
        }
    }

    pub fn number() -> impl Strategy<Value = Number> {
        prop_oneof![
            any::<i64>().prop_map(Number::Int),
            (i64::MAX as u64 + 1..=u64::MAX).prop_map(Number::UInt),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Number::from_f64),
            // Beyond f64's exact digits or range, so they stay decimals.
            "-?[1-9][0-9]{16,30}\\.[0-9]{0,8}[1-9]".prop_map(|s| Number::parse(&s).unwrap()),
            "-?[1-9]e[4-9][0-9]{2}".prop_map(|s| Number::parse(&s).unwrap()),
        ]
    }

    /// A value of type `ty`, with nulls (and unknowns, if asked) at any position.
    pub fn value_of(ty: &Type, shape: Shape) -> BoxedStrategy<Value> {
        let known = known_value_of(ty, shape);
        if shape.unknowns {
            prop_oneof![1 => Just(Value::Null), 1 => Just(Value::Unknown), 6 => known].boxed()
        } else {
            prop_oneof![1 => Just(Value::Null), 6 => known].boxed()
        }
    }

    pub fn known_value_of(ty: &Type, shape: Shape) -> BoxedStrategy<Value> {
        match ty {
            Type::String => any::<String>().prop_map(Value::String).boxed(),
            Type::Number => number().prop_map(Value::Number).boxed(),
            Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
            Type::Dynamic => {
                let inner = Shape {
                    dynamic_depth: shape.dynamic_depth.saturating_sub(1),
                    ..shape
                };
                concrete_type(shape.dynamic_depth)
                    .prop_flat_map(move |t| {
                        value_of(&t, inner)
                            .prop_map(move |v| Value::Dynamic(t.clone(), Box::new(v)))
                    })
                    .boxed()
            }
            Type::List(e) => vec(value_of(e, shape), 0..4).prop_map(Value::List).boxed(),
            Type::Set(e) => vec(value_of(e, shape), 0..4).prop_map(Value::Set).boxed(),
            Type::Map(e) => btree_map(any::<String>(), value_of(e, shape), 0..4)
                .prop_map(Value::Map)
                .boxed(),
            Type::Tuple(ts) => ts
                .iter()
                .map(|t| value_of(t, shape))
                .collect::<Vec<_>>()
                .prop_map(Value::Tuple)
                .boxed(),
            Type::Object(attrs) => attrs
                .iter()
                .map(|(k, t)| (Just(k.clone()), value_of(t, shape)))
                .collect::<Vec<_>>()
                .prop_map(|kvs| Value::Object(kvs.into_iter().collect()))
                .boxed(),
        }
    }

    /// A random type with a random value of it.
    pub fn typed_value(shape: Shape) -> impl Strategy<Value = (Type, Value)> {
        any_type().prop_flat_map(move |t| {
            let t2 = t.clone();
            value_of(&t, shape).prop_map(move |v| (t2.clone(), v))
        })
    }

    /// An encoding under test, for the properties that every encoding has.
    pub struct Codec {
        pub encode: fn(&Value, &Type) -> Result<Vec<u8>, EncodeError>,
        pub decode: fn(&[u8], &Type) -> Result<Value, DecodeError>,
        /// The values it carries: only some encodings hold unknowns.
        pub shape: Shape,
    }

    impl Codec {
        /// The message of decoding `input` as `ty`, which must fail.
        pub fn decode_err(&self, input: impl AsRef<[u8]>, ty: &Type) -> String {
            (self.decode)(input.as_ref(), ty)
                .expect_err("decoding should fail")
                .to_string()
        }

        /// Decoding what any value of the codec's shape encodes to gives that value back.
        pub fn round_trips(&self) {
            let mut runner = proptest::test_runner::TestRunner::default();
            let result = runner.run(&typed_value(self.shape), |(ty, value)| {
                let bytes = (self.encode)(&value, &ty).unwrap();
                prop_assert_eq!(&(self.decode)(&bytes, &ty).unwrap(), &value);
                Ok(())
            });
            if let Err(failure) = result {
                panic!("{failure}");
            }
        }

        /// A bool where `ty` belongs, at `x[1]`: encoding and decoding both fail, naming
        /// that path.
        pub fn mismatch_names_the_path(&self, ty: Type) -> Result<(), TestCaseError> {
            let outer = |element: Type| Type::object([("x", Type::list(element))]);
            let wrong = Value::object([("x", Value::List(vec![Value::Null, Value::Bool(true)]))]);
            let err = (self.encode)(&wrong, &outer(ty.clone())).unwrap_err();
            prop_assert!(err.to_string().starts_with("x[1]: "), "{}", err);

            let bytes = (self.encode)(&wrong, &outer(Type::Bool)).unwrap();
            let err = (self.decode)(&bytes, &outer(ty)).unwrap_err();
            prop_assert!(err.to_string().starts_with("x[1]: "), "{}", err);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path() {
        let err = EncodeError::new(&Path::attr("a").then_index(2), "a string is required");
        assert_eq!(err.to_string(), "a[2]: a string is required");
        assert_eq!(
            DecodeError::new(&Path::root(), "empty input").to_string(),
            "empty input"
        );
    }

    #[test]
    fn objects_must_hold_exactly_their_attributes() {
        let ty = Type::object([("a", Type::String)]);
        let missing = node(&Value::object::<&str>([]), &ty, &Path::root())
            .err()
            .unwrap();
        assert_eq!(missing.message, "attribute \"a\" is missing");
        let extra = Value::object([("a", Value::Null), ("b", Value::Null)]);
        let extra = node(&extra, &ty, &Path::root()).err().unwrap();
        assert_eq!(
            extra.message,
            "unsupported attribute \"b\"; the type has \"a\""
        );
    }
}
