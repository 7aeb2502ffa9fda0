//! Value → model. A struct takes an object with exactly its fields; an unknown value
//! reaches only an `Attr`.

use std::collections::btree_map;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::error::Error;
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
        Error::at(
            &self.path,
            "the value is unknown, but the model's field cannot hold an unknown value",
        )
    }
}

fn child<'de, T: DeserializeSeed<'de>>(
    seed: T,
    value: &'de Value,
    path: Path,
) -> Result<T::Value, Error> {
    seed.deserialize(ValueDeserializer {
        value,
        path: path.clone(),
    })
    .map_err(|error| error.located(&path))
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
                visitor.visit_seq(Seq {
                    items: items.iter().enumerate(),
                    path: self.path,
                })
            }
            Value::Map(entries) | Value::Object(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                pending: None,
                path: self.path,
                is_object: matches!(self.value, Value::Object(_)),
            }),
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
        let Value::Object(attributes) = self.value else {
            return match self.value {
                Value::Unknown => Err(self.unknown()),
                _ => Err(Error::at(
                    &self.path,
                    format!("{name} needs an object, not {:?}", self.value),
                )),
            };
        };
        if let Some(extra) = attributes.keys().find(|k| !fields.contains(&k.as_str())) {
            return Err(Error::at(
                &self.path,
                format!("{name} has no field for the attribute {extra:?}"),
            ));
        }
        if let Some(missing) = fields.iter().find(|f| !attributes.contains_key(**f)) {
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
        match self.value {
            Value::String(s) => {
                let variant: StrDeserializer<'_, Error> = s.as_str().into_deserializer();
                visitor.visit_enum(variant)
            }
            Value::Unknown => Err(self.unknown()),
            other => Err(Error::at(
                &self.path,
                format!("expected a string naming a variant, not {other:?}"),
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct Seq<'de> {
    items: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
    path: Path,
}

impl<'de> de::SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.items
            .next()
            .map(|(i, item)| child(seed, item, self.path.then_index(i)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'de> {
    entries: btree_map::Iter<'de, String, Value>,
    pending: Option<(&'de String, &'de Value)>,
    path: Path,
    is_object: bool,
}

impl<'de> de::MapAccess<'de> for Map<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some(entry);
        let key: StrDeserializer<'_, Error> = entry.0.as_str().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let (key, value) = self
            .pending
            .take()
            .expect("serde asks for a key before its value");
        let path = if self.is_object {
            self.path.then_attr(key)
        } else {
            self.path.then_key(key)
        };
        child(seed, value, path)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
