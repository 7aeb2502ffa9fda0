//! Resource `camunda_cluster_backup_schedule`: when Camunda backs a cluster up by itself.
//! A cluster has at most one schedule; the resource's ID is the cluster's. The schedule
//! is checked at plan time, including the API's floor of one backup per 15 minutes.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ClusterBackupSchedule;
use crate::attr_path;
use crate::console::BackupSchedule;
use crate::cron;
use crate::provider::machinery::{
    Object, cluster_ref,
    report::{ApiResult, report, report_write},
};
use crate::tf::schema::Validator;
use crate::tf::{Attr, Attribute, Block, Diagnostics, Resource, Schema, call};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupScheduleModel {
    cluster_id: Attr<String>,
    schedule: Attr<String>,
    id: Attr<String>,
    name: Attr<String>,
}

fn cron_schedule() -> Validator {
    Validator {
        description: format!(
            "A five-field cron expression in UTC that runs at most once every {} minutes.",
            cron::MIN_INTERVAL_MINUTES
        ),
        check: Arc::new(|value| value.as_str().map_or(Ok(()), cron::check)),
    }
}

impl BackupScheduleModel {
    fn of(cluster_id: &str, schedule: BackupSchedule) -> BackupScheduleModel {
        BackupScheduleModel {
            id: cluster_id.into(),
            cluster_id: cluster_id.into(),
            schedule: schedule.schedule.into(),
            name: schedule.name.into(),
        }
    }

    fn request(&self) -> BackupSchedule {
        BackupSchedule {
            name: None,
            schedule: self.schedule.as_str().to_owned(),
        }
    }
}

impl Object<ClusterBackupSchedule> {
    /// The schedule of cluster `cluster_id`: `Some(None)` when it has none, or there is no
    /// such cluster; `None` after an error, which is reported.
    async fn schedule(
        &self,
        cluster_id: &str,
        diags: &mut Diagnostics,
    ) -> Option<Option<BackupSchedule>> {
        let api = self.shared.api(diags)?;
        let found = api.get_backup_schedule(cluster_id).await.found();
        found.or_report(
            diags,
            format!("Could not read the backup schedule of cluster {cluster_id}"),
        )
    }

    /// Stores the planned schedule; a refusal of the schedule is an error on it.
    async fn put(
        &self,
        planned: &BackupScheduleModel,
        diags: &mut Diagnostics,
    ) -> Option<BackupScheduleModel> {
        let api = self.shared.api(diags)?;
        let cluster_id = planned.cluster_id.as_str();
        match api
            .put_backup_schedule(cluster_id, &planned.request())
            .await
        {
            Ok(stored) => Some(BackupScheduleModel::of(cluster_id, stored)),
            Err(error) => {
                report_write(
                    diags,
                    attr_path!(BackupScheduleModel, schedule),
                    "The Console API refused the backup schedule",
                    format!("Could not set the backup schedule of cluster {cluster_id}"),
                    &error,
                );
                None
            }
        }
    }
}

#[async_trait]
impl Resource for Object<ClusterBackupSchedule> {
    type Model = BackupScheduleModel;

    const TYPE_NAME: &'static str = "camunda_cluster_backup_schedule";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "The backup schedule of a Camunda SaaS cluster: Camunda then takes backups by \
                 itself. A cluster has one schedule at most; destroying the resource stops the \
                 scheduled backups and keeps the backups already taken. Import it by cluster ID.",
            )
            .attribute(cluster_ref::replacing_cluster_id(
                "The ID of the cluster to back up. A change moves the schedule to the other \
                 cluster.",
            ))
            .attribute(
                Attribute::string("schedule")
                    .required()
                    .validate(cron_schedule())
                    .description(
                        "When to take backups: a five-field cron expression (`minute hour \
                         day-of-month month day-of-week`) in UTC, such as `0 2 * * *` for daily at \
                         02:00. Camunda takes at most one backup every 15 minutes, so schedules \
                         that run more often are refused at plan time. Changes apply in place.",
                    ),
            )
            .attribute(cluster_ref::id_is_the_cluster_id())
            .attribute(
                Attribute::kept_string("name")
                    .description("The schedule's name, as Camunda gives it."),
            ),
        )
    }

    /// A new object's cluster must exist: checked at plan time.
    async fn modify_plan(&self, mut call: call::ModifyPlan<'_, Self::Model>) {
        cluster_ref::check_plan(&self.shared, &mut call, |planned| &planned.cluster_id).await;
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<BackupScheduleModel> {
        let cluster_id = call.planned.cluster_id.as_str();
        // A schedule set outside this resource would be silently replaced by the PUT.
        if let Some(existing) = self.schedule(cluster_id, call.diags).await? {
            cluster_ref::made_outside(
                call.diags,
                attr_path!(BackupScheduleModel, cluster_id),
                "Cluster already has a backup schedule",
                &format!(
                    "Cluster {cluster_id} already takes backups on the schedule {:?}, set",
                    existing.schedule
                ),
                Self::TYPE_NAME,
                cluster_id,
            );
            return None;
        }
        self.put(call.planned, call.diags).await
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<BackupScheduleModel> {
        let cluster_id = call.state.cluster_id.as_str();
        // No schedule (any more), or no cluster: either way the next plan sets it again.
        let schedule = self.schedule(cluster_id, call.diags).await??;
        Some(BackupScheduleModel::of(cluster_id, schedule))
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> BackupScheduleModel {
        self.put(call.planned, call.diags)
            .await
            .unwrap_or_else(|| call.prior.clone())
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let cluster_id = call.prior.cluster_id.as_str();
        // A cluster that is gone has no schedule either.
        if let Err(error) = api.delete_backup_schedule(cluster_id).await.found() {
            report(
                call.diags,
                format!("Could not remove the backup schedule of cluster {cluster_id}"),
                &error,
            );
        }
    }

    async fn import(&self, call: call::Import<'_>) -> Option<BackupScheduleModel> {
        let found = self.schedule(call.id, call.diags).await?;
        let schedule = cluster_ref::imported(found, "backup schedule", call.id, call.diags)?;
        Some(BackupScheduleModel::of(call.id, schedule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::Value;

    #[test]
    fn the_validator_applies_the_floor() {
        let check = cron_schedule().check;
        assert!(check(&Value::from("0 2 * * *")).is_ok());
        let error = check(&Value::from("*/10 * * * *")).unwrap_err();
        assert!(error.contains("15 minutes"), "{error}");
    }
}
