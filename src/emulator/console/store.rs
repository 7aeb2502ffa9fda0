//! The organization: its clusters (with their clients, connector secrets and IP allowlist)
//! and its members, saved in the state file after every change.
//!
//! Times are wall-clock milliseconds since the epoch (`clock::now_ms`) so that a cluster
//! that was Creating when the emulator stopped is Healthy on time after a restart.

use std::io;
use std::path::PathBuf;
use std::sync::MutexGuard;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::model::{
    BackupSchedule, BackupStatus, ComponentStatus, Encryption, EncryptionStatus, IpRule, OrgRole,
    Permission, StageLabel,
};
use crate::emulator::state_file::{self, StateFile};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredCluster {
    pub uuid: String,
    pub name: String,
    pub created_ms: u64,
    pub owner_id: String,
    pub auto_update: bool,
    pub channel_id: String,
    pub generation_id: String,
    pub region_id: String,
    pub plan_type_id: String,
    pub backup_region_id: Option<String>,
    pub stage_label: Option<StageLabel>,
    #[serde(default)]
    pub description: Option<String>,
    pub status: ComponentStatus,
    /// When a transitional status (Creating, Updating, Resuming) turns Healthy.
    pub settles_at_ms: Option<u64>,
    /// Set by a delete: from then on the cluster no longer exists.
    pub deleted_at_ms: Option<u64>,
    pub clients: Vec<StoredClient>,
    #[serde(default)]
    pub features: Features,
    #[serde(default)]
    pub secrets: Vec<StoredSecret>,
    #[serde(default)]
    pub ip_allowlist: Vec<IpRule>,
    /// When the secrets were last changed: the change is in progress for
    /// `Faults::secret_busy` from then.
    #[serde(skip)]
    pub secrets_changed_at_ms: Option<u64>,
}

impl StoredCluster {
    pub fn status_at(&self, now: u64) -> ComponentStatus {
        match self.settles_at_ms {
            Some(at) if self.status.is_transitional() && now >= at => ComponentStatus::Healthy,
            _ => self.status,
        }
    }

    /// Enters `status`; a transitional one turns Healthy after `settle_after`.
    pub fn set_status(&mut self, status: ComponentStatus, settle_after: Duration, now: u64) {
        self.status = status;
        self.settles_at_ms = status
            .is_transitional()
            .then(|| now + settle_after.as_millis() as u64);
    }

    pub fn is_deleting(&self) -> bool {
        self.deleted_at_ms.is_some()
    }

    fn is_gone(&self, now: u64) -> bool {
        self.deleted_at_ms.is_some_and(|at| now >= at)
    }

    pub fn client(&self, client_id: &str) -> Option<&StoredClient> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    pub fn client_mut(&mut self, client_id: &str) -> Option<&mut StoredClient> {
        self.clients.iter_mut().find(|c| c.client_id == client_id)
    }

    /// Removes a client; false when there was none with that id.
    pub fn remove_client(&mut self, client_id: &str) -> bool {
        remove_where(&mut self.clients, |c| c.client_id == client_id)
    }
}

/// Removes the items that `matches`; false when there was none.
pub fn remove_where<T>(items: &mut Vec<T>, matches: impl Fn(&T) -> bool) -> bool {
    let before = items.len();
    items.retain(|item| !matches(item));
    items.len() != before
}

/// What a cluster has beyond its Zeebe clients: backups and their schedule, External
/// Monitoring with its clients, private connectivity, and its encryption.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Features {
    pub backups: Vec<StoredBackup>,
    pub backup_schedule: Option<BackupSchedule>,
    /// How many of the next backups fail (set by an admin call).
    pub backups_to_fail: u32,
    /// Whether External Monitoring is on.
    pub monitoring: bool,
    pub monitoring_clients: Vec<StoredMonitoringClient>,
    pub secure_connectivity: Option<StoredConnectivity>,
    pub encryption: StoredEncryption,
}

/// How the cluster is encrypted, and an `External` cluster's keys.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredEncryption {
    pub kind: Encryption,
    pub primary_key_arn: Option<String>,
    pub secondary_key_arn: Option<String>,
    /// When the last key change is done; it is `EncryptedStorageNotReady` until then.
    pub settles_at_ms: Option<u64>,
    /// What the last key change ends in.
    pub outcome: Option<EncryptionStatus>,
    /// What the next key change ends in, when not `Ready` (set by an admin call).
    pub next_outcome: Option<EncryptionStatus>,
}

impl StoredEncryption {
    /// The status of an `External` cluster's keys; `None` for other clusters.
    pub fn status_at(&self, now: u64) -> Option<EncryptionStatus> {
        if self.kind != Encryption::External {
            return None;
        }
        Some(match self.settles_at_ms {
            None => EncryptionStatus::ExternalEncryptionKeyNotSupplied,
            Some(at) if now < at => EncryptionStatus::EncryptedStorageNotReady,
            Some(_) => self.outcome.unwrap_or(EncryptionStatus::Ready),
        })
    }
}

/// Private connectivity, from its activation on.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredConnectivity {
    pub allowed_principals: Vec<String>,
    pub allowed_regions: Vec<String>,
    pub activated_ms: u64,
    /// When the endpoint service is ready.
    pub ready_at_ms: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredMonitoringClient {
    pub uuid: String,
    pub username: String,
    pub created_ms: u64,
    /// Only a digest: the API shows a password once, when it is issued.
    pub password_sha256: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredBackup {
    pub uuid: String,
    pub name: String,
    pub created_ms: u64,
    pub generation_id: String,
    /// When the backup is done: complete, or failed.
    pub done_at_ms: u64,
    pub fails: bool,
}

impl StoredBackup {
    pub fn status_at(&self, now: u64) -> BackupStatus {
        match (now >= self.done_at_ms, self.fails) {
            (false, _) => BackupStatus::InProgress,
            (true, false) => BackupStatus::Complete,
            (true, true) => BackupStatus::Failed,
        }
    }
}

/// A connector secret. The API lists values, so the emulator keeps them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredSecret {
    pub name: String,
    pub value: String,
    /// Set by a delete while deletions lag: the secret is gone, but it is still listed, and
    /// its name still taken, until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_until_ms: Option<u64>,
}

impl StoredSecret {
    pub fn is_deleted(&self) -> bool {
        self.listed_until_ms.is_some()
    }

    fn is_listed(&self, now: u64) -> bool {
        self.listed_until_ms.is_none_or(|until| now < until)
    }
}

impl StoredCluster {
    /// The secrets the API lists at `now`: live ones, and deleted ones still lagging.
    pub fn listed_secrets(&self, now: u64) -> impl Iterator<Item = &StoredSecret> {
        self.secrets.iter().filter(move |s| s.is_listed(now))
    }

    /// Forgets deleted secrets that are no longer listed.
    pub fn prune_secrets(&mut self, now: u64) {
        self.secrets.retain(|s| s.is_listed(now));
    }

    pub fn secret_mut(&mut self, name: &str) -> Option<&mut StoredSecret> {
        self.secrets.iter_mut().find(|s| s.name == name)
    }
}

/// A member of the organization, or an invitation not accepted yet.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredMember {
    /// Lowercase: addresses are matched without regard to case.
    pub email: String,
    pub name: String,
    pub roles: Vec<OrgRole>,
    pub invite_pending: bool,
}

impl StoredMember {
    pub fn is_owner(&self) -> bool {
        self.roles.contains(&OrgRole::Owner)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredClient {
    pub client_id: String,
    pub uuid: String,
    pub name: String,
    pub permissions: Vec<Permission>,
    /// Only a digest of the secret is kept: the API never shows a secret twice.
    pub secret_sha256: String,
}

impl StoredClient {
    pub fn secret_matches(&self, secret: &str) -> bool {
        self.secret_sha256 == secret_digest(secret)
    }
}

pub fn secret_digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the state file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Organization {
    clusters: Vec<StoredCluster>,
    #[serde(default)]
    members: Vec<StoredMember>,
}

/// The organization; saved after every change when a state file is configured.
#[derive(Debug)]
pub struct Store {
    org: Organization,
    file: Option<StateFile>,
}

impl Store {
    /// Starts from the state file when there is one. An organization without an owner gets
    /// one: `owner_email`, a member who has accepted.
    pub fn open(path: Option<PathBuf>, seed: u64, owner_email: &str) -> io::Result<Self> {
        let (file, mut org) = StateFile::open::<Organization>(path, seed)?;
        if !org.members.iter().any(StoredMember::is_owner) {
            org.members.insert(
                0,
                StoredMember {
                    email: owner_email.to_lowercase(),
                    name: "Organization Owner".to_string(),
                    roles: vec![OrgRole::Owner],
                    invite_pending: false,
                },
            );
        }
        Ok(Self { org, file })
    }

    /// The clusters that exist at `now`, oldest first.
    pub fn clusters(&self, now: u64) -> impl Iterator<Item = &StoredCluster> {
        self.org.clusters.iter().filter(move |c| !c.is_gone(now))
    }

    pub fn cluster(&self, uuid: &str, now: u64) -> Option<&StoredCluster> {
        self.clusters(now).find(|c| c.uuid == uuid)
    }

    pub fn cluster_mut(&mut self, uuid: &str, now: u64) -> Option<&mut StoredCluster> {
        self.org
            .clusters
            .iter_mut()
            .find(|c| c.uuid == uuid && !c.is_gone(now))
    }

    pub fn insert(&mut self, cluster: StoredCluster) {
        self.org.clusters.push(cluster);
    }

    /// Removes a cluster at once; false when there was none with that id.
    pub fn remove(&mut self, uuid: &str, now: u64) -> bool {
        let exists = self.cluster(uuid, now).is_some();
        self.org.clusters.retain(|c| c.uuid != uuid);
        exists
    }

    /// Members and pending invitations, the owner first.
    pub fn members(&self) -> &[StoredMember] {
        &self.org.members
    }

    /// The member with this address, whatever its case.
    pub fn member_mut(&mut self, email: &str) -> Option<&mut StoredMember> {
        self.org
            .members
            .iter_mut()
            .find(|m| m.email.eq_ignore_ascii_case(email))
    }

    pub fn add_member(&mut self, member: StoredMember) {
        self.org.members.push(member);
    }

    /// Removes a member; false when there was none with that address.
    pub fn remove_member(&mut self, email: &str) -> bool {
        remove_where(&mut self.org.members, |m| {
            m.email.eq_ignore_ascii_case(email)
        })
    }

    /// The Zeebe client with this id, in any existing cluster.
    pub fn zeebe_client(&self, client_id: &str, now: u64) -> Option<&StoredClient> {
        self.clusters(now).find_map(|c| c.client(client_id))
    }

    /// Forgets deleted clusters and saves the organization to the state file, if there is
    /// one: the snapshot is taken under the lock, which is released before the returned
    /// write runs. `access::change` locks and calls this inside a block and awaits the
    /// write after it, since a guard bound in the caller's own scope keeps its future from
    /// being `Send` even once moved here.
    pub fn save(
        mut guard: MutexGuard<'_, Self>,
        now: u64,
    ) -> impl Future<Output = io::Result<()>> + Send + use<> {
        let store = &mut *guard;
        store.org.clusters.retain(|c| !c.is_gone(now));
        state_file::save(store.file.as_mut(), &store.org)
    }
}
