//! A record, on this machine, of the creates that Terraform has not yet recorded. An entry
//! is written before a create is sent and removed once the resource hands its state back
//! to Terraform. When Terraform dies in between (killed, out of memory), the entry stays,
//! and the next create of the same object from the same working directory and workspace
//! finds it: what the interrupted create made is then taken over instead of duplicated.
//!
//! One file per working directory, workspace, API and API client, in the provider's folder
//! (`token_cache_dir`). It is a safety net: when it cannot be written, creates go on, and
//! a later plan names what exists instead of taking it over.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::private_files;

/// How much earlier than the entry an object may seem to be created and still be taken as
/// its create's: the API's clock is not this machine's.
const CLOCK_SLACK: Duration = Duration::from_secs(300);

/// How long an entry is trusted: a killed apply is run again within hours, and an older
/// entry more likely meets an object made by hand since.
const MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// What a create was for: the resource type, what it is created in (a cluster id, or
/// empty), and its name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Target {
    pub kind: String,
    pub scope: String,
    pub name: String,
}

impl Target {
    pub fn new(kind: &str, scope: &str, name: &str) -> Target {
        Target {
            kind: kind.to_owned(),
            scope: scope.to_owned(),
            name: name.to_owned(),
        }
    }
}

/// A create that Terraform has not recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(flatten)]
    pub target: Target,
    /// When the create was first sent, in milliseconds since the epoch.
    pub started_ms: u64,
    /// The created object's id, once an answer or a look told it.
    pub id: Option<String>,
}

impl Entry {
    /// Whether an object with this id, created at `created_ms` (when the API says), may be
    /// what this entry's create made.
    pub fn may_have_made(&self, id: &str, created_ms: Option<u64>) -> bool {
        match (&self.id, created_ms) {
            (Some(known), _) => known == id,
            (None, Some(created)) => created + CLOCK_SLACK.as_millis() as u64 >= self.started_ms,
            (None, None) => true,
        }
    }
}

#[derive(Default)]
pub struct Journal {
    /// `None`: nothing is recorded (no folder, or in unit tests).
    file: Option<PathBuf>,
    /// Serialises this process's read-modify-write cycles of the file.
    lock: Mutex<()>,
    /// The entries that creates of this process took up by their name (see
    /// [`Journal::take_up`]), so that two creates never take up the same one.
    taken_up: Mutex<HashSet<Target>>,
}

impl Journal {
    /// The journal of the working directory this process runs in, for one API and client.
    pub fn open(dir: Option<&Path>, api_url: &str, client_id: &str) -> Journal {
        let Some(dir) = dir else {
            return Journal::default();
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut digest = Sha256::new();
        for part in [
            cwd.to_string_lossy().as_ref(),
            &workspace(&cwd),
            api_url,
            client_id,
        ] {
            digest.update(part.as_bytes());
            digest.update([0]);
        }
        let key: String = digest
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        Journal {
            file: Some(dir.join(format!("creates-{key}.json"))),
            ..Journal::default()
        }
    }

    /// The name of an unrecorded create of `kind` in `scope` whose name `fits`, taken up by
    /// the caller: a create whose name is made at random (from a prefix) thus resumes the
    /// create an interrupted apply began, instead of making a second object beside it.
    /// The oldest such entry first; each is taken up once per process.
    pub fn take_up(&self, kind: &str, scope: &str, fits: impl Fn(&str) -> bool) -> Option<String> {
        let oldest = now_ms().saturating_sub(MAX_AGE.as_millis() as u64);
        let mut entries: Vec<Entry> = {
            let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
            self.read()
        };
        entries.sort_by_key(|entry| entry.started_ms);
        let mut taken_up = self.taken_up.lock().unwrap_or_else(|p| p.into_inner());
        let entry = entries.into_iter().find(|entry| {
            entry.target.kind == kind
                && entry.target.scope == scope
                && entry.started_ms >= oldest
                && fits(&entry.target.name)
                && !taken_up.contains(&entry.target)
        })?;
        taken_up.insert(entry.target.clone());
        Some(entry.target.name)
    }

    /// The unrecorded create of `target`, if there is one not too old to trust.
    pub fn find(&self, target: &Target) -> Option<Entry> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let oldest = now_ms().saturating_sub(MAX_AGE.as_millis() as u64);
        self.read()
            .into_iter()
            .find(|entry| entry.target == *target && entry.started_ms >= oldest)
    }

    /// Records that a create of `target` is about to be sent.
    pub fn begin(&self, target: &Target) {
        let started_ms = now_ms();
        self.update(|entries| {
            entries.retain(|e| e.target != *target);
            entries.push(Entry {
                target: target.clone(),
                started_ms,
                id: None,
            });
        });
    }

    /// Records the id of what the create of `target` made.
    pub fn made(&self, target: &Target, id: &str) {
        self.update(|entries| {
            for entry in entries.iter_mut().filter(|e| e.target == *target) {
                entry.id = Some(id.to_owned());
            }
        });
    }

    /// Forgets the create of `target`: Terraform holds its outcome now, or it made nothing.
    pub fn end(&self, target: &Target) {
        self.update(|entries| entries.retain(|e| e.target != *target));
    }

    /// Rewrites the file with `change` applied; an empty journal is no file.
    fn update(&self, change: impl FnOnce(&mut Vec<Entry>)) {
        let Some(file) = &self.file else {
            return;
        };
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let before = self.read();
        let mut entries = before.clone();
        change(&mut entries);
        if entries == before {
            return;
        }
        let written = if entries.is_empty() {
            std::fs::remove_file(file)
        } else {
            private_files::prepare_dir(file.parent().unwrap_or(Path::new(".")))
                .and_then(|()| private_files::replace(file, &serde_json::to_vec_pretty(&entries)?))
        };
        if let Err(error) = written {
            tracing::warn!(
                file = %file.display(),
                %error,
                "could not update the record of creates in flight"
            );
        }
    }

    fn read(&self) -> Vec<Entry> {
        let Some(file) = &self.file else {
            return Vec::new();
        };
        match std::fs::read(file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The Terraform workspace selected in `cwd`: `TF_WORKSPACE`, else what `terraform
/// workspace select` wrote into the data folder, else `default`.
fn workspace(cwd: &Path) -> String {
    if let Some(name) = std::env::var("TF_WORKSPACE").ok().filter(|w| !w.is_empty()) {
        return name;
    }
    let data_dir = std::env::var_os("TF_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(".terraform"));
    std::fs::read_to_string(cwd.join(data_dir).join("environment"))
        .map(|w| w.trim().to_owned())
        .ok()
        .filter(|w| !w.is_empty())
        .unwrap_or_else(|| "default".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(name: &str) -> Target {
        Target::new("camunda_cluster", "", name)
    }

    #[test]
    fn an_entry_is_taken_up_by_its_name_once_per_process_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(Some(dir.path()), "https://api", "client");
        for name in ["worker-a", "worker-b", "other-c"] {
            journal.begin(&target(name));
            std::thread::sleep(Duration::from_millis(2));
        }
        let workers = |name: &str| name.starts_with("worker-");
        let take_up = || journal.take_up("camunda_cluster", "", workers);
        assert_eq!(take_up().as_deref(), Some("worker-a"));
        assert_eq!(take_up().as_deref(), Some("worker-b"));
        assert_eq!(take_up(), None, "each entry is taken up once");
        assert_eq!(journal.take_up("camunda_zeebe_client", "", workers), None);

        // Another process (another Terraform run) may take them up again.
        let next = Journal::open(Some(dir.path()), "https://api", "client");
        assert_eq!(
            next.take_up("camunda_cluster", "", workers).as_deref(),
            Some("worker-a")
        );
    }

    #[test]
    fn an_entry_lives_from_begin_to_end_and_learns_its_id() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(Some(dir.path()), "https://api", "client");
        let (orders, billing) = (target("orders"), target("billing"));
        assert_eq!(journal.find(&orders), None);
        journal.begin(&orders);
        journal.begin(&billing);
        journal.made(&orders, "c-1");
        let entry = journal.find(&orders).unwrap();
        assert_eq!(entry.id.as_deref(), Some("c-1"));
        assert!(entry.may_have_made("c-1", None));
        assert!(!entry.may_have_made("c-2", None));
        journal.end(&orders);
        assert_eq!(journal.find(&orders), None);
        assert!(journal.find(&billing).is_some());
        journal.end(&billing);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no empty file is left"
        );
    }

    #[test]
    fn another_api_client_has_a_journal_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let one = Journal::open(Some(dir.path()), "https://api", "client");
        let other = Journal::open(Some(dir.path()), "https://api", "other-client");
        one.begin(&target("orders"));
        assert_eq!(other.find(&target("orders")), None);
    }

    #[test]
    fn an_entry_without_id_matches_objects_created_since_it_began() {
        let entry = Entry {
            target: target("orders"),
            started_ms: 10_000_000,
            id: None,
        };
        assert!(entry.may_have_made("c-1", Some(10_000_000)));
        assert!(
            entry.may_have_made("c-1", Some(10_000_000 - 60_000)),
            "clock slack"
        );
        assert!(!entry.may_have_made("c-1", Some(10_000_000 - 3_600_000)));
    }
}
