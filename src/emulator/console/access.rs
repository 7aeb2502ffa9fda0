//! How handlers read and change the organization: under the store's lock, one cluster
//! found (404 when there is none), and every change saved before it is answered.

use axum::extract::{FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::model::ComponentStatus;
use super::store::{Store, StoredCluster};
use crate::emulator::AppState;
use crate::emulator::clock::now_ms;
use crate::emulator::error::{ApiError, ApiResult};

/// Which clusters a change may reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Any that still exists, even one being deleted: what the admin endpoints change.
    Existing,
    /// One that exists and is not being deleted.
    Live,
    /// A live one that is not Suspended: 412 while it is, as the Console asks for a wake
    /// first.
    Running,
}

impl Reach {
    fn find<'a>(
        self,
        store: &'a mut Store,
        cluster_uuid: &str,
        now: u64,
    ) -> ApiResult<&'a mut StoredCluster> {
        let cluster = store
            .cluster_mut(cluster_uuid, now)
            .ok_or_else(|| cluster_not_found(cluster_uuid))?;
        if self != Self::Existing && cluster.is_deleting() {
            return Err(ApiError::not_found(format!(
                "cluster {cluster_uuid:?} is being deleted"
            )));
        }
        if self == Self::Running && cluster.status_at(now) == ComponentStatus::Suspended {
            return Err(ApiError::precondition_failed(format!(
                "cluster {cluster_uuid} is Suspended; wake it first (PUT /clusters/{cluster_uuid}/wake)"
            )));
        }
        Ok(cluster)
    }
}

pub fn cluster_not_found(cluster_uuid: &str) -> ApiError {
    ApiError::not_found(format!("cluster {cluster_uuid:?} not found"))
}

/// Makes one change to the organization and saves it, then gives the change's answer; an
/// error from `apply` is answered without saving.
pub async fn change<T>(
    state: &AppState,
    apply: impl FnOnce(&mut Store, u64) -> ApiResult<T>,
) -> ApiResult<T> {
    let now = now_ms();
    // The guard stays inside this block: `Store::save` releases it before the write.
    let (answer, save) = {
        let mut store = state.console.store.lock();
        let answer = apply(&mut store, now)?;
        (answer, Store::save(store, now))
    };
    save.await?;
    Ok(answer)
}

/// A call about one cluster: the emulator's state and the path's parameters, the
/// cluster's uuid first.
pub struct ClusterCall {
    pub state: AppState,
    pub uuid: String,
    /// The parameter after the uuid, on routes of one client, backup or secret.
    item: Option<String>,
}

impl FromRequestParts<AppState> for ClusterCall {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Path(params) = Path::<Vec<String>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut params = params.into_iter();
        Ok(Self {
            state: state.clone(),
            uuid: params.next().expect("cluster routes start with its uuid"),
            item: params.next(),
        })
    }
}

impl ClusterCall {
    /// The id of the client, backup or secret that the route names after the cluster.
    pub fn item(&self) -> &str {
        self.item.as_deref().expect("the route names an item")
    }

    /// Answers from the cluster if it exists, read at the same `now` as it is found.
    pub fn read<T>(&self, read: impl FnOnce(&StoredCluster, u64) -> ApiResult<T>) -> ApiResult<T> {
        let now = now_ms();
        let store = self.state.console.store.lock();
        let cluster = store
            .cluster(&self.uuid, now)
            .ok_or_else(|| cluster_not_found(&self.uuid))?;
        read(cluster, now)
    }

    /// Makes one change to the cluster, if `reach` finds it, as [`change`] does.
    pub async fn change<T>(
        &self,
        reach: Reach,
        apply: impl FnOnce(&mut StoredCluster, u64) -> ApiResult<T>,
    ) -> ApiResult<T> {
        change(&self.state, |store, now| {
            apply(reach.find(store, &self.uuid, now)?, now)
        })
        .await
    }
}

/// The answer of a change that has nothing to tell.
pub const NO_CONTENT: ApiResult<StatusCode> = Ok(StatusCode::NO_CONTENT);
