//! The Camunda Console API client. It knows nothing of Terraform: the provider maps its
//! resources onto these calls.

mod client;
mod config;
mod endpoints;
pub mod env;
mod error;
mod model;
pub mod permission;
mod rest_address;

pub use crate::http_client::redact::{is_secret_key, redact_json};
pub use crate::http_client::retry::RetryPolicy;
pub use crate::oauth::CacheProblem;
pub use client::{AccessToken, Client};
pub use config::{
    Credentials, DEFAULT_API_URL, DEFAULT_AUDIENCE, DEFAULT_OAUTH_URL, Settings, SettingsInput,
    TokenCache,
};
pub use error::{Call, Error, ErrorKind, Failure};
pub use model::{
    ASSIGNABLE_ROLES, ActivateSecureConnectivity, BACKUP_COMPLETE, BACKUP_FAILED, Backup,
    BackupOption, BackupRegion, BackupSchedule, Channel, ClientDetails, ClientSummary, Cluster,
    ClusterEncryption, ClusterIpAllowlist, ClusterLinks, ClusterStatus, ClusterUpgrade,
    ComponentStatus, Condition, ConnectivityEndpoint, ConnectivitySpec, ConnectivityStatus,
    CreateClient, CreateCluster, CreateMonitoringClient, CreatedClient, CreatedCluster,
    ENCRYPTION_TYPES, EXTERNAL_ENCRYPTION, IdName, IdNameRef, IpRanges, IpRule, Member,
    MetricsEndpoint, Monitoring, MonitoringClient, MonitoringClientWithPassword, MonitoringStatus,
    OWNER_ROLE, Parameters, Region, SecureConnectivity, SecureConnectivityAnswer, UpdateCluster,
    UpdateClusterEncryption,
};
