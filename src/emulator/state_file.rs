//! The state file: the organization as JSON, loaded at start and rewritten after every
//! change.
//!
//! A change snapshots the organization while the store is locked and writes the snapshot
//! once the lock is released, so that no request waits on the disk for the store.
//! Snapshots carry versions in the order of the changes, and one older than the snapshot
//! on disk is skipped, so writes that run out of order never roll the file back.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

/// Version of the state file's layout.
const STATE_FORMAT: u32 = 1;

/// The file's layout; `O` is the organization (an object whose fields sit beside `format`
/// and `seed`), borrowed for writing and owned when read.
#[derive(Serialize, Deserialize)]
struct Contents<O> {
    format: u32,
    seed: u64,
    #[serde(flatten)]
    organization: O,
}

/// A state file of the organization of one seed.
#[derive(Debug)]
pub struct StateFile {
    seed: u64,
    /// The version of the latest snapshot taken.
    latest: u64,
    disk: Arc<Mutex<OnDisk>>,
}

/// The file and the version of the snapshot it holds; its lock lets one write run at a time.
#[derive(Debug)]
struct OnDisk {
    path: PathBuf,
    version: u64,
}

/// The organization serialized at one change, to be written after the store's lock is
/// released.
pub struct Snapshot {
    version: u64,
    json: Vec<u8>,
    disk: Arc<Mutex<OnDisk>>,
}

impl StateFile {
    /// The state file at `path`, when one is configured, and the organization it holds
    /// (the default one without a file, or before the file is first written).
    pub fn open<O: DeserializeOwned + Default>(
        path: Option<PathBuf>,
        seed: u64,
    ) -> io::Result<(Option<Self>, O)> {
        let Some(path) = path else {
            return Ok((None, O::default()));
        };
        let organization = if path.exists() {
            load(&path, seed)?
        } else {
            O::default()
        };
        let file = Self {
            seed,
            latest: 0,
            disk: Arc::new(Mutex::new(OnDisk { path, version: 0 })),
        };
        Ok((Some(file), organization))
    }

    /// Serializes the organization as the next snapshot; the store calls this under its
    /// lock, so that the versions follow the order of the changes.
    pub fn snapshot<O: Serialize>(&mut self, organization: &O) -> io::Result<Snapshot> {
        let contents = Contents {
            format: STATE_FORMAT,
            seed: self.seed,
            organization,
        };
        let json = serde_json::to_vec_pretty(&contents).map_err(io::Error::other)?;
        self.latest += 1;
        Ok(Snapshot {
            version: self.latest,
            json,
            disk: Arc::clone(&self.disk),
        })
    }
}

/// Saves a store's organization to its state file, if it has one: the snapshot is taken
/// now, while the caller holds the store's lock, and the returned write borrows nothing,
/// so that it runs once the lock is released.
pub fn save<O: Serialize>(
    file: Option<&mut StateFile>,
    organization: &O,
) -> impl Future<Output = io::Result<()>> + Send + use<O> {
    let snapshot = file.map(|file| file.snapshot(organization)).transpose();
    async move {
        match snapshot? {
            Some(snapshot) => snapshot.write().await,
            None => Ok(()),
        }
    }
}

impl Snapshot {
    /// Writes the snapshot, unless a newer one is on disk already (it holds this change
    /// too). The write is a task of its own, so that it still happens when the request
    /// that made the change is dropped because its client went away.
    pub async fn write(self) -> io::Result<()> {
        tokio::spawn(self.write_in_order())
            .await
            .map_err(io::Error::other)?
    }

    async fn write_in_order(self) -> io::Result<()> {
        let Self {
            version,
            json,
            disk,
        } = self;
        let mut disk = disk.lock_owned().await;
        if disk.version >= version {
            return Ok(());
        }
        tokio::task::spawn_blocking(move || {
            write_atomically(&disk.path, &json)?;
            disk.version = version;
            Ok(())
        })
        .await
        .map_err(io::Error::other)?
    }
}

/// Reads the organization of a state file. Its seed must be the configured one, since the
/// stored clusters refer to the ids that seed generates.
fn load<O: DeserializeOwned>(path: &Path, seed: u64) -> io::Result<O> {
    let error = |kind, problem: String| {
        io::Error::new(kind, format!("state file {} {problem}", path.display()))
    };
    let bytes = std::fs::read(path)?;
    let contents: Contents<O> = serde_json::from_slice(&bytes)
        .map_err(|e| error(io::ErrorKind::InvalidData, format!("is not valid: {e}")))?;
    if contents.format != STATE_FORMAT {
        return Err(error(
            io::ErrorKind::InvalidData,
            format!(
                "has format {}; this emulator reads format {STATE_FORMAT}",
                contents.format
            ),
        ));
    }
    if contents.seed != seed {
        return Err(error(
            io::ErrorKind::InvalidInput,
            format!(
                "was written with seed {}, not {seed}; start with that seed or use another state file",
                contents.seed
            ),
        ));
    }
    Ok(contents.organization)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Org {
        clusters: Vec<String>,
    }

    fn org(clusters: &[&str]) -> Org {
        Org {
            clusters: clusters.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn read(path: &Path) -> Vec<String> {
        let contents: Contents<Org> =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        contents.organization.clusters
    }

    fn open(path: &Path, seed: u64) -> io::Result<(StateFile, Org)> {
        let (file, organization) = StateFile::open(Some(path.to_path_buf()), seed)?;
        Ok((file.expect("a path names a file"), organization))
    }

    #[tokio::test]
    async fn an_older_snapshot_never_overwrites_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.json");
        let (mut file, _) = open(&path, 1).unwrap();
        let older = file.snapshot(&org(&["a"])).unwrap();
        let newer = file.snapshot(&org(&["a", "b"])).unwrap();
        newer.write().await.unwrap();
        older.write().await.unwrap();
        assert_eq!(read(&path), ["a", "b"]);
        let newest = file.snapshot(&org(&["c"])).unwrap();
        newest.write().await.unwrap();
        assert_eq!(read(&path), ["c"]);
    }

    #[tokio::test]
    async fn what_was_written_loads_back_only_with_the_same_seed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.json");
        let (mut file, organization) = open(&path, 7).unwrap();
        assert_eq!(organization, Org::default());
        file.snapshot(&org(&["x"])).unwrap().write().await.unwrap();
        assert_eq!(open(&path, 7).unwrap().1, org(&["x"]));
        let error = open(&path, 8).unwrap_err();
        assert!(error.to_string().contains("seed 7, not 8"), "{error}");
    }
}
