//! Connector secret endpoints: list (names and values), create, update, delete. With the
//! secret faults set, a change keeps the cluster's secrets busy for a while (other changes
//! are answered 409 and not made), and a deleted secret stays listed for a while.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::AppState;
use super::body::{StrictJson, check_name};
use super::clusters::{cluster_not_found, live_cluster};
use super::error::{ApiError, ApiResult};
use super::model::{CreateSecretBody, UpdateSecretBody};
use super::store::{Store, StoredCluster, StoredSecret, now_ms};

/// The longest secret name the API accepts ("less than 50 characters").
pub const MAX_SECRET_NAME_LEN: usize = 49;

pub async fn list(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<Json<BTreeMap<String, String>>> {
    let now = now_ms();
    let store = state.store.lock();
    let cluster = store
        .cluster(&cluster_uuid, now)
        .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
    Ok(Json(
        cluster
            .listed_secrets(now)
            .map(|s| (s.name.clone(), s.value.clone()))
            .collect(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(body): StrictJson<CreateSecretBody>,
) -> ApiResult<StatusCode> {
    check_secret_name("secretName", &body.secret_name)?;
    change(&state, &cluster_uuid, |cluster, _| {
        match cluster.secrets.iter().find(|s| s.name == body.secret_name) {
            Some(old) if old.is_deleted() => Err(ApiError::conflict(format!(
                "secret {:?} is being deleted and its name is still taken; another change to \
                 the secrets of this cluster is in progress, try the request again",
                body.secret_name
            ))),
            Some(_) => Err(ApiError::conflict(format!(
                "a secret named {:?} already exists in cluster {cluster_uuid}; secret names must be unique",
                body.secret_name
            ))),
            None => {
                cluster.secrets.push(StoredSecret {
                    name: body.secret_name,
                    value: body.secret_value,
                    listed_until_ms: None,
                });
                Ok(())
            }
        }
    })
    .await
}

pub async fn update(
    State(state): State<AppState>,
    Path((cluster_uuid, name)): Path<(String, String)>,
    StrictJson(body): StrictJson<UpdateSecretBody>,
) -> ApiResult<StatusCode> {
    change(&state, &cluster_uuid, |cluster, _| {
        live_secret(cluster, &cluster_uuid, &name)?.value = body.secret_value;
        Ok(())
    })
    .await
}

pub async fn delete(
    State(state): State<AppState>,
    Path((cluster_uuid, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let lag = state.faults.lock().faults().secret_delete_lag;
    change(&state, &cluster_uuid, |cluster, now| {
        live_secret(cluster, &cluster_uuid, &name)?.listed_until_ms = Some(now + millis(lag));
        cluster.prune_secrets(now);
        Ok(())
    })
    .await
}

/// Makes one change to a live cluster's secrets, unless another is still in progress
/// (409, nothing changed); then the change itself is in progress for the configured time.
async fn change(
    state: &AppState,
    cluster_uuid: &str,
    apply: impl FnOnce(&mut StoredCluster, u64) -> ApiResult<()>,
) -> ApiResult<StatusCode> {
    let busy = state.faults.lock().faults().secret_busy;
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let cluster = live_cluster(&mut store, cluster_uuid, now)?;
        if cluster
            .secrets_changed_at_ms
            .is_some_and(|at| now < at + millis(busy))
        {
            return Err(ApiError::conflict(format!(
                "another change to the secrets of cluster {cluster_uuid} is in progress; try the request again"
            )));
        }
        cluster.prune_secrets(now);
        apply(cluster, now)?;
        cluster.secrets_changed_at_ms = Some(now);
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A secret that exists and is not being deleted.
pub fn live_secret<'a>(
    cluster: &'a mut StoredCluster,
    cluster_uuid: &str,
    name: &str,
) -> ApiResult<&'a mut StoredSecret> {
    match cluster.secret_mut(name) {
        Some(secret) if !secret.is_deleted() => Ok(secret),
        _ => Err(ApiError::not_found(format!(
            "secret {name:?} not found in cluster {cluster_uuid:?}"
        ))),
    }
}

/// Names are 1 to 49 characters, without whitespace.
pub fn check_secret_name(what: &str, name: &str) -> ApiResult<()> {
    check_name(what, name, MAX_SECRET_NAME_LEN)?;
    if name.chars().any(char::is_whitespace) {
        return Err(ApiError::bad_request(format!(
            "{what} {name:?} contains whitespace, which secret names must not"
        )));
    }
    Ok(())
}

fn millis(duration: Duration) -> u64 {
    duration.as_millis() as u64
}
