//! The Camunda Console API client. It knows nothing of Terraform: the provider maps its
//! resources onto these calls.

mod auth;
mod client;
mod config;
pub mod env;
mod error;
mod model;
mod redact;
mod retry;
mod token_cache;

pub use client::Client;
pub use config::{
    Credentials, DEFAULT_API_URL, DEFAULT_AUDIENCE, DEFAULT_OAUTH_URL, Settings, SettingsInput,
    TokenCache,
};
pub use error::{Call, Error, ErrorKind, Failure};
pub use model::{
    ASSIGNABLE_ROLES, Channel, ClientDetails, ClientSummary, Cluster, ClusterIpAllowlist,
    ClusterLinks, ClusterStatus, ClusterUpgrade, ComponentStatus, CreateClient, CreateCluster,
    CreatedClient, CreatedCluster, IdName, IdNameRef, IpRule, Member, OWNER_ROLE, Parameters,
    Region, UpdateCluster,
};
pub use redact::{is_secret_key, redact_json};
pub use retry::RetryPolicy;
