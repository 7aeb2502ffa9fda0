//! Zeebe client endpoints: list, details, create, delete. The secret is only ever part of
//! the create answer.

use axum::Json;
use axum::http::StatusCode;
use rand::Rng;

use super::access::{ClusterCall, NO_CONTENT, Reach};
use super::clusters::{client_links, zeebe_address};
use super::model::{
    ClientDetails, ClusterClient, ComponentStatus, CreateClientBody, CreatedClient, Permission,
};
use super::store::{StoredClient, secret_digest};
use crate::emulator::ZEEBE_AUDIENCE;
use crate::emulator::body::{StrictJson, check_name};
use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::orchestration::rest_address;

/// The longest client name the API accepts.
pub const MAX_CLIENT_NAME_LEN: usize = 50;

/// Characters of generated client ids and secrets (all safe in a URL path).
const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-~";

pub async fn list(call: ClusterCall) -> ApiResult<Json<Vec<ClusterClient>>> {
    call.read(|cluster, _| {
        let clients = cluster.clients.iter().map(|c| ClusterClient {
            client_id: c.client_id.clone(),
            name: c.name.clone(),
            permissions: c.permissions.clone(),
        });
        Ok(Json(clients.collect()))
    })
}

/// Connection details; 412 until the cluster is Healthy.
pub async fn details(call: ClusterCall) -> ApiResult<Json<ClientDetails>> {
    let client_id = call.item();
    call.read(|cluster, now| {
        let client = cluster
            .client(client_id)
            .ok_or_else(|| client_not_found(&call.uuid, client_id))?;
        let status = cluster.status_at(now);
        if status != ComponentStatus::Healthy {
            return Err(ApiError::precondition_failed(format!(
                "cluster {} is {status:?}, not ready; try again later",
                call.uuid
            )));
        }
        Ok(Json(ClientDetails {
            name: client.name.clone(),
            zeebe_address: zeebe_address(&call.state, cluster),
            // Always given: the cluster's Orchestration Cluster API is served here, not at
            // the SaaS address the client would derive from `ZEEBE_ADDRESS`.
            zeebe_rest_address: Some(rest_address(&call.state.base_url, &cluster.uuid)),
            zeebe_client_id: client.client_id.clone(),
            zeebe_authorization_server_url: call.state.token_url(),
        }))
    })
}

pub async fn create(
    call: ClusterCall,
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
    let answer = call.change(Reach::Running, |cluster, _| {
        if cluster.clients.iter().any(|c| c.name == body.client_name) {
            return Err(ApiError::bad_request(format!(
                "a client named {:?} already exists in cluster {}; client names must be unique per cluster",
                body.client_name, call.uuid
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
            audience: ZEEBE_AUDIENCE.to_owned(),
            links: client_links(&call.state, cluster),
        };
        cluster.clients.push(client);
        Ok(answer)
    })
    .await?;
    tracing::info!(
        cluster_id = call.uuid,
        client_id = answer.client_id,
        "client created"
    );
    Ok(Json(answer))
}

pub async fn delete(call: ClusterCall) -> ApiResult<StatusCode> {
    remove_client(&call, Reach::Live).await
}

/// Removes the Zeebe client that the path names, if `reach` finds the cluster.
pub async fn remove_client(call: &ClusterCall, reach: Reach) -> ApiResult<StatusCode> {
    let client_id = call.item();
    call.change(reach, |cluster, _| {
        if !cluster.remove_client(client_id) {
            return Err(client_not_found(&call.uuid, client_id));
        }
        NO_CONTENT
    })
    .await
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
