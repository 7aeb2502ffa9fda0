//! Objects inside a cluster whose id the caller chooses and which carry a name and a
//! description: tenants, roles and groups. Each kind says how its API is called
//! ([`Named`]); this module is the resource they all are:
//!
//! - the id (`tenant_id`, `role_id`, `group_id`) replaces the object when it changes; the
//!   name and the description change in place;
//! - a create is sent again when its answer was lost; a 409 (the id exists) is resolved by
//!   reading the object: it is adopted when it is what was asked for (a create whose answer
//!   was lost made it), and otherwise an error says what differs and how to import it;
//! - every write waits until the cluster's reads show it (see [`consistency`]), so that the
//!   next plan finds what the apply left;
//! - a refresh reads every object of the kind with one paged search per process.

use std::fmt::Debug;
use std::marker::PhantomData;

use async_trait::async_trait;

use super::Object;
use super::keyed::{Keyed, Kind};
use super::kind_fields;
use crate::orchestration::{self, Collection, NameAndDescription, NamedObject};
use crate::tf::schema::Validator;
use crate::tf::validators::omitted_when_empty;
use crate::tf::{Attr, Attribute, Block, Resource, Schema, call};

/// A kind of object with a caller-chosen id, a name and a description. (A marker type: the
/// derived traits let its models derive theirs.)
#[async_trait]
pub trait Named: Clone + Debug + Default + PartialEq + Send + Sync + 'static {
    /// The Terraform type: `camunda_role`.
    const TYPE_NAME: &'static str;
    /// As messages name one: `role`.
    const WHAT: &'static str;
    /// The id's attribute: `role_id`.
    const ID: &'static str;
    /// The model's attributes: the id's, then `name`, `description` and `id`.
    const FIELDS: &'static [&'static str];
    /// The IDs the API takes.
    fn id_rule() -> Validator;
    /// The resource's description, for the docs.
    const DESCRIPTION: &'static str;
    /// The type of the data source that lists every object of the kind: `camunda_roles`.
    const LIST_TYPE_NAME: &'static str;
    /// Its list attribute: `roles`.
    const LIST: &'static str;
    /// What the API reads, searches and deletes: `orchestration::Role`.
    type Wire: Collection<Key = str> + NamedObject;

    async fn create(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error>;
    async fn update(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error>;
}

/// Declares a named kind from its Orchestration Cluster API calls: the kind, named like
/// its wire type in `crate::orchestration` (whose collection it reads, searches and
/// deletes), its id field (which is also the Terraform attribute), and the client's create
/// and update.
///
/// ```ignore
/// named_kind! {
///     Role { role_id },
///     type_name: "camunda_role", what: "role", id_rule: identifier(256, "_~@.+-"),
///     calls: (create_role, update_role),
///     description: "A role inside ...",
/// }
/// ```
macro_rules! named_kind {
    (
        $kind:ident { $id:ident },
        type_name: $type_name:literal, what: $what:literal, id_rule: $rule:expr,
        calls: ($create:ident, $update:ident),
        description: $description:expr $(,)?
    ) => {
        #[doc = concat!("`", $type_name, "`.")]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $kind;

        #[async_trait::async_trait]
        impl $crate::provider::machinery::named::Named for $kind {
            const TYPE_NAME: &'static str = $type_name;
            const WHAT: &'static str = $what;
            const ID: &'static str = stringify!($id);
            const FIELDS: &'static [&'static str] = &[stringify!($id), "name", "description", "id"];
            fn id_rule() -> $crate::tf::schema::Validator {
                $rule
            }
            const DESCRIPTION: &'static str = $description;
            const LIST_TYPE_NAME: &'static str = concat!($type_name, "s");
            const LIST: &'static str = concat!($what, "s");
            type Wire = $crate::orchestration::$kind;

            async fn create(
                api: &$crate::orchestration::Client,
                id: &str,
                object: &$crate::orchestration::NameAndDescription,
            ) -> Result<(), $crate::orchestration::Error> {
                let wire = $crate::orchestration::$kind {
                    $id: id.to_owned(),
                    name: object.name.clone(),
                    description: Some(object.description.clone()),
                };
                api.$create(&wire).await.map(drop)
            }

            async fn update(
                api: &$crate::orchestration::Client,
                id: &str,
                object: &$crate::orchestration::NameAndDescription,
            ) -> Result<(), $crate::orchestration::Error> {
                api.$update(id, object).await.map(drop)
            }
        }
    };
}
pub(crate) use named_kind;

/// The state of one object: its id under the kind's attribute name (`role_id`), `name`,
/// `description`, and `id`, the import id, which is the object's id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NamedModel<K> {
    pub key: Attr<String>,
    pub name: Attr<String>,
    pub description: Attr<String>,
    pub id: Attr<String>,
    kind: PhantomData<K>,
}

impl<K> NamedModel<K> {
    /// The state of `object`: the cluster keeps no description as `""`, which is null here.
    pub(super) fn of(key: &str, object: &NameAndDescription) -> NamedModel<K> {
        let description = Some(&object.description).filter(|d| !d.is_empty());
        NamedModel {
            key: key.into(),
            name: object.name.as_str().into(),
            description: description.cloned().into(),
            id: key.into(),
            kind: PhantomData,
        }
    }

    /// What the configuration asks the API for: no description is sent as `""`.
    fn asked(&self) -> NameAndDescription {
        NameAndDescription {
            name: self.name.as_str().to_owned(),
            description: self.description.get().cloned().unwrap_or_default(),
        }
    }
}

kind_fields::string_fields!(NamedModel<K: Named>, K::FIELDS, {
    "name" => name, "description" => description, "id" => id; _ => key
});

/// Every named kind is keyed by its id.
impl<K: Named> Keyed for K {
    const KIND: Kind = Kind {
        what: K::WHAT,
        type_name: K::TYPE_NAME,
        id_attr: K::ID,
    };
    type Found = K::Wire;
    type Asked = NameAndDescription;

    fn shows(found: &K::Wire, asked: &NameAndDescription) -> bool {
        &found.name_and_description() == asked
    }
}

#[async_trait]
impl<K: Named> Resource for Object<K> {
    type Model = NamedModel<K>;

    const TYPE_NAME: &'static str = K::TYPE_NAME;

    fn schema() -> Schema {
        Schema::new(
            Block::new(K::DESCRIPTION)
                .attribute(
                    Attribute::string(K::ID)
                        .required()
                        .requires_replace()
                        .validate(K::id_rule())
                        .description(format!(
                            "The {}'s ID, unique in the cluster, chosen by you. A change replaces it.",
                            K::WHAT
                        )),
                )
                .attribute(
                    Attribute::string("name")
                        .required()
                        .description(format!("The {}'s name; changes in place.", K::WHAT)),
                )
                .attribute(
                    Attribute::string("description")
                        .optional()
                        // The cluster keeps none as "", which reads back as null.
                        .validate(omitted_when_empty())
                        .description(format!(
                            "What the {} is for; changes in place. Leave it out for none (an \
                             empty string is refused).",
                            K::WHAT
                        )),
                )
                .attribute(
                    Attribute::kept_string("id")
                        .description(format!("The import ID: the {}'s ID.", K::WHAT)),
                ),
        )
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<NamedModel<K>> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let (id, asked) = (call.planned.key.as_str(), call.planned.asked());
        let send = || K::create(api, id, &asked);
        let holds = |found: &K::Wire| {
            let found = found.name_and_description();
            format!(
                "the name {:?} and the description {:?}",
                found.name, found.description
            )
        };
        self.listed()
            .create(api, id, &asked, send, holds, call.diags)
            .await?;
        Some(NamedModel::of(id, &asked))
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<NamedModel<K>> {
        let id = call.state.key.as_str();
        let model = |found: &K::Wire| NamedModel::of(id, &found.name_and_description());
        self.listed()
            .refresh(call.state, id, model, call.diags)
            .await
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> NamedModel<K> {
        let Some(api) = self.shared.cluster_api.get(call.diags) else {
            return call.prior.clone();
        };
        let (id, asked) = (call.planned.key.as_str(), call.planned.asked());
        let send = K::update(api, id, &asked);
        if !self
            .listed()
            .update(api, id, &asked, send, call.diags)
            .await
        {
            return call.prior.clone();
        }
        NamedModel::of(id, &asked)
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        self.listed()
            .delete(call.prior.key.as_str(), call.diags)
            .await;
    }

    async fn import(&self, call: call::Import<'_>) -> Option<NamedModel<K>> {
        let found = self.listed().import(call.id, call.diags).await?;
        Some(NamedModel::of(call.id, &found.name_and_description()))
    }
}
