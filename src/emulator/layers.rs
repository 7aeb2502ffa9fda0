//! Middleware around the API and token routes: `observe` counts, delays and logs every
//! call; `guard` lets each API check a call's credentials, injects faults before an API
//! call is served, and loses the answers of served calls.

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::clock::now_ms;
use super::connection::Cut;
use super::error::{ApiError, ApiResult};
use super::faults::LostAnswer;
use super::routes::route_key;

/// The token endpoint's route, counted apart from API routes.
pub const TOKEN_ROUTE: &str = "POST /oauth/token";

pub async fn observe(
    State(state): State<AppState>,
    matched: MatchedPath,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let route = route_key(&method, matched.as_str());
    {
        let mut records = state.records.lock();
        if route == TOKEN_ROUTE {
            records.count_token_request();
        } else {
            records.count_route(&route);
        }
    }
    let latency = state.faults.lock().faults().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = next.run(request).await;
    let status = response.status().as_u16();
    tracing::debug!(%method, path, status, "request served");
    state
        .records
        .lock()
        .log(method.as_str(), &path, &route, status, now_ms());
    response
}

/// An API's check of a call before it is served, given its route template: whether the
/// call's credentials let it through.
pub type Authorize = fn(&AppState, &str, &Request) -> ApiResult<()>;

/// What the guard asks of each API: its check of a call, and which calls are writes
/// (random faults of reads and of writes come at their own rates).
#[derive(Clone, Copy)]
pub struct Rules {
    pub authorize: Authorize,
    /// Given the method and route template.
    pub is_write: fn(&Method, &str) -> bool,
}

/// Every method but `GET` and `HEAD` writes.
pub fn writes_by_method(method: &Method, _template: &str) -> bool {
    !matches!(*method, Method::GET | Method::HEAD)
}

pub async fn guard(
    State((state, rules)): State<(AppState, Rules)>,
    matched: MatchedPath,
    request: Request,
    next: Next,
) -> Response {
    if let Err(error) = (rules.authorize)(&state, matched.as_str(), &request) {
        return error.into_response();
    }
    let method = request.method();
    let route = route_key(method, matched.as_str());
    let is_write = (rules.is_write)(method, matched.as_str());
    let (fault, retry_after) = {
        let mut faults = state.faults.lock();
        (faults.pick(&route, is_write), faults.faults().retry_after)
    };
    if let Some(code) = fault {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        tracing::debug!(route, code, "injecting a fault");
        state.records.lock().count_fault(&route);
        let error = ApiError::new(status, format!("injected fault: {status}"));
        return if matches!(
            status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        ) {
            error.retry_after(retry_after.as_secs())
        } else {
            error
        }
        .into_response();
    }
    let cut = request.extensions().get::<ConnectInfo<Cut>>().cloned();
    let response = next.run(request).await;
    let Some(lost) = state.faults.lock().lose(&route) else {
        return response;
    };
    tracing::debug!(route, %lost, served = response.status().as_u16(), "losing the answer");
    state.records.lock().count_lost_answer(&route);
    match (lost, cut) {
        (LostAnswer::Close, Some(ConnectInfo(cut))) => {
            cut.cut();
            // Never written: the connection refuses it and closes.
            StatusCode::BAD_GATEWAY.into_response()
        }
        (LostAnswer::Status(code), _) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY);
            ApiError::new(status, format!("injected lost answer: {status}")).into_response()
        }
        // Dropped, never finished, once the client closes the connection.
        (LostAnswer::Hang, _) => std::future::pending().await,
        // Served without the emulator's listener (not the case when it runs itself).
        (LostAnswer::Close, None) => {
            ApiError::new(StatusCode::BAD_GATEWAY, "injected lost answer").into_response()
        }
    }
}
