//! The create of a backup, exactly once. Backups have no name of their own choosing, so
//! a backup that a create whose answer was lost made is recognised as the one backup of
//! the cluster that appeared after the request was sent; it is adopted.

use std::sync::Mutex;

use async_trait::async_trait;

use super::ClusterBackup;
use crate::console::{self, Backup};
use crate::provider::machinery::{
    Object,
    exactly_once::{Create, Existing, Identified, TakeOver},
    journal::Target,
};
use crate::tf::Resource;

/// The resource type, as the journal knows it.
const KIND: &str = <Object<ClusterBackup> as Resource>::TYPE_NAME;

/// What a backup create creates. Every backup of a cluster has the one target: creates
/// take turns, and any backup that appears after a lost answer is a candidate.
pub fn target(cluster_id: &str) -> Target {
    Target::new(KIND, cluster_id, "")
}

impl Identified for Backup {
    fn id(&self) -> &str {
        &self.uuid
    }
}

/// A backup create as [`crate::provider::machinery::exactly_once::create`] drives it.
pub struct BackupCreate<'a> {
    api: &'a console::Client,
    cluster_id: &'a str,
    /// The backups the last look found, to give an adopted one's facts.
    seen: Mutex<Vec<Backup>>,
}

impl<'a> BackupCreate<'a> {
    pub fn new(api: &'a console::Client, cluster_id: &'a str) -> BackupCreate<'a> {
        BackupCreate {
            api,
            cluster_id,
            seen: Mutex::default(),
        }
    }

    /// The backup with this id as the last look found it.
    pub fn seen(&self, backup_id: &str) -> Option<Backup> {
        let seen = self.seen.lock().expect("seen lock");
        seen.iter().find(|b| b.uuid == backup_id).cloned()
    }
}

#[async_trait]
impl Create for BackupCreate<'_> {
    type Made = Backup;

    async fn existing(&self, _fresh: bool) -> Result<Vec<Existing>, console::Error> {
        let backups = self.api.list_backups(self.cluster_id).await?;
        let existing = backups
            .iter()
            .map(|b| Existing::created_at(&b.uuid, "", b.created.as_deref()))
            .collect();
        *self.seen.lock().expect("seen lock") = backups;
        Ok(existing)
    }

    async fn send(&self) -> Result<Backup, console::Error> {
        self.api.create_backup(self.cluster_id).await
    }

    async fn take_over(&self, _id: &str) -> Result<TakeOver, console::Error> {
        Ok(TakeOver::Adopt)
    }

    fn recovery(&self, id: &str) -> String {
        format!(
            "Import it with `terraform import camunda_cluster_backup.<NAME> {}/{id}`, or delete \
             it in the Console.",
            self.cluster_id
        )
    }
}
