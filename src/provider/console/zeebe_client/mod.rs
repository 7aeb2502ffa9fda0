//! Zeebe clients, a cluster's API clients: the `camunda_zeebe_client` resource, data
//! source and ephemeral resource, and the `camunda_zeebe_clients` data source, with what
//! they share: the permissions a client can have, and a client found in its cluster's list.

mod create;
mod data;
mod ephemeral;
mod names;
mod resource;
pub mod sweep;

/// `camunda_zeebe_client`, as resource, data source and ephemeral resource.
pub struct ZeebeClient;

/// `camunda_zeebe_clients`, every client of a cluster.
pub struct ZeebeClients;

use crate::console::{self, ClientSummary};
use crate::provider::machinery::Shared;
use crate::tf::Attribute;

/// The permissions a Zeebe client can be granted.
pub const PERMISSIONS: &[&str] = &["Zeebe", "Operate", "Tasklist", "Optimize", "Secrets"];

/// `rest_address`, the same for the resource, the data source and the ephemeral resource.
fn rest_address() -> Attribute {
    Attribute::string("rest_address")
        .computed()
        .description(REST_ADDRESS)
}

const REST_ADDRESS: &str = "The base address of the cluster's Orchestration Cluster API \
    (REST; clients append `/v2`), as a provider's `orchestration_api` block takes it: the \
    `ZEEBE_REST_ADDRESS` of the client's connection details where the Console gives it, else \
    `https://<region>.zeebe.camunda.io/<cluster-id>`, derived from `zeebe_address` \
    (`<cluster-id>.<region>.zeebe.camunda.io:443`). Null when neither is had: while the \
    connection details are not known, or for an address of another form.";

/// What a cluster's client list says about one client.
pub enum Found {
    /// The client's entry (name, permissions).
    Client(ClientSummary),
    /// The cluster is there, the client is not.
    NoClient,
    /// The cluster itself is gone (or never was).
    NoCluster,
}

impl Found {
    /// The client, if it exists.
    pub fn client(self) -> Option<ClientSummary> {
        match self {
            Found::Client(summary) => Some(summary),
            Found::NoClient | Found::NoCluster => None,
        }
    }
}

/// The client's entry in its cluster's list. The one place that finds a client by ID: the
/// clients of one cluster share one list call per provider process.
pub async fn summary(
    shared: &Shared,
    api: &console::Client,
    cluster_id: &str,
    client_id: &str,
) -> Result<Found, console::Error> {
    let Some(clients) = shared.client_lists.get(api, cluster_id).await? else {
        return Ok(Found::NoCluster);
    };
    Ok(clients
        .iter()
        .find(|c| c.client_id == client_id)
        .cloned()
        .map_or(Found::NoClient, Found::Client))
}
