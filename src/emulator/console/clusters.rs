//! Cluster endpoints: list, get, create, patch, delete, upgrade, wake, and the creation
//! parameters.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use super::access::{ClusterCall, NO_CONTENT, Reach, change};
use super::model::{
    Cluster, ClusterEncryption, ClusterLinks, ClusterStatus, ClusterUpgrade, ComponentStatus,
    CreateClusterBody, CreatedCluster, IdName, IdNameRef, Parameters, UpdateClusterBody,
};
use super::store::{Features, StoredCluster, StoredEncryption};
use crate::console::permission::Permission;
use crate::emulator::AppState;
use crate::emulator::auth::check_bearer;
use crate::emulator::body::{StrictJson, check_name};
use crate::emulator::clock::{format_time, now_ms};
use crate::emulator::error::{ApiError, ApiResult};

/// The longest cluster name the API accepts.
pub const MAX_CLUSTER_NAME_LEN: usize = 50;

/// The longest cluster description the API accepts.
pub const MAX_DESCRIPTION_LEN: usize = 150;

pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Json<Vec<Cluster>> {
    let now = now_ms();
    let shown = allowlist_shown(&state, &headers);
    let store = state.console.store.lock();
    Json(
        store
            .clusters(now)
            .map(|c| render(&state, c, now, shown))
            .collect(),
    )
}

pub async fn get(call: ClusterCall, headers: HeaderMap) -> ApiResult<Json<Cluster>> {
    let shown = allowlist_shown(&call.state, &headers);
    call.read(|cluster, now| Ok(Json(render(&call.state, cluster, now, shown))))
}

/// Whether the caller may see the clusters' IP allowlists: the API leaves the fields out
/// for a client without that permission.
pub(super) fn allowlist_shown(state: &AppState, headers: &HeaderMap) -> bool {
    check_bearer(state, headers, &read_allowlist()).is_ok()
}

/// The permission to see the IP allowlists in cluster answers; no call of its own needs it.
pub(super) fn read_allowlist() -> Permission {
    Permission::for_call("GET", "/clusters/{clusterUuid}/ipallowlist")
}

pub async fn parameters(State(state): State<AppState>) -> Json<Parameters> {
    Json(state.console.params.wire().clone())
}

pub async fn create(
    State(state): State<AppState>,
    StrictJson(body): StrictJson<CreateClusterBody>,
) -> ApiResult<Json<CreatedCluster>> {
    check_naming(Some(&body.name), body.description.as_deref())?;
    let params = &state.console.params;
    let wire = params.wire();
    let channel = params.channel(&body.channel_id).ok_or_else(|| {
        let valid = wire.channels.iter().map(|c| (&c.uuid, &c.name));
        not_one_of("channelId", &body.channel_id, "a channel", valid)
    })?;
    if !channel
        .allowed_generations
        .iter()
        .any(|g| g.uuid == body.generation_id)
    {
        return Err(ApiError::bad_request(format!(
            "generationId {:?} is not allowed on channel {}; allowed: {}",
            body.generation_id,
            channel.name,
            list_named(
                channel
                    .allowed_generations
                    .iter()
                    .map(|g| (&g.uuid, &g.name))
            )
        )));
    }
    let region = params.region(&body.region_id).ok_or_else(|| {
        let valid = wire.regions.iter().map(|r| (&r.uuid, &r.name));
        not_one_of("regionId", &body.region_id, "a region", valid)
    })?;
    if params.plan_type(&body.plan_type_id).is_none() {
        let valid = wire.cluster_plan_types.iter().map(|p| (&p.uuid, &p.name));
        let what = "a cluster plan type";
        return Err(not_one_of("planTypeId", &body.plan_type_id, what, valid));
    }
    if let Some(backup) = &body.backup_region_id {
        let options: Vec<_> = region.backup_regions().collect();
        if !options.iter().any(|r| &r.id == backup) {
            let what = format!("a backup region of {}", region.name);
            let valid = options.iter().map(|r| (&r.id, &r.label));
            return Err(not_one_of("backupRegionId", backup, &what, valid));
        }
    }

    let cluster_id = change(&state, |store, now| {
        let mut cluster = StoredCluster {
            uuid: uuid::Uuid::new_v4().to_string(),
            name: body.name,
            created_ms: now,
            owner_id: state.config.client_id.clone(),
            auto_update: body.auto_update.unwrap_or(true),
            channel_id: body.channel_id,
            generation_id: body.generation_id,
            region_id: body.region_id,
            plan_type_id: body.plan_type_id,
            backup_region_id: body.backup_region_id,
            stage_label: body.stage_label,
            description: body.description.filter(|d| !d.is_empty()),
            status: ComponentStatus::Creating,
            settles_at_ms: None,
            deleted_at_ms: None,
            clients: Vec::new(),
            features: Features {
                encryption: StoredEncryption {
                    kind: body.encryption.unwrap_or_default(),
                    ..StoredEncryption::default()
                },
                ..Features::default()
            },
            secrets: Vec::new(),
            ip_allowlist: Vec::new(),
            secrets_changed_at_ms: None,
        };
        cluster.set_status(ComponentStatus::Creating, state.config.healthy_after, now);
        let cluster_id = cluster.uuid.clone();
        store.insert(cluster);
        Ok(cluster_id)
    })
    .await?;
    tracing::info!(cluster_id, "cluster created");
    Ok(Json(CreatedCluster { cluster_id }))
}

pub async fn update(
    call: ClusterCall,
    StrictJson(body): StrictJson<UpdateClusterBody>,
) -> ApiResult<StatusCode> {
    check_naming(body.name.as_deref(), body.description.as_deref())?;
    call.change(Reach::Live, |cluster, _| {
        rename(cluster, body.name, body.description);
        if let Some(label) = body.stage_label {
            cluster.stage_label = Some(label);
        }
        NO_CONTENT
    })
    .await
}

/// Starts the deletion; the cluster answers 404 once `deleted_after` has passed.
pub async fn delete(call: ClusterCall) -> ApiResult<StatusCode> {
    call.change(Reach::Existing, |cluster, now| {
        if !cluster.is_deleting() {
            let deleted_after = call.state.config.deleted_after.as_millis() as u64;
            cluster.deleted_at_ms = Some(now + deleted_after);
            tracing::info!(cluster_id = call.uuid, "cluster deletion started");
        }
        NO_CONTENT
    })
    .await
}

/// Moves a Healthy cluster to its channel's default generation.
pub async fn upgrade(call: ClusterCall) -> ApiResult<Json<ClusterUpgrade>> {
    let ClusterCall { state, uuid, .. } = &call;
    call.change(Reach::Live, |cluster, now| {
        let status = cluster.status_at(now);
        if status != ComponentStatus::Healthy {
            return Err(ApiError::precondition_failed(format!(
                "cluster {uuid} is {status:?}; it can be upgraded once it is Healthy"
            )));
        }
        let params = &state.console.params;
        let channel = params
            .channel(&cluster.channel_id)
            .expect("stored clusters refer to known channels");
        let target = &channel.default_generation;
        let old = generation_named(state, &cluster.generation_id);
        if cluster.generation_id == target.uuid {
            return Err(ApiError::bad_request(format!(
                "no upgrade available: cluster {uuid} already runs {}, the default generation of channel {}",
                target.name, channel.name
            )));
        }
        cluster.generation_id = target.uuid.clone();
        cluster.set_status(ComponentStatus::Updating, state.config.healthy_after, now);
        Ok(Json(ClusterUpgrade {
            cluster: IdNameRef {
                id: cluster.uuid.clone(),
                name: cluster.name.clone(),
            },
            old_generation: IdNameRef {
                id: old.uuid,
                name: old.name,
            },
            new_generation: IdNameRef {
                id: target.uuid.clone(),
                name: target.name.clone(),
            },
            org_id: params.organization_id().to_string(),
        }))
    })
    .await
}

/// Resumes a Suspended cluster; any other cluster is left as it is.
pub async fn wake(call: ClusterCall) -> ApiResult<StatusCode> {
    call.change(Reach::Live, |cluster, now| {
        if cluster.status_at(now) == ComponentStatus::Suspended {
            let healthy_after = call.state.config.healthy_after;
            cluster.set_status(ComponentStatus::Resuming, healthy_after, now);
        }
        NO_CONTENT
    })
    .await
}

/// Checks a new name and description, as the API does before changing anything: names
/// are 1 to [`MAX_CLUSTER_NAME_LEN`] characters, descriptions at most
/// [`MAX_DESCRIPTION_LEN`] (empty means none).
pub fn check_naming(name: Option<&str>, description: Option<&str>) -> ApiResult<()> {
    if let Some(name) = name {
        check_name("name", name, MAX_CLUSTER_NAME_LEN)?;
    }
    let len = description.map_or(0, |d| d.chars().count());
    if len > MAX_DESCRIPTION_LEN {
        return Err(ApiError::bad_request(format!(
            "description is {len} characters long; at most {MAX_DESCRIPTION_LEN} are allowed"
        )));
    }
    Ok(())
}

/// Sets what is given of a checked name and description; an empty description removes it.
pub fn rename(cluster: &mut StoredCluster, name: Option<String>, description: Option<String>) {
    if let Some(name) = name {
        cluster.name = name;
    }
    if let Some(description) = description {
        cluster.description = Some(description).filter(|d| !d.is_empty());
    }
}

/// The wire form of a stored cluster at time `now`.
pub fn render(
    state: &AppState,
    cluster: &StoredCluster,
    now: u64,
    allowlist_shown: bool,
) -> Cluster {
    let allowlist = allowlist_shown.then(|| cluster.ip_allowlist.clone());
    let params = &state.console.params;
    let named = |uuid: &str, name: Option<&str>| IdName {
        uuid: uuid.to_string(),
        name: name.unwrap_or(uuid).to_string(),
    };
    Cluster {
        uuid: cluster.uuid.clone(),
        name: cluster.name.clone(),
        created: format_time(cluster.created_ms),
        owner_id: cluster.owner_id.clone(),
        auto_update: cluster.auto_update,
        channel: named(
            &cluster.channel_id,
            params.channel(&cluster.channel_id).map(|c| c.name.as_str()),
        ),
        generation: generation_named(state, &cluster.generation_id),
        region: named(
            &cluster.region_id,
            params.region(&cluster.region_id).map(|r| r.name.as_str()),
        ),
        plan_type: named(
            &cluster.plan_type_id,
            params
                .plan_type(&cluster.plan_type_id)
                .map(|p| p.name.as_str()),
        ),
        backup_region: cluster
            .backup_region_id
            .as_deref()
            .map(|id| named(id, params.region(id).map(|r| r.name.as_str()))),
        description: cluster.description.clone(),
        status: ClusterStatus::all(cluster.status_at(now)),
        links: links(state, cluster),
        labels: cluster
            .stage_label
            .iter()
            .map(|l| l.as_str().to_string())
            .collect(),
        encryption: encryption(&cluster.features.encryption, now),
        ipallowlist: allowlist.clone(),
        ipwhitelist: allowlist,
    }
}

fn encryption(stored: &StoredEncryption, now: u64) -> ClusterEncryption {
    ClusterEncryption {
        kind: stored.kind,
        primary_key_arn: stored.primary_key_arn.clone(),
        secondary_key_arn: stored.secondary_key_arn.clone(),
        status: stored.status_at(now),
    }
}

pub fn generation_named(state: &AppState, generation_id: &str) -> IdName {
    state
        .console
        .params
        .generation(generation_id)
        .map(|(_, g)| g.clone())
        .unwrap_or_else(|| IdName {
            uuid: generation_id.to_string(),
            name: generation_id.to_string(),
        })
}

/// The Zeebe gRPC address of a cluster, as its links and client details give it.
pub fn zeebe_address(state: &AppState, cluster: &StoredCluster) -> String {
    let host = state.console.params.region_host(&cluster.region_id);
    format!("{}.{host}.zeebe.camunda.io:443", cluster.uuid)
}

fn links(state: &AppState, cluster: &StoredCluster) -> ClusterLinks {
    let host = state.console.params.region_host(&cluster.region_id);
    let web = |app: &str| format!("https://{host}.{app}.camunda.io/{}", cluster.uuid);
    ClusterLinks {
        zeebe: zeebe_address(state, cluster),
        operate: web("operate"),
        tasklist: web("tasklist"),
        optimize: web("optimize"),
        console: format!(
            "https://console.camunda.io/org/{}/cluster/{}",
            state.console.params.organization_id(),
            cluster.uuid
        ),
        connectors: web("connectors"),
        identity: Some(web("identity")),
        oauth: state.token_url(),
    }
}

/// The links a newly created client's answer carries: the cluster's, but `identity`.
pub fn client_links(state: &AppState, cluster: &StoredCluster) -> ClusterLinks {
    ClusterLinks {
        identity: None,
        ..links(state, cluster)
    }
}

/// `id (name), …`
fn list_named<'a>(items: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    items
        .map(|(id, name)| format!("{id} ({name})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The 400 for a `field` whose `id` is not `what` it must be, with the `valid` ids and names.
fn not_one_of<'a>(
    field: &str,
    id: &str,
    what: &str,
    valid: impl Iterator<Item = (&'a String, &'a String)>,
) -> ApiError {
    let valid = list_named(valid);
    ApiError::bad_request(format!("{field} {id:?} is not {what}; valid: {valid}"))
}
