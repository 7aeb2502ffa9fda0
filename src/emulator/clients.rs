//! Zeebe client endpoints: list, details, create, delete. The secret is only ever part of
//! the create answer.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use rand::Rng;

use super::AppState;
use super::body::{StrictJson, check_name};
use super::clusters::{
    client_links, cluster_not_found, live_cluster, running_cluster, zeebe_address,
};
use super::error::{ApiError, ApiResult};
use super::model::{
    ClientDetails, ClusterClient, ComponentStatus, CreateClientBody, CreatedClient, Permission,
};
use super::store::{Store, StoredClient, now_ms, secret_digest};

/// The longest client name the API accepts.
pub const MAX_CLIENT_NAME_LEN: usize = 50;

/// Characters of generated client ids and secrets (all safe in a URL path).
const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-~";

pub async fn list(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<Json<Vec<ClusterClient>>> {
    let store = state.store.lock();
    let cluster = store
        .cluster(&cluster_uuid, now_ms())
        .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
    Ok(Json(
        cluster
            .clients
            .iter()
            .map(|c| ClusterClient {
                client_id: c.client_id.clone(),
                name: c.name.clone(),
                permissions: c.permissions.clone(),
            })
            .collect(),
    ))
}

/// Connection details; 412 until the cluster is Healthy.
pub async fn details(
    State(state): State<AppState>,
    Path((cluster_uuid, client_id)): Path<(String, String)>,
) -> ApiResult<Json<ClientDetails>> {
    let now = now_ms();
    let store = state.store.lock();
    let cluster = store
        .cluster(&cluster_uuid, now)
        .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
    let client = cluster
        .client(&client_id)
        .ok_or_else(|| client_not_found(&cluster_uuid, &client_id))?;
    let status = cluster.status_at(now);
    if status != ComponentStatus::Healthy {
        return Err(ApiError::precondition_failed(format!(
            "cluster {cluster_uuid} is {status:?}, not ready; try again later"
        )));
    }
    Ok(Json(ClientDetails {
        name: client.name.clone(),
        zeebe_address: zeebe_address(&state, cluster),
        zeebe_client_id: client.client_id.clone(),
        zeebe_authorization_server_url: state.token_url(),
    }))
}

pub async fn create(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(body): StrictJson<CreateClientBody>,
) -> ApiResult<Json<CreatedClient>> {
    check_name("clientName", &body.client_name, MAX_CLIENT_NAME_LEN)?;
    if body.client_name.chars().any(char::is_whitespace) {
        return Err(ApiError::bad_request(format!(
            "clientName {:?} contains whitespace, which client names must not",
            body.client_name
        )));
    }
    let permissions = match body.permissions {
        None => Permission::ALL.to_vec(),
        Some(list) if list.is_empty() => {
            return Err(ApiError::bad_request(format!(
                "permissions is empty; omit it for all permissions or name some of {:?}",
                Permission::ALL
            )));
        }
        Some(mut list) => {
            list.sort();
            list.dedup();
            list
        }
    };
    let now = now_ms();
    let (answer, save) = {
        let mut store = state.store.lock();
        let cluster = running_cluster(&mut store, &cluster_uuid, now)?;
        if cluster.clients.iter().any(|c| c.name == body.client_name) {
            return Err(ApiError::bad_request(format!(
                "a client named {:?} already exists in cluster {cluster_uuid}; client names must be unique per cluster",
                body.client_name
            )));
        }
        let secret = random_token(64);
        let client = StoredClient {
            client_id: random_token(32),
            uuid: uuid::Uuid::new_v4().to_string(),
            name: body.client_name,
            permissions,
            secret_sha256: secret_digest(&secret),
        };
        let answer = CreatedClient {
            client_id: client.client_id.clone(),
            client_secret: secret,
            name: client.name.clone(),
            uuid: client.uuid.clone(),
            permissions: client.permissions.clone(),
            links: client_links(&state, cluster),
        };
        cluster.clients.push(client);
        (answer, Store::save(store, now))
    };
    save.await?;
    tracing::info!(
        cluster_id = cluster_uuid,
        client_id = answer.client_id,
        "client created"
    );
    Ok(Json(answer))
}

pub async fn delete(
    State(state): State<AppState>,
    Path((cluster_uuid, client_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let cluster = live_cluster(&mut store, &cluster_uuid, now)?;
        if !cluster.remove_client(&client_id) {
            return Err(client_not_found(&cluster_uuid, &client_id));
        }
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn client_not_found(cluster_uuid: &str, client_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "client {client_id:?} not found in cluster {cluster_uuid:?}"
    ))
}

pub fn random_token(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ID_ALPHABET[rng.random_range(0..ID_ALPHABET.len())] as char)
        .collect()
}
