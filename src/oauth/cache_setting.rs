//! Where tokens are cached: a folder given explicitly, else `CAMUNDA_TOKEN_CACHE_DIR`, else
//! `~/.camunda`; memory only when `CAMUNDA_TOKEN_DISK_CACHE_DISABLE` says so or there is no
//! home folder. Both API clients resolve it the same way, so that they share the folder.

use std::path::PathBuf;

use super::TokenCache;
use crate::http_client::setting::non_blank;

pub const TOKEN_CACHE_DIR: &str = "CAMUNDA_TOKEN_CACHE_DIR";
pub const TOKEN_DISK_CACHE_DISABLE: &str = "CAMUNDA_TOKEN_DISK_CACHE_DISABLE";
/// Folder under `$HOME` that holds the token cache by default.
pub const DEFAULT_CACHE_SUBDIR: &str = ".camunda";

/// The resolved cache setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheSetting {
    pub cache: TokenCache,
    /// The provider's folder on this machine, also when tokens are kept in memory only;
    /// `None` without a home folder.
    pub dir: Option<PathBuf>,
    /// A `CAMUNDA_TOKEN_DISK_CACHE_DISABLE` value that is not a yes or a no.
    pub invalid_disable: Option<String>,
}

impl CacheSetting {
    /// `explicit_dir` wins over the environment; blank values count as unset.
    pub fn resolve(
        explicit_dir: Option<String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> CacheSetting {
        let disable = non_blank(env(TOKEN_DISK_CACHE_DISABLE));
        let parsed = disable.as_deref().map(parse_switch);
        let disk_disabled = parsed == Some(Some(true));
        let dir = non_blank(explicit_dir)
            .or_else(|| non_blank(env(TOKEN_CACHE_DIR)))
            .map(PathBuf::from)
            .or_else(|| {
                non_blank(env("HOME")).map(|home| PathBuf::from(home).join(DEFAULT_CACHE_SUBDIR))
            });
        let cache = match &dir {
            Some(dir) if !disk_disabled => TokenCache::Disk(dir.clone()),
            // Without a home folder there is no safe default location: keep tokens in memory.
            _ => TokenCache::MemoryOnly,
        };
        CacheSetting {
            cache,
            dir,
            invalid_disable: disable.filter(|_| parsed == Some(None)),
        }
    }
}

/// A yes-or-no setting as people write it; `None` when it is neither.
fn parse_switch(value: &str) -> Option<bool> {
    const YES: [&str; 4] = ["true", "1", "yes", "on"];
    const NO: [&str; 4] = ["false", "0", "no", "off"];
    let value = value.to_ascii_lowercase();
    if YES.contains(&value.as_str()) {
        Some(true)
    } else if NO.contains(&value.as_str()) {
        Some(false)
    } else {
        None
    }
}
