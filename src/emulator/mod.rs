//! A local stand-in for the Camunda Console API: OAuth token endpoint, clusters with a
//! Creating→Healthy lifecycle, Zeebe clients with one-time secrets, connector secrets, IP
//! allowlists, organization members with an owner and pending invitations, seeded creation
//! parameters, an optional state file, fault injection, and admin endpoints for tests
//! under [`ADMIN_PREFIX`]. It also serves the Orchestration Cluster API (`/v2/...`, the
//! identity objects, authorizations and the topology) of every Console cluster at its
//! REST address `{base_url}/zeebe/{cluster_id}`, and of one standalone Self-Managed
//! cluster at `{base_url}/v2/...`, with reads that lag writes by `Config::read_lag`.
//!
//! Layout: each emulated API has a folder of its own; the files beside them are shared.
//! - `console/`: the Console API: routes and handlers, wire types (`model`), the
//!   organization store, its Bearer check, and its admin endpoints.
//! - `orchestration/`: the Orchestration Cluster API: one file per kind of object, the
//!   memberships, searches, the store of every cluster's objects, its own credential check
//!   (Zeebe tokens, OAuth, HTTP basic or none, and read-only credentials), its problem
//!   details, and its admin endpoints.
//! - shared: `auth` (token endpoint, rate limit, Bearer token check), `faults` and
//!   `connection` (injected faults, lost answers), `layers` and `routes` (middleware that
//!   counts, delays, guards and loses calls, with each API's own `Rules`), `records`
//!   (counters, request log), `state_file`, `body` and `error` (request bodies, error
//!   answers), `clock`, `lock`, and `admin` (counters, faults and API clients).
//! - this file: `Config`, `Emulator`, the state all handlers share, and the router.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use camunda_provider::emulator::{Config, Emulator};
//! let emulator = Emulator::start(Config::default()).await?;
//! println!("{}", emulator.base_url());
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```

mod admin;
mod auth;
mod body;
mod clock;
mod connection;
mod console;
mod error;
mod faults;
mod layers;
mod lock;
mod orchestration;
mod records;
mod routes;
mod state_file;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{StatusCode, Uri};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use admin::ADMIN_PREFIX;
pub use auth::ZEEBE_AUDIENCE;
pub use console::clients::MAX_CLIENT_NAME_LEN;
pub use console::clusters::MAX_CLUSTER_NAME_LEN;
pub use console::model;
pub use console::secrets::MAX_SECRET_NAME_LEN;
pub use console::{all_permissions, read_permissions};
pub use faults::{
    FAULT_STATUSES, FaultRate, Faults, LOST_ANSWER_STATUSES, LossRate, LostAnswer, ScheduledFault,
    ScheduledLoss,
};
pub use orchestration::{AuthMode, SelfManaged};
pub use records::{Counters, LoggedRequest};

use auth::{RateLimiter, TokenSigner};
use connection::{Cut, Listener};
use console::ConsoleState;
use faults::FaultInjector;
use layers::Rules;
use lock::Lock;
use orchestration::OrchestrationState;
use records::Records;

use crate::secret::Secret;

/// How the emulator behaves; `Default` suits the quickstart.
#[derive(Clone, Debug)]
pub struct Config {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Credentials of the organization's API client.
    pub client_id: String,
    pub client_secret: Secret,
    /// The audience token requests for the Console API must name.
    pub audience: String,
    /// How long a new (or upgraded, or woken) cluster takes to become Healthy.
    pub healthy_after: Duration,
    /// How long a deleted cluster is still visible before it answers 404.
    pub deleted_after: Duration,
    /// The shortest time between two backups of a cluster.
    pub min_backup_interval: Duration,
    /// Lifetime of issued tokens.
    pub token_ttl: Duration,
    pub rate_limit: RateLimit,
    /// Seeds the creation parameters (ids and versions).
    pub seed: u64,
    /// Where the organization is saved after every change and loaded from at start.
    pub state_file: Option<PathBuf>,
    /// The organization's owner, a member from the start (unless the state file names
    /// another): the one member who cannot be removed.
    pub owner_email: String,
    pub faults: Faults,
    /// More API clients of the organization, each with its own permissions (the main
    /// client has them all).
    pub api_clients: Vec<ApiClient>,
    /// How long reads (`GET`s and searches) of the clusters' Orchestration Cluster APIs
    /// lag behind writes; changeable at runtime through `PUT /__emulator/read-lag`.
    pub read_lag: Duration,
    /// The standalone Self-Managed cluster at `{base_url}/v2/...`.
    pub self_managed: SelfManaged,
}

/// An API client of the organization with chosen permissions, such as a read-only one
/// for CI plan checks. Permissions are token scopes: `get:clusters`, `create:clients`…
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiClient {
    pub client_id: String,
    pub client_secret: Secret,
    pub permissions: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: 0,
            client_id: "camunda-emulator".to_string(),
            client_secret: "emulator-secret".into(),
            audience: "api.cloud.camunda.io".to_string(),
            healthy_after: Duration::from_secs(2),
            deleted_after: Duration::from_secs(1),
            min_backup_interval: Duration::from_secs(15 * 60),
            token_ttl: Duration::from_secs(3600),
            rate_limit: RateLimit::default(),
            seed: 1,
            state_file: None,
            owner_email: "owner@example.com".to_string(),
            faults: Faults::default(),
            api_clients: Vec::new(),
            read_lag: Duration::ZERO,
            self_managed: SelfManaged::default(),
        }
    }
}

impl Config {
    fn validate(&self) -> io::Result<()> {
        let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidInput, message);
        if self.client_id.is_empty() || self.client_secret.expose().is_empty() {
            return Err(invalid(
                "the emulator needs a non-empty client id and client secret".to_string(),
            ));
        }
        if self.rate_limit.max_requests > 0 && self.rate_limit.window.is_zero() {
            return Err(invalid(
                "the rate limit window must be longer than zero".to_string(),
            ));
        }
        let known = all_permissions();
        for client in &self.api_clients {
            check_api_client(client, &known).map_err(invalid)?;
        }
        self.self_managed.check().map_err(invalid)?;
        self.faults.validate(&api_routes()).map_err(invalid)
    }
}

/// `METHOD /template` of every route of the emulated APIs.
fn api_routes() -> Vec<String> {
    let all = console::routes().into_iter().chain(orchestration::routes());
    all.map(|r| r.key).collect()
}

/// Token requests allowed per client: at most `max_requests` within `window`; a client
/// that asks more often gets 429 and is refused for `block_for`. `max_requests` 0 means
/// no limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub max_requests: u32,
    pub window: Duration,
    pub block_for: Duration,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            max_requests: 20,
            window: Duration::from_secs(60),
            block_for: Duration::from_secs(60),
        }
    }
}

/// Checks an extra API client: credentials, and permissions the API knows.
fn check_api_client(client: &ApiClient, known: &[String]) -> Result<(), String> {
    if client.client_id.is_empty() || client.client_secret.expose().is_empty() {
        return Err("an API client needs a non-empty client id and client secret".to_string());
    }
    match client.permissions.iter().find(|p| !known.contains(p)) {
        Some(unknown) => Err(format!(
            "API client {:?}: unknown permission {unknown:?}; the permissions are {}",
            client.client_id,
            known.join(", ")
        )),
        None => Ok(()),
    }
}

/// State shared by all handlers: what every emulated API uses, and each API's own part.
struct Shared {
    config: Config,
    faults: Lock<FaultInjector>,
    records: Lock<Records>,
    limiter: Lock<RateLimiter>,
    /// The extra API clients: the configured ones, and those added through the admin API.
    api_clients: Lock<Vec<ApiClient>>,
    all_permissions: Vec<String>,
    signer: TokenSigner,
    base_url: String,
    /// `METHOD /template` of every API route, for validating scheduled faults.
    api_routes: Vec<String>,
    console: ConsoleState,
    orchestration: OrchestrationState,
}

impl Shared {
    fn token_url(&self) -> String {
        format!("{}/oauth/token", self.base_url)
    }

    /// The permissions of the extra API client with these credentials, if there is one.
    fn api_client_permissions(&self, client_id: &str, secret: &str) -> Option<Vec<String>> {
        self.api_clients
            .lock()
            .iter()
            .find(|c| c.client_id == client_id && c.client_secret.expose() == secret)
            .map(|c| c.permissions.clone())
    }
}

type AppState = Arc<Shared>;

/// A running emulator; dropping it stops the server too, `shutdown` also waits for it.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Binds 127.0.0.1 on the configured port (0: a free one) and serves in the background.
    pub async fn start(config: Config) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        Self::serve(config, listener).await
    }

    /// Serves on an already bound listener, in the background.
    pub async fn serve(config: Config, listener: TcpListener) -> io::Result<Self> {
        config.validate()?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            console: ConsoleState::open(&config)?,
            orchestration: OrchestrationState::open(&config)?,
            faults: Lock::new(FaultInjector::new(config.faults.clone(), config.seed)),
            records: Lock::new(Records::default()),
            limiter: Lock::new(RateLimiter::new(config.rate_limit.clone())),
            api_clients: Lock::new(config.api_clients.clone()),
            all_permissions: all_permissions(),
            signer: TokenSigner::new(&config),
            base_url: format!("http://{addr}"),
            api_routes: api_routes(),
            config,
        });
        let app = router(shared).into_make_service_with_connect_info::<Cut>();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let server = axum::serve(Listener(listener), app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = server.await {
                tracing::error!(error = %e, "the emulator's server failed");
            }
        });
        tracing::info!(%addr, "camunda console emulator listening");
        Ok(Self {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn token_url(&self) -> String {
        format!("{}/oauth/token", self.base_url())
    }

    /// `http://127.0.0.1:PORT/__emulator`.
    pub fn admin_url(&self) -> String {
        format!("{}{ADMIN_PREFIX}", self.base_url())
    }

    /// Stops accepting connections and waits for open requests to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router(shared: AppState) -> Router {
    let rules = Rules {
        authorize: console::authorize,
        is_write: layers::writes_by_method,
    };
    let console = routes::router(console::routes())
        .route_layer(from_fn_with_state((shared.clone(), rules), layers::guard));
    let api = console
        .merge(orchestration::router(&shared))
        .route("/oauth/token", post(auth::token))
        .route_layer(from_fn_with_state(shared.clone(), layers::observe));
    let admin = admin::router()
        .merge(console::admin::router())
        .merge(orchestration::admin::router());
    api.nest(ADMIN_PREFIX, admin)
        .fallback(|uri: Uri| async move {
            orchestration::not_served(uri.path()).unwrap_or_else(|| {
                let body = json!({"status": 404, "message": "no such endpoint"});
                (StatusCode::NOT_FOUND, Json(body)).into_response()
            })
        })
        .with_state(shared)
}
