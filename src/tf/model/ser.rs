//! Model → value, guided by the schema's type: it decides lists from sets and maps from
//! objects, and a struct must have exactly the object's attributes.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::error::Error;
use crate::tf::attr::UNKNOWN;
use crate::tf::number::Number;
use crate::tf::path::Path;
use crate::tf::types::Type;
use crate::tf::value::Value;

pub(super) struct ValueSerializer<'t> {
    ty: &'t Type,
    path: Path,
}

impl<'t> ValueSerializer<'t> {
    pub(super) fn new(ty: &'t Type) -> ValueSerializer<'t> {
        ValueSerializer {
            ty,
            path: Path::root(),
        }
    }

    fn mismatch(&self, what: &str) -> Error {
        Error::at(
            &self.path,
            format!("the model has {what} where the schema has {}", self.ty),
        )
    }

    fn primitive(self, value: Value, want: &Type, what: &str) -> Result<Value, Error> {
        if self.ty == want {
            Ok(value)
        } else {
            Err(self.mismatch(what))
        }
    }

    fn number(self, number: Number) -> Result<Value, Error> {
        self.primitive(Value::Number(number), &Type::Number, "a number")
    }
}

fn child<T: Serialize + ?Sized>(value: &T, ty: &Type, path: Path) -> Result<Value, Error> {
    value
        .serialize(ValueSerializer {
            ty,
            path: path.clone(),
        })
        .map_err(|error| error.located(&path))
}

/// Serializers of the narrower numbers: each widens its number for the serializer of the
/// widest type of its kind.
macro_rules! widening {
    ($($($method:ident($narrow:ty))* => $wide:ident;)*) => {$($(
        fn $method(self, v: $narrow) -> Result<Value, Error> {
            self.$wide(v.into())
        }
    )*)*};
}

impl<'t> ser::Serializer for ValueSerializer<'t> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Seq<'t>;
    type SerializeTuple = Seq<'t>;
    type SerializeTupleStruct = Impossible<Value, Error>;
    type SerializeTupleVariant = Impossible<Value, Error>;
    type SerializeMap = Map<'t>;
    type SerializeStruct = Struct<'t>;
    type SerializeStructVariant = Impossible<Value, Error>;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        self.primitive(Value::Bool(v), &Type::Bool, "a bool")
    }

    widening! {
        serialize_i8(i8) serialize_i16(i16) serialize_i32(i32) => serialize_i64;
        serialize_u8(u8) serialize_u16(u16) serialize_u32(u32) => serialize_u64;
        serialize_f32(f32) => serialize_f64;
    }

    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        self.number(Number::Int(v))
    }

    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        self.number(Number::from_u64(v))
    }

    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        self.number(Number::from_f64(v))
    }

    fn serialize_char(self, v: char) -> Result<Value, Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        self.primitive(Value::string(v), &Type::String, "a string")
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<Value, Error> {
        Err(self.mismatch("bytes"))
    }

    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<Value, Error> {
        Ok(if name == UNKNOWN {
            Value::Unknown
        } else {
            Value::Null
        })
    }

    /// A fieldless enum is the string of its (serde-renamed) variant.
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Value, Error> {
        Err(self.mismatch("an enum with data"))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'t>, Error> {
        let kind = match self.ty {
            Type::List(element) => SeqKind::List(element),
            Type::Set(element) => SeqKind::Set(element),
            Type::Tuple(elements) => SeqKind::Tuple(elements),
            _ => return Err(self.mismatch("a sequence")),
        };
        Ok(Seq {
            kind,
            items: Vec::with_capacity(len.unwrap_or(0)),
            path: self.path,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'t>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(self.mismatch("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(self.mismatch("an enum with data"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Map<'t>, Error> {
        match self.ty {
            Type::Map(_) | Type::Object(_) => Ok(Map {
                ty: self.ty,
                entries: BTreeMap::new(),
                key: None,
                path: self.path,
            }),
            _ => Err(self.mismatch("a map")),
        }
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Struct<'t>, Error> {
        match self.ty {
            Type::Object(attributes) => Ok(Struct {
                name,
                attributes,
                entries: BTreeMap::new(),
                path: self.path,
            }),
            _ => Err(self.mismatch(&format!("struct {name}"))),
        }
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(self.mismatch("an enum with data"))
    }
}

enum SeqKind<'t> {
    List(&'t Type),
    Set(&'t Type),
    Tuple(&'t [Type]),
}

pub(super) struct Seq<'t> {
    kind: SeqKind<'t>,
    items: Vec<Value>,
    path: Path,
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let index = self.items.len();
        let ty = match self.kind {
            SeqKind::List(ty) | SeqKind::Set(ty) => ty,
            SeqKind::Tuple(types) => types.get(index).ok_or_else(|| {
                Error::at(
                    &self.path,
                    format!("the tuple has {} elements", types.len()),
                )
            })?,
        };
        let item = child(value, ty, self.path.then_index(index))?;
        self.items.push(item);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(match self.kind {
            SeqKind::List(_) => Value::List(self.items),
            SeqKind::Set(_) => Value::Set(self.items),
            SeqKind::Tuple(_) => Value::Tuple(self.items),
        })
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<Value, Error> {
        ser::SerializeSeq::end(self)
    }
}

/// A map onto a map type, or onto an object type whose attributes it may leave out.
pub(super) struct Map<'t> {
    ty: &'t Type,
    entries: BTreeMap<String, Value>,
    key: Option<String>,
    path: Path,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        match key.serialize(ValueSerializer {
            ty: &Type::String,
            path: self.path.clone(),
        })? {
            Value::String(key) => self.key = Some(key),
            _ => return Err(Error::at(&self.path, "map keys must be strings")),
        }
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .expect("serde serializes a key before its value");
        let (ty, path) = match self.ty {
            Type::Map(element) => (&**element, self.path.then_key(&key)),
            Type::Object(attributes) => match attributes.get(&key) {
                Some(ty) => (ty, self.path.then_attr(&key)),
                None => {
                    return Err(Error::at(
                        &self.path,
                        format!("the schema has no attribute {key:?}"),
                    ));
                }
            },
            _ => unreachable!("serialize_map accepts maps and objects only"),
        };
        let value = child(value, ty, path)?;
        self.entries.insert(key, value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(match self.ty {
            Type::Object(attributes) => {
                let mut entries = self.entries;
                for name in attributes.keys() {
                    entries.entry(name.clone()).or_insert(Value::Null);
                }
                Value::Object(entries)
            }
            _ => Value::Map(self.entries),
        })
    }
}

/// A struct onto an object type: exactly its attributes.
pub(super) struct Struct<'t> {
    name: &'static str,
    attributes: &'t BTreeMap<String, Type>,
    entries: BTreeMap<String, Value>,
    path: Path,
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let Some(ty) = self.attributes.get(field) else {
            return Err(Error::at(
                &self.path,
                format!(
                    "field {field:?} of {} is not an attribute of the schema",
                    self.name
                ),
            ));
        };
        let value = child(value, ty, self.path.then_attr(field))?;
        self.entries.insert(field.to_owned(), value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        if let Some(missing) = self
            .attributes
            .keys()
            .find(|name| !self.entries.contains_key(*name))
        {
            return Err(Error::at(
                &self.path,
                format!("{} has no field for the attribute {missing:?}", self.name),
            ));
        }
        Ok(Value::Object(self.entries))
    }
}
