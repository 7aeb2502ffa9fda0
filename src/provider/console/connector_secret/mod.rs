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
