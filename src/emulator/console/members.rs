//! Organization members: list, create-or-update (a new address is invited and stays
//! pending until the invitation is accepted), delete. The owner's roles cannot be changed
//! and the owner cannot be removed.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::access::{NO_CONTENT, change};
use super::model::{Member, OrgRole, PostMemberBody};
use super::store::StoredMember;
use crate::emulator::AppState;
use crate::emulator::body::StrictJson;
use crate::emulator::error::{ApiError, ApiResult};

pub async fn list(State(state): State<AppState>) -> Json<Vec<Member>> {
    let store = state.console.store.lock();
    Json(store.members().iter().map(render).collect())
}

pub async fn post(
    State(state): State<AppState>,
    Path(email): Path<String>,
    StrictJson(body): StrictJson<PostMemberBody>,
) -> ApiResult<StatusCode> {
    check_email(&email)?;
    let roles = assignable_roles(&body.org_roles)?;
    change(&state, |store, _| {
        match store.member_mut(&email) {
            Some(member) if member.is_owner() => {
                return Err(ApiError::forbidden(format!(
                    "{email} is the owner of the organization; the owner's roles cannot be changed"
                )));
            }
            Some(member) => member.roles = roles,
            None => store.add_member(StoredMember {
                email: email.to_lowercase(),
                name: email.to_lowercase(),
                roles,
                invite_pending: true,
            }),
        }
        NO_CONTENT
    })
    .await
}

pub async fn delete(
    State(state): State<AppState>,
    Path(email): Path<String>,
) -> ApiResult<StatusCode> {
    remove_member(&state, &email, || {
        ApiError::forbidden(format!(
            "{email} is the owner of the organization and cannot be removed; transfer the \
             ownership to another member first"
        ))
    })
    .await
}

/// Removes a member or invitation; the owner stays, and the refusal says why.
pub async fn remove_member(
    state: &AppState,
    email: &str,
    owner_refusal: impl FnOnce() -> ApiError,
) -> ApiResult<StatusCode> {
    change(state, |store, _| {
        match store.member_mut(email) {
            None => return Err(member_not_found(email)),
            Some(member) if member.is_owner() => return Err(owner_refusal()),
            Some(_) => store.remove_member(email),
        };
        NO_CONTENT
    })
    .await
}

pub fn member_not_found(email: &str) -> ApiError {
    ApiError::not_found(format!(
        "specified user {email} is not part of the organization"
    ))
}

fn render(member: &StoredMember) -> Member {
    Member {
        name: member.name.clone(),
        email: member.email.clone(),
        roles: member.roles.clone(),
        invite_pending: member.invite_pending,
    }
}

fn check_email(email: &str) -> ApiResult<()> {
    crate::addresses::check_email(email).map_err(ApiError::bad_request)
}

/// The roles named, each one that the API assigns; at least one, sorted, without repeats.
fn assignable_roles(names: &[String]) -> ApiResult<Vec<OrgRole>> {
    let valid = || {
        OrgRole::ASSIGNABLE
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if names.is_empty() {
        return Err(ApiError::bad_request(format!(
            "orgRoles is empty; name at least one of {}",
            valid()
        )));
    }
    let mut roles = Vec::new();
    for name in names {
        match OrgRole::assignable(name) {
            Some(role) => roles.push(role),
            None => {
                return Err(ApiError::bad_request(format!(
                    "invalid roles: {name:?} cannot be assigned; assignable roles are {}",
                    valid()
                )));
            }
        }
    }
    roles.sort();
    roles.dedup();
    Ok(roles)
}
