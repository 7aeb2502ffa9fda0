//! `Attr<T>`: one attribute of a model, null, unknown or known, as cty has it. Models of
//! resources and data sources hold their attributes in it, because configuration and
//! plans may leave any of them unknown until apply.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// The newtype name through which `Attr` asks the value deserializer for its three states.
pub(crate) const ATTR: &str = "$tf::Attr";
/// The unit-struct name through which `Attr::Unknown` reaches the value serializer.
pub(crate) const UNKNOWN: &str = "$tf::Unknown";

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Attr<T> {
    #[default]
    Null,
    /// Known only after apply.
    Unknown,
    Known(T),
}

impl<T> Attr<T> {
    pub fn get(&self) -> Option<&T> {
        match self {
            Attr::Known(value) => Some(value),
            _ => None,
        }
    }

    pub fn into_option(self) -> Option<T> {
        match self {
            Attr::Known(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Attr::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Attr::Unknown)
    }

    pub fn as_ref(&self) -> Attr<&T> {
        match self {
            Attr::Null => Attr::Null,
            Attr::Unknown => Attr::Unknown,
            Attr::Known(value) => Attr::Known(value),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Attr<U> {
        match self {
            Attr::Null => Attr::Null,
            Attr::Unknown => Attr::Unknown,
            Attr::Known(value) => Attr::Known(f(value)),
        }
    }

    /// This value where it is known, else null: for state written before the API answered.
    pub fn known_or_null(self) -> Attr<T> {
        if self.is_unknown() { Attr::Null } else { self }
    }

    /// This value where it is set (known or unknown), else `other`.
    pub fn or(self, other: Attr<T>) -> Attr<T> {
        if self.is_null() { other } else { self }
    }
}

impl Attr<String> {
    /// The string, or `""` while null or unknown: for attributes that Terraform guarantees
    /// known where this is called (required arguments at apply).
    pub fn as_str(&self) -> &str {
        self.get().map_or("", String::as_str)
    }

    pub fn as_deref(&self) -> Option<&str> {
        self.get().map(String::as_str)
    }
}

impl<T> From<Option<T>> for Attr<T> {
    fn from(value: Option<T>) -> Attr<T> {
        value.map_or(Attr::Null, Attr::Known)
    }
}

impl<T> From<T> for Attr<T> {
    fn from(value: T) -> Attr<T> {
        Attr::Known(value)
    }
}

impl From<&str> for Attr<String> {
    fn from(value: &str) -> Attr<String> {
        Attr::Known(value.to_owned())
    }
}

/// A list collected from its elements, known.
impl<T> FromIterator<T> for Attr<Vec<T>> {
    fn from_iter<I: IntoIterator<Item = T>>(elements: I) -> Attr<Vec<T>> {
        Attr::Known(elements.into_iter().collect())
    }
}

impl<T: Serialize> Serialize for Attr<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Attr::Null => serializer.serialize_none(),
            Attr::Unknown => serializer.serialize_unit_struct(UNKNOWN),
            Attr::Known(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Attr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Attr<T>, D::Error> {
        deserializer.deserialize_newtype_struct(ATTR, AttrVisitor(PhantomData))
    }
}

/// Unit means unknown (only the value deserializer says so); anything else is an
/// optional value, so that other formats (JSON in tests) read `null` as null.
struct AttrVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for AttrVisitor<T> {
    type Value = Attr<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a null, unknown or known value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Attr<T>, E> {
        Ok(Attr::Unknown)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Attr<T>, D::Error> {
        Option::<T>::deserialize(d).map(Attr::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_null_is_null_and_values_are_known() {
        let null: Attr<String> = serde_json::from_str("null").unwrap();
        assert_eq!(null, Attr::Null);
        let known: Attr<String> = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(known, Attr::from("x"));
        assert_eq!(known.as_str(), "x");
        assert_eq!(Attr::<String>::Unknown.as_str(), "");
    }
}
