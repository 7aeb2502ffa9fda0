//! Connector secret endpoints: list (names and values), create, update, delete. With the
//! secret faults set, a change keeps the cluster's secrets busy for a while (other changes
//! are answered 409 and not made), and a deleted secret stays listed for a while.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::http::StatusCode;

use super::access::{ClusterCall, NO_CONTENT, Reach};
use super::model::{CreateSecretBody, UpdateSecretBody};
use super::store::{StoredCluster, StoredSecret};
use crate::emulator::body::{StrictJson, check_name};
use crate::emulator::error::{ApiError, ApiResult};

/// The longest secret name the API accepts ("less than 50 characters").
pub const MAX_SECRET_NAME_LEN: usize = 49;

pub async fn list(call: ClusterCall) -> ApiResult<Json<BTreeMap<String, String>>> {
    call.read(|cluster, now| {
        let secrets = cluster.listed_secrets(now);
        Ok(Json(
            secrets.map(|s| (s.name.clone(), s.value.clone())).collect(),
        ))
    })
}

pub async fn create(
    call: ClusterCall,
    StrictJson(body): StrictJson<CreateSecretBody>,
) -> ApiResult<StatusCode> {
    check_secret_name("secretName", &body.secret_name)?;
    change(&call, |cluster, _| {
        match cluster.secrets.iter().find(|s| s.name == body.secret_name) {
            Some(old) if old.is_deleted() => Err(ApiError::conflict(format!(
                "secret {:?} is being deleted and its name is still taken; another change to \
                 the secrets of this cluster is in progress, try the request again",
                body.secret_name
            ))),
            Some(_) => Err(ApiError::conflict(format!(
                "a secret named {:?} already exists in cluster {}; secret names must be unique",
                body.secret_name, call.uuid
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
    call: ClusterCall,
    StrictJson(body): StrictJson<UpdateSecretBody>,
) -> ApiResult<StatusCode> {
    let name = call.item();
    change(&call, |cluster, _| {
        live_secret(cluster, &call.uuid, name)?.value = body.secret_value;
        Ok(())
    })
    .await
}

pub async fn delete(call: ClusterCall) -> ApiResult<StatusCode> {
    let name = call.item();
    let lag = call.state.faults.lock().faults().secret_delete_lag;
    change(&call, |cluster, now| {
        live_secret(cluster, &call.uuid, name)?.listed_until_ms = Some(now + millis(lag));
        cluster.prune_secrets(now);
        Ok(())
    })
    .await
}

/// Makes one change to a live cluster's secrets, unless another is still in progress
/// (409, nothing changed); then the change itself is in progress for the configured time.
async fn change(
    call: &ClusterCall,
    apply: impl FnOnce(&mut StoredCluster, u64) -> ApiResult<()>,
) -> ApiResult<StatusCode> {
    let busy = call.state.faults.lock().faults().secret_busy;
    call.change(Reach::Live, |cluster, now| {
        if cluster
            .secrets_changed_at_ms
            .is_some_and(|at| now < at + millis(busy))
        {
            return Err(ApiError::conflict(format!(
                "another change to the secrets of cluster {} is in progress; try the request again",
                call.uuid
            )));
        }
        cluster.prune_secrets(now);
        apply(cluster, now)?;
        cluster.secrets_changed_at_ms = Some(now);
        NO_CONTENT
    })
    .await
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
