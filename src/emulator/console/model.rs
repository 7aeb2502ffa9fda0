//! Wire types of the Console API (OpenAPI 1.3.3), as the emulator sends and accepts them.
//!
//! Request bodies reject unknown fields, as the API's `additionalProperties: false` asks.

use serde::{Deserialize, Serialize};

/// The wire types the emulator answers exactly as the client reads them.
pub use crate::console::{
    BackupOption, BackupRegion, Channel, ClientDetails, ClusterUpgrade, CreatedCluster, IdName,
    IdNameRef, MetricsEndpoint, Parameters, Region, SecureConnectivityAnswer,
};

/// Status of one cluster component, and of the cluster as a whole (`ready`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComponentStatus {
    Creating,
    Healthy,
    Unhealthy,
    Updating,
    Resuming,
    Suspended,
}

impl ComponentStatus {
    /// Transitional states end in Healthy on their own after a while.
    pub fn is_transitional(self) -> bool {
        matches!(self, Self::Creating | Self::Updating | Self::Resuming)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStatus {
    pub ready: ComponentStatus,
    pub zeebe_status: ComponentStatus,
    pub operate_status: ComponentStatus,
    pub tasklist_status: ComponentStatus,
    pub optimize_status: ComponentStatus,
}

impl ClusterStatus {
    /// The emulator moves all components together.
    pub fn all(status: ComponentStatus) -> Self {
        Self {
            ready: status,
            zeebe_status: status,
            operate_status: status,
            tasklist_status: status,
            optimize_status: status,
        }
    }
}

/// A cluster's links; a new client's answer carries the same but `identity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterLinks {
    pub zeebe: String,
    pub operate: String,
    pub tasklist: String,
    pub optimize: String,
    pub console: String,
    pub connectors: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    pub oauth: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub uuid: String,
    pub name: String,
    pub created: String,
    pub owner_id: String,
    pub auto_update: bool,
    pub channel: IdName,
    pub generation: IdName,
    pub region: IdName,
    pub plan_type: IdName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_region: Option<IdName>,
    /// Absent while the cluster has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub status: ClusterStatus,
    pub links: ClusterLinks,
    /// The stage label, when one is set, is the cluster's only label.
    pub labels: Vec<String>,
    pub encryption: ClusterEncryption,
    /// Shown only to API clients allowed to read the allowlist (`get:ipallowlist`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipallowlist: Option<Vec<IpRule>>,
    /// The deprecated name of `ipallowlist`, with the same rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipwhitelist: Option<Vec<IpRule>>,
}

/// One entry of a cluster's IP allowlist: a comma-separated list of addresses and CIDRs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpRule {
    pub ip: String,
    pub description: String,
}

/// Body of `PUT /clusters/{id}/ipallowlist`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpAllowlistBody {
    pub ipallowlist: Vec<IpRule>,
}

/// Body of the deprecated `PUT /clusters/{id}/ipwhitelist`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpWhitelistBody {
    pub ipwhitelist: Vec<IpRule>,
}

/// Body of `POST /clusters/{id}/secrets`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSecretBody {
    pub secret_name: String,
    pub secret_value: String,
}

/// Body of `PUT /clusters/{id}/secrets/{name}`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSecretBody {
    pub secret_value: String,
}

/// A role in the organization. Only some can be assigned through the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgRole {
    Member,
    Admin,
    Owner,
    Supportagent,
    Operationsengineer,
    Taskuser,
    Analyst,
    Developer,
    Visitor,
    Modeler,
}

impl OrgRole {
    /// The roles `POST /members/{email}` assigns.
    pub const ASSIGNABLE: [OrgRole; 7] = [
        Self::Admin,
        Self::Operationsengineer,
        Self::Taskuser,
        Self::Analyst,
        Self::Developer,
        Self::Visitor,
        Self::Modeler,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Admin => "admin",
            Self::Owner => "owner",
            Self::Supportagent => "supportagent",
            Self::Operationsengineer => "operationsengineer",
            Self::Taskuser => "taskuser",
            Self::Analyst => "analyst",
            Self::Developer => "developer",
            Self::Visitor => "visitor",
            Self::Modeler => "modeler",
        }
    }

    /// The assignable role named `name`.
    pub fn assignable(name: &str) -> Option<OrgRole> {
        Self::ASSIGNABLE.into_iter().find(|r| r.as_str() == name)
    }
}

/// One entry of `GET /members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub name: String,
    pub email: String,
    pub roles: Vec<OrgRole>,
    pub invite_pending: bool,
}

/// Body of `POST /members/{email}`. Roles are strings here so that an unknown one is
/// answered with the list of those that can be assigned.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PostMemberBody {
    pub org_roles: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageLabel {
    Dev,
    Test,
    Stage,
    Prod,
}

impl StageLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dev => "dev",
            Self::Test => "test",
            Self::Stage => "stage",
            Self::Prod => "prod",
        }
    }
}

/// How a cluster's data is encrypted at rest, chosen at create; `External` takes the
/// customer's own keys (`PUT /clusters/{id}/encryption`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encryption {
    Software,
    Hardware,
    #[default]
    Provider,
    External,
}

/// Where the customer-managed keys of an `External` cluster are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EncryptionStatus {
    Ready,
    ProviderError,
    ExternalEncryptionKeyNotReady,
    ExternalEncryptionKeyNotSupplied,
    CreationError,
    EncryptedStorageNotReady,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterEncryption {
    #[serde(rename = "type")]
    pub kind: Encryption,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_key_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_key_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<EncryptionStatus>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateClusterEncryptionBody {
    pub primary_encryption_key_id: String,
    pub secondary_encryption_key_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateClusterBody {
    pub name: String,
    pub channel_id: String,
    pub generation_id: String,
    pub region_id: String,
    pub plan_type_id: String,
    pub auto_update: Option<bool>,
    pub backup_region_id: Option<String>,
    pub stage_label: Option<StageLabel>,
    pub description: Option<String>,
    pub encryption: Option<Encryption>,
    // Accepted because the API accepts them; the emulator has no use for them.
    pub hardware_packages: Option<f64>,
    pub identity_backend_checks_enabled: Option<bool>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateClusterBody {
    pub name: Option<String>,
    pub stage_label: Option<StageLabel>,
    /// An empty description removes the cluster's description.
    pub description: Option<String>,
    pub number_of_allocated_hw_packages: Option<f64>,
}

/// What a Zeebe client may do; a client created without a list gets all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    Zeebe,
    Operate,
    Tasklist,
    Optimize,
    Secrets,
}

impl Permission {
    pub const ALL: [Permission; 5] = [
        Self::Zeebe,
        Self::Operate,
        Self::Tasklist,
        Self::Optimize,
        Self::Secrets,
    ];
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateClientBody {
    pub client_name: String,
    pub permissions: Option<Vec<Permission>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterClient {
    pub client_id: String,
    pub name: String,
    pub permissions: Vec<Permission>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedClient {
    pub client_id: String,
    pub client_secret: String,
    pub name: String,
    pub uuid: String,
    pub permissions: Vec<Permission>,
    /// The audience the client's tokens are asked for with.
    pub audience: String,
    pub links: ClusterLinks,
}

/// A backup's state, overall and per component; `-` where a component has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackupStatus {
    #[serde(rename = "In progress")]
    InProgress,
    Failed,
    Complete,
    #[serde(rename = "-")]
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    pub uuid: String,
    pub name: String,
    pub created: String,
    /// `-` until the backup is complete.
    pub completed: String,
    pub status: BackupStatus,
    pub zeebe_status: BackupStatus,
    pub operate_status: BackupStatus,
    pub tasklist_status: BackupStatus,
    pub optimize_status: BackupStatus,
    pub generation_uuid: String,
    pub generation_name: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupScheduleBody {
    pub schedule: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSchedule {
    pub name: String,
    pub schedule: String,
}

/// An External Monitoring client; `name` is its username, as the Console shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringClient {
    pub uuid: String,
    pub name: String,
    pub username: String,
    pub created: String,
    pub last_used: String,
    pub created_by: String,
    pub created_by_name: String,
}

/// The create and rotate answers: the only ones that carry the password.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MonitoringClientWithPassword {
    #[serde(flatten)]
    pub client: MonitoringClient,
    pub password: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateMonitoringClientBody {
    pub username: String,
}

/// Answer of `GET /clusters/{id}/monitoring/clients`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MonitoringClients {
    pub clients: Vec<MonitoringClient>,
    pub status: MonitoringStatus,
}

/// `{}` while External Monitoring is off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_endpoint: Option<MetricsEndpoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<serde_json::Value>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecureConnectivityBody {
    pub allowed_principals: Vec<String>,
    pub allowed_regions: Vec<String>,
}

/// The private endpoint service of a cluster, as a Kubernetes-style object.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SecureConnectivity {
    pub metadata: ConnectivityMetadata,
    pub spec: ConnectivitySpec,
    pub status: ConnectivityStatus,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConnectivityMetadata {
    pub name: String,
    pub namespace: String,
    pub labels: OrgLabel,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgLabel {
    pub org_id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectivitySpec {
    pub allowed_principals: Vec<String>,
    pub allowed_regions: Vec<String>,
    pub cluster: ClusterRef,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClusterRef {
    pub id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectivityStatus {
    pub conditions: Vec<Condition>,
    pub endpoint: ConnectivityEndpoint,
    pub endpoint_connection_count: f64,
    pub endpoint_connections: Vec<serde_json::Value>,
    pub observed_generation: f64,
    pub urls: serde_json::Value,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub reason: String,
    pub message: String,
    pub last_transition_time: String,
    pub observed_generation: f64,
}

/// Empty strings until the endpoint service exists.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectivityEndpoint {
    #[serde(rename = "type")]
    pub kind: String,
    pub service_name: String,
    pub private_dns_name: String,
    pub region: String,
}
