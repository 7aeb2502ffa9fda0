//! Request bodies: the strict JSON extractors and the name check that several bodies share.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiResult};

/// A JSON body parsed into a type that denies unknown fields; an empty body or any
/// mismatch is a 400 that names the offending field. The content type is not checked,
/// as the API does not check it either.
#[derive(Debug)]
pub struct StrictJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for StrictJson<T> {
    /// A body that cannot be read at all (too large, broken connection) keeps axum's answer.
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        parse(&body).map(Self).map_err(IntoResponse::into_response)
    }
}

/// Like [`StrictJson`], for a body that may be left out: an empty body is `T::default()`.
#[derive(Debug)]
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(T::default()));
        }
        parse(&body).map(Self).map_err(IntoResponse::into_response)
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "the request body is empty; a JSON object is required",
        ));
    }
    // axum's parser reports the path of the offending field, which serde_json alone does not.
    Json::<T>::from_bytes(body)
        .map(|Json(value)| value)
        .map_err(|e| ApiError::bad_request(format!("invalid request body: {}", e.body_text())))
}

/// Names must be 1 to `max` characters; `what` names the field in the message.
pub fn check_name(what: &str, name: &str, max: usize) -> ApiResult<()> {
    let len = name.chars().count();
    if name.trim().is_empty() {
        return Err(ApiError::bad_request(format!("{what} must not be empty")));
    }
    if len > max {
        return Err(ApiError::bad_request(format!(
            "{what} is {len} characters long; at most {max} are allowed"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use axum::http::StatusCode;
    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Named {
        name: String,
    }

    async fn extract(body: &'static str) -> Result<Named, (StatusCode, Value)> {
        let request = Request::new(Body::from(body));
        match StrictJson::<Named>::from_request(request, &()).await {
            Ok(StrictJson(value)) => Ok(value),
            Err(response) => {
                let status = response.status();
                let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
                Err((status, serde_json::from_slice(&bytes).unwrap()))
            }
        }
    }

    #[tokio::test]
    async fn accepts_a_matching_body_without_a_content_type() {
        assert_eq!(extract(r#"{"name": "a"}"#).await.unwrap().name, "a");
    }

    #[tokio::test]
    async fn an_empty_body_is_a_400_that_asks_for_an_object() {
        let (status, answer) = extract(" \n").await.unwrap_err();
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            answer,
            json!({"status": 400, "message": "the request body is empty; a JSON object is required"})
        );
    }

    #[tokio::test]
    async fn an_unknown_field_is_a_400_that_names_it() {
        let (status, answer) = extract(r#"{"name": "a", "size": 3}"#).await.unwrap_err();
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(answer["status"], 400);
        let message = answer["message"].as_str().unwrap();
        assert!(message.starts_with("invalid request body: "), "{message}");
        assert!(message.contains("unknown field `size`"), "{message}");
    }
}
