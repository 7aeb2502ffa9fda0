//! A deserializer that walks a schema's type instead of a value, so that deserializing a
//! model from it meets every struct of the model against the object type it stands for.

use serde::de::value::StrDeserializer;
use serde::de::{self, IntoDeserializer, Visitor};

use super::error::Error;
use super::walk::{Elements, Entries, Node, Unmatched};
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
            Type::List(element) | Type::Set(element) => {
                let elements = std::slice::from_ref(&**element).iter();
                visitor.visit_seq(Elements::new(elements, self.path, false))
            }
            Type::Tuple(types) => visitor.visit_seq(Elements::new(types.iter(), self.path, false)),
            Type::Map(element) => {
                let entries = std::iter::once((KEY, &**element));
                visitor.visit_map(Entries::new(entries, self.path, false))
            }
            Type::Object(attributes) => {
                let entries = attributes.iter().map(|(name, ty)| (name.as_str(), ty));
                visitor.visit_map(Entries::new(entries, self.path, true))
            }
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
            Type::Object(_) => {
                let entries = std::iter::empty::<(&str, &Type)>();
                visitor.visit_map(Entries::new(entries, self.path, true))
            }
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
        let unmatched = Unmatched::of(fields, attributes);
        if !unmatched.fields.is_empty() || !unmatched.attributes.is_empty() {
            return Err(Error::at(
                &self.path,
                format!(
                    "{name} does not match the schema: fields without an attribute {:?}, \
                     attributes without a field {:?}",
                    unmatched.fields, unmatched.attributes
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

impl<'t> Node<'_> for &'t Type {
    type Deserializer = Probe<'t>;

    fn at(self, path: Path) -> Probe<'t> {
        Probe { ty: self, path }
    }
}
