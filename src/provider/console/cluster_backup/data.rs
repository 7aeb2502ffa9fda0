//! Data source `camunda_cluster_backups`: every backup of a cluster.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::BackupFacts;
use super::ClusterBackups;
use crate::attr_path;
use crate::provider::machinery::{Object, cluster_ref};
use crate::tf::{Attr, Attribute, Block, DataSource, Schema, Type, call};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupsModel {
    cluster_id: Attr<String>,
    backups: Attr<Vec<BackupFacts>>,
}

#[async_trait]
impl DataSource for Object<ClusterBackups> {
    type Model = BackupsModel;

    const TYPE_NAME: &'static str = "camunda_cluster_backups";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "Every backup of a cluster, oldest first: those taken by Terraform, by the \
                 cluster's backup schedule and in the Console alike.",
            )
            .attribute(
                cluster_ref::cluster_id()
                    .description("The ID of the cluster whose backups to list."),
            )
            .attribute(
                Attribute::new("backups", Type::list(BackupFacts::ty()))
                    .computed()
                    .description("The cluster's backups.")
                    .describe_field("backup_id", "The backup's ID.")
                    .describe_field("name", "The backup's name.")
                    .describe_field("created", "When the backup started (RFC 3339).")
                    .describe_field(
                        "completed",
                        "When the backup finished (RFC 3339); null while it runs.",
                    )
                    .describe_field(
                        "status",
                        "The backup's state: `In progress`, `Complete` or `Failed`.",
                    )
                    .describe_field("zeebe_status", "The state of Zeebe's part of the backup.")
                    .describe_field(
                        "operate_status",
                        "The state of Operate's part; null where the cluster has no Operate.",
                    )
                    .describe_field(
                        "tasklist_status",
                        "The state of Tasklist's part; null where the cluster has no Tasklist.",
                    )
                    .describe_field(
                        "optimize_status",
                        "The state of Optimize's part; null where the cluster has no Optimize.",
                    ),
            ),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<BackupsModel> {
        let cluster_id = call.config.cluster_id.as_str();
        let Some(backups) = super::backups(&self.shared, cluster_id, call.diags).await? else {
            call.diags.attribute_error(
                attr_path!(BackupsModel, cluster_id),
                "Cluster not found",
                format!("There is no cluster with the ID {cluster_id:?} in this organization."),
            );
            return None;
        };
        Some(BackupsModel {
            cluster_id: call.config.cluster_id.clone(),
            backups: backups.iter().map(BackupFacts::of).collect(),
        })
    }
}
