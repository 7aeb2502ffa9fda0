//! Backups of a cluster: the `camunda_cluster_backup` resource and the
//! `camunda_cluster_backups` data source, with what they share: a backup as the provider
//! shows it.

mod create;
mod data;
mod resource;

use serde::{Deserialize, Serialize};

use crate::console::Backup;
use crate::provider::machinery::Shared;
use crate::tf::{Diagnostics, Type};

/// `camunda_cluster_backup`.
pub struct ClusterBackup;

/// `camunda_cluster_backups`, every backup of a cluster.
pub struct ClusterBackups;

/// What the API says of a backup, in the provider's terms: the `backups` list items of
/// the data source, and the computed attributes of the resource.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct BackupFacts {
    backup_id: String,
    name: String,
    created: Option<String>,
    completed: Option<String>,
    status: String,
    zeebe_status: Option<String>,
    operate_status: Option<String>,
    tasklist_status: Option<String>,
    optimize_status: Option<String>,
}

impl BackupFacts {
    const FIELDS: [(&str, &str); 9] = [
        ("backup_id", "The backup's ID, as the Console API names it."),
        ("name", "The backup's name."),
        ("created", "When the backup was started (RFC 3339)."),
        (
            "completed",
            "When the backup was completed (RFC 3339); null until it is.",
        ),
        (
            "status",
            "The backup's state: `In progress`, `Complete` or `Failed`.",
        ),
        (
            "zeebe_status",
            "The state of Zeebe's part of the backup; null where none.",
        ),
        (
            "operate_status",
            "The state of Operate's part of the backup; null where none.",
        ),
        (
            "tasklist_status",
            "The state of Tasklist's part of the backup; null where none.",
        ),
        (
            "optimize_status",
            "The state of Optimize's part of the backup; null where none.",
        ),
    ];

    /// The object type of one backup.
    fn ty() -> Type {
        Type::object(BackupFacts::FIELDS.map(|(name, _)| (name, Type::String)))
    }

    fn of(backup: &Backup) -> BackupFacts {
        BackupFacts {
            backup_id: backup.uuid.clone(),
            name: backup.name.clone(),
            created: present(&backup.created),
            completed: present(&backup.completed),
            status: backup.status.clone(),
            zeebe_status: present(&backup.zeebe_status),
            operate_status: present(&backup.operate_status),
            tasklist_status: present(&backup.tasklist_status),
            optimize_status: present(&backup.optimize_status),
        }
    }

    /// The components and their states, for messages: "Zeebe: Failed, Operate: Complete".
    fn components(&self) -> String {
        [
            ("Zeebe", &self.zeebe_status),
            ("Operate", &self.operate_status),
            ("Tasklist", &self.tasklist_status),
            ("Optimize", &self.optimize_status),
        ]
        .iter()
        .filter_map(|(component, status)| {
            status
                .as_ref()
                .map(|status| format!("{component}: {status}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// The backups of cluster `cluster_id`: `Some(None)` when there is no such cluster; `None`
/// after an error, which is reported.
async fn backups(
    shared: &Shared,
    cluster_id: &str,
    diags: &mut Diagnostics,
) -> Option<Option<Vec<Backup>>> {
    let failed = format!("Could not list the backups of cluster {cluster_id}");
    shared
        .found(diags, failed, |api| api.list_backups(cluster_id))
        .await
}

/// The API writes `-` (or nothing) where a value does not apply.
fn present(value: &Option<String>) -> Option<String> {
    value
        .as_ref()
        .filter(|v| !v.is_empty() && v.as_str() != "-")
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_are_null_and_components_are_listed() {
        let backup: Backup = serde_json::from_value(serde_json::json!({
            "uuid": "b1", "name": "nightly", "created": "2024-01-02T03:04:05.000Z",
            "completed": "-", "status": "Failed", "zeebeStatus": "Failed",
            "operateStatus": "Complete", "tasklistStatus": "-", "optimizeStatus": "Complete",
            "generationName": "Camunda 8.7.1",
        }))
        .unwrap();
        let facts = BackupFacts::of(&backup);
        assert_eq!(facts.completed, None);
        assert_eq!(facts.tasklist_status, None);
        assert_eq!(
            facts.components(),
            "Zeebe: Failed, Operate: Complete, Optimize: Complete"
        );
        crate::tf::model::to_value(&facts, &BackupFacts::ty()).unwrap();
    }
}
