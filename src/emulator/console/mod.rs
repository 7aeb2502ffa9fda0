//! The Console API: its routes and handlers, wire types (`model`), the organization they
//! change (`store`, saved in the state file) with the seeded creation parameters, and the
//! admin endpoints that change the organization behind a client's back.

mod access;
pub mod admin;
mod allowlist;
mod backups;
pub mod clients;
pub mod clusters;
mod connectivity;
mod encryption;
mod members;
mod meta;
pub mod model;
mod monitoring;
mod parameters;
pub mod secrets;
mod store;

use std::io;

use axum::extract::Request;
use axum::handler::Handler;
use axum::http::Method;

use super::error::ApiResult;
use super::lock::Lock;
use super::routes::ApiRoute;
use super::{AppState, Config, auth};
use crate::console::permission::Permission;
use parameters::CreationParameters;
use store::Store;

/// The Console API's part of the emulator's state.
pub struct ConsoleState {
    params: CreationParameters,
    store: Lock<Store>,
}

impl ConsoleState {
    pub fn open(config: &Config) -> io::Result<Self> {
        Ok(Self {
            params: CreationParameters::seeded(config.seed),
            store: Lock::new(Store::open(
                config.state_file.clone(),
                config.seed,
                &config.owner_email,
            )?),
        })
    }

    /// A cluster whose own API serves: one that exists and is not being deleted.
    pub fn served_cluster(&self, uuid: &str, now: u64) -> Option<ServedCluster> {
        let store = self.store.lock();
        let cluster = store.cluster(uuid, now).filter(|c| !c.is_deleting())?;
        let generation = self.params.generation(&cluster.generation_id);
        Some(ServedCluster {
            version: generation.map_or_else(String::new, |(_, g)| {
                g.name.trim_start_matches("Camunda ").to_string()
            }),
            client_ids: cluster
                .clients
                .iter()
                .map(|c| c.client_id.clone())
                .collect(),
        })
    }

    /// Whether these are the credentials of a Zeebe client of an existing cluster: the
    /// clients made through the Console API get tokens for the clusters' own APIs.
    pub fn is_zeebe_client(&self, client_id: &str, secret: &str, now: u64) -> bool {
        self.store
            .lock()
            .zeebe_client(client_id, now)
            .is_some_and(|client| client.secret_matches(secret))
    }
}

/// What a cluster's own API needs to know of the cluster.
pub struct ServedCluster {
    /// Its Camunda version, such as `8.7.3`.
    pub version: String,
    /// Its Zeebe clients, whose tokens its API accepts.
    pub client_ids: Vec<String>,
}

/// Every route of the Console API.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::new("GET", "/clusters", clusters::list),
        ApiRoute::new("POST", "/clusters", clusters::create),
        ApiRoute::new("GET", "/clusters/parameters", clusters::parameters),
        cluster_route("GET", "", clusters::get),
        cluster_route("PATCH", "", clusters::update),
        cluster_route("DELETE", "", clusters::delete),
        cluster_route("PUT", "/upgrade", clusters::upgrade),
        cluster_route("PUT", "/wake", clusters::wake),
        cluster_route("GET", "/clients", clients::list),
        cluster_route("POST", "/clients", clients::create),
        cluster_route("GET", "/clients/{clientId}", clients::details),
        cluster_route("DELETE", "/clients/{clientId}", clients::delete),
        cluster_route("GET", "/backups", backups::list),
        cluster_route("POST", "/backups", backups::create),
        cluster_route("GET", "/backups/schedule", backups::get_schedule),
        cluster_route("PUT", "/backups/schedule", backups::put_schedule),
        cluster_route("DELETE", "/backups/schedule", backups::delete_schedule),
        cluster_route("DELETE", "/backups/{backupId}", backups::delete),
        cluster_route("POST", "/monitoring", monitoring::activate),
        cluster_route("DELETE", "/monitoring", monitoring::deactivate),
        cluster_route("GET", "/monitoring/clients", monitoring::list_clients),
        cluster_route("POST", "/monitoring/clients", monitoring::create_client),
        cluster_route(
            "DELETE",
            "/monitoring/clients/{clientUuid}",
            monitoring::delete_client,
        ),
        cluster_route(
            "POST",
            "/monitoring/clients/{clientUuid}/rotate",
            monitoring::rotate,
        ),
        cluster_route("GET", "/secure-connectivity", connectivity::get),
        cluster_route("POST", "/secure-connectivity", connectivity::activate),
        cluster_route("DELETE", "/secure-connectivity", connectivity::deactivate),
        cluster_route("PUT", "/encryption", encryption::update),
        ApiRoute::new("GET", meta::IP_RANGES_PATH, meta::ip_ranges),
        cluster_route("GET", "/secrets", secrets::list),
        cluster_route("POST", "/secrets", secrets::create),
        cluster_route("PUT", "/secrets/{secretName}", secrets::update),
        cluster_route("DELETE", "/secrets/{secretName}", secrets::delete),
        cluster_route("PUT", "/ipallowlist", allowlist::put_allowlist),
        cluster_route("PUT", "/ipwhitelist", allowlist::put_whitelist),
        ApiRoute::new("GET", "/members", members::list),
        ApiRoute::new("POST", "/members/{email}", members::post),
        ApiRoute::new("DELETE", "/members/{email}", members::delete),
    ]
}

/// A route of one cluster: `tail` follows `/clusters/{clusterUuid}`.
fn cluster_route<H, T>(method: &str, tail: &str, handler: H) -> ApiRoute
where
    H: Handler<T, AppState>,
    T: 'static,
{
    ApiRoute::new(method, &format!("/clusters/{{clusterUuid}}{tail}"), handler)
}

/// A Console API token with the permission the call needs; the egress ranges are public.
pub fn authorize(state: &AppState, template: &str, request: &Request) -> ApiResult<()> {
    let method = request.method();
    if *method == Method::GET && template == meta::IP_RANGES_PATH {
        return Ok(());
    }
    let needed = Permission::for_call(method.as_str(), template);
    auth::check_bearer(state, request.headers(), &needed)
}

/// Every permission the Console API asks for: the main API client's scopes.
pub fn all_permissions() -> Vec<String> {
    let mut permissions: Vec<String> = routes()
        .iter()
        .map(|route| {
            let (method, path) = route.key.split_once(' ').expect("METHOD /path");
            Permission::for_call(method, path).scope()
        })
        .chain([clusters::read_allowlist().scope()])
        .collect();
    permissions.sort();
    permissions.dedup();
    permissions
}

/// The permissions that only read: what a client for plan checks needs.
pub fn read_permissions() -> Vec<String> {
    all_permissions()
        .into_iter()
        .filter(|p| p.starts_with("get:"))
        .collect()
}
