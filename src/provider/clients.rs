//! A cluster's Zeebe clients, as the `camunda_zeebe_client` resource and the Zeebe client
//! data sources share them: the permissions a client can have, and a client found in its
//! cluster's list.

use super::Shared;
use crate::console::{self, ClientSummary};

/// The permissions a Zeebe client can be granted.
pub const PERMISSIONS: &[&str] = &["Zeebe", "Operate", "Tasklist", "Optimize", "Secrets"];

/// The client's entry in its cluster's list (existence, name, permissions), or `None` when
/// the client or the whole cluster is gone. The one place that finds a client by ID: the
/// clients of one cluster share one list call per provider process.
pub async fn summary(
    shared: &Shared,
    api: &console::Client,
    cluster_id: &str,
    client_id: &str,
) -> Result<Option<ClientSummary>, console::Error> {
    let clients = shared
        .client_lists
        .get(cluster_id, || api.list_clients(cluster_id))
        .await?;
    Ok(clients.and_then(|clients| clients.iter().find(|c| c.client_id == client_id).cloned()))
}
