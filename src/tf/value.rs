//! cty values: null, unknown, or known, of any type. A value is read against the
//! schema's type; only values at dynamically typed positions carry their own type.

use std::collections::BTreeMap;

use super::number::Number;
use super::path::{Path, Step};
use super::types::Type;

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    /// Known only after apply.
    Unknown,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Value>),
    /// Elements in the order received; equality ignores order.
    Set(Vec<Value>),
    Tuple(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Object(BTreeMap<String, Value>),
    /// A known value at a `dynamic` position, with its concrete type.
    Dynamic(Type, Box<Value>),
}

static NULL: Value = Value::Null;

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) | (Unknown, Unknown) => true,
            (Bool(a), Bool(b)) => a == b,
            (Number(a), Number(b)) => a == b,
            (String(a), String(b)) => a == b,
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => a == b,
            (Set(a), Set(b)) => {
                a.len() == b.len()
                    && a.iter().all(|x| b.contains(x))
                    && b.iter().all(|x| a.contains(x))
            }
            (Map(a), Map(b)) | (Object(a), Object(b)) => a == b,
            (Dynamic(ta, a), Dynamic(tb, b)) => ta == tb && a == b,
            _ => false,
        }
    }
}

impl Value {
    /// What kind of value this is, for messages that must not show its content (it may be
    /// a secret).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unknown => "an unknown value",
            Value::Bool(_) => "a bool",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::List(_) => "a list",
            Value::Set(_) => "a set",
            Value::Tuple(_) => "a tuple",
            Value::Map(_) => "a map",
            Value::Object(_) => "an object",
            Value::Dynamic(_, inner) => inner.kind(),
        }
    }

    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    pub fn object<K: Into<String>>(attributes: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(attributes.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// Known all the way down.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(vs) | Value::Set(vs) | Value::Tuple(vs) => {
                vs.iter().all(Value::is_wholly_known)
            }
            Value::Map(m) | Value::Object(m) => m.values().all(Value::is_wholly_known),
            Value::Dynamic(_, v) => v.is_wholly_known(),
            _ => true,
        }
    }

    /// An object's attribute; null for a missing attribute or a value that is no object.
    pub fn attr(&self, name: &str) -> &Value {
        match self {
            Value::Object(attrs) => attrs.get(name).unwrap_or(&NULL),
            _ => &NULL,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Elements of a list, set or tuple.
    pub fn elements(&self) -> &[Value] {
        match self {
            Value::List(vs) | Value::Set(vs) | Value::Tuple(vs) => vs,
            _ => &[],
        }
    }

    /// Entries of a map or object.
    pub fn entries(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) | Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The value at `path`, or null where the path leads nowhere.
    pub fn at(&self, path: &Path) -> &Value {
        path.steps()
            .iter()
            .fold(self, |value, step| match (step, value) {
                (Step::Attribute(name), Value::Object(m)) | (Step::Key(name), Value::Map(m)) => {
                    m.get(name).unwrap_or(&NULL)
                }
                (Step::Index(i), Value::List(vs) | Value::Tuple(vs)) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| vs.get(i))
                    .unwrap_or(&NULL),
                _ => &NULL,
            })
    }

    /// Replaces the value at an existing `path`; returns whether it existed.
    pub fn set_at(&mut self, path: &Path, new: Value) -> bool {
        let Some((last, parents)) = path.steps().split_last() else {
            *self = new;
            return true;
        };
        let mut value = self;
        for step in parents {
            match value.child_mut(step) {
                Some(child) => value = child,
                None => return false,
            }
        }
        match value.child_mut(last) {
            Some(slot) => {
                *slot = new;
                true
            }
            None => false,
        }
    }

    fn child_mut(&mut self, step: &Step) -> Option<&mut Value> {
        match (step, self) {
            (Step::Attribute(name), Value::Object(m)) | (Step::Key(name), Value::Map(m)) => {
                m.get_mut(name)
            }
            (Step::Index(i), Value::List(vs) | Value::Tuple(vs)) => {
                usize::try_from(*i).ok().and_then(|i| vs.get_mut(i))
            }
            _ => None,
        }
    }

    /// This value with each unknown attribute, at any depth of objects, taken from `prior`.
    pub fn known_over(self, prior: &Value) -> Value {
        match (self, prior) {
            (Value::Unknown, prior) => prior.clone(),
            (Value::Object(mut attributes), Value::Object(before)) => {
                for (name, value) in &mut attributes {
                    if let Some(before) = before.get(name) {
                        *value = std::mem::replace(value, Value::Null).known_over(before);
                    }
                }
                Value::Object(attributes)
            }
            (value, _) => value,
        }
    }

    /// The same value with every unknown, at any depth, replaced by null.
    pub fn unknowns_to_null(self) -> Value {
        let map = |vs: Vec<Value>| vs.into_iter().map(Value::unknowns_to_null).collect();
        let map_entries = |m: BTreeMap<String, Value>| {
            m.into_iter()
                .map(|(k, v)| (k, v.unknowns_to_null()))
                .collect()
        };
        match self {
            Value::Unknown => Value::Null,
            Value::List(vs) => Value::List(map(vs)),
            Value::Set(vs) => Value::Set(map(vs)),
            Value::Tuple(vs) => Value::Tuple(map(vs)),
            Value::Map(m) => Value::Map(map_entries(m)),
            Value::Object(m) => Value::Object(map_entries(m)),
            Value::Dynamic(t, v) => Value::Dynamic(t, Box::new(v.unknowns_to_null())),
            known => known,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_over_takes_unknown_attributes_from_the_prior_value_at_any_depth() {
        let prior = Value::object([
            ("id", Value::from("c1")),
            ("name", Value::from("old")),
            (
                "nested",
                Value::object([("status", Value::from("Healthy"))]),
            ),
        ]);
        let planned = Value::object([
            ("id", Value::Unknown),
            ("name", Value::from("new")),
            ("nested", Value::object([("status", Value::Unknown)])),
            ("added", Value::Unknown),
        ]);
        let expected = Value::object([
            ("id", Value::from("c1")),
            ("name", Value::from("new")),
            (
                "nested",
                Value::object([("status", Value::from("Healthy"))]),
            ),
            ("added", Value::Unknown),
        ]);
        assert_eq!(planned.known_over(&prior), expected);
        assert_eq!(Value::Unknown.known_over(&Value::Null), Value::Null);
    }

    #[test]
    fn set_equality_ignores_order() {
        let a = Value::Set(vec!["x".into(), "y".into()]);
        let b = Value::Set(vec!["y".into(), "x".into()]);
        assert_eq!(a, b);
        assert_ne!(a, Value::List(vec!["x".into(), "y".into()]));
    }

    #[test]
    fn paths_read_and_write_nested_values() {
        let mut v = Value::object([("timeouts", Value::object([("create", Value::from("30m"))]))]);
        let path = Path::attr("timeouts").then_attr("create");
        assert_eq!(v.at(&path), &Value::from("30m"));
        assert!(v.set_at(&path, Value::Unknown));
        assert!(v.at(&path).is_unknown());
        assert!(!v.set_at(&Path::attr("missing").then_attr("x"), Value::Null));
        assert!(v.at(&Path::attr("missing")).is_null());
    }
}
