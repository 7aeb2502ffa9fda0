//! The Orchestration Cluster API (Camunda 8.8+, `/v2/...`): the identity objects
//! (tenants, roles, groups, users, mapping rules), their memberships, authorizations,
//! cluster variables, deployments with what they make, process instances that hold a
//! definition in use, and the topology.
//!
//! Every cluster of the Console serves it at its REST address, `{base_url}/zeebe/{id}`,
//! for the tokens of its Zeebe clients; one standalone Self-Managed cluster serves it at
//! `{base_url}/v2/...`, with OAuth, HTTP basic or no authentication. Reads (`GET` and
//! searches) see what was true `read_lag` ago, as the real API's eventually consistent
//! reads do; writes see the truth. Errors are problem details (`application/problem+json`).
//!
//! - `store`: the objects of each cluster with their short history, saved beside the
//!   Console's state file; `objects`: the generic create, get, update, delete and search of
//!   one kind, which `tenants`, `roles`, `groups`, `users`, `mapping_rules` and
//!   `authorizations` (whose keys the cluster picks) define;
//!   `members`: memberships; `cluster_variables`: global and tenant variables, kept by
//!   scope and name; `deployments`: deployments of files (`form_data`: their multipart
//!   bodies; `resources`: what a BPMN, DMN or form file defines); `definitions`: what they
//!   made, read, searched and deleted; `process_instances`: instances that only wait;
//!   `search`: filters, sorting and paging; `ids`: id checks;
//!   `access`: who may call, and the call's cluster; `problem`: error answers;
//!   `topology`; `admin`: the admin endpoints.

mod access;
pub mod admin;
mod authorizations;
mod cluster_variables;
mod definitions;
mod deployments;
mod form_data;
mod groups;
mod ids;
mod mapping_rules;
mod members;
mod named;
mod objects;
mod problem;
mod process_instances;
mod resources;
mod roles;
mod search;
mod store;
mod tenants;
mod topology;
mod users;

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::handler::Handler;
use axum::middleware::from_fn_with_state;

use super::layers::{self, Rules};
use super::lock::Lock;
use super::routes::{self, ApiRoute};
use super::{AppState, Config};
use crate::secret::Secret;
pub use access::authorize;
use objects::Object;
pub use problem::not_served;
use store::Store;

/// Where each Console cluster's API sits under the emulator's base URL.
const CLUSTER_PREFIX: &str = "/zeebe/{clusterId}";

/// The name of the standalone Self-Managed cluster in admin paths.
pub const SELF_MANAGED: &str = "self-managed";

/// The REST address of a Console cluster: its API is at `{address}/v2/...`.
pub fn rest_address(base_url: &str, cluster_id: &str) -> String {
    format!("{base_url}/zeebe/{cluster_id}")
}

/// How the standalone Self-Managed cluster checks its callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// Tokens of the emulator's token endpoint for the configured client.
    OAuth,
    /// HTTP basic of a user of the cluster (the seeded one or those made through the API).
    Basic,
    /// No check.
    None,
}

impl std::str::FromStr for AuthMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "oauth" => Ok(Self::OAuth),
            "basic" => Ok(Self::Basic),
            "none" => Ok(Self::None),
            _ => Err(format!("{text:?} is not oauth, basic or none")),
        }
    }
}

/// The standalone Self-Managed cluster, at `{base_url}/v2/...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfManaged {
    pub auth: AuthMode,
    /// The OAuth client whose tokens (audience `zeebe.camunda.io`) it accepts.
    pub client_id: String,
    pub client_secret: Secret,
    /// The user seeded when it uses HTTP basic.
    pub username: String,
    pub password: Secret,
}

impl Default for SelfManaged {
    fn default() -> Self {
        Self {
            auth: AuthMode::OAuth,
            client_id: "orchestration".to_string(),
            client_secret: "orchestration-secret".into(),
            username: "demo".to_string(),
            password: "demo".into(),
        }
    }
}

impl SelfManaged {
    /// The credentials its authentication needs must not be empty.
    pub fn check(&self) -> Result<(), String> {
        let (what, id, secret) = match self.auth {
            AuthMode::OAuth => ("client id and secret", &self.client_id, &self.client_secret),
            AuthMode::Basic => ("username and password", &self.username, &self.password),
            AuthMode::None => return Ok(()),
        };
        if id.is_empty() || secret.expose().is_empty() {
            return Err(format!("the self-managed cluster needs a non-empty {what}"));
        }
        Ok(())
    }

    /// Whether these are the credentials of its OAuth client, when it uses OAuth.
    pub fn is_oauth_client(&self, client_id: &str, secret: &str) -> bool {
        self.auth == AuthMode::OAuth
            && client_id == self.client_id
            && secret == self.client_secret.expose()
    }
}

/// What the spec lists as needed for an operation (`x-required-permissions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permission {
    pub resource: &'static str,
    pub operation: &'static str,
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.resource, self.operation)
    }
}

/// The API's part of the emulator's state.
pub struct OrchestrationState {
    store: Lock<Store>,
    read_lag_ms: AtomicU64,
    /// Per route key, the permission its operation needs.
    permissions: HashMap<String, Permission>,
}

impl OrchestrationState {
    pub fn open(config: &Config) -> io::Result<Self> {
        Ok(Self {
            store: Lock::new(Store::open(config)?),
            read_lag_ms: AtomicU64::new(config.read_lag.as_millis() as u64),
            permissions: operations().permissions,
        })
    }

    pub fn read_lag(&self) -> Duration {
        Duration::from_millis(self.read_lag_ms.load(Ordering::Relaxed))
    }

    pub fn set_read_lag(&self, lag: Duration) {
        self.read_lag_ms
            .store(lag.as_millis() as u64, Ordering::Relaxed);
    }
}

/// Every route of the API, at both places it is served.
pub fn routes() -> Vec<ApiRoute> {
    operations().routes
}

/// The routes with their checks: the guard (credentials, faults, lost answers) and,
/// outside it, the rewording of every error as problem details.
pub fn router(state: &AppState) -> Router<AppState> {
    let rules = Rules {
        authorize,
        is_write: access::is_write,
    };
    routes::router(routes())
        .route_layer(from_fn_with_state((state.clone(), rules), layers::guard))
        .route_layer(from_fn_with_state(state.clone(), problem::reword))
}

/// The routes and what each needs.
struct Operations {
    routes: Vec<ApiRoute>,
    permissions: HashMap<String, Permission>,
}

impl Operations {
    /// Serves `path` (after `/v2`) for Console clusters and for the standalone cluster.
    fn add<H, T>(&mut self, method: &str, path: &str, handler: H, permission: Option<Permission>)
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        for prefix in [CLUSTER_PREFIX, ""] {
            let route = ApiRoute::new(method, &format!("{prefix}/v2{path}"), handler.clone());
            if let Some(permission) = permission {
                self.permissions.insert(route.key.clone(), permission);
            }
            self.routes.push(route);
        }
    }

    /// Create, search, get, update and delete of one kind.
    fn add_kind<O: Object>(&mut self) {
        let plural = O::KIND.plural();
        let one = format!("/{plural}/{{{}}}", O::KIND.id_param());
        let needs = |operation| Some(O::KIND.permission(operation));
        self.add(
            "POST",
            &format!("/{plural}"),
            objects::create::<O>,
            needs("CREATE"),
        );
        self.add(
            "POST",
            &format!("/{plural}/search"),
            objects::search::<O>,
            needs("READ"),
        );
        self.add("GET", &one, objects::get::<O>, needs("READ"));
        self.add("PUT", &one, objects::update::<O>, needs("UPDATE"));
        self.add("DELETE", &one, objects::delete::<O>, needs("DELETE"));
    }
}

fn operations() -> Operations {
    let mut ops = Operations {
        routes: Vec::new(),
        permissions: HashMap::new(),
    };
    ops.add_kind::<tenants::Tenant>();
    ops.add_kind::<roles::Role>();
    ops.add_kind::<groups::Group>();
    ops.add_kind::<users::User>();
    ops.add_kind::<mapping_rules::MappingRule>();
    ops.add_kind::<authorizations::Authorization>();
    members::add_routes(&mut ops);
    cluster_variables::add_routes(&mut ops);
    deployments::add_routes(&mut ops);
    definitions::add_routes(&mut ops);
    process_instances::add_routes(&mut ops);
    ops.add("GET", "/topology", topology::get, None);
    ops
}
