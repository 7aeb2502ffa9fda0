//! Endpoints for tests and demos under `/__emulator` (no token needed): counters, the
//! request log, fault settings, and out-of-band changes that make real state drift from
//! what a client last saw.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use serde::Deserialize;

use super::allowlist;
use super::backups;
use super::body::{StrictJson, check_name};
use super::clients::{MAX_CLIENT_NAME_LEN, client_not_found};
use super::clusters::{MAX_CLUSTER_NAME_LEN, check_description, cluster_not_found};
use super::encryption;
use super::error::{ApiError, ApiResult};
use super::faults::{Faults, ScheduledFault, ScheduledLoss, unknown_route};
use super::members::member_not_found;
use super::model::{ComponentStatus, IpAllowlistBody, OrgRole};
use super::records::{Counters, LoggedRequest};
use super::secrets::{check_secret_name, live_secret};
use super::store::{Store, StoredCluster, StoredSecret, now_ms};
use super::{ApiClient, AppState, check_api_client};

/// The prefix of every admin route.
pub const ADMIN_PREFIX: &str = "/__emulator";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/counters", get(counters))
        .route("/counters/reset", post(reset_counters))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/faults", get(get_faults).put(put_faults))
        .route("/faults/next", post(schedule_fault))
        .route("/faults/lose-next", post(schedule_loss))
        .route("/api-clients", post(add_api_client))
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
            "/members/{email}",
            patch(patch_member).delete(delete_member),
        )
        .route("/owner", put(put_owner))
}

async fn counters(State(state): State<AppState>) -> Json<Counters> {
    Json(state.records.lock().counters().clone())
}

async fn reset_counters(State(state): State<AppState>) -> StatusCode {
    state.records.lock().reset_counters();
    StatusCode::NO_CONTENT
}

async fn requests(State(state): State<AppState>) -> Json<Vec<LoggedRequest>> {
    Json(state.records.lock().requests())
}

async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.records.lock().clear_requests();
    StatusCode::NO_CONTENT
}

async fn get_faults(State(state): State<AppState>) -> Json<Faults> {
    Json(state.faults.lock().faults().clone())
}

/// Replaces the fault settings (fields left out take their defaults) and drops
/// scheduled faults.
async fn put_faults(
    State(state): State<AppState>,
    StrictJson(faults): StrictJson<Faults>,
) -> ApiResult<Json<Faults>> {
    faults
        .validate(&state.api_routes)
        .map_err(ApiError::bad_request)?;
    state.faults.lock().set(faults.clone());
    Ok(Json(faults))
}

async fn schedule_fault(
    State(state): State<AppState>,
    StrictJson(fault): StrictJson<ScheduledFault>,
) -> ApiResult<StatusCode> {
    if !state.api_routes.contains(&fault.route) {
        return Err(ApiError::bad_request(unknown_route(
            &fault.route,
            &state.api_routes,
        )));
    }
    if !(400..=599).contains(&fault.status) {
        return Err(ApiError::bad_request(format!(
            "status {} is not an error status; use 400 to 599",
            fault.status
        )));
    }
    state.faults.lock().schedule(fault);
    Ok(StatusCode::NO_CONTENT)
}

async fn schedule_loss(
    State(state): State<AppState>,
    StrictJson(loss): StrictJson<ScheduledLoss>,
) -> ApiResult<StatusCode> {
    if !state.api_routes.contains(&loss.route) {
        return Err(ApiError::bad_request(unknown_route(
            &loss.route,
            &state.api_routes,
        )));
    }
    state.faults.lock().schedule_loss(loss);
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewApiClient {
    /// Token scopes such as `get:clusters`; see the emulator's `--help`.
    permissions: Vec<String>,
}

/// Adds an API client of the organization with the given permissions, and answers its
/// credentials (this is the emulator's own admin API: no secret is hidden here).
async fn add_api_client(
    State(state): State<AppState>,
    StrictJson(new): StrictJson<NewApiClient>,
) -> ApiResult<(StatusCode, Json<ApiClient>)> {
    let client = ApiClient {
        client_id: format!("api-client-{}", uuid::Uuid::new_v4().simple()),
        client_secret: uuid::Uuid::new_v4().simple().to_string(),
        permissions: new.permissions,
    };
    check_api_client(&client, &state.all_permissions).map_err(ApiError::bad_request)?;
    state.api_clients.lock().push(client.clone());
    Ok((StatusCode::CREATED, Json(client)))
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
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(drift): StrictJson<ClusterDrift>,
) -> ApiResult<StatusCode> {
    if let Some(name) = &drift.name {
        check_name("name", name, MAX_CLUSTER_NAME_LEN)?;
    }
    if let Some(description) = &drift.description {
        check_description(description)?;
    }
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let cluster = store
            .cluster_mut(&cluster_uuid, now)
            .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
        if let Some(generation) = &drift.generation {
            match state.params.generation(generation) {
                Some((channel, _)) if channel.uuid == cluster.channel_id => {}
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "generation {generation:?} is not a generation of the cluster's channel"
                    )));
                }
            }
        }
        if let Some(name) = drift.name {
            cluster.name = name;
        }
        if let Some(description) = drift.description {
            cluster.description = Some(description).filter(|d| !d.is_empty());
        }
        if let Some(generation) = drift.generation {
            cluster.generation_id = generation;
        }
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a cluster at once, without the deletion delay.
async fn delete_cluster(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        if !store.remove(&cluster_uuid, now) {
            return Err(cluster_not_found(&cluster_uuid));
        }
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
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
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(forced): StrictJson<ForcedHealth>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let cluster = store
            .cluster_mut(&cluster_uuid, now)
            .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
        cluster.status = forced.status;
        cluster.settles_at_ms = forced
            .settle_after_ms
            .filter(|_| forced.status.is_transitional())
            .map(|ms| now + ms);
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientDrift {
    name: String,
}

async fn patch_client(
    State(state): State<AppState>,
    Path((cluster_uuid, client_id)): Path<(String, String)>,
    StrictJson(drift): StrictJson<ClientDrift>,
) -> ApiResult<StatusCode> {
    check_name("name", &drift.name, MAX_CLIENT_NAME_LEN)?;
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let client = store
            .cluster_mut(&cluster_uuid, now)
            .ok_or_else(|| cluster_not_found(&cluster_uuid))?
            .client_mut(&client_id)
            .ok_or_else(|| client_not_found(&cluster_uuid, &client_id))?;
        client.name = drift.name;
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete_client(
    State(state): State<AppState>,
    Path((cluster_uuid, client_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let cluster = store
            .cluster_mut(&cluster_uuid, now)
            .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
        if !cluster.remove_client(&client_id) {
            return Err(client_not_found(&cluster_uuid, &client_id));
        }
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the cluster at once, whatever its state and without the secrets' busy time.
async fn change_cluster(
    state: &AppState,
    cluster_uuid: &str,
    apply: impl FnOnce(&mut StoredCluster) -> ApiResult<()>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let cluster = store
            .cluster_mut(cluster_uuid, now)
            .ok_or_else(|| cluster_not_found(cluster_uuid))?;
        apply(cluster)?;
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretDrift {
    value: String,
}

/// Creates a secret or changes its value, as someone in the Console would.
async fn put_secret(
    State(state): State<AppState>,
    Path((cluster_uuid, name)): Path<(String, String)>,
    StrictJson(drift): StrictJson<SecretDrift>,
) -> ApiResult<StatusCode> {
    check_secret_name("name", &name)?;
    change_cluster(&state, &cluster_uuid, |cluster| {
        cluster.secrets.retain(|s| s.name != name);
        cluster.secrets.push(StoredSecret {
            name,
            value: drift.value,
            listed_until_ms: None,
        });
        Ok(())
    })
    .await
}

/// Removes a secret at once, without the deletion lag.
async fn delete_secret(
    State(state): State<AppState>,
    Path((cluster_uuid, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    change_cluster(&state, &cluster_uuid, |cluster| {
        live_secret(cluster, &cluster_uuid, &name)?;
        cluster.secrets.retain(|s| s.name != name);
        Ok(())
    })
    .await
}

/// Replaces the allowlist, even of a cluster being deleted.
async fn put_allowlist(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(body): StrictJson<IpAllowlistBody>,
) -> ApiResult<StatusCode> {
    allowlist::check_rules("ipallowlist", &body.ipallowlist)?;
    change_cluster(&state, &cluster_uuid, |cluster| {
        cluster.ip_allowlist = body.ipallowlist;
        Ok(())
    })
    .await
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
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
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
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a member or invitation at once; the owner stays.
async fn delete_member(
    State(state): State<AppState>,
    Path(email): Path<String>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        match store.member_mut(&email) {
            None => return Err(member_not_found(&email)),
            Some(member) if member.is_owner() => {
                return Err(ApiError::bad_request(
                    "the owner cannot be removed; move the ownership with PUT /__emulator/owner first",
                ));
            }
            Some(_) => store.remove_member(&email),
        };
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
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
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
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
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}
