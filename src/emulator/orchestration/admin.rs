//! The admin endpoints of the clusters' APIs, under `/__emulator` (no credentials): what
//! a cluster holds (to count against Terraform's state), out-of-band changes and
//! deletions (drift), the read lag, and read-only credentials. `{cluster}` is a Console
//! cluster's id, or `self-managed` for the standalone cluster. An object is named by its
//! id; a cluster variable by its scope and name, `global/{name}` or
//! `tenant/{tenantId}/{name}`; a deployed definition by its key.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{MethodRouter, get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::SELF_MANAGED;
use super::access::{Target, change};
use super::authorizations::Authorization;
use super::cluster_variables::{self, Scope, VariableChange};
use super::definitions::{self, DefinitionKind};
use super::groups::Group;
use super::mapping_rules::MappingRule;
use super::objects::{self, Object};
use super::roles::Role;
use super::store::{Identity, When};
use super::tenants::Tenant;
use super::users::User;
use crate::emulator::AppState;
use crate::emulator::body::StrictJson;
use crate::emulator::clock::now_ms;
use crate::emulator::error::{ApiError, ApiResult};

pub fn router() -> Router<AppState> {
    let router = Router::new()
        .route("/read-lag", get(get_read_lag).put(put_read_lag))
        .route("/orchestration/{cluster}", inspecting(counts))
        .route(
            "/orchestration/{cluster}/memberships",
            inspecting(memberships),
        )
        .route(
            "/orchestration/{cluster}/read-only/{credential}",
            put(mark_read_only).delete(unmark_read_only),
        )
        .route(
            "/orchestration/{cluster}/cluster-variables",
            inspecting(|identity| listed(cluster_variables::all_current(identity))),
        )
        .route(
            "/orchestration/{cluster}/cluster-variables/global/{name}",
            put(change_global_variable).delete(delete_global_variable),
        )
        .route(
            "/orchestration/{cluster}/cluster-variables/tenant/{tenant}/{name}",
            put(change_tenant_variable).delete(delete_tenant_variable),
        );
    let router = kind_routes::<Tenant>(router);
    let router = kind_routes::<Role>(router);
    let router = kind_routes::<Group>(router);
    let router = kind_routes::<User>(router);
    let router = kind_routes::<MappingRule>(router);
    let router = kind_routes::<Authorization>(router);
    let router = DefinitionKind::ALL
        .into_iter()
        .fold(router, definition_routes);
    router.route(
        "/orchestration/{cluster}/process-instances",
        inspecting(process_instances),
    )
}

/// List and delete deployed definitions of one kind.
fn definition_routes(router: Router<AppState>, kind: DefinitionKind) -> Router<AppState> {
    let all = format!("/orchestration/{{cluster}}/{}", kind.plural());
    let delete = move |State(state): State<AppState>,
                       Path((cluster, key)): Path<(String, String)>| async move {
        change_in(&state, &cluster, |identity, when| {
            definitions::delete_of_kind(identity, kind, &key, when)
        })
        .await?;
        Ok::<_, ApiError>(StatusCode::NO_CONTENT)
    };
    router
        .route(
            &all,
            inspecting(move |identity| listed(identity.all_definitions(kind))),
        )
        .route(&format!("{all}/{{key}}"), axum::routing::delete(delete))
}

/// List, change and delete objects of one kind.
fn kind_routes<O: Object>(router: Router<AppState>) -> Router<AppState> {
    let all = format!("/orchestration/{{cluster}}/{}", O::KIND.plural());
    let list = |identity: &Identity| {
        listed(
            O::table(identity)
                .all_current()
                .map(|(_, o)| o.answer())
                .collect(),
        )
    };
    router.route(&all, inspecting(list)).route(
        &format!("{all}/{{id}}"),
        put(change_object::<O>).delete(delete_object::<O>),
    )
}

/// The cluster an admin path names: 404 for a Console cluster that does not serve.
fn target(state: &AppState, cluster: &str) -> ApiResult<Target> {
    if cluster == SELF_MANAGED {
        return Ok(Target::SelfManaged);
    }
    match state.console.served_cluster(cluster, now_ms()) {
        Some(_) => Ok(Target::Cluster(cluster.to_string())),
        None => Err(ApiError::not_found(format!(
            "no cluster {cluster:?} serves an API; name a Console cluster or {SELF_MANAGED:?}"
        ))),
    }
}

/// A GET of what `read` finds in a cluster's objects as they are now, whatever the read
/// lag.
fn inspecting(
    read: impl Fn(&Identity) -> Json<Value> + Clone + Send + Sync + 'static,
) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>, Path(cluster): Path<String>| {
            let answer = target(&state, &cluster)
                .map(|target| read(state.orchestration.store.lock().identity(&target)));
            async move { answer }
        },
    )
}

/// Changes a cluster's objects out of band, as its API would: saved, and seen by the
/// API's reads after the read lag.
async fn change_in<T>(
    state: &AppState,
    cluster: &str,
    apply: impl FnOnce(&mut Identity, When) -> ApiResult<T>,
) -> ApiResult<T> {
    let target = target(state, cluster)?;
    change(state, &target, apply).await
}

fn listed(items: Vec<Value>) -> Json<Value> {
    Json(json!({"count": items.len(), "items": items}))
}

/// How many objects of each kind, and memberships, a cluster holds (deleted process
/// definitions, which its reads still list, not counted).
fn counts(identity: &Identity) -> Json<Value> {
    let live = |kind| {
        identity
            .live_definitions()
            .filter(|d| d.kind == kind)
            .count()
    };
    Json(json!({
        "tenants": identity.tenants.all_current().count(),
        "roles": identity.roles.all_current().count(),
        "groups": identity.groups.all_current().count(),
        "users": identity.users.all_current().count(),
        "mapping-rules": identity.mapping_rules.all_current().count(),
        "authorizations": identity.authorizations.all_current().count(),
        "cluster-variables": identity.cluster_variables.all_current().count(),
        "process-definitions": live(DefinitionKind::Process),
        "decision-definitions": live(DefinitionKind::Decision),
        "decision-requirements": live(DefinitionKind::DecisionRequirements),
        "forms": live(DefinitionKind::Form),
        "process-instances": identity.process_instances.all_current().count(),
        "memberships": identity.memberships.all_current().count(),
    }))
}

fn memberships(identity: &Identity) -> Json<Value> {
    listed_as_json(identity.memberships.all_current().map(|(m, _)| m))
}

fn process_instances(identity: &Identity) -> Json<Value> {
    listed_as_json(identity.process_instances.all_current().map(|(_, i)| i))
}

/// [`listed`] of records that serialize as the API shows them.
fn listed_as_json<'a, T: serde::Serialize + 'a>(
    records: impl Iterator<Item = &'a T>,
) -> Json<Value> {
    listed(
        records
            .map(|record| serde_json::to_value(record).expect("a record serializes"))
            .collect(),
    )
}

/// Changes an object as the API's update would, out of band; its body is the API's
/// update body.
async fn change_object<O: Object>(
    State(state): State<AppState>,
    Path((cluster, id)): Path<(String, String)>,
    StrictJson(body): StrictJson<O::Update>,
) -> ApiResult<Json<Value>> {
    change_in(&state, &cluster, |identity, when| {
        objects::apply_update::<O>(identity, &id, body, when)
    })
    .await
    .map(Json)
}

/// Deletes an object and its memberships, out of band.
async fn delete_object<O: Object>(
    State(state): State<AppState>,
    Path((cluster, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    change_in(&state, &cluster, |identity, when| {
        objects::apply_delete::<O>(identity, &id, when)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes a variable as the API's update would, out of band; its body is the API's
/// update body.
async fn change_variable(
    state: &AppState,
    cluster: &str,
    scope: Scope,
    name: &str,
    body: VariableChange,
) -> ApiResult<Json<Value>> {
    change_in(state, cluster, |identity, when| {
        cluster_variables::apply_update(identity, &scope, name, body, when)
    })
    .await
    .map(Json)
}

async fn delete_variable(
    state: &AppState,
    cluster: &str,
    scope: Scope,
    name: &str,
) -> ApiResult<StatusCode> {
    change_in(state, cluster, |identity, when| {
        cluster_variables::apply_delete(identity, &scope, name, when)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn change_global_variable(
    State(state): State<AppState>,
    Path((cluster, name)): Path<(String, String)>,
    StrictJson(body): StrictJson<VariableChange>,
) -> ApiResult<Json<Value>> {
    change_variable(&state, &cluster, Scope::Global, &name, body).await
}

async fn change_tenant_variable(
    State(state): State<AppState>,
    Path((cluster, tenant, name)): Path<(String, String, String)>,
    StrictJson(body): StrictJson<VariableChange>,
) -> ApiResult<Json<Value>> {
    change_variable(&state, &cluster, Scope::Tenant(tenant), &name, body).await
}

async fn delete_global_variable(
    State(state): State<AppState>,
    Path((cluster, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    delete_variable(&state, &cluster, Scope::Global, &name).await
}

async fn delete_tenant_variable(
    State(state): State<AppState>,
    Path((cluster, tenant, name)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    delete_variable(&state, &cluster, Scope::Tenant(tenant), &name).await
}

async fn set_read_only(
    state: &AppState,
    cluster: &str,
    credential: String,
    on: bool,
) -> ApiResult<StatusCode> {
    change_in(state, cluster, |identity, _| {
        if on {
            identity.read_only.insert(credential);
        } else {
            identity.read_only.remove(&credential);
        }
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// From now on the credential (a client id or username) may only read: writes answer 403.
async fn mark_read_only(
    State(state): State<AppState>,
    Path((cluster, credential)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    set_read_only(&state, &cluster, credential, true).await
}

async fn unmark_read_only(
    State(state): State<AppState>,
    Path((cluster, credential)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    set_read_only(&state, &cluster, credential, false).await
}

/// How long reads of the clusters' APIs lag behind writes.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadLag {
    read_lag_ms: u64,
}

async fn get_read_lag(State(state): State<AppState>) -> Json<ReadLag> {
    Json(ReadLag {
        read_lag_ms: state.orchestration.read_lag().as_millis() as u64,
    })
}

async fn put_read_lag(
    State(state): State<AppState>,
    StrictJson(lag): StrictJson<ReadLag>,
) -> Json<ReadLag> {
    state
        .orchestration
        .set_read_lag(Duration::from_millis(lag.read_lag_ms));
    Json(lag)
}
