//! Error answers as the API gives them: problem details (RFC 9457) as
//! `application/problem+json`, with `type`, `title`, `status`, `detail` and `instance`.
//! The handlers, extractors and shared layers word their errors in the emulator's common
//! form (`{status, message}`, or plain text from the framework); this rewords each one.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Value, json};

use super::AuthMode;
use super::access::Target;
use crate::emulator::AppState;

/// Error bodies longer than this are cut (they are the emulator's own, and short).
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn reword(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, MAX_ERROR_BODY).await.unwrap_or_default();
    let detail = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v.get("message")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes).trim().to_string());
    let (target, instance) = Target::of_path(&path);
    let problem = json!({
        "type": "about:blank",
        "title": title(status, &detail),
        "status": status.as_u16(),
        "detail": detail,
        "instance": instance,
    });
    let headers = &mut parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    if status == StatusCode::UNAUTHORIZED
        && target == Target::SelfManaged
        && state.config.self_managed.auth == AuthMode::Basic
    {
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Camunda\""),
        );
    }
    Response::from_parts(parts, Body::from(problem.to_string()))
}

/// The answer to a path of the cluster's API that the emulator does not serve: a problem
/// detail, as every error of that API is; `None` for other paths.
pub fn not_served(path: &str) -> Option<Response> {
    let (_, instance) = Target::of_path(path);
    instance.starts_with("/v2/").then(|| {
        let problem = json!({
            "type": "about:blank",
            "title": "NOT_FOUND",
            "status": 404,
            "detail": format!("The emulator does not serve {instance}."),
            "instance": instance,
        });
        let mut response = Response::new(Body::from(problem.to_string()));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    })
}

/// The titles the API gives its errors: the engine's rejection code, which a rejection's
/// detail names ("Command 'DELETE' rejected with code 'INVALID_STATE': ..."), else the
/// code of the status.
fn title(status: StatusCode, detail: &str) -> String {
    let code = detail
        .split_once("rejected with code '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(code, _)| code);
    if let Some(code) = code {
        return code.to_string();
    }
    match status {
        StatusCode::BAD_REQUEST => "INVALID_ARGUMENT".to_string(),
        StatusCode::UNAUTHORIZED => "UNAUTHORIZED".to_string(),
        StatusCode::FORBIDDEN => "FORBIDDEN".to_string(),
        StatusCode::NOT_FOUND => "NOT_FOUND".to_string(),
        StatusCode::CONFLICT => "ALREADY_EXISTS".to_string(),
        StatusCode::SERVICE_UNAVAILABLE => "RESOURCE_EXHAUSTED".to_string(),
        StatusCode::INTERNAL_SERVER_ERROR => "INTERNAL_ERROR".to_string(),
        other => other.canonical_reason().unwrap_or("Error").to_string(),
    }
}
