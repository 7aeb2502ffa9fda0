//! Backup endpoints: list, create (done after `healthy_after`, at most one per
//! `min_backup_interval`), delete, and the backup schedule; plus the admin call that makes
//! the next backups of a cluster fail.

use axum::Json;
use axum::http::StatusCode;
use serde::Deserialize;

use super::access::{ClusterCall, NO_CONTENT, Reach};
use super::clusters::generation_named;
use super::model::{Backup, BackupSchedule, BackupScheduleBody, BackupStatus, ComponentStatus};
use super::store::{StoredBackup, StoredCluster};
use crate::emulator::AppState;
use crate::emulator::body::StrictJson;
use crate::emulator::clock::format_time;
use crate::emulator::error::{ApiError, ApiResult};

pub async fn list(call: ClusterCall) -> ApiResult<Json<Vec<Backup>>> {
    call.read(|cluster, now| {
        let backups = &cluster.features.backups;
        Ok(Json(
            backups
                .iter()
                .map(|b| render(&call.state, b, now))
                .collect(),
        ))
    })
}

/// Starts a backup; it completes after `healthy_after`, or fails when asked to or when
/// the cluster is suspended.
pub async fn create(call: ClusterCall) -> ApiResult<Json<Backup>> {
    let answer = call
        .change(Reach::Live, |cluster, now| {
            check_interval(&call.state, cluster, now)?;
            let suspended = cluster.status_at(now) == ComponentStatus::Suspended;
            let features = &mut cluster.features;
            let fails = features.backups_to_fail > 0 || suspended;
            features.backups_to_fail = features.backups_to_fail.saturating_sub(1);
            let backup = StoredBackup {
                uuid: uuid::Uuid::new_v4().to_string(),
                name: format!("backup-{}", format_time(now).replace([':', '.'], "-")),
                created_ms: now,
                generation_id: cluster.generation_id.clone(),
                done_at_ms: now + call.state.config.healthy_after.as_millis() as u64,
                fails,
            };
            let answer = render(&call.state, &backup, now);
            cluster.features.backups.push(backup);
            Ok(answer)
        })
        .await?;
    tracing::info!(
        cluster_id = call.uuid,
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

pub async fn delete(call: ClusterCall) -> ApiResult<Json<Backup>> {
    let backup_id = call.item();
    call.change(Reach::Live, |cluster, now| {
        let backups = &mut cluster.features.backups;
        let index = backups
            .iter()
            .position(|b| b.uuid == backup_id)
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "backup {backup_id:?} not found in cluster {:?}",
                    call.uuid
                ))
            })?;
        Ok(Json(render(&call.state, &backups.remove(index), now)))
    })
    .await
}

pub async fn get_schedule(call: ClusterCall) -> ApiResult<Json<BackupSchedule>> {
    call.read(|cluster, _| {
        let schedule = cluster.features.backup_schedule.clone();
        schedule.map(Json).ok_or_else(|| {
            ApiError::not_found(format!(
                "no backup schedule is configured for cluster {:?}",
                call.uuid
            ))
        })
    })
}

/// Creates or replaces the schedule.
pub async fn put_schedule(
    call: ClusterCall,
    StrictJson(body): StrictJson<BackupScheduleBody>,
) -> ApiResult<Json<BackupSchedule>> {
    crate::cron::check(&body.schedule).map_err(ApiError::bad_request)?;
    call.change(Reach::Live, |cluster, _| {
        let schedule = BackupSchedule {
            name: format!("scheduled-backups-{}", &cluster.uuid[..8]),
            schedule: body.schedule,
        };
        cluster.features.backup_schedule = Some(schedule.clone());
        Ok(Json(schedule))
    })
    .await
}

/// Removes the schedule; removing none succeeds too.
pub async fn delete_schedule(call: ClusterCall) -> ApiResult<StatusCode> {
    call.change(Reach::Live, |cluster, _| {
        cluster.features.backup_schedule = None;
        NO_CONTENT
    })
    .await
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
    call: ClusterCall,
    StrictJson(failures): StrictJson<Failures>,
) -> ApiResult<StatusCode> {
    call.change(Reach::Existing, |cluster, _| {
        cluster.features.backups_to_fail = failures.count;
        NO_CONTENT
    })
    .await
}
