//! The admin endpoints every emulated API shares, under `/__emulator` (no token needed):
//! counters, the request log, fault settings, and API clients of the organization.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

use super::body::StrictJson;
use super::error::{ApiError, ApiResult};
use super::faults::{Faults, ScheduledFault, ScheduledLoss, check_route};
use super::records::{Counters, LoggedRequest};
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
    check_route(&fault.route, &state.api_routes).map_err(ApiError::bad_request)?;
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
    check_route(&loss.route, &state.api_routes).map_err(ApiError::bad_request)?;
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
        client_secret: uuid::Uuid::new_v4().simple().to_string().into(),
        permissions: new.permissions,
    };
    check_api_client(&client, &state.all_permissions).map_err(ApiError::bad_request)?;
    state.api_clients.lock().push(client.clone());
    Ok((StatusCode::CREATED, Json(client)))
}
