//! Value → model. A struct takes an object with exactly its fields; an unknown value
//! reaches only an `Attr`, a null one only an `Attr` or an `Option`. Where a value of
//! the schema's type is one the model cannot hold (a fraction for an integer, a number
//! out of range, null or unknown where a value is needed), the error is the value's: a
//! configuration can say it.

use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, IntoDeserializer, Visitor};

use super::error::Error;
use super::walk::{Elements, Entries, Node, Unmatched};
use crate::tf::attr::ATTR;
use crate::tf::number::Number;
use crate::tf::path::Path;
use crate::tf::value::Value;

pub(super) struct ValueDeserializer<'de> {
    value: &'de Value,
    path: Path,
}

impl<'de> ValueDeserializer<'de> {
    pub(super) fn new(value: &'de Value) -> ValueDeserializer<'de> {
        ValueDeserializer {
            value,
            path: Path::root(),
        }
    }

    fn unknown(&self) -> Error {
        Error::refused(
            &self.path,
            "The value is unknown until apply, but the provider needs it before: set it to a \
             value that is known when planning.",
        )
    }

    /// The value, for a field that needs one: neither null nor unknown.
    fn needed(&self) -> Result<&'de Value, Error> {
        match self.value {
            Value::Null => Err(Error::refused(
                &self.path,
                "The value is null, but a value is required here.",
            )),
            Value::Unknown => Err(self.unknown()),
            Value::Dynamic(_, inner) => ValueDeserializer {
                value: inner,
                path: self.path.clone(),
            }
            .needed(),
            value => Ok(value),
        }
    }

    /// The number, for a field of a number type; `None` for a value of another kind,
    /// which the field's visitor then refuses as the model's misfit.
    fn number(&self) -> Result<Option<&'de Number>, Error> {
        match self.needed()? {
            Value::Number(number) => Ok(Some(number)),
            _ => Ok(None),
        }
    }

    fn out_of_range(&self, number: &Number, range: fmt::Arguments<'_>) -> Error {
        Error::refused(
            &self.path,
            format!("{number} is not allowed here: the value must be {range}."),
        )
    }
}

/// `number` as an `f64`, when one holds it exactly: a model that reads a number as an
/// `f64` writes it back, and Terraform wants back what the configuration says.
fn exact_f64(number: &Number) -> Option<f64> {
    match *number {
        Number::Int(n) => Some(n as f64).filter(|f| *f as i128 == i128::from(n)),
        Number::UInt(n) => Some(n as f64).filter(|f| *f as u128 == u128::from(n)),
        Number::Float(f) => Some(f).filter(|f| f.is_finite()),
        Number::Decimal(_) => None,
    }
}

/// Deserializers of integer types: a number takes the type's range, whole numbers only.
macro_rules! integers {
    ($($method:ident $visit:ident $int:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let Some(number) = self.number()? else {
                return self.deserialize_any(visitor);
            };
            let int = match *number {
                Number::Int(n) => <$int>::try_from(n).ok(),
                Number::UInt(n) => <$int>::try_from(n).ok(),
                Number::Float(_) | Number::Decimal(_) => None,
            };
            match int {
                Some(int) => visitor.$visit(int),
                None => Err(self.out_of_range(
                    number,
                    format_args!("a whole number from {} to {}", <$int>::MIN, <$int>::MAX),
                )),
            }
        }
    )*};
}

/// Deserializers that need a value (not null, not unknown) and take it as it comes.
macro_rules! needing_a_value {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.needed()?;
            self.deserialize_any(visitor)
        }
    )*};
}

impl<'de> Node<'de> for &'de Value {
    type Deserializer = ValueDeserializer<'de>;

    fn at(self, path: Path) -> ValueDeserializer<'de> {
        ValueDeserializer { value: self, path }
    }
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Unknown => Err(self.unknown()),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(Number::Int(n)) => visitor.visit_i64(*n),
            Value::Number(Number::UInt(n)) => visitor.visit_u64(*n),
            Value::Number(n) => visitor.visit_f64(n.as_f64()),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
                let is_set = matches!(self.value, Value::Set(_));
                visitor.visit_seq(Elements::new(items.iter(), self.path, is_set))
            }
            Value::Map(entries) | Value::Object(entries) => {
                let entries = entries.iter().map(|(key, value)| (key.as_str(), value));
                let is_object = matches!(self.value, Value::Object(_));
                visitor.visit_map(Entries::new(entries, self.path, is_object))
            }
            Value::Dynamic(_, inner) => ValueDeserializer {
                value: inner,
                path: self.path,
            }
            .deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            Value::Unknown => Err(self.unknown()),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        // A collection with unknown elements is, to the model, unknown as a whole.
        if name == ATTR && !self.value.is_wholly_known() {
            visitor.visit_unit()
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let Value::Object(attributes) = self.needed()? else {
            return Err(Error::at(
                &self.path,
                format!("{name} needs an object, not {}", self.value.kind()),
            ));
        };
        let unmatched = Unmatched::of(fields, attributes);
        if let Some(extra) = unmatched.attributes.first() {
            return Err(Error::at(
                &self.path,
                format!("{name} has no field for the attribute {extra:?}"),
            ));
        }
        if let Some(missing) = unmatched.fields.first() {
            return Err(Error::at(
                &self.path,
                format!("field {missing:?} of {name} is not an attribute of the value"),
            ));
        }
        self.deserialize_any(visitor)
    }

    /// A fieldless enum from the string of its variant.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.needed()? {
            Value::String(s) => {
                let variant: StrDeserializer<'_, Error> = s.as_str().into_deserializer();
                visitor.visit_enum(variant)
            }
            other => Err(Error::at(
                &self.path,
                format!("expected a string naming a variant, not {}", other.kind()),
            )),
        }
    }

    integers! {
        deserialize_i8 visit_i8 i8;
        deserialize_i16 visit_i16 i16;
        deserialize_i32 visit_i32 i32;
        deserialize_i64 visit_i64 i64;
        deserialize_i128 visit_i128 i128;
        deserialize_u8 visit_u8 u8;
        deserialize_u16 visit_u16 u16;
        deserialize_u32 visit_u32 u32;
        deserialize_u64 visit_u64 u64;
        deserialize_u128 visit_u128 u128;
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Some(number) = self.number()? else {
            return self.deserialize_any(visitor);
        };
        match exact_f64(number) {
            Some(float) => visitor.visit_f64(float),
            None => Err(self.out_of_range(
                number,
                format_args!(
                    "a number that a 64-bit floating-point number holds exactly, such as one \
                     of at most 15 significant digits between 1e-300 and 1e300 in size"
                ),
            )),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    needing_a_value! {
        deserialize_bool deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_seq deserialize_map
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    serde::forward_to_deserialize_any! {
        unit unit_struct identifier ignored_any
    }
}
