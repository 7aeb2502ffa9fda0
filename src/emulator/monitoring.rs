//! External Monitoring endpoints: turning it on and off (409 when it already is), and its
//! clients, whose passwords only the create and rotate answers carry.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::AppState;
use super::body::{StrictJson, check_name};
use super::clients::random_token;
use super::clusters::{cluster_not_found, format_time, live_cluster, running_cluster};
use super::error::{ApiError, ApiResult};
use super::model::{
    CreateMonitoringClientBody, MetricsEndpoint, MonitoringClient, MonitoringClientWithPassword,
    MonitoringClients, MonitoringStatus,
};
use super::store::{Store, StoredCluster, StoredMonitoringClient, now_ms, secret_digest};

/// The longest username the emulator accepts.
const MAX_USERNAME_LEN: usize = 50;

pub async fn activate(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<StatusCode> {
    switch(&state, &cluster_uuid, true).await
}

pub async fn deactivate(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<StatusCode> {
    switch(&state, &cluster_uuid, false).await
}

/// Turns External Monitoring on or off; 409 when it already is.
async fn switch(state: &AppState, cluster_uuid: &str, on: bool) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let features = &mut live_cluster(&mut store, cluster_uuid, now)?.features;
        if features.monitoring == on {
            return Err(ApiError::conflict(if on {
                "External Monitoring already activated"
            } else {
                "External Monitoring not activated"
            }));
        }
        features.monitoring = on;
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_clients(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<Json<MonitoringClients>> {
    let store = state.store.lock();
    let cluster = store
        .cluster(&cluster_uuid, now_ms())
        .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
    let features = &cluster.features;
    Ok(Json(MonitoringClients {
        clients: features
            .monitoring_clients
            .iter()
            .map(|c| render(&state, c))
            .collect(),
        status: match features.monitoring {
            true => MonitoringStatus {
                metrics_endpoint: Some(metrics_endpoint(&state, cluster)),
                conditions: Some(Vec::new()),
            },
            false => MonitoringStatus::default(),
        },
    }))
}

pub async fn create_client(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(body): StrictJson<CreateMonitoringClientBody>,
) -> ApiResult<Json<MonitoringClientWithPassword>> {
    check_name("username", &body.username, MAX_USERNAME_LEN)?;
    let now = now_ms();
    let (answer, save) = {
        let mut store = state.store.lock();
        let clients = &mut running_cluster(&mut store, &cluster_uuid, now)?
            .features
            .monitoring_clients;
        if clients.iter().any(|c| c.username == body.username) {
            return Err(ApiError::bad_request(format!(
                "a monitoring client with the username {:?} already exists in cluster \
                 {cluster_uuid}",
                body.username
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
            client: render(&state, &client),
            password,
        };
        clients.push(client);
        (answer, Store::save(store, now))
    };
    save.await?;
    Ok(Json(answer))
}

pub async fn delete_client(
    State(state): State<AppState>,
    Path((cluster_uuid, client_uuid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        let clients = &mut live_cluster(&mut store, &cluster_uuid, now)?
            .features
            .monitoring_clients;
        let before = clients.len();
        clients.retain(|c| c.uuid != client_uuid);
        if clients.len() == before {
            return Err(client_not_found(&cluster_uuid, &client_uuid));
        }
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issues a new password; the old one stops working.
pub async fn rotate(
    State(state): State<AppState>,
    Path((cluster_uuid, client_uuid)): Path<(String, String)>,
) -> ApiResult<Json<MonitoringClientWithPassword>> {
    let now = now_ms();
    let (answer, save) = {
        let mut store = state.store.lock();
        let client = live_cluster(&mut store, &cluster_uuid, now)?
            .features
            .monitoring_clients
            .iter_mut()
            .find(|c| c.uuid == client_uuid)
            .ok_or_else(|| client_not_found(&cluster_uuid, &client_uuid))?;
        let password = random_token(40);
        client.password_sha256 = secret_digest(&password);
        let answer = MonitoringClientWithPassword {
            client: render(&state, client),
            password,
        };
        (answer, Store::save(store, now))
    };
    save.await?;
    Ok(Json(answer))
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
    let host = state.params.region_host(&cluster.region_id);
    MetricsEndpoint {
        target: format!("{}.{host}.metrics.camunda.io:443", cluster.uuid),
        scheme: "https".to_string(),
        path: "/metrics".to_string(),
    }
}
