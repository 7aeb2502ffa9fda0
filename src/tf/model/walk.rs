//! How both deserializers of this module walk into collections: the one over a value
//! (`de`) and the one over a schema's type (`probe`). Each element or entry is
//! deserialized by its own node's deserializer, and its errors name its path. A struct
//! meets an object only where their names match ([`Unmatched`]).

use std::collections::BTreeMap;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer};

use super::error::Error;
use crate::tf::path::Path;

/// What a deserializer walks, one node at a time: a value, or a type.
pub(super) trait Node<'de> {
    type Deserializer: de::Deserializer<'de, Error = Error>;

    /// The deserializer of this node, which stands at `path`.
    fn at(self, path: Path) -> Self::Deserializer;
}

/// Deserializes `seed` from `node`, its errors located at `path`.
fn child<'de, N: Node<'de>, T: DeserializeSeed<'de>>(
    seed: T,
    node: N,
    path: Path,
) -> Result<T::Value, Error> {
    seed.deserialize(node.at(path.clone()))
        .map_err(|error| error.located(&path))
}

/// The elements of a list, set or tuple.
pub(super) struct Elements<I> {
    items: std::iter::Enumerate<I>,
    path: Path,
    /// Set elements have no path Terraform can follow: errors in them name the set.
    is_set: bool,
}

impl<I> Elements<I> {
    pub(super) fn new(items: I, path: Path, is_set: bool) -> Elements<I>
    where
        I: Iterator,
    {
        Elements {
            items: items.enumerate(),
            path,
            is_set,
        }
    }
}

impl<'de, I> de::SeqAccess<'de> for Elements<I>
where
    I: ExactSizeIterator<Item: Node<'de>>,
{
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((i, item)) = self.items.next() else {
            return Ok(None);
        };
        let path = if self.is_set {
            self.path.clone()
        } else {
            self.path.then_index(i)
        };
        child(seed, item, path).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a map, or the attributes of an object.
pub(super) struct Entries<'k, I, N> {
    entries: I,
    pending: Option<(&'k str, N)>,
    path: Path,
    is_object: bool,
}

impl<'k, I, N> Entries<'k, I, N> {
    pub(super) fn new(entries: I, path: Path, is_object: bool) -> Entries<'k, I, N> {
        Entries {
            entries,
            pending: None,
            path,
            is_object,
        }
    }
}

impl<'de, 'k, I, N> de::MapAccess<'de> for Entries<'k, I, N>
where
    I: ExactSizeIterator<Item = (&'k str, N)>,
    N: Node<'de>,
{
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        let key: StrDeserializer<'_, Error> = entry.0.into_deserializer();
        self.pending = Some(entry);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let (key, node) = self
            .pending
            .take()
            .expect("serde asks for a key before its value");
        let path = if self.is_object {
            self.path.then_attr(key)
        } else {
            self.path.then_key(key)
        };
        child(seed, node, path)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Where a struct's fields and an object's attributes do not match: the fields without an
/// attribute, in the struct's order, and the attributes without a field, in the object's.
pub(super) struct Unmatched<'a> {
    pub fields: Vec<&'static str>,
    pub attributes: Vec<&'a str>,
}

impl<'a> Unmatched<'a> {
    pub(super) fn of<T>(
        fields: &'static [&'static str],
        attributes: &'a BTreeMap<String, T>,
    ) -> Unmatched<'a> {
        Unmatched {
            fields: fields
                .iter()
                .copied()
                .filter(|f| !attributes.contains_key(*f))
                .collect(),
            attributes: attributes
                .keys()
                .map(String::as_str)
                .filter(|a| !fields.contains(a))
                .collect(),
        }
    }
}
