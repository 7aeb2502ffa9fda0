//! The state that the community provider (`camunda-community-hub/camunda`) stores for the
//! objects this provider takes over, read as that provider writes it, so that teams switch
//! without re-creating anything (see the migration guide in `docs/guides/`):
//!
//! - `camunda_cluster` keeps its name: after `terraform state replace-provider`, its
//!   community state reaches `camunda_cluster`'s state upgrade.
//! - `camunda_organization_member` keeps its name and its state is a subset of this
//!   provider's (`email`, `roles`), read as it is; the first refresh fills in the rest.
//! - `camunda_cluster_client`, `camunda_cluster_connector_secret` and
//!   `camunda_cluster_ip_whitelist` are renamed here; a `moved` block (Terraform 1.8 and
//!   later) hands their state to `camunda_zeebe_client`, `camunda_connector_secret` and
//!   `camunda_cluster_ip_allowlist` (see [`Renamed`]).
//!
//! Field names here are the community provider's. It never set a schema version, so all
//! of its states are version 0; the shapes below accept every release of it: fields that
//! came later are optional.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use crate::secret::Secret;
use crate::tf::{Diagnostics, MovedState};

/// The schema version of every community state.
const SCHEMA_VERSION: i64 = 0;

/// A community `camunda_cluster`. It names the ids `channel`, `region`, `plan_type` and
/// `generation`; that is how its state differs from this provider's.
#[derive(Debug, Deserialize)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub channel: String,
    pub region: String,
    pub plan_type: String,
    /// The generation the configuration names. With `auto_update`, the cluster may run a
    /// newer one (`current_generation`).
    pub generation: Option<String>,
    pub auto_update: Option<bool>,
    pub description: Option<String>,
    pub current_generation: Option<String>,
}

impl Cluster {
    /// `state` read as a community cluster, if that is what it is.
    pub fn recognise(state: &Json) -> Option<Cluster> {
        serde_json::from_value(state.clone()).ok()
    }
}

/// A community `camunda_cluster_client`: a Zeebe client and its one-time secret.
#[derive(Debug, Deserialize)]
pub struct ClusterClient {
    pub cluster_id: String,
    pub name: String,
    /// The client's ID (the community `id` is `<cluster_id>/<zeebe_client_id>`, or in
    /// its first releases a UUID of the API's).
    pub zeebe_client_id: String,
    /// Null after a community import.
    pub secret: Option<Secret>,
    /// What the client may access; absent before the community provider had it.
    pub scopes: Option<Vec<String>>,
    pub zeebe_address: Option<String>,
    pub zeebe_authorization_server_url: Option<String>,
}

impl Renamed for ClusterClient {
    const TYPE_NAME: &'static str = "camunda_cluster_client";
    const TARGET: &'static str = "camunda_zeebe_client";
    const WHAT: &'static str = "Zeebe client";
}

/// A community `camunda_cluster_connector_secret`. It has no `id`: its import ID was the
/// name in its first releases, `<cluster_id>/<name>` later.
#[derive(Debug, Deserialize)]
pub struct ClusterConnectorSecret {
    pub cluster_id: String,
    pub name: String,
    /// Read back from the API at every refresh there; null only in a state that a refresh
    /// never completed.
    pub value: Option<Secret>,
}

impl Renamed for ClusterConnectorSecret {
    const TYPE_NAME: &'static str = "camunda_cluster_connector_secret";
    const TARGET: &'static str = "camunda_connector_secret";
    const WHAT: &'static str = "connector secret";
}

/// A community `camunda_cluster_ip_whitelist`: the whole list of one cluster, as this
/// provider's allowlist is, with the rules in `ip_whitelist` blocks.
#[derive(Debug, Deserialize)]
pub struct ClusterIpWhitelist {
    /// The cluster ID.
    pub id: String,
    /// Null after an import in the first releases, which set `id` only.
    pub cluster_id: Option<String>,
    pub ip_whitelist: Option<Vec<IpWhitelistEntry>>,
}

#[derive(Debug, Deserialize)]
pub struct IpWhitelistEntry {
    pub ip: String,
    pub description: Option<String>,
}

impl ClusterIpWhitelist {
    pub fn cluster_id(&self) -> &str {
        self.cluster_id.as_deref().unwrap_or(&self.id)
    }
}

impl Renamed for ClusterIpWhitelist {
    const TYPE_NAME: &'static str = "camunda_cluster_ip_whitelist";
    const TARGET: &'static str = "camunda_cluster_ip_allowlist";
    const WHAT: &'static str = "IP allowlist";
}

/// A community resource type that has another name here, and the state it stores.
pub trait Renamed: DeserializeOwned {
    /// The community type.
    const TYPE_NAME: &'static str;
    /// This provider's type that takes its objects over.
    const TARGET: &'static str;
    /// What the objects are, for messages.
    const WHAT: &'static str;
}

/// `source` read as a community state of type `T`: `None` without a word when `source` is
/// of another type, and `None` with an error that says what is wrong and what to do
/// instead when it is not a state the community provider writes.
pub fn read_moved<T: Renamed>(source: &MovedState, diags: &mut Diagnostics) -> Option<T> {
    if source.type_name != T::TYPE_NAME {
        return None;
    }
    let (target, what) = (T::TARGET, T::WHAT);
    if source.schema_version != SCHEMA_VERSION {
        diags.error(
            format!(
                "Cannot move {} schema version {}",
                source.type_name, source.schema_version
            ),
            format!(
                "The community provider writes {} at schema version {SCHEMA_VERSION}; this state \
                 was written at version {} by {}, which this provider does not know. Import the \
                 {what} into {target} instead.",
                source.type_name, source.schema_version, source.provider
            ),
        );
        return None;
    }
    serde_json::from_value(source.state.clone())
        .map_err(|error| {
            diags.error(
                format!("Cannot move this {} state", source.type_name),
                format!(
                    "The state of {} is not the one the community provider writes ({error}). \
                     Import the {what} into {target} instead.",
                    source.type_name
                ),
            )
        })
        .ok()
}

/// A state that the community provider wrote for `T`, as a `moved` block hands it over.
#[cfg(test)]
pub fn moved_from<T: Renamed>(state: Json) -> MovedState {
    MovedState {
        provider: "registry.terraform.io/camunda-community-hub/camunda".into(),
        type_name: T::TYPE_NAME.into(),
        schema_version: SCHEMA_VERSION,
        state,
    }
}

/// Asserts that the first error in `diags` refuses a community state that lacks `field`:
/// it names the field, keeps the state's `secret` out, and says what to do instead
/// (`import`: "Import the Zeebe client into camunda_zeebe_client").
#[cfg(test)]
pub fn assert_refused(diags: &Diagnostics, field: &str, secret: &str, import: &str) {
    let error = diags.iter().next().unwrap();
    assert!(error.detail.contains(field), "{}", error.detail);
    assert!(!error.detail.contains(secret), "{}", error.detail);
    assert!(error.detail.contains(import), "{}", error.detail);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_cluster_is_recognised_by_its_community_field_names_in_every_release() {
        let first_release = json!({
            "id": "c1", "name": "prod", "channel": "ch", "region": "r", "plan_type": "p",
            "generation": "g1",
        });
        let cluster = Cluster::recognise(&first_release).unwrap();
        assert_eq!(cluster.auto_update, None);
        let latest = json!({
            "id": "c1", "name": "prod", "channel": "ch", "region": "r", "plan_type": "p",
            "generation": "g1", "auto_update": true, "description": null,
            "current_generation": "g2",
        });
        let cluster = Cluster::recognise(&latest).unwrap();
        assert_eq!(cluster.current_generation.as_deref(), Some("g2"));
        assert_eq!(cluster.auto_update, Some(true));

        let ours = json!({
            "id": "c1", "name": "prod", "channel_id": "ch", "region_id": "r",
            "plan_type_id": "p", "generation_id": "g1",
        });
        assert!(Cluster::recognise(&ours).is_none());
    }

    #[test]
    fn a_moved_client_must_be_a_community_client_state() {
        let mut diags = Diagnostics::new();
        let state = json!({ "cluster_id": "c1", "name": "worker", "secret": "s3cr3t" });
        let read = read_moved::<ClusterClient>(&moved_from::<ClusterClient>(state), &mut diags);
        assert!(read.is_none());
        assert_eq!(
            diags.iter().next().unwrap().summary,
            "Cannot move this camunda_cluster_client state"
        );
        let import = "Import the Zeebe client into camunda_zeebe_client";
        assert_refused(&diags, "zeebe_client_id", "s3cr3t", import);

        let mut diags = Diagnostics::new();
        let state = json!({ "cluster_id": "c1", "name": "worker", "zeebe_client_id": "z" });
        let source = MovedState {
            schema_version: 3,
            ..moved_from::<ClusterClient>(state)
        };
        let read = read_moved::<ClusterClient>(&source, &mut diags);
        assert!(read.is_none());
        assert!(diags.iter().next().unwrap().detail.contains("version 3"));
    }
}
