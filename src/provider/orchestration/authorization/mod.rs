//! `camunda_authorization`: permissions that an owner (a user, client, group, role or
//! mapping rule) holds on a resource of a Camunda 8.8+ cluster: one resource by ID (`*`
//! for all of the type), or those whose property names the owner (8.9+).
//!
//! - The owner and the resource replace the authorization when they change;
//!   `permission_types` changes in place.
//! - The resource type and every permission are checked at plan time against the API's
//!   enumerations, and against what the resource type takes where that is known.
//! - The cluster picks the key (`id`), so a create whose answer was lost is never sent
//!   blindly again: `create.rs` looks for the authorization first.
//! - Every write waits until reads show it; a refresh reads every authorization with one
//!   paged search per process. Listed by `camunda_authorizations` (`list.rs`).

mod create;
mod list;

use std::collections::BTreeSet;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use list::Authorizations;

use crate::orchestration::permissions::{
    OWNER_TYPES, PERMISSION_TYPES, RESOURCE_TYPES, permissions_of,
};
use crate::orchestration::{Authorization as Found, AuthorizationResource, NewAuthorization};
use crate::provider::machinery::Object;
use crate::provider::machinery::keyed::{Keyed, Kind};
use crate::tf::validators::{each_one_of, not_blank, one_of};
use crate::tf::{Attr, Attribute, Block, Diagnostics, Path, Resource, Schema, Type, call};

/// `camunda_authorization`.
pub struct Authorization;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthorizationModel {
    owner_type: Attr<String>,
    owner_id: Attr<String>,
    resource_type: Attr<String>,
    resource_id: Attr<String>,
    resource_property_name: Attr<String>,
    permission_types: Attr<Vec<String>>,
    id: Attr<String>,
}

impl AuthorizationModel {
    fn of(found: &Found) -> AuthorizationModel {
        AuthorizationModel {
            owner_type: found.owner_type.as_str().into(),
            owner_id: found.owner_id.as_str().into(),
            resource_type: found.resource_type.as_str().into(),
            resource_id: given(&found.resource_id).cloned().into(),
            resource_property_name: given(&found.resource_property_name).cloned().into(),
            permission_types: sorted(&found.permission_types).into(),
            id: found.authorization_key.as_str().into(),
        }
    }

    /// What the configuration asks the API for.
    fn asked(&self) -> NewAuthorization {
        let resource = match self.resource_property_name.get() {
            Some(property) => AuthorizationResource::Property(property.clone()),
            None => AuthorizationResource::Id(self.resource_id.as_str().to_owned()),
        };
        NewAuthorization {
            owner_id: self.owner_id.as_str().to_owned(),
            owner_type: self.owner_type.as_str().to_owned(),
            resource_type: self.resource_type.as_str().to_owned(),
            resource,
            permission_types: self.permission_types.get().cloned().unwrap_or_default(),
        }
    }
}

/// The permissions, sorted and without repeats: a set.
fn sorted(permissions: &[String]) -> Vec<String> {
    let set: BTreeSet<&String> = permissions.iter().collect();
    set.into_iter().cloned().collect()
}

/// Whether `found` grants `asked`'s owner, on its resource, exactly its permissions.
fn grants(found: &Found, asked: &NewAuthorization) -> bool {
    same_grant(found, asked) && sorted(&found.permission_types) == sorted(&asked.permission_types)
}

/// Whether `found` is for `asked`'s owner and resource, whatever its permissions.
fn same_grant(found: &Found, asked: &NewAuthorization) -> bool {
    let resource = match &asked.resource {
        AuthorizationResource::Id(id) => (Some(id), None),
        AuthorizationResource::Property(name) => (None, Some(name)),
    };
    found.owner_type == asked.owner_type
        && found.owner_id == asked.owner_id
        && found.resource_type == asked.resource_type
        && (
            given(&found.resource_id),
            given(&found.resource_property_name),
        ) == resource
}

/// The answer's resource ID or property name, unless it is left empty (the other is set).
fn given(value: &Option<String>) -> Option<&String> {
    value.as_ref().filter(|v| !v.is_empty())
}

/// An authorization is keyed by the key that the cluster chose.
impl Keyed for Authorization {
    const KIND: Kind = Kind {
        what: "authorization",
        type_name: "camunda_authorization",
        id_attr: "id",
    };
    type Found = Found;
    type Asked = NewAuthorization;

    fn shows(found: &Found, asked: &NewAuthorization) -> bool {
        grants(found, asked)
    }
}

#[async_trait]
impl Resource for Object<Authorization> {
    type Model = AuthorizationModel;

    const TYPE_NAME: &'static str = Authorization::KIND.type_name;

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "Permissions that an owner holds on a resource of a Camunda 8.8+ cluster (SaaS or \
                 Self-Managed): the owner is a user, client, group, role or mapping rule; the \
                 resource is one of a type by ID (`*`: every one of the type) or, from Camunda \
                 8.9, those whose property (such as `assignee`) names the owner. The owner and \
                 the resource replace the authorization when they change; the permissions change \
                 in place, and permissions added or removed outside Terraform show in the next \
                 plan. The resource type and each permission are checked at plan time. The \
                 cluster chooses the key (`id`): a create whose answer was lost is looked for \
                 before it is sent again, so it is made once. Import an authorization by its key.",
            )
            .attribute(
                Attribute::string("owner_type")
                    .required()
                    .requires_replace()
                    .validate(one_of(OWNER_TYPES))
                    .description("What the owner is. A change replaces the authorization."),
            )
            .attribute(
                Attribute::string("owner_id")
                    .required()
                    .requires_replace()
                    .validate(not_blank(usize::MAX))
                    .description(
                        "The owner's ID: a username, a client ID, or the ID of a group, role or \
                         mapping rule. A change replaces the authorization.",
                    ),
            )
            .attribute(
                Attribute::string("resource_type")
                    .required()
                    .requires_replace()
                    .validate(one_of(RESOURCE_TYPES))
                    .description(
                        "The type of the resource. A change replaces the authorization. Camunda \
                         8.8 does not know every type listed; its error names the one it refuses.",
                    ),
            )
            .attribute(
                Attribute::string("resource_id")
                    .optional()
                    .requires_replace()
                    .validate(not_blank(usize::MAX))
                    .description(
                        "The resource's ID, such as a process definition ID, or `*` for every \
                         resource of the type. Exactly one of `resource_id` and \
                         `resource_property_name` is set. A change replaces the authorization.",
                    ),
            )
            .attribute(
                Attribute::string("resource_property_name")
                    .optional()
                    .requires_replace()
                    .validate(not_blank(usize::MAX))
                    .description(
                        "The resource's property that names the owner, such as `assignee` of a \
                         user task (Camunda 8.9 and later). A change replaces the authorization.",
                    ),
            )
            .attribute(
                Attribute::new("permission_types", Type::set(Type::String))
                    .required()
                    .validate(each_one_of(PERMISSION_TYPES))
                    .description(
                        "The permissions granted, such as `READ_PROCESS_INSTANCE`; those the \
                         resource type takes. Changes in place.",
                    ),
            )
            .attribute(
                Attribute::kept_string("id").description(
                    "The authorization's key, which the cluster chooses; the import ID.",
                ),
            ),
        )
    }

    fn validate(&self, config: &AuthorizationModel, diags: &mut Diagnostics) {
        let by_id = !config.resource_id.is_null();
        let by_property = !config.resource_property_name.is_null();
        if by_id == by_property {
            diags.attribute_error(
                Path::attr("resource_id"),
                if by_id {
                    "Both `resource_id` and `resource_property_name` are set"
                } else {
                    "No resource for the authorization"
                },
                "Set exactly one of `resource_id` (an ID, or `*` for every resource of the type) \
                 and `resource_property_name` (a property that names the owner, Camunda 8.9 and \
                 later).",
            );
        }
        let (Some(resource_type), Some(permissions)) =
            (config.resource_type.get(), config.permission_types.get())
        else {
            return;
        };
        if permissions.is_empty() {
            diags.attribute_error(
                Path::attr("permission_types"),
                "No permission granted",
                "An authorization grants at least one permission; to grant none, remove it.",
            );
        }
        let Some(allowed) = permissions_of(resource_type) else {
            return;
        };
        let refused: Vec<&str> = permissions
            .iter()
            .map(String::as_str)
            .filter(|p| PERMISSION_TYPES.contains(p) && !allowed.contains(p))
            .collect();
        if !refused.is_empty() {
            diags.attribute_error(
                Path::attr("permission_types"),
                format!("Permissions that {resource_type} does not take"),
                format!(
                    "{} {} not a permission on {resource_type}; it takes {}.",
                    refused.join(", "),
                    if refused.len() == 1 { "is" } else { "are" },
                    allowed.join(", ")
                ),
            );
        }
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<AuthorizationModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let asked = call.planned.asked();
        let key = create::once(api, &asked, call.diags).await?;
        self.listed()
            .settle(api, &key, Some(&asked), call.diags)
            .await;
        Some(AuthorizationModel {
            id: key.into(),
            permission_types: sorted(&asked.permission_types).into(),
            ..call.planned.clone()
        })
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<AuthorizationModel> {
        let key = call.state.id.as_str();
        self.listed()
            .refresh(call.state, key, AuthorizationModel::of, call.diags)
            .await
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> AuthorizationModel {
        let Some(api) = self.shared.cluster_api.get(call.diags) else {
            return call.prior.clone();
        };
        let (key, asked) = (call.prior.id.as_str(), call.planned.asked());
        let send = api.update_authorization(key, &asked);
        if !self
            .listed()
            .update(api, key, &asked, send, call.diags)
            .await
        {
            return call.prior.clone();
        }
        AuthorizationModel {
            id: call.prior.id.clone(),
            permission_types: sorted(&asked.permission_types).into(),
            ..call.planned.clone()
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        self.listed()
            .delete(call.prior.id.as_str(), call.diags)
            .await;
    }

    async fn import(&self, call: call::Import<'_>) -> Option<AuthorizationModel> {
        let found = self.listed().import(call.id, call.diags).await?;
        Some(AuthorizationModel::of(&found))
    }
}
