//! The on-disk token cache: one file per credential key, shared by concurrent provider
//! processes. A lock file per key serialises "check the cache, fetch on a miss, store" across
//! processes, so that they make one token request between them.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::PathBuf;
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
    pub fn new(oauth_url: &str, audience: &str, client_id: &str, client_secret: &str) -> CacheKey {
        let mut hasher = Sha256::new();
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        for part in [oauth_url, audience, client_id, client_secret] {
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
}

pub struct DiskCache {
    dir: PathBuf,
    key: CacheKey,
}

impl DiskCache {
    pub fn new(dir: PathBuf, key: CacheKey) -> DiskCache {
        DiskCache { dir, key }
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

    /// Takes this key's lock, polling so that no thread blocks; `None` when another process
    /// held it for longer than `max_wait`.
    pub async fn lock(&self, max_wait: Duration) -> io::Result<Option<CacheLock>> {
        let file = private_files::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.lock_path())?;
        let started = tokio::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(CacheLock { _file: file })),
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
        let bytes = match fs::read(&path) {
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

    /// Deletes the stored token if it is `access_token` (one the API refused).
    pub fn remove_if_holds(&self, access_token: &Secret) {
        if self.read().is_some_and(|t| t.access_token == *access_token) {
            let _ = fs::remove_file(self.token_path());
        }
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

    #[test]
    fn keys_differ_for_each_input() {
        let base = CacheKey::new("u", "a", "id", "s");
        assert_ne!(base, CacheKey::new("u2", "a", "id", "s"));
        assert_ne!(base, CacheKey::new("u", "a2", "id", "s"));
        assert_ne!(base, CacheKey::new("u", "a", "id2", "s"));
        assert_ne!(base, CacheKey::new("u", "a", "id", "s2"));
        assert_ne!(
            CacheKey::new("ab", "c", "", ""),
            CacheKey::new("a", "bc", "", "")
        );
        assert_eq!(base.as_str().len(), 64);
    }
}
