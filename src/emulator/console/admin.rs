//! The Console's admin endpoints, under `/__emulator` (no token needed): out-of-band
//! changes that make the organization drift from what a client last saw, and outcomes to
//! come (failing backups, the next key change's status).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{patch, post, put};
use serde::Deserialize;

use super::access::{ClusterCall, NO_CONTENT, Reach, change, cluster_not_found};
use super::allowlist;
use super::backups;
use super::clients::{MAX_CLIENT_NAME_LEN, client_not_found, remove_client};
use super::clusters::{check_naming, rename};
use super::encryption;
use super::members::{member_not_found, remove_member};
use super::model::{ComponentStatus, IpAllowlistBody, OrgRole};
use super::monitoring;
use super::secrets::{check_secret_name, live_secret};
use super::store::StoredSecret;
use crate::emulator::AppState;
use crate::emulator::body::{StrictJson, check_name};
use crate::emulator::error::{ApiError, ApiResult};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/clusters/{clusterUuid}",
            patch(patch_cluster).delete(delete_cluster),
        )
        .route("/clusters/{clusterUuid}/health", put(put_health))
        .route(
            "/clusters/{clusterUuid}/backups/failures",
            put(backups::fail_next),
        )
        .route(
            "/clusters/{clusterUuid}/encryption/outcome",
            put(encryption::set_next_outcome),
        )
        .route(
            "/clusters/{clusterUuid}/clients/{clientId}",
            patch(patch_client).delete(delete_client),
        )
        .route(
            "/clusters/{clusterUuid}/secrets/{secretName}",
            put(put_secret).delete(delete_secret),
        )
        .route("/clusters/{clusterUuid}/ipallowlist", put(put_allowlist))
        .route(
            "/clusters/{clusterUuid}/monitoring/clients/{clientUuid}/password-check",
            post(monitoring::check_password),
        )
        .route(
            "/members/{email}",
            patch(patch_member).delete(delete_member),
        )
        .route("/owner", put(put_owner))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClusterDrift {
    name: Option<String>,
    /// An empty description removes it.
    description: Option<String>,
    /// A generation uuid of the cluster's channel, as Camunda's auto-update would set it.
    generation: Option<String>,
}

async fn patch_cluster(
    call: ClusterCall,
    StrictJson(drift): StrictJson<ClusterDrift>,
) -> ApiResult<StatusCode> {
    check_naming(drift.name.as_deref(), drift.description.as_deref())?;
    call.change(Reach::Existing, |cluster, _| {
        if let Some(generation) = &drift.generation {
            match call.state.console.params.generation(generation) {
                Some((channel, _)) if channel.uuid == cluster.channel_id => {}
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "generation {generation:?} is not a generation of the cluster's channel"
                    )));
                }
            }
        }
        rename(cluster, drift.name, drift.description);
        if let Some(generation) = drift.generation {
            cluster.generation_id = generation;
        }
        NO_CONTENT
    })
    .await
}

/// Removes a cluster at once, without the deletion delay.
async fn delete_cluster(call: ClusterCall) -> ApiResult<StatusCode> {
    change(&call.state, |store, now| {
        if !store.remove(&call.uuid, now) {
            return Err(cluster_not_found(&call.uuid));
        }
        NO_CONTENT
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForcedHealth {
    status: ComponentStatus,
    /// For Creating, Updating or Resuming: turn Healthy after this long; without it the
    /// status stays until changed again.
    settle_after_ms: Option<u64>,
}

async fn put_health(
    call: ClusterCall,
    StrictJson(forced): StrictJson<ForcedHealth>,
) -> ApiResult<StatusCode> {
    call.change(Reach::Existing, |cluster, now| {
        cluster.status = forced.status;
        cluster.settles_at_ms = forced
            .settle_after_ms
            .filter(|_| forced.status.is_transitional())
            .map(|ms| now + ms);
        NO_CONTENT
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientDrift {
    name: String,
}

async fn patch_client(
    call: ClusterCall,
    StrictJson(drift): StrictJson<ClientDrift>,
) -> ApiResult<StatusCode> {
    let client_id = call.item();
    check_name("name", &drift.name, MAX_CLIENT_NAME_LEN)?;
    call.change(Reach::Existing, |cluster, _| {
        let client = cluster
            .client_mut(client_id)
            .ok_or_else(|| client_not_found(&call.uuid, client_id))?;
        client.name = drift.name;
        NO_CONTENT
    })
    .await
}

async fn delete_client(call: ClusterCall) -> ApiResult<StatusCode> {
    remove_client(&call, Reach::Existing).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretDrift {
    value: String,
}

/// Creates a secret or changes its value, as someone in the Console would.
async fn put_secret(
    call: ClusterCall,
    StrictJson(drift): StrictJson<SecretDrift>,
) -> ApiResult<StatusCode> {
    let name = call.item();
    check_secret_name("name", name)?;
    call.change(Reach::Existing, |cluster, _| {
        cluster.secrets.retain(|s| s.name != name);
        cluster.secrets.push(StoredSecret {
            name: name.to_string(),
            value: drift.value,
            listed_until_ms: None,
        });
        NO_CONTENT
    })
    .await
}

/// Removes a secret at once, without the deletion lag.
async fn delete_secret(call: ClusterCall) -> ApiResult<StatusCode> {
    let name = call.item();
    call.change(Reach::Existing, |cluster, _| {
        live_secret(cluster, &call.uuid, name)?;
        cluster.secrets.retain(|s| s.name != name);
        NO_CONTENT
    })
    .await
}

/// Replaces the allowlist, even of a cluster being deleted.
async fn put_allowlist(
    call: ClusterCall,
    StrictJson(body): StrictJson<IpAllowlistBody>,
) -> ApiResult<StatusCode> {
    allowlist::replace(&call, Reach::Existing, "ipallowlist", body.ipallowlist).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberDrift {
    name: Option<String>,
    /// Any roles but `owner` (see `PUT /owner`).
    roles: Option<Vec<OrgRole>>,
    invite_pending: Option<bool>,
}

/// Changes a member as the Console would: an accepted invitation, another name, roles.
async fn patch_member(
    State(state): State<AppState>,
    Path(email): Path<String>,
    StrictJson(drift): StrictJson<MemberDrift>,
) -> ApiResult<StatusCode> {
    change(&state, |store, _| {
        let member = store
            .member_mut(&email)
            .ok_or_else(|| member_not_found(&email))?;
        if let Some(roles) = drift.roles {
            if roles.contains(&OrgRole::Owner) != member.is_owner() {
                return Err(ApiError::bad_request(
                    "the owner role moves with PUT /__emulator/owner only",
                ));
            }
            member.roles = roles;
        }
        if let Some(name) = drift.name {
            member.name = name;
        }
        if let Some(pending) = drift.invite_pending {
            member.invite_pending = pending;
        }
        NO_CONTENT
    })
    .await
}

/// Removes a member or invitation at once; the owner stays.
async fn delete_member(
    State(state): State<AppState>,
    Path(email): Path<String>,
) -> ApiResult<StatusCode> {
    remove_member(&state, &email, || {
        ApiError::bad_request(
            "the owner cannot be removed; move the ownership with PUT /__emulator/owner first",
        )
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOwner {
    email: String,
}

/// Transfers the ownership to a member who has accepted; the previous owner becomes an admin.
async fn put_owner(
    State(state): State<AppState>,
    StrictJson(owner): StrictJson<NewOwner>,
) -> ApiResult<StatusCode> {
    change(&state, |store, _| {
        let member = store
            .member_mut(&owner.email)
            .ok_or_else(|| member_not_found(&owner.email))?;
        if member.invite_pending {
            return Err(ApiError::bad_request(format!(
                "{} has not accepted the invitation yet",
                owner.email
            )));
        }
        member.roles = vec![OrgRole::Owner];
        let new_owner = member.email.clone();
        let previous = store
            .members()
            .iter()
            .find(|m| m.is_owner() && m.email != new_owner)
            .map(|m| m.email.clone());
        if let Some(previous) = previous
            && let Some(member) = store.member_mut(&previous)
        {
            member.roles = vec![OrgRole::Admin];
        }
        NO_CONTENT
    })
    .await
}
