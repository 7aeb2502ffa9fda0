//! Every object of a named kind (see [`named`](super::named)) as a data source:
//! `camunda_tenants`, `camunda_roles`, `camunda_groups`, each a list attribute named after
//! the kind (`roles`) of objects with the kind's id (`role_id`), `name` and `description`,
//! read through the same one search per process as the resources' refresh.

use std::marker::PhantomData;

use async_trait::async_trait;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Object;
use super::keyed::Listing;
use super::kind_fields::{self, KindFields};
use super::named::{Named, NamedModel};
use crate::orchestration::NamedObject;
use crate::tf::{Attr, Attribute, Block, DataSource, Schema, Type, call};

/// The data source of every object of the kind `K`.
pub struct Listed<K>(PhantomData<K>);

/// One object of the list: the attributes of its resource but the import id.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<K>(NamedModel<K>);

impl<K: Named> Entry<K> {
    /// `K::FIELDS` without the trailing import id.
    fn fields() -> &'static [&'static str] {
        &K::FIELDS[..K::FIELDS.len() - 1]
    }
}

impl<K: Named> Serialize for Entry<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        kind_fields::serialize(&self.0, Self::fields(), serializer)
    }
}

impl<'de, K: Named> Deserialize<'de> for Entry<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        kind_fields::deserialize(Self::fields(), deserializer).map(Entry)
    }
}

/// The data source's one attribute, named after the kind (`roles`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListModel<K> {
    pub list: Attr<Vec<Entry<K>>>,
}

impl<K: Named> KindFields for ListModel<K> {
    type Value = Attr<Vec<Entry<K>>>;
    const TYPE_NAME: &'static str = K::LIST_TYPE_NAME;

    fn value(&self, _: &str) -> &Self::Value {
        &self.list
    }

    fn value_mut(&mut self, _: &str) -> &mut Self::Value {
        &mut self.list
    }
}

kind_fields::serde_by_fields!(ListModel<K: Named>, const { &[K::LIST] });

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

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<ListModel<K>> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let all = Listing::<K>::new(&self.shared)
            .every(api, call.diags)
            .await?;
        let entries = all
            .iter()
            .map(|o| Entry(NamedModel::of(o.id(), &o.name_and_description())));
        Some(ListModel {
            list: entries.collect(),
        })
    }
}
