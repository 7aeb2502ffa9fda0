//! The organization's clusters and clients, and their persistence in a state file.
//!
//! Times are wall-clock milliseconds since the epoch so that a cluster that was Creating
//! when the emulator stopped is Healthy on time after a restart.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::model::{ComponentStatus, Permission, StageLabel};

/// Version of the state file's layout.
const STATE_FORMAT: u32 = 1;

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

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
    pub status: ComponentStatus,
    /// When a transitional status (Creating, Updating, Resuming) turns Healthy.
    pub settles_at_ms: Option<u64>,
    /// Set by a delete: from then on the cluster no longer exists.
    pub deleted_at_ms: Option<u64>,
    pub clients: Vec<StoredClient>,
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
        let before = self.clients.len();
        self.clients.retain(|c| c.client_id != client_id);
        self.clients.len() != before
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

#[derive(Serialize, Deserialize)]
struct StateFile {
    format: u32,
    seed: u64,
    clusters: Vec<StoredCluster>,
}

/// The organization; saved after every change when a state file is configured.
#[derive(Debug)]
pub struct Store {
    seed: u64,
    clusters: Vec<StoredCluster>,
    path: Option<PathBuf>,
}

impl Store {
    /// Loads the state file when it exists. Its seed must be the configured one, since the
    /// stored clusters refer to the ids that seed generates.
    pub fn open(path: Option<PathBuf>, seed: u64) -> io::Result<Self> {
        let clusters = match &path {
            Some(path) if path.exists() => load(path, seed)?,
            _ => Vec::new(),
        };
        Ok(Self {
            seed,
            clusters,
            path,
        })
    }

    /// The clusters that exist at `now`, oldest first.
    pub fn clusters(&self, now: u64) -> impl Iterator<Item = &StoredCluster> {
        self.clusters.iter().filter(move |c| !c.is_gone(now))
    }

    pub fn cluster(&self, uuid: &str, now: u64) -> Option<&StoredCluster> {
        self.clusters(now).find(|c| c.uuid == uuid)
    }

    pub fn cluster_mut(&mut self, uuid: &str, now: u64) -> Option<&mut StoredCluster> {
        self.clusters
            .iter_mut()
            .find(|c| c.uuid == uuid && !c.is_gone(now))
    }

    pub fn insert(&mut self, cluster: StoredCluster) {
        self.clusters.push(cluster);
    }

    /// Removes a cluster at once; false when there was none with that id.
    pub fn remove(&mut self, uuid: &str, now: u64) -> bool {
        let exists = self.cluster(uuid, now).is_some();
        self.clusters.retain(|c| c.uuid != uuid);
        exists
    }

    /// The Zeebe client with this id, in any existing cluster.
    pub fn zeebe_client(&self, client_id: &str, now: u64) -> Option<&StoredClient> {
        self.clusters(now).find_map(|c| c.client(client_id))
    }

    /// Forgets deleted clusters and writes the state file, if there is one.
    pub fn save(&mut self, now: u64) -> io::Result<()> {
        self.clusters.retain(|c| !c.is_gone(now));
        let Some(path) = &self.path else {
            return Ok(());
        };
        let state = StateFile {
            format: STATE_FORMAT,
            seed: self.seed,
            clusters: self.clusters.clone(),
        };
        let json = serde_json::to_vec_pretty(&state).map_err(io::Error::other)?;
        write_atomically(path, &json)
    }
}

fn load(path: &Path, seed: u64) -> io::Result<Vec<StoredCluster>> {
    let bytes = std::fs::read(path)?;
    let state: StateFile = serde_json::from_slice(&bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("state file {} is not valid: {e}", path.display()),
        )
    })?;
    if state.format != STATE_FORMAT {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "state file {} has format {}; this emulator reads format {STATE_FORMAT}",
                path.display(),
                state.format
            ),
        ));
    }
    if state.seed != seed {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "state file {} was written with seed {}, not {seed}; start with that seed or use another state file",
                path.display(),
                state.seed
            ),
        ));
    }
    Ok(state.clusters)
}

/// Writes a sibling temporary file, syncs it and renames it over `path`, so that a crash
/// leaves either the old or the new state, never a torn file.
fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file_name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("state file path {} names no file", path.display()),
        )
    })?;
    let mut tmp_name = file_name.to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    // Persist the rename itself; not every platform can open a directory, so best effort.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}
