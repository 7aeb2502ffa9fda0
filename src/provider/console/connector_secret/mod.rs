//! Connector secrets: the resource `camunda_connector_secret` and the data source
//! `camunda_connector_secrets`, sharing each cluster's secret list (one list call per
//! cluster per provider process).

mod create;
mod data;
mod resource;

use std::collections::BTreeMap;
use std::sync::Arc;

/// `camunda_connector_secret`.
pub struct ConnectorSecret;

/// `camunda_connector_secrets`, the names of a cluster's secrets.
pub struct ConnectorSecrets;

use crate::console;
use crate::provider::machinery::Shared;
use crate::secret::Secret;

/// The cluster's secrets by name, or `None` when the cluster is gone. A secret deleted a
/// moment ago may still be listed for a while: the API says its deletions take time to show.
async fn listed(
    shared: &Shared,
    api: &console::Client,
    cluster_id: &str,
) -> Result<Option<Arc<BTreeMap<String, Secret>>>, console::Error> {
    shared
        .secret_lists
        .get(cluster_id, || api.list_secrets(cluster_id))
        .await
}

/// Records in the cluster's listed secrets what a write of secret `name` did: when it
/// succeeded, its value (`None`: deleted), so that the next create's look needs no new
/// list; when it failed, the list is forgotten, since the write may have acted.
fn written<T, E>(
    shared: &Shared,
    cluster_id: &str,
    name: &str,
    outcome: &Result<T, E>,
    value: Option<&Secret>,
) {
    if outcome.is_err() {
        return shared.secret_lists.invalidate(cluster_id);
    }
    shared
        .secret_lists
        .amend(cluster_id, |secrets| match value {
            Some(value) => {
                secrets.insert(name.to_owned(), value.clone());
            }
            None => {
                secrets.remove(name);
            }
        });
}
