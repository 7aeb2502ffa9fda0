//! The objects of each cluster's API, with just enough history for reads that lag writes:
//! per entry, its current value, the value readers saw before the last change, and when
//! that change happened. Saved beside the Console's state file, when there is one.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::MutexGuard;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::access::Target;
use super::authorizations::Authorization;
use super::cluster_variables::ClusterVariable;
use super::definitions::Definition;
use super::groups::Group;
use super::mapping_rules::MappingRule;
use super::process_instances::ProcessInstance;
use super::roles::Role;
use super::tenants::Tenant;
use super::users::User;
use super::{AuthMode, Config};
use crate::emulator::state_file::{self, StateFile};

/// When a change happens and how long reads lag behind it, in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct When {
    pub now: u64,
    pub lag: u64,
}

impl When {
    /// The moment whose truth reads see.
    pub fn read_at(self) -> u64 {
        self.now.saturating_sub(self.lag)
    }
}

/// One entry's value now and before its last change.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Versioned<T> {
    current: Option<T>,
    previous: Option<T>,
    changed_ms: u64,
}

impl<T> Versioned<T> {
    /// The value readers see at `at`: the current one once the change is old enough.
    fn at(&self, at: u64) -> Option<&T> {
        if self.changed_ms <= at {
            self.current.as_ref()
        } else {
            self.previous.as_ref()
        }
    }
}

/// Entries by key (an object's id, or a membership).
#[derive(Clone, Debug)]
pub struct Table<K, T> {
    entries: BTreeMap<K, Versioned<T>>,
}

impl<K, T> Default for Table<K, T> {
    fn default() -> Self {
        Self {
            entries: BTreeMap::new(),
        }
    }
}

impl<K: Ord + Clone, T: Clone> Table<K, T> {
    /// The truth, as writes see it.
    pub fn current<Q>(&self, key: &Q) -> Option<&T>
    where
        K: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.get(key)?.current.as_ref()
    }

    pub fn all_current(&self) -> impl Iterator<Item = (&K, &T)> {
        self.entries
            .iter()
            .filter_map(|(k, v)| Some((k, v.current.as_ref()?)))
    }

    /// What reads see at `at` (see [`When::read_at`]).
    pub fn visible<Q>(&self, key: &Q, at: u64) -> Option<&T>
    where
        K: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.get(key)?.at(at)
    }

    pub fn all_visible(&self, at: u64) -> impl Iterator<Item = (&K, &T)> {
        self.entries
            .iter()
            .filter_map(move |(k, v)| Some((k, v.at(at)?)))
    }

    /// Sets (`Some`) or removes (`None`) an entry; readers keep seeing what they saw
    /// until the lag has passed. Forgets removed entries that no reader sees any more.
    pub fn set(&mut self, key: K, value: Option<T>, when: When) {
        let previous = self.visible(&key, when.read_at()).cloned();
        self.entries.insert(
            key,
            Versioned {
                current: value,
                previous,
                changed_ms: when.now,
            },
        );
        self.entries
            .retain(|_, v| v.current.is_some() || v.changed_ms + when.lag > when.now);
    }
}

/// Saved as a list, since keys need not be strings.
impl<K: Serialize, T: Serialize> Serialize for Table<K, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(&self.entries)
    }
}

impl<'de, K: DeserializeOwned + Ord, T: DeserializeOwned> Deserialize<'de> for Table<K, T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries: Vec<(K, Versioned<T>)> = Vec::deserialize(d)?;
        Ok(Self {
            entries: entries.into_iter().collect(),
        })
    }
}

/// The kinds of objects, and of members (clients exist outside the API).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Tenant,
    Role,
    Group,
    User,
    MappingRule,
    Client,
    Authorization,
}

impl Kind {
    /// The path segment of the kind, such as `mapping-rules`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Tenant => "tenants",
            Kind::Role => "roles",
            Kind::Group => "groups",
            Kind::User => "users",
            Kind::MappingRule => "mapping-rules",
            Kind::Client => "clients",
            Kind::Authorization => "authorizations",
        }
    }

    /// The name of its id in paths and bodies.
    pub fn id_param(self) -> &'static str {
        match self {
            Kind::Tenant => "tenantId",
            Kind::Role => "roleId",
            Kind::Group => "groupId",
            Kind::User => "username",
            Kind::MappingRule => "mappingRuleId",
            Kind::Client => "clientId",
            Kind::Authorization => "authorizationKey",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Tenant => "tenant",
            Kind::Role => "role",
            Kind::Group => "group",
            Kind::User => "user",
            Kind::MappingRule => "mapping rule",
            Kind::Client => "client",
            Kind::Authorization => "authorization",
        }
    }

    /// The permission on the kind's resource type for `operation`, such as `ROLE:CREATE`.
    pub fn permission(self, operation: &'static str) -> super::Permission {
        let resource = match self {
            Kind::Tenant => "TENANT",
            Kind::Role => "ROLE",
            Kind::Group => "GROUP",
            Kind::User => "USER",
            Kind::MappingRule => "MAPPING_RULE",
            Kind::Client => "CLIENT",
            Kind::Authorization => "AUTHORIZATION",
        };
        super::Permission {
            resource,
            operation,
        }
    }
}

/// `member` (of kind `member_kind`) belongs to `owner` (a role, group or tenant).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub owner_kind: Kind,
    pub owner_id: String,
    pub member_kind: Kind,
    pub member_id: String,
}

/// The value of a membership's entry: it is there. (Not `()`, which JSON writes as
/// `null`, as it writes a missing value.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assigned {}

/// The engine's keys of partition 1 start above this.
const FIRST_KEY: u64 = 1 << 51;

/// The objects of one cluster's API.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Identity {
    pub tenants: Table<String, Tenant>,
    pub roles: Table<String, Role>,
    pub groups: Table<String, Group>,
    pub users: Table<String, User>,
    pub mapping_rules: Table<String, MappingRule>,
    pub memberships: Table<Membership, Assigned>,
    /// By key, which the cluster picks.
    pub authorizations: Table<String, Authorization>,
    /// By `global/{name}` or `tenant/{tenantId}/{name}`.
    pub cluster_variables: Table<String, ClusterVariable>,
    /// Deployed process definitions, decision requirements, decision definitions and
    /// forms, by key.
    pub definitions: Table<String, Definition>,
    /// The highest version given per kind, tenant and id, never given again.
    pub versions: BTreeMap<String, i64>,
    /// Active process instances, by key.
    pub process_instances: Table<String, ProcessInstance>,
    /// How many keys the cluster has handed out.
    pub keys_issued: u64,
    /// Credentials (client ids, usernames) that may only read.
    pub read_only: BTreeSet<String>,
}

/// An object that one of the identity's tables keeps, by its id.
pub trait Stored: Sized {
    fn table(identity: &Identity) -> &Table<String, Self>;
    fn table_mut(identity: &mut Identity) -> &mut Table<String, Self>;
}

/// Which table keeps each kind of object.
macro_rules! stored_in {
    ($($object:ty => $table:ident),+ $(,)?) => {$(
        impl Stored for $object {
            fn table(identity: &Identity) -> &Table<String, Self> {
                &identity.$table
            }

            fn table_mut(identity: &mut Identity) -> &mut Table<String, Self> {
                &mut identity.$table
            }
        }
    )+};
}

stored_in! {
    Tenant => tenants,
    Role => roles,
    Group => groups,
    User => users,
    MappingRule => mapping_rules,
    Authorization => authorizations,
}

impl Identity {
    /// Whether an object of this kind exists (as writes see it); clients live outside the
    /// API, so none does.
    pub fn exists(&self, kind: Kind, id: &str) -> bool {
        match kind {
            Kind::Tenant => self.tenants.current(id).is_some(),
            Kind::Role => self.roles.current(id).is_some(),
            Kind::Group => self.groups.current(id).is_some(),
            Kind::User => self.users.current(id).is_some(),
            Kind::MappingRule => self.mapping_rules.current(id).is_some(),
            Kind::Client => false,
            Kind::Authorization => self.authorizations.current(id).is_some(),
        }
    }

    /// A new key: decimal, as large as the engine's keys of partition 1 (`1 << 51` on).
    pub fn issue_key(&mut self) -> String {
        self.keys_issued += 1;
        (FIRST_KEY + self.keys_issued).to_string()
    }

    /// Removes every membership of an object, as owner or as member.
    pub fn forget_memberships(&mut self, kind: Kind, id: &str, when: When) {
        let gone: Vec<Membership> = self
            .memberships
            .all_current()
            .map(|(m, _)| m)
            .filter(|m| {
                (m.owner_kind == kind && m.owner_id == id)
                    || (m.member_kind == kind && m.member_id == id)
            })
            .cloned()
            .collect();
        for membership in gone {
            self.memberships.set(membership, None, when);
        }
    }
}

/// What the file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct Saved {
    /// By Console cluster id.
    clusters: BTreeMap<String, Identity>,
    self_managed: Identity,
}

/// The objects of every cluster's API.
#[derive(Debug)]
pub struct Store {
    saved: Saved,
    file: Option<StateFile>,
}

impl Store {
    /// Starts from the file beside the Console's state file, when there is one; a
    /// standalone cluster with HTTP basic has its user.
    pub fn open(config: &Config) -> io::Result<Self> {
        let path = config.state_file.as_deref().map(sibling);
        let (file, mut saved) = StateFile::open::<Saved>(path, config.seed)?;
        let admin = &config.self_managed;
        if admin.auth == AuthMode::Basic && !saved.self_managed.exists(Kind::User, &admin.username)
        {
            let user = User::seeded(&admin.username, admin.password.expose());
            let users = &mut saved.self_managed.users;
            users.set(admin.username.clone(), Some(user), When { now: 0, lag: 0 });
        }
        Ok(Self { saved, file })
    }

    /// The objects of a cluster's API (none yet for a cluster never called).
    pub fn identity(&mut self, target: &Target) -> &mut Identity {
        match target {
            Target::Cluster(id) => self.saved.clusters.entry(id.clone()).or_default(),
            Target::SelfManaged => &mut self.saved.self_managed,
        }
    }

    /// Saves to the file, if there is one: the snapshot is taken under the lock, which is
    /// released before the returned write runs (see the Console store's `save`).
    pub fn save(
        mut guard: MutexGuard<'_, Self>,
    ) -> impl Future<Output = io::Result<()>> + Send + use<> {
        let store = &mut *guard;
        state_file::save(store.file.as_mut(), &store.saved)
    }
}

/// `org.json` → `org.orchestration.json`, beside it.
fn sibling(path: &Path) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.orchestration.{}", ext.to_string_lossy()),
        None => format!("{stem}.orchestration"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(now: u64) -> When {
        When { now, lag: 100 }
    }

    #[test]
    fn reads_see_a_change_once_the_lag_has_passed() {
        let mut table: Table<String, u32> = Table::default();
        table.set("a".into(), Some(1), at(1000));
        assert_eq!(table.current("a"), Some(&1));
        assert_eq!(table.visible("a", at(1050).read_at()), None);
        assert_eq!(table.visible("a", at(1100).read_at()), Some(&1));

        table.set("a".into(), Some(2), at(2000));
        assert_eq!(table.visible("a", at(2099).read_at()), Some(&1));
        // A second change within the lag keeps what readers saw.
        table.set("a".into(), Some(3), at(2050));
        assert_eq!(table.visible("a", at(2100).read_at()), Some(&1));
        assert_eq!(table.visible("a", at(2150).read_at()), Some(&3));

        table.set("a".into(), None, at(3000));
        assert_eq!(table.current("a"), None);
        assert_eq!(table.visible("a", at(3000).read_at()), Some(&3));
        assert_eq!(table.visible("a", at(3100).read_at()), None);
        table.set("b".into(), Some(9), at(3100));
        assert!(
            !table.entries.contains_key("a"),
            "a removed entry is forgotten"
        );
    }

    #[test]
    fn the_file_sits_beside_the_consoles() {
        assert_eq!(
            sibling(Path::new("/tmp/org.json")),
            Path::new("/tmp/org.orchestration.json")
        );
        assert_eq!(
            sibling(Path::new("state")),
            Path::new("state.orchestration")
        );
    }
}
