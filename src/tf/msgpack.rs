//! cty's msgpack encoding of values, as `DynamicValue.msgpack` carries them.
//!
//! Null is nil and unknown is an extension value. A known value at a `dynamic` position
//! is the array `[type JSON as bytes, value under that type]`. Numbers go as the
//! smallest exact machine form, or as a decimal string when none holds them.

use std::collections::BTreeMap;

use rmp::Marker;

pub use super::codec::{DecodeError, EncodeError};
use super::codec::{Node, names, node, tuple_length};
use super::number::Number;
use super::path::Path;
use super::types::Type;
use super::value::Value;

/// What cty writes for an unknown: fixext1, type 0, one zero byte.
const UNKNOWN: [u8; 3] = [0xd4, 0, 0];

pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    write(&mut out, value, ty, &Path::root())?;
    Ok(out)
}

pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    let mut reader = Reader { bytes, pos: 0 };
    let value = reader.value(ty, &Path::root())?;
    if reader.pos != bytes.len() {
        return Err(DecodeError::new(
            &Path::root(),
            format!(
                "{} unexpected bytes after the value",
                bytes.len() - reader.pos
            ),
        ));
    }
    Ok(value)
}

/// Writing to a `Vec` cannot fail; rmp's signatures allow for writers that can.
fn grow<T, E: std::fmt::Debug>(written: Result<T, E>) {
    written.expect("writing msgpack to a Vec");
}

fn write(out: &mut Vec<u8>, value: &Value, ty: &Type, path: &Path) -> Result<(), EncodeError> {
    match node(value, ty, path)? {
        Node::Null => grow(rmp::encode::write_nil(out)),
        Node::Unknown => out.extend_from_slice(&UNKNOWN),
        Node::Bool(b) => grow(rmp::encode::write_bool(out, b)),
        Node::Number(Number::Int(n)) => grow(rmp::encode::write_sint(out, *n)),
        Node::Number(Number::UInt(n)) => grow(rmp::encode::write_u64(out, *n)),
        Node::Number(Number::Float(f)) => grow(rmp::encode::write_f64(out, *f)),
        Node::Number(Number::Decimal(d)) => grow(rmp::encode::write_str(out, d)),
        Node::String(s) => grow(rmp::encode::write_str(out, s)),
        Node::Array(children) => {
            grow(rmp::encode::write_array_len(
                out,
                wire_len(children.len(), path)?,
            ));
            for c in children {
                write(out, c.value, c.ty, &c.path)?;
            }
        }
        Node::Map(entries) => {
            grow(rmp::encode::write_map_len(
                out,
                wire_len(entries.len(), path)?,
            ));
            for (key, c) in entries {
                grow(rmp::encode::write_str(out, key));
                write(out, c.value, c.ty, &c.path)?;
            }
        }
        Node::Dynamic(concrete, c) => {
            grow(rmp::encode::write_array_len(out, 2));
            grow(rmp::encode::write_bin(out, &concrete.to_json_bytes()));
            write(out, c.value, c.ty, &c.path)?;
        }
    }
    Ok(())
}

fn wire_len(len: usize, path: &Path) -> Result<u32, EncodeError> {
    u32::try_from(len)
        .map_err(|_| EncodeError::new(path, format!("{len} elements exceed msgpack's limit")))
}

#[derive(Clone, Copy)]
enum Container {
    Array,
    Map,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn value(&mut self, ty: &Type, path: &Path) -> Result<Value, DecodeError> {
        let marker = self.peek(path)?;
        // cty has no other extensions, so every one is an unknown, whatever it carries
        // (newer Terraform refines unknowns with a payload).
        if let Some(len) = self.ext_len(marker, path)? {
            self.take(len + 1, path)?; // the extension's type byte and data
            return Ok(Value::Unknown);
        }
        if marker == Marker::Null {
            self.pos += 1;
            return Ok(Value::Null);
        }
        let expected = |what: &str| {
            DecodeError::new(
                path,
                format!("{what} is required, found {}", describe(marker)),
            )
        };
        match ty {
            Type::Dynamic => self.dynamic(path),
            Type::Bool => match self.marker(path)? {
                Marker::True => Ok(Value::Bool(true)),
                Marker::False => Ok(Value::Bool(false)),
                _ => Err(expected("a bool")),
            },
            Type::Number => self.number(path).map(Value::Number),
            Type::String => self.string(path).map(Value::String),
            Type::List(e) => {
                let len = self
                    .container_len(Container::Array, path)?
                    .ok_or_else(|| expected("a list"))?;
                let items = (0..len).map(|i| self.value(e, &path.then_index(i)));
                Ok(Value::List(items.collect::<Result<_, _>>()?))
            }
            Type::Set(e) => {
                let len = self
                    .container_len(Container::Array, path)?
                    .ok_or_else(|| expected("a set"))?;
                let items = (0..len).map(|_| self.value(e, path));
                Ok(Value::Set(items.collect::<Result<_, _>>()?))
            }
            Type::Tuple(ts) => {
                let len = self
                    .container_len(Container::Array, path)?
                    .ok_or_else(|| expected("a tuple"))?;
                if len != ts.len() {
                    return Err(DecodeError::new(path, tuple_length(ts.len(), len)));
                }
                let items = ts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| self.value(t, &path.then_index(i)));
                Ok(Value::Tuple(items.collect::<Result<_, _>>()?))
            }
            Type::Map(e) => {
                let len = self
                    .container_len(Container::Map, path)?
                    .ok_or_else(|| expected("a map"))?;
                let entries = self.entries(len, path, "key", |reader, key| {
                    reader.value(e, &path.then_key(key))
                })?;
                Ok(Value::Map(entries))
            }
            Type::Object(attrs) => {
                let len = self
                    .container_len(Container::Map, path)?
                    .ok_or_else(|| expected("an object"))?;
                let entries = self.entries(len, path, "attribute", |reader, name| {
                    let Some(attr_ty) = attrs.get(name) else {
                        return Err(DecodeError::new(
                            path,
                            format!(
                                "unsupported attribute {name:?}; the type has {}",
                                names(attrs.keys())
                            ),
                        ));
                    };
                    reader.value(attr_ty, &path.then_attr(name))
                })?;
                if let Some(missing) = attrs.keys().find(|k| !entries.contains_key(*k)) {
                    return Err(DecodeError::new(
                        path,
                        format!("attribute {missing:?} is missing"),
                    ));
                }
                Ok(Value::Object(entries))
            }
        }
    }

    /// The `len` entries of a map or an object: each key, then its value as `value` reads
    /// it. A key that comes twice is an error that calls it a `kind` ("key", "attribute").
    fn entries(
        &mut self,
        len: usize,
        path: &Path,
        kind: &str,
        mut value: impl FnMut(&mut Self, &str) -> Result<Value, DecodeError>,
    ) -> Result<BTreeMap<String, Value>, DecodeError> {
        let mut entries = BTreeMap::new();
        for _ in 0..len {
            let key = self.string(path)?;
            let value = value(self, &key)?;
            if entries.insert(key.clone(), value).is_some() {
                return Err(DecodeError::new(
                    path,
                    format!("{kind} {key:?} appears twice"),
                ));
            }
        }
        Ok(entries)
    }

    /// `[type JSON, value]`; cty writes the type as bin, but str is accepted too.
    fn dynamic(&mut self, path: &Path) -> Result<Value, DecodeError> {
        let malformed = || DecodeError::new(path, "a dynamic value must be a [type, value] array");
        if self.container_len(Container::Array, path)? != Some(2) {
            return Err(malformed());
        }
        let ty = Type::from_json_bytes(self.bytes_or_str(path)?)
            .map_err(|e| DecodeError::new(path, e.to_string()))?;
        if ty == Type::Dynamic {
            return Err(DecodeError::new(
                path,
                "a dynamic value needs a concrete type, not \"dynamic\"",
            ));
        }
        let value = self.value(&ty, path)?;
        Ok(Value::Dynamic(ty, Box::new(value)))
    }

    fn number(&mut self, path: &Path) -> Result<Number, DecodeError> {
        let marker = self.peek(path)?;
        if matches!(
            marker,
            Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32
        ) {
            let text = self.string(path)?;
            return Number::parse(&text)
                .ok_or_else(|| DecodeError::new(path, format!("{text:?} is not a number")));
        }
        self.pos += 1;
        let number = match marker {
            Marker::FixPos(n) => Number::Int(n.into()),
            Marker::FixNeg(n) => Number::Int(n.into()),
            Marker::U8 => Number::Int(self.uint(1, path)? as i64),
            Marker::U16 => Number::Int(self.uint(2, path)? as i64),
            Marker::U32 => Number::Int(self.uint(4, path)? as i64),
            Marker::U64 => Number::from_u64(self.uint(8, path)?),
            // Sign-extend through the narrow type.
            Marker::I8 => Number::Int((self.uint(1, path)? as u8 as i8).into()),
            Marker::I16 => Number::Int((self.uint(2, path)? as u16 as i16).into()),
            Marker::I32 => Number::Int((self.uint(4, path)? as u32 as i32).into()),
            Marker::I64 => Number::Int(self.uint(8, path)? as i64),
            Marker::F32 => float(f32::from_bits(self.uint(4, path)? as u32).into(), path)?,
            Marker::F64 => float(f64::from_bits(self.uint(8, path)?), path)?,
            other => {
                return Err(DecodeError::new(
                    path,
                    format!("a number is required, found {}", describe(other)),
                ));
            }
        };
        Ok(number)
    }

    fn string(&mut self, path: &Path) -> Result<String, DecodeError> {
        let bytes = self.bytes_or_str(path)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| {
            DecodeError::new(path, "a string is required, found bytes that are not UTF-8")
        })
    }

    /// The contents of a str or bin.
    fn bytes_or_str(&mut self, path: &Path) -> Result<&[u8], DecodeError> {
        let marker = self.marker(path)?;
        let len = match marker {
            Marker::FixStr(n) => usize::from(n),
            Marker::Str8 | Marker::Bin8 => self.uint(1, path)? as usize,
            Marker::Str16 | Marker::Bin16 => self.uint(2, path)? as usize,
            Marker::Str32 | Marker::Bin32 => self.uint(4, path)? as usize,
            other => {
                return Err(DecodeError::new(
                    path,
                    format!("a string is required, found {}", describe(other)),
                ));
            }
        };
        self.take(len, path)
    }

    /// The length in the header of the container that comes next, or `None`, leaving
    /// the input as it was, when something else comes next.
    fn container_len(
        &mut self,
        kind: Container,
        path: &Path,
    ) -> Result<Option<usize>, DecodeError> {
        let width = match (kind, self.peek(path)?) {
            (Container::Array, Marker::FixArray(n)) | (Container::Map, Marker::FixMap(n)) => {
                self.pos += 1;
                return Ok(Some(n.into()));
            }
            (Container::Array, Marker::Array16) | (Container::Map, Marker::Map16) => 2,
            (Container::Array, Marker::Array32) | (Container::Map, Marker::Map32) => 4,
            _ => return Ok(None),
        };
        self.pos += 1;
        let len = self.uint(width, path)? as usize;
        // Every element takes at least a byte, so a larger count is corrupt; it must not
        // size an allocation either.
        if len > self.bytes.len() - self.pos {
            return Err(DecodeError::new(
                path,
                format!("a length of {len} exceeds the input"),
            ));
        }
        Ok(Some(len))
    }

    /// For an extension marker, the length of its data (without the type byte), and
    /// moves past the marker and any length field.
    fn ext_len(&mut self, marker: Marker, path: &Path) -> Result<Option<usize>, DecodeError> {
        let (fixed, len_bytes) = match marker {
            Marker::FixExt1 => (1, 0),
            Marker::FixExt2 => (2, 0),
            Marker::FixExt4 => (4, 0),
            Marker::FixExt8 => (8, 0),
            Marker::FixExt16 => (16, 0),
            Marker::Ext8 => (0, 1),
            Marker::Ext16 => (0, 2),
            Marker::Ext32 => (0, 4),
            _ => return Ok(None),
        };
        self.pos += 1;
        let len = if len_bytes == 0 {
            fixed
        } else {
            self.uint(len_bytes, path)? as usize
        };
        Ok(Some(len))
    }

    fn peek(&self, path: &Path) -> Result<Marker, DecodeError> {
        self.bytes
            .get(self.pos)
            .map(|b| Marker::from_u8(*b))
            .ok_or_else(|| DecodeError::new(path, "the input ends where a value should be"))
    }

    fn marker(&mut self, path: &Path) -> Result<Marker, DecodeError> {
        let marker = self.peek(path)?;
        self.pos += 1;
        Ok(marker)
    }

    /// A big-endian unsigned integer of `width` bytes.
    fn uint(&mut self, width: usize, path: &Path) -> Result<u64, DecodeError> {
        Ok(self
            .take(width, path)?
            .iter()
            .fold(0, |n, b| n << 8 | u64::from(*b)))
    }

    fn take(&mut self, len: usize, path: &Path) -> Result<&[u8], DecodeError> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|end| *end <= self.bytes.len());
        let end = end.ok_or_else(|| DecodeError::new(path, "the input ends inside a value"))?;
        let taken = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(taken)
    }
}

fn float(f: f64, path: &Path) -> Result<Number, DecodeError> {
    if f.is_nan() {
        return Err(DecodeError::new(path, "NaN is not a number cty accepts"));
    }
    Ok(Number::from_f64(f))
}

/// The kind of msgpack item a marker starts, for messages.
fn describe(marker: Marker) -> &'static str {
    match marker {
        Marker::Null => "nil",
        Marker::True | Marker::False => "a bool",
        Marker::FixPos(_) | Marker::FixNeg(_) => "an integer",
        Marker::U8 | Marker::U16 | Marker::U32 | Marker::U64 => "an integer",
        Marker::I8 | Marker::I16 | Marker::I32 | Marker::I64 => "an integer",
        Marker::F32 | Marker::F64 => "a float",
        Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => "a string",
        Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => "binary data",
        Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => "an array",
        Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => "a map",
        Marker::FixExt1
        | Marker::FixExt2
        | Marker::FixExt4
        | Marker::FixExt8
        | Marker::FixExt16 => "an extension",
        Marker::Ext8 | Marker::Ext16 | Marker::Ext32 => "an extension",
        Marker::Reserved => "the reserved byte 0xc1",
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::tf::codec::arbitrary::{Codec, Shape, any_type, attribute_name, known_value_of};

    const SHAPE: Shape = Shape {
        unknowns: true,
        dynamic_depth: 2,
    };

    const MSGPACK: Codec = Codec {
        encode,
        decode,
        shape: SHAPE,
    };

    fn written(write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out);
        out
    }

    /// `n` as `write` writes an integer of type `I`, when `I` holds it.
    fn integer_form<I: TryFrom<i64>, E: std::fmt::Debug>(
        n: i64,
        write: fn(&mut Vec<u8>, I) -> Result<(), E>,
    ) -> Option<Vec<u8>> {
        let m = I::try_from(n).ok()?;
        Some(written(|o| grow(write(o, m))))
    }

    #[test]
    fn decode_inverts_encode() {
        MSGPACK.round_trips();
    }

    proptest! {
        #[test]
        fn integers_decode_alike_from_every_wire_form(n in any::<i64>()) {
            let mut forms = vec![
                written(|o| grow(rmp::encode::write_i64(o, n))),
                written(|o| grow(rmp::encode::write_str(o, &n.to_string()))),
            ];
            forms.extend(
                [
                    integer_form(n, rmp::encode::write_i8),
                    integer_form(n, rmp::encode::write_i16),
                    integer_form(n, rmp::encode::write_i32),
                    integer_form(n, rmp::encode::write_u8),
                    integer_form(n, rmp::encode::write_u16),
                    integer_form(n, rmp::encode::write_u32),
                    integer_form(n, rmp::encode::write_u64),
                ]
                .into_iter()
                .flatten(),
            );
            if (n as f64) as i64 == n && n != i64::MAX {
                forms.push(written(|o| grow(rmp::encode::write_f64(o, n as f64))));
            }
            if (n as f32) as i64 == n && n != i64::MAX {
                forms.push(written(|o| grow(rmp::encode::write_f32(o, n as f32))));
            }
            for form in forms {
                prop_assert_eq!(decode(&form, &Type::Number).unwrap(), Value::Number(Number::Int(n)), "{:x?}", form);
            }
        }

        #[test]
        fn large_unsigned_integers_decode_alike(n in (i64::MAX as u64 + 1)..=u64::MAX) {
            let mut forms = vec![
                written(|o| grow(rmp::encode::write_u64(o, n))),
                written(|o| grow(rmp::encode::write_str(o, &n.to_string()))),
            ];
            if (n as f64) as u64 == n && n != u64::MAX {
                forms.push(written(|o| grow(rmp::encode::write_f64(o, n as f64))));
            }
            for form in forms {
                prop_assert_eq!(decode(&form, &Type::Number).unwrap(), Value::Number(Number::UInt(n)));
            }
        }

        #[test]
        fn floats_decode_alike_from_float32_and_float64(f in any::<f32>().prop_filter("finite", |f| f.is_finite())) {
            let expected = Value::Number(Number::from_f64(f.into()));
            let f32_form = written(|o| grow(rmp::encode::write_f32(o, f)));
            let f64_form = written(|o| grow(rmp::encode::write_f64(o, f.into())));
            prop_assert_eq!(decode(&f32_form, &Type::Number).unwrap(), expected.clone());
            prop_assert_eq!(decode(&f64_form, &Type::Number).unwrap(), expected);
        }

        #[test]
        fn any_extension_is_unknown_under_any_type(ty in any_type(), ext_type in any::<i8>(), payload in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut bytes = written(|o| grow(rmp::encode::write_ext_meta(o, payload.len() as u32, ext_type)));
            bytes.extend_from_slice(&payload);
            prop_assert_eq!(decode(&bytes, &ty).unwrap(), Value::Unknown);
        }

        #[test]
        fn object_attribute_order_does_not_matter(
            (ty, value, order) in proptest::collection::btree_map(attribute_name(), any_type(), 0..5)
                .prop_flat_map(|attrs| {
                    let ty = Type::Object(attrs);
                    let order = Just((0..ty_len(&ty)).collect::<Vec<_>>()).prop_shuffle();
                    (Just(ty.clone()), known_value_of(&ty, SHAPE), order)
                })
        ) {
            let (Type::Object(attrs), Value::Object(values)) = (&ty, &value) else { unreachable!() };
            let attrs: Vec<_> = attrs.iter().collect();
            let mut bytes = written(|o| grow(rmp::encode::write_map_len(o, attrs.len() as u32)));
            for i in order {
                let (name, attr_ty) = attrs[i];
                grow(rmp::encode::write_str(&mut bytes, name));
                bytes.extend(encode(&values[name], attr_ty).unwrap());
            }
            prop_assert_eq!(decode(&bytes, &ty).unwrap(), value);
        }

        #[test]
        fn mismatches_name_the_path(ty in any_type().prop_filter("not bool", |t| !matches!(t, Type::Bool | Type::Dynamic))) {
            MSGPACK.mismatch_names_the_path(ty)?;
        }
    }

    fn ty_len(ty: &Type) -> usize {
        match ty {
            Type::Object(attrs) => attrs.len(),
            _ => 0,
        }
    }

    #[test]
    fn object_encoding_is_cty_s() {
        let ty = Type::object([("b", Type::String), ("a", Type::String)]);
        let value = Value::object([("a", Value::from("x")), ("b", Value::Null)]);
        let bytes = [0x82, 0xa1, b'a', 0xa1, b'x', 0xa1, b'b', 0xc0];
        assert_eq!(encode(&value, &ty).unwrap(), bytes);
        assert_eq!(decode(&bytes, &ty).unwrap(), value);
    }

    #[test]
    fn unknowns_are_extensions() {
        assert_eq!(
            encode(&Value::Unknown, &Type::String).unwrap(),
            [0xd4, 0, 0]
        );
        assert_eq!(
            decode(&[0xd4, 0, 0], &Type::list(Type::Number)).unwrap(),
            Value::Unknown
        );
        // A refined unknown as newer Terraform writes it: ext8, 3 bytes, type 0x0c.
        let refined = [0xc7, 3, 0x0c, 0x81, 0x01, 0xc3];
        assert_eq!(decode(&refined, &Type::String).unwrap(), Value::Unknown);
    }

    #[test]
    fn dynamic_values_carry_their_type_json() {
        let value = Value::Dynamic(Type::String, Box::new(Value::from("hi")));
        let mut bytes = vec![0x92, 0xc4, 8];
        bytes.extend_from_slice(b"\"string\"");
        bytes.extend_from_slice(&[0xa2, b'h', b'i']);
        assert_eq!(encode(&value, &Type::Dynamic).unwrap(), bytes);
        assert_eq!(decode(&bytes, &Type::Dynamic).unwrap(), value);

        bytes[1] = 0xa8; // the type as a str instead of bin
        bytes.remove(2);
        assert_eq!(decode(&bytes, &Type::Dynamic).unwrap(), value);

        assert_eq!(encode(&Value::Null, &Type::Dynamic).unwrap(), [0xc0]);
        assert_eq!(decode(&[0xc0], &Type::Dynamic).unwrap(), Value::Null);
        assert_eq!(
            decode(&[0xd4, 0, 0], &Type::Dynamic).unwrap(),
            Value::Unknown
        );
    }

    #[test]
    fn numbers_take_their_smallest_exact_form() {
        let enc = |n: Number| encode(&Value::Number(n), &Type::Number).unwrap();
        assert_eq!(enc(Number::Int(1)), [0x01]);
        assert_eq!(enc(Number::Int(-1)), [0xff]);
        assert_eq!(enc(Number::Int(300)), [0xcd, 0x01, 0x2c]);
        assert_eq!(
            enc(Number::UInt(u64::MAX)),
            [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
        assert_eq!(
            enc(Number::Float(0.5)),
            [0xcb, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            enc(Number::Decimal("1e400".into())),
            [0xa5, b'1', b'e', b'4', b'0', b'0']
        );
    }

    #[test]
    fn half_decodes_alike_from_every_form() {
        let half = Value::Number(Number::Float(0.5));
        for bytes in [
            written(|o| grow(rmp::encode::write_f32(o, 0.5))),
            written(|o| grow(rmp::encode::write_f64(o, 0.5))),
            written(|o| grow(rmp::encode::write_str(o, "0.5"))),
            written(|o| grow(rmp::encode::write_str(o, "5e-1"))),
        ] {
            assert_eq!(decode(&bytes, &Type::Number).unwrap(), half);
        }
    }

    #[test]
    fn malformed_input_is_rejected() {
        assert_eq!(
            MSGPACK.decode_err([], &Type::String),
            "the input ends where a value should be"
        );
        assert_eq!(
            MSGPACK.decode_err([0xc0, 0xc0], &Type::String),
            "1 unexpected bytes after the value"
        );
        assert_eq!(
            MSGPACK.decode_err([0xa3, b'a'], &Type::String),
            "the input ends inside a value"
        );
        assert_eq!(
            MSGPACK.decode_err([0xdd, 0xff, 0xff, 0xff, 0xff], &Type::list(Type::Bool)),
            "a length of 4294967295 exceeds the input"
        );
        assert_eq!(
            MSGPACK.decode_err([0xa1, b'x'], &Type::Number),
            "\"x\" is not a number"
        );
        assert_eq!(
            MSGPACK.decode_err([0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], &Type::Number),
            "NaN is not a number cty accepts"
        );
    }

    #[test]
    fn objects_must_hold_exactly_their_attributes() {
        let ty = Type::object([("a", Type::String), ("b", Type::Bool)]);
        let only_a = [0x81, 0xa1, b'a', 0xc0];
        assert_eq!(
            MSGPACK.decode_err(only_a, &ty),
            "attribute \"b\" is missing"
        );
        let with_c = [0x83, 0xa1, b'a', 0xc0, 0xa1, b'b', 0xc0, 0xa1, b'c', 0xc0];
        assert_eq!(
            MSGPACK.decode_err(with_c, &ty),
            "unsupported attribute \"c\"; the type has \"a\", \"b\""
        );
        let nested = Type::object([("o", ty)]);
        assert_eq!(
            MSGPACK.decode_err([0x81, 0xa1, b'o', 0x81, 0xa1, b'a', 0x05], &nested),
            "o.a: a string is required, found an integer"
        );
    }

    #[test]
    fn dynamic_values_need_a_concrete_type() {
        let value = Value::Dynamic(Type::Dynamic, Box::new(Value::Null));
        assert!(encode(&value, &Type::Dynamic).is_err());
        let mut bytes = vec![0x92, 0xc4, 9];
        bytes.extend_from_slice(b"\"dynamic\"");
        bytes.push(0xc0);
        assert!(decode(&bytes, &Type::Dynamic).is_err());
        assert_eq!(
            MSGPACK.decode_err([0x01], &Type::Dynamic),
            "a dynamic value must be a [type, value] array"
        );
    }
}
