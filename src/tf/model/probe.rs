//! A deserializer that walks a schema's type instead of a value, so that deserializing a
//! model from it meets every struct of the model against the object type it stands for.

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::error::Error;
use crate::tf::path::Path;
use crate::tf::types::Type;

pub(super) struct Probe<'t> {
    ty: &'t Type,
    path: Path,
}

impl<'t> Probe<'t> {
    pub(super) fn new(ty: &'t Type) -> Probe<'t> {
        Probe {
            ty,
            path: Path::root(),
        }
    }
}

/// One element, entry or attribute of each collection: enough to reach every struct.
const KEY: &str = "key";

impl<'de, 't> de::Deserializer<'de> for Probe<'t> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.ty {
            Type::String => visitor.visit_str(""),
            Type::Number => visitor.visit_i64(0),
            Type::Bool => visitor.visit_bool(false),
            Type::Dynamic => visitor.visit_unit(),
            Type::List(element) | Type::Set(element) => visitor.visit_seq(Elements {
                types: std::slice::from_ref(&**element).iter(),
                path: self.path,
                index: 0,
            }),
            Type::Tuple(types) => visitor.visit_seq(Elements {
                types: types.iter(),
                path: self.path,
                index: 0,
            }),
            Type::Map(element) => visitor.visit_map(Entries {
                entries: Vec::from([(KEY, &**element)]).into_iter(),
                pending: None,
                path: self.path,
                is_object: false,
            }),
            Type::Object(attributes) => visitor.visit_map(Entries {
                entries: attributes
                    .iter()
                    .map(|(name, ty)| (name.as_str(), ty))
                    .collect::<Vec<_>>()
                    .into_iter(),
                pending: None,
                path: self.path,
                is_object: true,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A map-like type on an object (such as `Timeouts`) may leave attributes out, so it
    /// has nothing to check: it gets no entries.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.ty {
            Type::Object(_) => visitor.visit_map(Entries {
                entries: Vec::new().into_iter(),
                pending: None,
                path: self.path,
                is_object: true,
            }),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let Type::Object(attributes) = self.ty else {
            return Err(Error::at(
                &self.path,
                format!("{name} is a struct, but the schema has {} here", self.ty),
            ));
        };
        let extra: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| !attributes.contains_key(*f))
            .collect();
        let missing: Vec<&str> = attributes
            .keys()
            .map(String::as_str)
            .filter(|a| !fields.contains(a))
            .collect();
        if !extra.is_empty() || !missing.is_empty() {
            return Err(Error::at(
                &self.path,
                format!(
                    "{name} does not match the schema: fields without an attribute {extra:?}, \
                     attributes without a field {missing:?}"
                ),
            ));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let variant: StrDeserializer<'_, Error> =
            variants.first().copied().unwrap_or("").into_deserializer();
        visitor.visit_enum(variant)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct identifier ignored_any
    }
}

struct Elements<'t> {
    types: std::slice::Iter<'t, Type>,
    path: Path,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for Elements<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(ty) = self.types.next() else {
            return Ok(None);
        };
        let path = self.path.then_index(self.index);
        self.index += 1;
        seed.deserialize(Probe {
            ty,
            path: path.clone(),
        })
        .map(Some)
        .map_err(|e| e.located(&path))
    }
}

struct Entries<'t> {
    entries: std::vec::IntoIter<(&'t str, &'t Type)>,
    pending: Option<(&'t str, &'t Type)>,
    path: Path,
    is_object: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some(entry);
        let key: StrDeserializer<'_, Error> = entry.0.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let (key, ty) = self
            .pending
            .take()
            .expect("serde asks for a key before its value");
        let path = if self.is_object {
            self.path.then_attr(key)
        } else {
            self.path.then_key(key)
        };
        seed.deserialize(Probe {
            ty,
            path: path.clone(),
        })
        .map_err(|e| e.located(&path))
    }
}
