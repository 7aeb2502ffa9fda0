//! The on-disk token cache: one file per credential key, shared by concurrent provider
//! processes. A lock file per key serialises "check the cache, fetch on a miss, store" across
//! processes, so that they make one token request between them. The files are private and
//! never opened through a symbolic link, so no one can make the provider read or write
//! another of the user's files.

use std::fs::{self, File, TryLockError};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::private_files;
use crate::secret::Secret;

/// Hex SHA-256 of everything that decides which tenant and identity a token is for, so that a
/// token is never served for other credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheKey(String);

impl CacheKey {
    /// Without a scope, the key is the one of earlier versions, so that their cached tokens
    /// are used.
    pub fn new(
        oauth_url: &str,
        audience: &str,
        scope: Option<&str>,
        client_id: &str,
        client_secret: &str,
    ) -> CacheKey {
        let mut hasher = Sha256::new();
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        let parts = [oauth_url, audience, client_id, client_secret];
        for part in parts.into_iter().chain(scope) {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        let digest = hasher.finalize();
        CacheKey(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An access token with its validity window (Unix milliseconds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedToken {
    pub access_token: Secret,
    pub issued_at_ms: u64,
    pub expires_at_ms: u64,
}

/// Renew when less than this remains...
const RENEW_MARGIN: Duration = Duration::from_secs(60);
/// ...or, for short-lived tokens, less than this share of the lifetime.
const RENEW_SHARE: f64 = 0.1;

impl CachedToken {
    /// Whether the token can still be used at `now` without renewing it first.
    pub fn is_fresh(&self, now: SystemTime) -> bool {
        let lifetime = self.expires_at_ms.saturating_sub(self.issued_at_ms);
        let margin = (RENEW_MARGIN.as_millis() as u64).min((lifetime as f64 * RENEW_SHARE) as u64);
        unix_ms(now).saturating_add(margin) < self.expires_at_ms
    }

    fn is_plausible(&self) -> bool {
        !self.access_token.expose().is_empty() && self.expires_at_ms > self.issued_at_ms
    }
}

pub fn unix_ms(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Held while checking the cache and fetching; dropping it releases the lock.
pub struct CacheLock {
    _file: File,
    path: PathBuf,
}

impl CacheLock {
    /// Deletes the lock file, then releases the lock: after a fetch that stored nothing, so
    /// that credentials that never work leave no file behind. A process waiting for the
    /// lock notices that it holds a deleted file, and takes the lock anew.
    pub fn remove(self) {
        let _ = fs::remove_file(&self.path);
    }
}

pub struct DiskCache {
    dir: PathBuf,
    key: CacheKey,
}

impl DiskCache {
    pub fn new(dir: PathBuf, key: CacheKey) -> DiskCache {
        DiskCache { dir, key }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn token_path(&self) -> PathBuf {
        self.dir.join(format!("{}.json", self.key.as_str()))
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join(format!("{}.lock", self.key.as_str()))
    }

    /// Creates the folder readable by its owner only, and tightens an existing one.
    pub fn prepare_dir(&self) -> io::Result<()> {
        private_files::prepare_dir(&self.dir)
    }

    /// Checks that the folder can hold the cache: it exists (or is created) and a private
    /// file can be written in it.
    pub fn check_usable(&self) -> io::Result<()> {
        self.prepare_dir()?;
        let probe = self.temp_path();
        private_files::replace(&probe, b"")?;
        fs::remove_file(&probe)
    }

    /// Takes this key's lock, polling so that no thread blocks; `None` when another process
    /// held it for longer than `max_wait`.
    pub async fn lock(&self, max_wait: Duration) -> io::Result<Option<CacheLock>> {
        let path = self.lock_path();
        let open = || {
            private_files::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
        };
        let mut file = open()?;
        let started = tokio::time::Instant::now();
        loop {
            match file.try_lock() {
                // The holder before may have deleted the file (see `CacheLock::remove`).
                Ok(()) if is_at(&file, &path) => {
                    return Ok(Some(CacheLock { _file: file, path }));
                }
                Ok(()) => {
                    file = open()?;
                    continue;
                }
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(e),
            }
            if started.elapsed() >= max_wait {
                return Ok(None);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The stored token; a missing, unreadable or corrupt file counts as no token (it is
    /// replaced by the next write).
    pub fn read(&self) -> Option<CachedToken> {
        let path = self.token_path();
        let bytes = match read_file(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "ignoring unreadable token cache file");
                return None;
            }
        };
        match serde_json::from_slice::<CachedToken>(&bytes) {
            Ok(token) if token.is_plausible() => Some(token),
            _ => {
                tracing::debug!(path = %path.display(), "ignoring corrupt token cache file");
                None
            }
        }
    }

    /// Stores the token atomically: a private temporary file renamed over the old one.
    pub fn write(&self, token: &CachedToken) -> io::Result<()> {
        private_files::replace(&self.token_path(), &serde_json::to_vec(token)?)
    }

    fn temp_path(&self) -> PathBuf {
        self.dir.join(format!(
            ".{}.{}.{}.tmp",
            self.key.as_str(),
            std::process::id(),
            rand::random::<u32>()
        ))
    }

    /// Deletes the stored token if it is `access_token` (one the API refused).
    pub fn remove_if_holds(&self, access_token: &Secret) {
        if self.read().is_some_and(|t| t.access_token == *access_token) {
            let _ = fs::remove_file(self.token_path());
        }
    }
}

fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    private_files::options()
        .read(true)
        .open(path)?
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether `file` is still the file at `path` (and not a deleted one).
fn is_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(issued_s: u64, lifetime_s: u64) -> CachedToken {
        CachedToken {
            access_token: Secret::from("t"),
            issued_at_ms: issued_s * 1000,
            expires_at_ms: (issued_s + lifetime_s) * 1000,
        }
    }

    fn at(s: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(s)
    }

    #[test]
    fn long_lived_tokens_are_renewed_a_minute_before_expiry() {
        let t = token(1000, 3600);
        assert!(t.is_fresh(at(1000 + 3600 - 61)));
        assert!(!t.is_fresh(at(1000 + 3600 - 59)));
    }

    #[test]
    fn short_lived_tokens_are_renewed_in_their_last_tenth() {
        let t = token(1000, 100);
        assert!(t.is_fresh(at(1089)));
        assert!(!t.is_fresh(at(1091)));
    }

    #[test]
    fn debug_output_hides_the_token() {
        let t = CachedToken {
            access_token: Secret::from("bearer-value"),
            ..token(1000, 100)
        };
        assert!(!format!("{t:?}").contains("bearer-value"));
    }

    fn cache_in(dir: &Path) -> DiskCache {
        DiskCache::new(dir.to_owned(), CacheKey::new("u", "a", None, "id", "s"))
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn symbolic_links_in_place_of_the_cache_files_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let victim = dir.path().join("victim");
        let planted = serde_json::to_vec(&token(unix_ms(SystemTime::now()) / 1000, 3600)).unwrap();
        fs::write(&victim, &planted).unwrap();
        std::os::unix::fs::symlink(&victim, cache.token_path()).unwrap();
        std::os::unix::fs::symlink(&victim, cache.lock_path()).unwrap();

        assert_eq!(cache.read(), None, "a linked token file is not read");
        assert!(
            cache.lock(Duration::ZERO).await.is_err(),
            "a linked lock file is not opened"
        );
        cache.write(&token(1000, 3600)).unwrap();
        assert_eq!(
            fs::read(&victim).unwrap(),
            planted,
            "the link's target is untouched"
        );
        assert!(
            !fs::symlink_metadata(cache.token_path())
                .unwrap()
                .is_symlink()
        );
        assert_eq!(cache.read(), Some(token(1000, 3600)));
    }

    #[tokio::test]
    async fn a_removed_lock_leaves_no_file_and_can_be_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let lock = cache.lock(Duration::ZERO).await.unwrap().unwrap();
        assert!(cache.lock_path().exists());
        lock.remove();
        assert!(!cache.lock_path().exists());
        let again = cache.lock(Duration::ZERO).await.unwrap();
        assert!(again.is_some());
    }

    #[test]
    fn a_folder_under_a_file_is_not_usable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, "").unwrap();
        assert!(cache_in(&file.join("cache")).check_usable().is_err());
        let usable = cache_in(&dir.path().join("cache"));
        usable.check_usable().unwrap();
        assert_eq!(
            fs::read_dir(usable.dir()).unwrap().count(),
            0,
            "the probe is gone"
        );
    }

    #[test]
    fn keys_differ_for_each_input() {
        let base = CacheKey::new("u", "a", None, "id", "s");
        assert_ne!(base, CacheKey::new("u2", "a", None, "id", "s"));
        assert_ne!(base, CacheKey::new("u", "a2", None, "id", "s"));
        assert_ne!(base, CacheKey::new("u", "a", None, "id2", "s"));
        assert_ne!(base, CacheKey::new("u", "a", None, "id", "s2"));
        assert_ne!(base, CacheKey::new("u", "a", Some("s"), "id", "s"));
        assert_ne!(
            CacheKey::new("ab", "c", None, "", ""),
            CacheKey::new("a", "bc", None, "", "")
        );
        assert_eq!(base.as_str().len(), 64);
    }
}
