//! Who may call a cluster's API, and which cluster a call is for: a Console cluster's API
//! takes the tokens of that cluster's Zeebe clients; the standalone one takes what its
//! `AuthMode` says. A credential marked read-only gets 403 on writes, naming the permission
//! the spec lists for the operation.

use axum::extract::{FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};

use super::AuthMode;
use super::store::{Identity, Kind, Store, When};
use super::users::User;
use crate::emulator::AppState;
use crate::emulator::auth::{basic_credentials, zeebe_bearer_client};
use crate::emulator::clock::now_ms;
use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::routes::route_key;

/// The cluster whose API a call is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A Console cluster, by id.
    Cluster(String),
    SelfManaged,
}

impl Target {
    /// The target of a request path, and the path as the cluster sees it (from `/v2`).
    pub fn of_path(path: &str) -> (Self, &str) {
        if let Some(rest) = path.strip_prefix("/zeebe/") {
            let (id, api_path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            return (Self::Cluster(id.to_string()), api_path);
        }
        (Self::SelfManaged, path)
    }
}

/// Searches and `GET`s read; everything else writes.
pub fn is_write(method: &Method, template: &str) -> bool {
    *method != Method::GET && !template.ends_with("/search")
}

pub fn authorize(state: &AppState, template: &str, request: &Request) -> ApiResult<()> {
    let (target, _) = Target::of_path(request.uri().path());
    let Some(credential) = credential(state, &target, request.headers())? else {
        return Ok(());
    };
    let method = request.method();
    if !is_write(method, template) {
        return Ok(());
    }
    let read_only = state
        .orchestration
        .store
        .lock()
        .identity(&target)
        .read_only
        .contains(&credential);
    if !read_only {
        return Ok(());
    }
    let permission = state
        .orchestration
        .permissions
        .get(&route_key(method, template));
    Err(ApiError::forbidden(match permission {
        Some(p) => format!(
            "Insufficient permissions to perform operation '{}' on resource '{}': {credential} lacks {p}.",
            p.operation, p.resource
        ),
        None => format!("{credential} may only read."),
    }))
}

/// Who calls, if the cluster checks: the Zeebe client, OAuth client or user.
fn credential(state: &AppState, target: &Target, headers: &HeaderMap) -> ApiResult<Option<String>> {
    let config = &state.config.self_managed;
    match target {
        Target::Cluster(id) => {
            let cluster = state
                .console
                .served_cluster(id, now_ms())
                .ok_or_else(|| ApiError::not_found(format!("no cluster {id:?} serves here")))?;
            let client = zeebe_bearer_client(state, headers)?;
            if !cluster.client_ids.contains(&client) {
                return Err(ApiError::unauthorized(format!(
                    "the token's client {client:?} is not a client of cluster {id}"
                )));
            }
            Ok(Some(client))
        }
        Target::SelfManaged => match config.auth {
            AuthMode::None => Ok(None),
            AuthMode::OAuth => {
                let client = zeebe_bearer_client(state, headers)?;
                if client != config.client_id {
                    return Err(ApiError::unauthorized(format!(
                        "the token's client {client:?} is not this cluster's client"
                    )));
                }
                Ok(Some(client))
            }
            AuthMode::Basic => {
                let (username, password) = basic_credentials(headers).ok_or_else(|| {
                    ApiError::unauthorized("an Authorization: Basic header is required")
                })?;
                let mut store = state.orchestration.store.lock();
                let users = &store.identity(target).users;
                if !users
                    .current(&username)
                    .is_some_and(|u: &User| u.password_matches(&password))
                {
                    return Err(ApiError::unauthorized("wrong username or password"));
                }
                Ok(Some(username))
            }
        },
    }
}

/// A call to a cluster's API: the emulator's state, the cluster, and the path's
/// parameters by name.
pub struct Call {
    pub state: AppState,
    pub target: Target,
    params: Vec<(String, String)>,
}

impl FromRequestParts<AppState> for Call {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self {
            state: state.clone(),
            target: Target::of_path(parts.uri.path()).0,
            params,
        })
    }
}

impl Call {
    /// The path parameter `name` (the route has it).
    pub fn param(&self, name: &str) -> &str {
        self.try_param(name).expect("the route names the parameter")
    }

    /// The path parameter `name`, if the route has it.
    pub fn try_param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Answers from what reads see: the truth of [`When::read_at`].
    pub fn read<T>(&self, read: impl FnOnce(&Identity, u64) -> ApiResult<T>) -> ApiResult<T> {
        let at = when(&self.state).read_at();
        read(
            self.state.orchestration.store.lock().identity(&self.target),
            at,
        )
    }

    /// Makes one change, seeing the truth, and saves it; an error is answered unsaved.
    pub async fn change<T>(
        &self,
        apply: impl FnOnce(&mut Identity, When) -> ApiResult<T>,
    ) -> ApiResult<T> {
        change(&self.state, &self.target, apply).await
    }
}

/// Makes one change to a cluster's objects and saves it.
pub async fn change<T>(
    state: &AppState,
    target: &Target,
    apply: impl FnOnce(&mut Identity, When) -> ApiResult<T>,
) -> ApiResult<T> {
    let (answer, save) = {
        let mut store = state.orchestration.store.lock();
        let answer = apply(store.identity(target), when(state))?;
        (answer, Store::save(store))
    };
    save.await?;
    Ok(answer)
}

/// Now, and the read lag of now.
fn when(state: &AppState) -> When {
    When {
        now: now_ms(),
        lag: state.orchestration.read_lag().as_millis() as u64,
    }
}

/// The 404 of an object that reads or writes do not find.
pub fn not_found(kind: Kind, id: &str) -> ApiError {
    ApiError::not_found(format!(
        "{} with {} '{id}' not found",
        capitalized(kind.noun()),
        kind.id_param()
    ))
}

pub fn capitalized(noun: &str) -> String {
    let mut chars = noun.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_cluster() {
        assert_eq!(
            Target::of_path("/zeebe/abc/v2/roles"),
            (Target::Cluster("abc".into()), "/v2/roles")
        );
        assert_eq!(
            Target::of_path("/v2/roles"),
            (Target::SelfManaged, "/v2/roles")
        );
    }
}
