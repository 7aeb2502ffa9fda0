//! Backup endpoints: list, create (done after `healthy_after`, at most one per
//! `min_backup_interval`), delete, and the backup schedule; plus the admin call that makes
//! the next backups of a cluster fail.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::body::StrictJson;
use super::clusters::{cluster_not_found, format_time, generation_named, live_cluster};
use super::error::{ApiError, ApiResult};
use super::model::{Backup, BackupSchedule, BackupScheduleBody, BackupStatus, ComponentStatus};
use super::store::{Store, StoredBackup, StoredCluster, now_ms};

pub async fn list(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<Json<Vec<Backup>>> {
    let now = now_ms();
    let store = state.store.lock();
    let cluster = store
        .cluster(&cluster_uuid, now)
        .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
    Ok(Json(
        cluster
            .features
            .backups
            .iter()
            .map(|b| render(&state, b, now))
            .collect(),
    ))
}

/// Starts a backup; it completes after `healthy_after`, or fails when asked to or when
/// the cluster is suspended.
pub async fn create(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<Json<Backup>> {
    let now = now_ms();
    let (answer, save) = {
        let mut store = state.store.lock();
        let cluster = live_cluster(&mut store, &cluster_uuid, now)?;
        check_interval(&state, cluster, now)?;
        let suspended = cluster.status_at(now) == ComponentStatus::Suspended;
        let features = &mut cluster.features;
        let fails = features.backups_to_fail > 0 || suspended;
        features.backups_to_fail = features.backups_to_fail.saturating_sub(1);
        let backup = StoredBackup {
            uuid: uuid::Uuid::new_v4().to_string(),
            name: format!("backup-{}", format_time(now).replace([':', '.'], "-")),
            created_ms: now,
            generation_id: cluster.generation_id.clone(),
            done_at_ms: now + state.config.healthy_after.as_millis() as u64,
            fails,
        };
        let answer = render(&state, &backup, now);
        cluster.features.backups.push(backup);
        (answer, Store::save(store, now))
    };
    save.await?;
    tracing::info!(
        cluster_id = cluster_uuid,
        backup_id = answer.uuid,
        "backup started"
    );
    Ok(Json(answer))
}

/// Camunda takes at most one backup of a cluster per `min_backup_interval`.
fn check_interval(state: &AppState, cluster: &StoredCluster, now: u64) -> ApiResult<()> {
    let interval = state.config.min_backup_interval.as_millis() as u64;
    let last = cluster.features.backups.iter().map(|b| b.created_ms).max();
    match last {
        Some(last) if now < last + interval => Err(ApiError::conflict(format!(
            "a backup of cluster {} was taken at {}; the next one can be taken from {} (at most \
             one backup every {} minutes)",
            cluster.uuid,
            format_time(last),
            format_time(last + interval),
            interval / 60_000
        ))),
        _ => Ok(()),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Path((cluster_uuid, backup_id)): Path<(String, String)>,
) -> ApiResult<Json<Backup>> {
    let now = now_ms();
    let (answer, save) = {
        let mut store = state.store.lock();
        let backups = &mut live_cluster(&mut store, &cluster_uuid, now)?
            .features
            .backups;
        let index = backups
            .iter()
            .position(|b| b.uuid == backup_id)
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "backup {backup_id:?} not found in cluster {cluster_uuid:?}"
                ))
            })?;
        let removed = backups.remove(index);
        (render(&state, &removed, now), Store::save(store, now))
    };
    save.await?;
    Ok(Json(answer))
}

pub async fn get_schedule(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<Json<BackupSchedule>> {
    let store = state.store.lock();
    let cluster = store
        .cluster(&cluster_uuid, now_ms())
        .ok_or_else(|| cluster_not_found(&cluster_uuid))?;
    cluster
        .features
        .backup_schedule
        .clone()
        .map(Json)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no backup schedule is configured for cluster {cluster_uuid:?}"
            ))
        })
}

/// Creates or replaces the schedule.
pub async fn put_schedule(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(body): StrictJson<BackupScheduleBody>,
) -> ApiResult<Json<BackupSchedule>> {
    crate::cron::check(&body.schedule).map_err(ApiError::bad_request)?;
    let now = now_ms();
    let (answer, save) = {
        let mut store = state.store.lock();
        let cluster = live_cluster(&mut store, &cluster_uuid, now)?;
        let schedule = BackupSchedule {
            name: format!("scheduled-backups-{}", &cluster.uuid[..8]),
            schedule: body.schedule,
        };
        cluster.features.backup_schedule = Some(schedule.clone());
        (schedule, Store::save(store, now))
    };
    save.await?;
    Ok(Json(answer))
}

/// Removes the schedule; removing none succeeds too.
pub async fn delete_schedule(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        live_cluster(&mut store, &cluster_uuid, now)?
            .features
            .backup_schedule = None;
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

fn render(state: &AppState, backup: &StoredBackup, now: u64) -> Backup {
    let status = backup.status_at(now);
    // A failed backup failed in Zeebe; the other components finished theirs.
    let component = match status {
        BackupStatus::Failed => BackupStatus::Complete,
        other => other,
    };
    let generation = generation_named(state, &backup.generation_id);
    Backup {
        uuid: backup.uuid.clone(),
        name: backup.name.clone(),
        created: format_time(backup.created_ms),
        completed: match status {
            BackupStatus::Complete => format_time(backup.done_at_ms),
            _ => "-".to_string(),
        },
        status,
        zeebe_status: status,
        operate_status: component,
        tasklist_status: component,
        optimize_status: component,
        generation_uuid: generation.uuid,
        generation_name: generation.name,
    }
}

/// `PUT /__emulator/clusters/{id}/backups/failures`: the next `count` backups fail.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failures {
    count: u32,
}

pub async fn fail_next(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(failures): StrictJson<Failures>,
) -> ApiResult<StatusCode> {
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        store
            .cluster_mut(&cluster_uuid, now)
            .ok_or_else(|| cluster_not_found(&cluster_uuid))?
            .features
            .backups_to_fail = failures.count;
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}
