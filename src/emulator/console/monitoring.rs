//! External Monitoring endpoints: turning it on and off (409 when it already is), and its
//! clients, whose passwords only the create and rotate answers carry.

use std::ops::Deref;

use axum::Json;
use axum::http::StatusCode;
use serde::Deserialize;

use super::access::{ClusterCall, NO_CONTENT, Reach};
use super::clients::random_token;
use super::model::{
    CreateMonitoringClientBody, MetricsEndpoint, MonitoringClient, MonitoringClientWithPassword,
    MonitoringClients, MonitoringStatus,
};
use super::store::{StoredCluster, StoredMonitoringClient, remove_where, secret_digest};
use crate::emulator::AppState;
use crate::emulator::body::{StrictJson, check_name};
use crate::emulator::clock::format_time;
use crate::emulator::error::{ApiError, ApiResult};

/// The longest username the emulator accepts.
const MAX_USERNAME_LEN: usize = 50;

pub async fn activate(call: ClusterCall) -> ApiResult<StatusCode> {
    switch(&call, true).await
}

pub async fn deactivate(call: ClusterCall) -> ApiResult<StatusCode> {
    switch(&call, false).await
}

/// Turns External Monitoring on or off; 409 when it already is.
async fn switch(call: &ClusterCall, on: bool) -> ApiResult<StatusCode> {
    call.change(Reach::Live, |cluster, _| {
        let features = &mut cluster.features;
        if features.monitoring == on {
            return Err(ApiError::conflict(if on {
                "External Monitoring already activated"
            } else {
                "External Monitoring not activated"
            }));
        }
        features.monitoring = on;
        NO_CONTENT
    })
    .await
}

pub async fn list_clients(call: ClusterCall) -> ApiResult<Json<MonitoringClients>> {
    call.read(|cluster, _| {
        let features = &cluster.features;
        Ok(Json(MonitoringClients {
            clients: features
                .monitoring_clients
                .iter()
                .map(|c| render(&call.state, c))
                .collect(),
            status: match features.monitoring {
                true => MonitoringStatus {
                    metrics_endpoint: Some(metrics_endpoint(&call.state, cluster)),
                    conditions: Some(Vec::new()),
                },
                false => MonitoringStatus::default(),
            },
        }))
    })
}

pub async fn create_client(
    call: ClusterCall,
    StrictJson(body): StrictJson<CreateMonitoringClientBody>,
) -> ApiResult<Json<MonitoringClientWithPassword>> {
    check_name("username", &body.username, MAX_USERNAME_LEN)?;
    call.change(Reach::Running, |cluster, now| {
        let clients = &mut cluster.features.monitoring_clients;
        if clients.iter().any(|c| c.username == body.username) {
            return Err(ApiError::bad_request(format!(
                "a monitoring client with the username {:?} already exists in cluster {}",
                body.username, call.uuid
            )));
        }
        let password = random_token(40);
        let client = StoredMonitoringClient {
            uuid: uuid::Uuid::new_v4().to_string(),
            username: body.username,
            created_ms: now,
            password_sha256: secret_digest(&password),
        };
        let answer = MonitoringClientWithPassword {
            client: render(&call.state, &client),
            password,
        };
        clients.push(client);
        Ok(Json(answer))
    })
    .await
}

pub async fn delete_client(call: ClusterCall) -> ApiResult<StatusCode> {
    let client_uuid = call.item();
    call.change(Reach::Live, |cluster, _| {
        let clients = &mut cluster.features.monitoring_clients;
        if !remove_where(clients, |c| c.uuid == client_uuid) {
            return Err(client_not_found(&call.uuid, client_uuid));
        }
        NO_CONTENT
    })
    .await
}

/// Issues a new password; the old one stops working.
pub async fn rotate(call: ClusterCall) -> ApiResult<Json<MonitoringClientWithPassword>> {
    call.change(Reach::Live, |cluster, _| {
        let client = named_client(&call, &mut cluster.features.monitoring_clients)?;
        let password = random_token(40);
        client.password_sha256 = secret_digest(&password);
        Ok(Json(MonitoringClientWithPassword {
            client: render(&call.state, client),
            password,
        }))
    })
    .await
}

/// An admin question: is this a monitoring client's current password?
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordCheck {
    password: String,
}

/// Admin: whether `password` is the client's current one, as a scrape would find out.
pub async fn check_password(
    call: ClusterCall,
    StrictJson(body): StrictJson<PasswordCheck>,
) -> ApiResult<Json<serde_json::Value>> {
    call.read(|cluster, _| {
        let client = named_client(&call, &cluster.features.monitoring_clients)?;
        let valid = client.password_sha256 == secret_digest(&body.password);
        Ok(Json(serde_json::json!({ "valid": valid })))
    })
}

/// The client the call's path names, from `clients` borrowed to read or to change; 404
/// when there is none.
fn named_client<C: Deref<Target = StoredMonitoringClient>>(
    call: &ClusterCall,
    clients: impl IntoIterator<Item = C>,
) -> ApiResult<C> {
    let client_uuid = call.item();
    clients
        .into_iter()
        .find(|c| c.uuid == client_uuid)
        .ok_or_else(|| client_not_found(&call.uuid, client_uuid))
}

fn client_not_found(cluster_uuid: &str, client_uuid: &str) -> ApiError {
    ApiError::not_found(format!(
        "monitoring client {client_uuid:?} not found in cluster {cluster_uuid:?}"
    ))
}

fn render(state: &AppState, client: &StoredMonitoringClient) -> MonitoringClient {
    let created = format_time(client.created_ms);
    MonitoringClient {
        uuid: client.uuid.clone(),
        name: client.username.clone(),
        username: client.username.clone(),
        last_used: created.clone(),
        created,
        created_by: state.config.client_id.clone(),
        created_by_name: "Console API client".to_string(),
    }
}

/// Where Prometheus scrapes the cluster's metrics.
fn metrics_endpoint(state: &AppState, cluster: &StoredCluster) -> MetricsEndpoint {
    let host = state.console.params.region_host(&cluster.region_id);
    MetricsEndpoint {
        target: format!("{}.{host}.metrics.camunda.io:443", cluster.uuid),
        scheme: "https".to_string(),
        path: "/metrics".to_string(),
    }
}
