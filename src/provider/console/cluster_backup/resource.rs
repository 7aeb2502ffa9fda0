//! Resource `camunda_cluster_backup`: one backup of a cluster. Creating it takes the
//! backup and waits until it is complete; destroying it deletes the backup. Nothing
//! changes in place: a change of `cluster_id` or `keepers` takes a new backup.
//!
//! The backup's ID is in the state from the create answer on, so a backup that fails or
//! outlasts the timeout stays in the state, tainted, rather than being orphaned.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::BackupFacts;
use super::ClusterBackup;
use super::create::BackupCreate;
use crate::console::{self, BACKUP_COMPLETE, BACKUP_FAILED, Backup};
use crate::provider::machinery::{
    Object, awake, cluster_ref,
    exactly_once::{self, Done},
    report::{ApiResult, report},
    wait,
};
use crate::tf::import_id;
use crate::tf::{
    Attr, Attribute, Block, Ctx, Diagnostics, Operation, Resource, Schema, Timeouts, TimeoutsSpec,
    Type, call,
};

const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "the backup",
    defaults: &[
        (Operation::Create, Duration::from_secs(60 * 60)),
        (Operation::Delete, Duration::from_secs(10 * 60)),
    ],
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupModel {
    cluster_id: Attr<String>,
    keepers: Attr<BTreeMap<String, String>>,
    id: Attr<String>,
    backup_id: Attr<String>,
    name: Attr<String>,
    created: Attr<String>,
    completed: Attr<String>,
    status: Attr<String>,
    zeebe_status: Attr<String>,
    operate_status: Attr<String>,
    tasklist_status: Attr<String>,
    optimize_status: Attr<String>,
    timeouts: Attr<Timeouts>,
}

impl BackupModel {
    /// The state of `backup`, with the Terraform-side settings of `base`.
    fn of(cluster_id: &str, backup: &Backup, base: &BackupModel) -> BackupModel {
        let facts = BackupFacts::of(backup);
        BackupModel {
            id: format!("{cluster_id}/{}", facts.backup_id).into(),
            cluster_id: cluster_id.into(),
            keepers: base.keepers.clone(),
            backup_id: facts.backup_id.into(),
            name: facts.name.into(),
            created: facts.created.into(),
            completed: facts.completed.into(),
            status: facts.status.into(),
            zeebe_status: facts.zeebe_status.into(),
            operate_status: facts.operate_status.into(),
            tasklist_status: facts.tasklist_status.into(),
            optimize_status: facts.optimize_status.into(),
            timeouts: base.timeouts.clone(),
        }
    }
}

/// Whether the backup has finished, well or not.
fn finished(backup: &Option<Backup>) -> bool {
    backup
        .as_ref()
        .is_none_or(|b| b.status == BACKUP_COMPLETE || b.status == BACKUP_FAILED)
}

impl Object<ClusterBackup> {
    /// Waits for a started backup to complete; its state whatever happens, unless it
    /// disappeared.
    async fn until_complete(
        ctx: &Ctx,
        api: &console::Client,
        deadline: Instant,
        started: Backup,
        planned: &BackupModel,
        diags: &mut Diagnostics,
    ) -> Option<BackupModel> {
        let cluster_id = planned.cluster_id.as_str();
        // From here on the backup exists: every answer carries its id.
        let state = BackupModel::of(cluster_id, &started, planned);
        let backup_id = started.uuid.as_str();
        let poll = || async {
            let backups = api.list_backups(cluster_id).await?;
            Ok::<_, console::Error>(backups.into_iter().find(|b| b.uuid == backup_id))
        };
        match wait::poll_until(ctx, deadline, poll, finished).await {
            Ok(Some(backup)) if backup.status == BACKUP_COMPLETE => {
                Some(BackupModel::of(cluster_id, &backup, planned))
            }
            Ok(Some(backup)) => {
                let failed = BackupModel::of(cluster_id, &backup, planned);
                diags.error(
                    "Backup failed",
                    format!(
                        "Backup {} ({backup_id}) of cluster {cluster_id} failed ({}). It is kept \
                         in the state and marked tainted, so the next apply deletes it and \
                         takes a new backup.",
                        backup.name,
                        BackupFacts::of(&backup).components()
                    ),
                );
                Some(failed)
            }
            Ok(None) => {
                diags.error(
                    "Backup disappeared",
                    format!(
                        "Backup {backup_id} of cluster {cluster_id} was started, but the API \
                         stopped listing it before it was complete: it was deleted, or the \
                         cluster was."
                    ),
                );
                None
            }
            Err(wait::Unfinished { reason, last }) => {
                diags.error(
                    "Backup not complete",
                    format!(
                        "Backup {backup_id} of cluster {cluster_id} was started, but {} while \
                         waiting for it to complete. It is kept in the state and marked tainted; \
                         raise timeouts.create if backups of this cluster take longer.",
                        reason.describe()
                    ),
                );
                Some(match last.flatten() {
                    Some(backup) => BackupModel::of(cluster_id, &backup, planned),
                    None => state,
                })
            }
        }
    }
}

#[async_trait]
impl Resource for Object<ClusterBackup> {
    type Model = BackupModel;

    const TYPE_NAME: &'static str = "camunda_cluster_backup";

    fn schema() -> Schema {
        let block = Block::new(format!(
            "A backup of a Camunda SaaS cluster. Creating the resource takes the backup and waits \
             until it is complete; destroying it deletes the backup. A backup that fails is an \
             error, and the resource stays in the state marked tainted, so the next apply takes a \
             new one. Camunda takes at most one backup of a cluster every 15 minutes.\n\n\
             A backup is taken of a running cluster. {}",
            awake::WAKES
        ))
        .attribute(cluster_ref::replacing_cluster_id(
            "The ID of the cluster to back up. A change takes a new backup.",
        ))
        .attribute(
            Attribute::new("keepers", Type::map(Type::String))
                .optional()
                .requires_replace()
                .description(
                    "Arbitrary values whose change takes a new backup and deletes the old one (for \
                     example the version of the processes about to be deployed).",
                ),
        )
        .attribute(
            Attribute::kept_string("id").description("The import ID: `<cluster_id>/<backup_id>`."),
        );
        let block = BackupFacts::FIELDS
            .iter()
            .fold(block, |block, (name, description)| {
                block.attribute(Attribute::kept_string(name).description(*description))
            });
        Schema::new(block.block(TIMEOUTS.block()))
    }

    /// A new object's cluster must exist: checked at plan time.
    async fn modify_plan(&self, mut call: call::ModifyPlan<'_, Self::Model>) {
        cluster_ref::check_plan(&self.shared, &mut call, |planned| &planned.cluster_id).await;
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<BackupModel> {
        let cluster_id = call.planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Create);
        let to = "back it up";
        let api = awake::api_for(&self.shared, call.ctx, cluster_id, deadline, to, call.diags)
            .await?
            .with_deadline(deadline);
        let target = super::create::target(cluster_id);
        let creator = BackupCreate::new(&api, cluster_id);
        let (started, unrecorded) =
            match exactly_once::create(&self.shared, &target, &creator, None, true).await {
                Ok((Done::Made(started), unrecorded)) => (started, unrecorded),
                Ok((Done::Adopted(id), unrecorded)) => match creator.seen(&id) {
                    Some(started) => (started, unrecorded),
                    None => unreachable!("an adopted backup was seen by the look that found it"),
                },
                Err(exactly_once::Refused::Failed(console::Error::Conflict(failure))) => {
                    call.diags.error(
                        "The Console API refused to take the backup",
                        format!(
                            "{} Camunda takes at most one backup of a cluster every 15 minutes; \
                             apply again once that time has passed.",
                            failure.api_message()
                        ),
                    );
                    return None;
                }
                Err(exactly_once::Refused::Failed(error)) => {
                    report(
                        call.diags,
                        format!("Could not back up cluster {cluster_id}"),
                        &error,
                    );
                    return None;
                }
                Err(refused) => {
                    refused.report(
                        call.diags,
                        &creator,
                        &format!("backup of cluster {cluster_id}"),
                    );
                    return None;
                }
            };
        let state =
            Self::until_complete(call.ctx, &api, deadline, started, call.planned, call.diags).await;
        // The backup is in what goes back to Terraform: the journal's part is done.
        unrecorded.recorded();
        state
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<BackupModel> {
        let cluster_id = call.state.cluster_id.as_str();
        // A backup whose cluster is gone is gone too.
        let backups = super::backups(&self.shared, cluster_id, call.diags).await??;
        let backup = backups
            .iter()
            .find(|b| b.uuid == call.state.backup_id.as_str())?;
        Some(BackupModel::of(cluster_id, backup, call.state))
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let (cluster_id, backup_id) = (
            call.prior.cluster_id.as_str(),
            call.prior.backup_id.as_str(),
        );
        let deadline = TIMEOUTS.deadline(&call.prior.timeouts, Operation::Delete);
        let api = api.with_deadline(deadline);
        match api.delete_backup(cluster_id, backup_id).await.found() {
            Ok(Some(())) => {}
            Ok(None) => return,
            Err(error) => {
                report(
                    call.diags,
                    format!("Could not delete backup {backup_id}"),
                    &error,
                );
                return;
            }
        }
        let is_gone = || async {
            let backups = api.list_backups(cluster_id).await.found()?;
            Ok::<_, console::Error>(
                backups.is_none_or(|backups| backups.iter().all(|b| b.uuid != backup_id)),
            )
        };
        if let Err(wait::Unfinished { reason, .. }) =
            wait::poll_until(call.ctx, deadline, is_gone, |&gone| gone).await
        {
            call.diags.error(
                "Backup deletion not finished",
                format!(
                    "The deletion of backup {backup_id} of cluster {cluster_id} started, but {} \
                     before the API stopped listing it. It stays in the state; the next destroy \
                     waits for it again.",
                    reason.describe()
                ),
            );
        }
    }

    async fn import(&self, call: call::Import<'_>) -> Option<BackupModel> {
        let id = call.id;
        let [cluster_id, backup_id] =
            import_id::split(id, ["cluster_id", "backup_id"], call.diags)?;
        let failed = format!("Could not list the backups of cluster {cluster_id}");
        let fetched = self
            .shared
            .fetch(call.diags, failed, |api| api.list_backups(cluster_id));
        let backups = fetched.await?;
        let Some(backup) = backups.iter().find(|b| b.uuid == backup_id) else {
            call.diags.error(
                "Backup not found",
                format!(
                    "Cluster {cluster_id} has no backup with the ID {backup_id:?} (import ID \
                     {id:?}); the camunda_cluster_backups data source lists its backups."
                ),
            );
            return None;
        };
        Some(BackupModel::of(cluster_id, backup, &BackupModel::default()))
    }
}
