//! The identity endpoints (tenants, roles, groups, users, mapping rules) and the topology:
//! one method per endpoint, each with the permission the description lists for it.
//!
//! Reads and searches are eventually consistent: an object just created may answer 404
//! for a while, and one just deleted may still be found. Waiting for a write to show is the
//! caller's part (`Settings::consistency_timeout`).

use reqwest::Method;

use super::client::{Client, Op, to_json};
use super::collection::{Collection, Searchable};
use super::error::Error;
use super::model::{
    Group, GroupFilter, MappingRule, MappingRuleFilter, MappingRuleUpdate, NameAndDescription,
    NewUser, Role, RoleFilter, Tenant, TenantFilter, Topology, User, UserFilter, UserUpdate,
};

/// The endpoints of an identity kind under `/{collection}`, whose objects `$id` names, each
/// needing `{RESOURCE}:{action}`: the kind as [`Searchable`] (filtered by `$filter`) and as a
/// [`Collection`] (a read and a delete), a create (taking `$new`, [`Error::is_conflict`]
/// when the id is taken) and an update (taking `$update`), whose names are given in that
/// order.
macro_rules! identity_endpoints {
    ($(
        $collection:literal $resource:literal: $object:ident { $id:ident }, $new:ty, $update:ty, $filter:ty
            => $create:ident $update_fn:ident;
    )*) => {
        $(
            impl Searchable for $object {
                type Filter = $filter;
                const READ: &'static str = concat!($resource, ":READ");
                const SEARCH: &'static [&'static str] = &[$collection, "search"];
            }

            impl Collection for $object {
                type Key = str;
                const DELETE: &'static str = concat!($resource, ":DELETE");

                fn path(id: &str) -> Vec<&str> {
                    vec![$collection, id]
                }

                fn is(&self, id: &str) -> bool {
                    self.$id == id
                }
            }
        )*

        impl Client {$(
            #[doc = concat!("`POST /", $collection, "`; [`Error::is_conflict`] when the id is taken.")]
            pub async fn $create(&self, new: &$new) -> Result<$object, Error> {
                let op = Op::create(concat!($resource, ":CREATE"));
                self.fetch(Method::POST, &[$collection], Some(to_json(new)), op).await
            }

            #[doc = concat!("`PUT /", $collection, "/{id}`")]
            pub async fn $update_fn(&self, id: &str, update: &$update) -> Result<$object, Error> {
                let op = Op::repeatable(concat!($resource, ":UPDATE"));
                self.fetch(Method::PUT, &[$collection, id], Some(to_json(update)), op).await
            }
        )*}
    };
}

identity_endpoints! {
    // collection, resource: object { id }, body of a create, of an update, filter => create, update
    "tenants" "TENANT": Tenant { tenant_id }, Tenant, NameAndDescription, TenantFilter => create_tenant update_tenant;
    "roles" "ROLE": Role { role_id }, Role, NameAndDescription, RoleFilter => create_role update_role;
    "groups" "GROUP": Group { group_id }, Group, NameAndDescription, GroupFilter => create_group update_group;
    "users" "USER": User { username }, NewUser, UserUpdate, UserFilter => create_user update_user;
    "mapping-rules" "MAPPING_RULE": MappingRule { mapping_rule_id }, MappingRule, MappingRuleUpdate, MappingRuleFilter => create_mapping_rule update_mapping_rule;
}

impl Client {
    /// `GET /topology`: the brokers and partitions. Needs no permission.
    pub async fn topology(&self) -> Result<Topology, Error> {
        let op = Op {
            permission: None,
            repeatable: true,
        };
        self.get(&["topology"], op).await
    }
}
