//! Memberships: users, clients, groups, roles and mapping rules assigned to roles, groups
//! and tenants, as the API's paths name them, and the searches of an owner's members.
//! Users and clients may come from an identity provider, so an assignment takes any
//! username or client id; groups, roles and mapping rules must exist.

use axum::Json;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::Operations;
use super::access::{Call, not_found};
use super::ids;
use super::mapping_rules::MappingRule;
use super::objects::{self, Object};
use super::roles::Role;
use super::search::{self, Found, MemberField, MemberQuery, Query};
use super::store::{Assigned, Identity, Kind, Membership, Stored};
use crate::emulator::body::OptionalJson;
use crate::emulator::error::{ApiError, ApiResult};

/// Owner and member kinds of the assignments, as the paths name them.
const ASSIGNMENTS: &[(Kind, Kind)] = &[
    (Kind::Role, Kind::Client),
    (Kind::Role, Kind::Group),
    (Kind::Role, Kind::MappingRule),
    (Kind::Role, Kind::User),
    (Kind::Group, Kind::Client),
    (Kind::Group, Kind::MappingRule),
    (Kind::Group, Kind::User),
    (Kind::Tenant, Kind::Client),
    (Kind::Tenant, Kind::Group),
    (Kind::Tenant, Kind::MappingRule),
    (Kind::Tenant, Kind::Role),
    (Kind::Tenant, Kind::User),
];

/// A group's roles are searched from the group, though assigned from the role.
const GROUP_ROLES: (Kind, Kind) = (Kind::Group, Kind::Role);

pub(super) fn add_routes(ops: &mut Operations) {
    for &(owner, member) in ASSIGNMENTS {
        let path = format!(
            "/{}/{{{}}}/{}/{{{}}}",
            owner.plural(),
            owner.id_param(),
            member.plural(),
            member.id_param()
        );
        let needs = Some(owner.permission("UPDATE"));
        ops.add(
            "PUT",
            &path,
            move |call: Call| assign(call, owner, member),
            needs,
        );
        ops.add(
            "DELETE",
            &path,
            move |call: Call| unassign(call, owner, member),
            needs,
        );
    }
    for &(owner, member) in ASSIGNMENTS.iter().chain([&GROUP_ROLES]) {
        let path = format!(
            "/{}/{{{}}}/{}/search",
            owner.plural(),
            owner.id_param(),
            member.plural()
        );
        // Members that are objects are read with the permission on their own kind.
        let needs = Some(match member {
            Kind::Role | Kind::MappingRule => member.permission("READ"),
            _ => owner.permission("READ"),
        });
        match member {
            Kind::Role => ops.add(
                "POST",
                &path,
                move |call: Call, OptionalJson(query)| search_objects::<Role>(call, owner, query),
                needs,
            ),
            Kind::MappingRule => ops.add(
                "POST",
                &path,
                move |call: Call, OptionalJson(query)| {
                    search_objects::<MappingRule>(call, owner, query)
                },
                needs,
            ),
            _ => ops.add(
                "POST",
                &path,
                move |call: Call, OptionalJson(query)| search_ids(call, owner, member, query),
                needs,
            ),
        }
    }
}

/// The membership a path names.
fn membership(owner: Kind, owner_id: &str, member: Kind, member_id: &str) -> Membership {
    Membership {
        owner_kind: owner,
        owner_id: owner_id.to_string(),
        member_kind: member,
        member_id: member_id.to_string(),
    }
}

/// The ids of an owner's members of one kind that reads see at `at`.
fn member_ids(
    identity: &Identity,
    at: u64,
    owner: Kind,
    owner_id: &str,
    member: Kind,
) -> Vec<String> {
    let reverse = (owner, member) == GROUP_ROLES;
    identity
        .memberships
        .all_visible(at)
        .filter_map(|(m, _)| {
            if reverse {
                let found =
                    m.owner_kind == member && m.member_kind == owner && m.member_id == owner_id;
                found.then(|| m.owner_id.clone())
            } else {
                let found =
                    m.owner_kind == owner && m.owner_id == owner_id && m.member_kind == member;
                found.then(|| m.member_id.clone())
            }
        })
        .collect()
}

/// The path's owner and member ids, checked.
fn ids_of(call: &Call, owner: Kind, member: Kind) -> ApiResult<(String, String)> {
    let owner_id = call.param(owner.id_param()).to_string();
    let member_id = call.param(member.id_param()).to_string();
    ids::check(owner, &owner_id)?;
    ids::check_member(member, &member_id)?;
    Ok((owner_id, member_id))
}

/// `USER`, `MAPPING_RULE`: a kind as the engine's messages name entity types.
fn entity_type(kind: Kind) -> &'static str {
    kind.permission("").resource
}

async fn assign(call: Call, owner: Kind, member: Kind) -> ApiResult<StatusCode> {
    let (owner_id, member_id) = ids_of(&call, owner, member)?;
    call.change(|identity, when| {
        let noun = owner.noun();
        let rejected = |code: &str, reason: String| {
            format!(
                "Command 'ADD_ENTITY' rejected with code '{code}': Expected to add an entity with ID '{member_id}' and type '{}' to {noun} with ID '{owner_id}', but {reason}.",
                entity_type(member)
            )
        };
        if !identity.exists(owner, &owner_id) {
            let reason = format!("a {noun} with this ID does not exist");
            return Err(ApiError::not_found(rejected("NOT_FOUND", reason)));
        }
        if !matches!(member, Kind::User | Kind::Client) && !identity.exists(member, &member_id) {
            let reason = "the entity doesn't exist".to_string();
            return Err(ApiError::not_found(rejected("NOT_FOUND", reason)));
        }
        let key = membership(owner, &owner_id, member, &member_id);
        if identity.memberships.current(&key).is_some() {
            let reason = format!("the entity is already assigned to this {noun}");
            return Err(ApiError::conflict(rejected("ALREADY_EXISTS", reason)));
        }
        identity.memberships.set(key, Some(Assigned {}), when);
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

async fn unassign(call: Call, owner: Kind, member: Kind) -> ApiResult<StatusCode> {
    let (owner_id, member_id) = ids_of(&call, owner, member)?;
    call.change(|identity, when| {
        let noun = owner.noun();
        if !identity.exists(owner, &owner_id) {
            return Err(objects::rejected("UPDATE", owner, &owner_id));
        }
        let key = membership(owner, &owner_id, member, &member_id);
        if identity.memberships.current(&key).is_none() {
            return Err(ApiError::not_found(format!(
                "Command 'REMOVE_ENTITY' rejected with code 'NOT_FOUND': Expected to remove an entity with ID '{member_id}' and type '{}' from {noun} with ID '{owner_id}', but the entity is not assigned to this {noun}.",
                entity_type(member)
            )));
        }
        identity.memberships.set(key, None, when);
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// 404 unless reads see the owner.
fn check_owner(identity: &Identity, at: u64, call: &Call, owner: Kind) -> ApiResult<String> {
    let owner_id = call.param(owner.id_param()).to_string();
    let seen = match owner {
        Kind::Role => Role::table(identity).visible(&owner_id, at).is_some(),
        Kind::Group => identity.groups.visible(&owner_id, at).is_some(),
        _ => identity.tenants.visible(&owner_id, at).is_some(),
    };
    if seen {
        Ok(owner_id)
    } else {
        Err(not_found(owner, &owner_id))
    }
}

/// The search of an owner's members that are objects (roles, mapping rules): their own
/// kind's search, of the members only.
async fn search_objects<O: Object>(
    call: Call,
    owner: Kind,
    query: Query<O::Filter, O::SortField>,
) -> ApiResult<Json<Value>> {
    call.read(|identity, at| {
        let owner_id = check_owner(identity, at, &call, owner)?;
        let members = member_ids(identity, at, owner, &owner_id, O::KIND);
        objects::search_where::<O>(identity, at, &query, |id| members.iter().any(|m| m == id))
    })
    .map(Json)
}

async fn search_ids(
    call: Call,
    owner: Kind,
    member: Kind,
    query: MemberQuery,
) -> ApiResult<Json<Value>> {
    let field = match member {
        Kind::Client => MemberField::ClientId,
        Kind::User => MemberField::Username,
        _ => MemberField::GroupId,
    };
    if let Some(other) = query.sort.iter().find(|s| s.field != field) {
        return Err(ApiError::bad_request(format!(
            "The sort field {:?} is not valid here; the one sort field is '{}'.",
            other.field,
            member.id_param()
        )));
    }
    call.read(|identity, at| {
        let owner_id = check_owner(identity, at, &call, owner)?;
        let found = member_ids(identity, at, owner, &owner_id, member)
            .into_iter()
            .map(|id| MemberId {
                field: member.id_param(),
                id,
            })
            .collect();
        search::answer(found, &query.sort, &query.page)
    })
    .map(Json)
}

/// A member known by its id only: a client, a user, a group.
struct MemberId {
    field: &'static str,
    id: String,
}

impl Found for MemberId {
    type Field = MemberField;

    fn sort_value(&self, _: MemberField) -> Option<&str> {
        Some(&self.id)
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn answer(&self) -> Value {
        json!({ self.field: self.id })
    }
}
