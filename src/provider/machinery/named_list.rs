//! Every object of a named kind (see [`named`](super::named)) as a data source:
//! `camunda_tenants`, `camunda_roles`, `camunda_groups`, each a list attribute named after
//! the kind (`roles`) of objects with the kind's id (`role_id`), `name` and `description`,
//! read through the same one search per process as the resources' refresh.

use std::fmt;
use std::marker::PhantomData;

use async_trait::async_trait;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Object;
use super::named::{Named, NamedModel, every};
use crate::tf::{Attr, Attribute, Block, Ctx, DataSource, Diagnostics, Schema, Type};

/// The data source of every object of the kind `K`.
pub struct Listed<K>(PhantomData<K>);

/// One object of the list: the attributes of its resource but the import id.
pub struct Entry<K>(NamedModel<K>);

impl<K: Named> Entry<K> {
    /// `K::FIELDS` without the trailing import id.
    fn fields() -> &'static [&'static str] {
        &K::FIELDS[..K::FIELDS.len() - 1]
    }
}

impl<K> Clone for Entry<K> {
    fn clone(&self) -> Self {
        Entry(self.0.clone())
    }
}

impl<K> PartialEq for Entry<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K: Named> fmt::Debug for Entry<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<K: Named> Serialize for Entry<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_fields(serializer, Self::fields())
    }
}

impl<'de, K: Named> Deserialize<'de> for Entry<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NamedModel::deserialize_fields(deserializer, Self::fields()).map(Entry)
    }
}

/// The data source's one attribute, named after the kind (`roles`).
pub struct ListModel<K> {
    pub list: Attr<Vec<Entry<K>>>,
}

impl<K> Default for ListModel<K> {
    fn default() -> Self {
        ListModel { list: Attr::Null }
    }
}

impl<K> Clone for ListModel<K> {
    fn clone(&self) -> Self {
        ListModel {
            list: self.list.clone(),
        }
    }
}

impl<K> PartialEq for ListModel<K> {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl<K: Named> fmt::Debug for ListModel<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(K::LIST_TYPE_NAME)
            .field(K::LIST, &self.list)
            .finish()
    }
}

// The attribute is named after the kind, so the model is (de)serialized by hand.
impl<K: Named> Serialize for ListModel<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct(K::LIST_TYPE_NAME, 1)?;
        object.serialize_field(K::LIST, &self.list)?;
        object.end()
    }
}

impl<'de, K: Named> Deserialize<'de> for ListModel<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct List<K>(PhantomData<K>);

        impl<'de, K: Named> Visitor<'de> for List<K> {
            type Value = ListModel<K>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the attributes of {}", K::LIST_TYPE_NAME)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut model = ListModel::default();
                while let Some(field) = map.next_key::<String>()? {
                    if field != K::LIST {
                        return Err(de::Error::unknown_field(&field, &[]));
                    }
                    model.list = map.next_value()?;
                }
                Ok(model)
            }
        }

        let fields: &'static [&'static str] = const { &[K::LIST] };
        deserializer.deserialize_struct(K::LIST_TYPE_NAME, fields, List(PhantomData))
    }
}

#[async_trait]
impl<K: Named> DataSource for Object<Listed<K>> {
    type Model = ListModel<K>;

    const TYPE_NAME: &'static str = K::LIST_TYPE_NAME;

    fn schema() -> Schema {
        let entry = Type::object(Entry::<K>::fields().iter().map(|&f| (f, Type::String)));
        let list = Attribute::new(K::LIST, Type::list(entry))
            .computed()
            .description(format!(
                "Every {what} of the cluster, each with its `{id}`, `name` and `description` \
                 (null when it has none).",
                what = K::WHAT,
                id = K::ID,
            ))
            .describe_field(K::ID, format!("The {}'s ID.", K::WHAT))
            .describe_field("name", format!("The {}'s name.", K::WHAT))
            .describe_field(
                "description",
                format!("What the {} is for, or null.", K::WHAT),
            );
        Schema::new(
            Block::new(format!(
                "Lists every {} inside a Camunda 8.8+ cluster (SaaS or Self-Managed), through \
                 the provider's `orchestration_api`.",
                K::WHAT
            ))
            .attribute(list),
        )
    }

    async fn read(
        &self,
        _ctx: &Ctx,
        _config: &ListModel<K>,
        diags: &mut Diagnostics,
    ) -> Option<ListModel<K>> {
        let api = self.shared.cluster_api.get(diags)?;
        let all = every::<K>(&self.shared, api, diags).await?;
        let entries = all
            .iter()
            .map(|(id, object)| Entry(NamedModel::of(id, object)));
        Some(ListModel {
            list: entries.collect::<Vec<_>>().into(),
        })
    }
}
