//! Wire types of the Console API (JSON, camelCase). Unknown fields are ignored so that newer API
//! versions keep working; required fields that are missing fail decoding with their name.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::rest_address::saas_rest_address;
use crate::secret::Secret;

/// A reference to a named entity: channel, generation, region, plan type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdName {
    pub uuid: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub uuid: String,
    pub name: String,
    /// RFC 3339 creation time, as the API writes it.
    pub created: String,
    pub owner_id: Option<String>,
    pub auto_update: Option<bool>,
    pub channel: IdName,
    pub generation: IdName,
    pub region: IdName,
    pub plan_type: IdName,
    pub backup_region: Option<IdName>,
    pub status: ClusterStatus,
    pub links: ClusterLinks,
    pub labels: Option<Vec<String>>,
    pub stage_label: Option<String>,
    pub description: Option<String>,
    pub encryption: Option<ClusterEncryption>,
}

/// How a cluster is encrypted at rest. `type` is `Software`, `Hardware`, `Provider` or
/// `External`; the keys and their `status` are only there for `External` clusters whose
/// keys were configured.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterEncryption {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub primary_key_arn: Option<String>,
    pub secondary_key_arn: Option<String>,
    pub status: Option<String>,
}

/// The encryption type that takes customer-managed keys.
pub const EXTERNAL_ENCRYPTION: &str = "External";

/// The encryption types a cluster can be created with (`ClusterEncryptionKey`); the API
/// picks `Provider` when a create names none.
pub const ENCRYPTION_TYPES: &[&str] = &["Software", "Hardware", "Provider", EXTERNAL_ENCRYPTION];

/// Body of `PUT /clusters/{id}/encryption`; the secondary key only for dual-region clusters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateClusterEncryption {
    pub primary_encryption_key_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_encryption_key_id: Option<String>,
}

/// The combined state (`ready`) and the state of each component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStatus {
    pub ready: ComponentStatus,
    pub zeebe_status: Option<ComponentStatus>,
    pub operate_status: Option<ComponentStatus>,
    pub tasklist_status: Option<ComponentStatus>,
    pub optimize_status: Option<ComponentStatus>,
}

/// A component's state. Values this client does not know yet are kept as `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum ComponentStatus {
    Creating,
    Healthy,
    Unhealthy,
    Updating,
    Resuming,
    Suspended,
    Other(String),
}

impl ComponentStatus {
    pub fn as_str(&self) -> &str {
        match self {
            ComponentStatus::Creating => "Creating",
            ComponentStatus::Healthy => "Healthy",
            ComponentStatus::Unhealthy => "Unhealthy",
            ComponentStatus::Updating => "Updating",
            ComponentStatus::Resuming => "Resuming",
            ComponentStatus::Suspended => "Suspended",
            ComponentStatus::Other(other) => other,
        }
    }
}

impl From<String> for ComponentStatus {
    fn from(value: String) -> Self {
        match value.as_str() {
            "Creating" => ComponentStatus::Creating,
            "Healthy" => ComponentStatus::Healthy,
            "Unhealthy" => ComponentStatus::Unhealthy,
            "Updating" => ComponentStatus::Updating,
            "Resuming" => ComponentStatus::Resuming,
            "Suspended" => ComponentStatus::Suspended,
            _ => ComponentStatus::Other(value),
        }
    }
}

impl From<ComponentStatus> for String {
    fn from(value: ComponentStatus) -> Self {
        value.as_str().to_owned()
    }
}

impl fmt::Display for ComponentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Endpoints of a cluster's components; each may be absent (for example while creating).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterLinks {
    pub zeebe: Option<String>,
    pub operate: Option<String>,
    pub tasklist: Option<String>,
    pub optimize: Option<String>,
    pub console: Option<String>,
    pub connectors: Option<String>,
    pub identity: Option<String>,
    pub oauth: Option<String>,
}

impl ClusterLinks {
    /// The base of the cluster's Orchestration Cluster API, the SaaS form of `zeebe` (the
    /// cluster's answer carries no REST address); `None` while `zeebe` is absent or not of
    /// that form.
    pub fn rest_address(&self) -> Option<String> {
        self.zeebe.as_deref().and_then(saas_rest_address)
    }
}

/// Body of `POST /clusters`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCluster {
    pub name: String,
    pub channel_id: String,
    pub generation_id: String,
    pub region_id: String,
    pub plan_type_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_update: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_region_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// One of [`ENCRYPTION_TYPES`]; fixed for the cluster's life.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption: Option<String>,
}

/// Answer of `POST /clusters`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedCluster {
    pub cluster_id: String,
}

/// Body of `PATCH /clusters/{id}`; unset fields are left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCluster {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_label: Option<String>,
    /// An empty description removes the cluster's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Answer of `PUT /clusters/{id}/upgrade`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterUpgrade {
    pub cluster: IdNameRef,
    pub old_generation: IdNameRef,
    pub new_generation: IdNameRef,
    pub org_id: String,
}

/// The `{id, name}` form some answers use instead of `{uuid, name}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdNameRef {
    pub id: String,
    pub name: String,
}

/// Answer of `GET /clusters/parameters`: what a cluster can be created with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameters {
    pub channels: Vec<Channel>,
    pub regions: Vec<Region>,
    pub cluster_plan_types: Vec<IdName>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    pub uuid: String,
    pub name: String,
    pub default_generation: IdName,
    pub allowed_generations: Vec<IdName>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub uuid: String,
    pub name: String,
    pub provider: String,
    /// Where the region's clusters can keep their backups (`backupRegionId` takes one of
    /// their ids); empty where the answer lists none.
    #[serde(default)]
    pub backups: Vec<BackupOption>,
}

impl Region {
    /// The backup regions that a cluster in this region can choose.
    pub fn backup_regions(&self) -> impl Iterator<Item = &BackupRegion> {
        self.backups.iter().flat_map(|option| &option.regions)
    }
}

/// Backup regions a region pairs with (for plans that support backups).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupOption {
    pub uuid: String,
    pub regions: Vec<BackupRegion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRegion {
    pub id: String,
    pub label: String,
}

/// One entry of `GET /clusters/{id}/clients`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientSummary {
    pub client_id: String,
    pub name: String,
    pub permissions: Vec<String>,
}

/// Answer of `GET /clusters/{id}/clients/{clientId}`: how to connect with this client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetails {
    pub name: String,
    #[serde(rename = "ZEEBE_CLIENT_ID")]
    pub zeebe_client_id: String,
    #[serde(rename = "ZEEBE_ADDRESS")]
    pub zeebe_address: String,
    #[serde(rename = "ZEEBE_AUTHORIZATION_SERVER_URL")]
    pub zeebe_authorization_server_url: String,
    /// The cluster's REST address, where the answer gives it: the Console UI shows it with
    /// a client's credentials, but the API's documentation leaves it out.
    #[serde(
        rename = "ZEEBE_REST_ADDRESS",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub zeebe_rest_address: Option<String>,
}

impl ClientDetails {
    /// The base of the cluster's Orchestration Cluster API: the answer's own, else the
    /// SaaS form of `ZEEBE_ADDRESS`; `None` when neither is had.
    pub fn rest_address(&self) -> Option<String> {
        self.zeebe_rest_address
            .clone()
            .filter(|address| !address.trim().is_empty())
            .or_else(|| saas_rest_address(&self.zeebe_address))
    }
}

/// Body of `POST /clusters/{id}/clients`; without `permissions` the client gets all of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateClient {
    pub client_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
}

/// Answer of `POST /clusters/{id}/clients`: the only answer that carries the client's secret.
/// Only the id and the secret are required here: an answer that left out a field the
/// description declares must not cost the secret (the create would be undone and repeated).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedClient {
    pub client_id: String,
    pub client_secret: Secret,
    /// Empty when the answer leaves it out.
    #[serde(default)]
    pub name: String,
    /// Empty when the answer leaves it out.
    #[serde(default)]
    pub permissions: Vec<String>,
    pub links: Option<ClusterLinks>,
}

/// A backup of a cluster. `status` and the component statuses are `In progress`,
/// `Complete`, `Failed` or `-` (none); `completed` is `-` until the backup is complete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    pub uuid: String,
    pub name: String,
    pub status: String,
    pub created: Option<String>,
    pub completed: Option<String>,
    pub zeebe_status: Option<String>,
    pub operate_status: Option<String>,
    pub tasklist_status: Option<String>,
    pub optimize_status: Option<String>,
}

/// What `Backup::status` says of a finished backup.
pub const BACKUP_COMPLETE: &str = "Complete";
pub const BACKUP_FAILED: &str = "Failed";

/// A cluster's backup schedule: a five-field cron expression in UTC. Also the body of
/// `PUT /clusters/{id}/backups/schedule`, where the name is left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSchedule {
    #[serde(skip_serializing)]
    pub name: Option<String>,
    pub schedule: String,
}

/// An External Monitoring client of a cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringClient {
    pub uuid: String,
    pub username: String,
    pub name: Option<String>,
    pub created: Option<String>,
}

/// Answer of creating a monitoring client or rotating its password: the only answers that
/// carry the password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringClientWithPassword {
    #[serde(flatten)]
    pub client: MonitoringClient,
    pub password: Secret,
}

/// Body of `POST /clusters/{id}/monitoring/clients`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateMonitoringClient {
    pub username: String,
}

/// Answer of `GET /clusters/{id}/monitoring/clients`: the clients, and whether External
/// Monitoring is on (its status names the metrics endpoint then, and is empty otherwise).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Monitoring {
    pub clients: Vec<MonitoringClient>,
    #[serde(default)]
    pub status: MonitoringStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringStatus {
    pub metrics_endpoint: Option<MetricsEndpoint>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricsEndpoint {
    pub target: String,
    pub scheme: String,
    pub path: String,
}

impl Monitoring {
    /// The URL Prometheus scrapes, while External Monitoring is on.
    pub fn metrics_url(&self) -> Option<String> {
        self.status
            .metrics_endpoint
            .as_ref()
            .map(|e| format!("{}://{}{}", e.scheme, e.target, e.path))
    }
}

/// Answer of `GET /clusters/{id}/secure-connectivity`: `status` is an empty object while
/// Secure Connectivity is off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecureConnectivityAnswer {
    #[serde(default)]
    pub status: serde_json::Value,
}

impl SecureConnectivityAnswer {
    /// The private endpoint service, `None` while Secure Connectivity is off.
    pub fn connectivity(&self) -> Result<Option<SecureConnectivity>, serde_json::Error> {
        match &self.status {
            serde_json::Value::Object(fields) if !fields.is_empty() => {
                serde_json::from_value(self.status.clone()).map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// A cluster's private endpoint service: what it allows, and how far it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecureConnectivity {
    pub spec: ConnectivitySpec,
    pub status: ConnectivityStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ConnectivitySpec {
    pub allowed_principals: Vec<String>,
    pub allowed_regions: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectivityStatus {
    pub conditions: Vec<Condition>,
    pub endpoint: Option<ConnectivityEndpoint>,
}

/// A Kubernetes-style condition: `type` `Ready`, `status` `True` once ready.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Condition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ConnectivityEndpoint {
    pub service_name: Option<String>,
    pub private_dns_name: Option<String>,
    pub region: Option<String>,
}

impl SecureConnectivity {
    /// The `Ready` condition, once the service reports one.
    pub fn ready_condition(&self) -> Option<&Condition> {
        self.status.conditions.iter().find(|c| c.kind == "Ready")
    }

    pub fn is_ready(&self) -> bool {
        self.ready_condition().is_some_and(|c| c.status == "True")
    }
}

/// Body of `POST /clusters/{id}/secure-connectivity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivateSecureConnectivity {
    pub allowed_principals: Vec<String>,
    pub allowed_regions: Vec<String>,
}

/// Answer of `GET /meta/ip-ranges`: each service's egress addresses (bare addresses or
/// CIDR blocks), keyed by the API's name of the service (`web-modeler`). Entries that are
/// not lists of strings are skipped, so that a new kind of entry never breaks decoding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IpRanges(pub BTreeMap<String, Vec<String>>);

impl<'de> Deserialize<'de> for IpRanges {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
        Ok(IpRanges(
            entries
                .into_iter()
                .filter_map(|(service, value)| {
                    serde_json::from_value::<Vec<String>>(value)
                        .ok()
                        .map(|ranges| (service, ranges))
                })
                .collect(),
        ))
    }
}

/// One rule of a cluster's IP allowlist: an address or CIDR block, or several separated by
/// commas, and what it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpRule {
    pub ip: String,
    #[serde(default)]
    pub description: String,
}

/// The allowlist fields of `GET /clusters/{id}`: `ipallowlist`, or where only that is sent,
/// the deprecated `ipwhitelist`. Both are absent where the organization lacks the feature.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ClusterIpAllowlist {
    ipallowlist: Option<Vec<IpRule>>,
    ipwhitelist: Option<Vec<IpRule>>,
}

impl ClusterIpAllowlist {
    /// The rules (empty when the cluster has none); `None` when the answer shows no
    /// allowlist, as the API does for an organization without the feature or a client
    /// that may not see it.
    pub fn rules(self) -> Option<Vec<IpRule>> {
        self.ipallowlist.or(self.ipwhitelist)
    }
}

/// Body of `PUT /clusters/{id}/ipallowlist`: the whole list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct IpAllowlistBody<'a> {
    pub ipallowlist: &'a [IpRule],
}

/// Body of `POST /clusters/{id}/secrets`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateSecret<'a> {
    pub secret_name: &'a str,
    pub secret_value: &'a Secret,
}

/// Body of `PUT /clusters/{id}/secrets/{name}`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpdateSecret<'a> {
    pub secret_value: &'a Secret,
}

/// One entry of `GET /members`: a member, or an invitation not yet accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub email: String,
    #[serde(default)]
    pub name: String,
    pub roles: Vec<String>,
    #[serde(default)]
    pub invite_pending: bool,
}

impl Member {
    /// The organization's owner, whom the API neither changes nor removes.
    pub fn is_owner(&self) -> bool {
        self.roles.iter().any(|r| r == OWNER_ROLE)
    }
}

/// The role of the organization's owner.
pub const OWNER_ROLE: &str = "owner";

/// The roles `POST /members/{email}` assigns.
pub const ASSIGNABLE_ROLES: [&str; 7] = [
    "admin",
    "operationsengineer",
    "taskuser",
    "analyst",
    "developer",
    "visitor",
    "modeler",
];

/// Body of `POST /members/{email}`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PostMember<'a> {
    pub org_roles: &'a [String],
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cluster_json() -> serde_json::Value {
        let id_name = json!({"uuid": "u", "name": "n"});
        json!({
            "uuid": "c1", "name": "prod", "created": "2024-01-02T03:04:05Z",
            "channel": id_name, "generation": id_name, "region": id_name, "planType": id_name,
            "status": {"ready": "Healthy", "zeebeStatus": "Healthy", "futureStatus": "Fine"},
            "links": {"zeebe": "z.example"},
            "somethingNew": {"nested": true},
        })
    }

    #[test]
    fn unknown_fields_are_tolerated() {
        let cluster: Cluster = serde_json::from_value(cluster_json()).unwrap();
        assert_eq!(cluster.status.ready, ComponentStatus::Healthy);
        assert_eq!(cluster.links.zeebe.as_deref(), Some("z.example"));
        assert_eq!(cluster.owner_id, None);
    }

    #[test]
    fn a_clients_rest_address_is_the_answers_own_else_derived_from_its_grpc_address() {
        let details = |extra: serde_json::Value| -> ClientDetails {
            let mut json = json!({
                "name": "worker", "ZEEBE_CLIENT_ID": "z1",
                "ZEEBE_ADDRESS": "c1.bru-2.zeebe.camunda.io:443",
                "ZEEBE_AUTHORIZATION_SERVER_URL": "https://login.example/oauth/token",
            });
            json.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            serde_json::from_value(json).unwrap()
        };
        let documented = details(json!({}));
        assert_eq!(documented.zeebe_rest_address, None);
        assert_eq!(
            documented.rest_address().as_deref(),
            Some("https://bru-2.zeebe.camunda.io/c1")
        );
        let given = details(json!({"ZEEBE_REST_ADDRESS": "http://localhost:8080/zeebe/c1"}));
        assert_eq!(
            given.rest_address().as_deref(),
            Some("http://localhost:8080/zeebe/c1")
        );
        let self_managed = details(json!({"ZEEBE_ADDRESS": "localhost:26500"}));
        assert_eq!(self_managed.rest_address(), None);
    }

    #[test]
    fn a_clusters_rest_address_is_derived_from_its_zeebe_link() {
        let cluster: Cluster = serde_json::from_value(cluster_json()).unwrap();
        assert_eq!(cluster.links.rest_address(), None, "z.example is not SaaS");
        let links = ClusterLinks {
            zeebe: Some("c1.lon-1.zeebe.camunda.io:443".into()),
            ..ClusterLinks::default()
        };
        assert_eq!(
            links.rest_address().as_deref(),
            Some("https://lon-1.zeebe.camunda.io/c1")
        );
        assert_eq!(ClusterLinks::default().rest_address(), None);
    }

    #[test]
    fn unknown_status_values_are_kept() {
        let mut json = cluster_json();
        json["status"]["ready"] = json!("Hibernating");
        let cluster: Cluster = serde_json::from_value(json).unwrap();
        assert_eq!(cluster.status.ready.as_str(), "Hibernating");
    }

    #[test]
    fn missing_required_fields_are_named() {
        let mut json = cluster_json();
        json["status"].as_object_mut().unwrap().remove("ready");
        let err = serde_json::from_value::<Cluster>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`ready`"), "{err}");
    }

    #[test]
    fn optional_request_fields_are_left_out() {
        let body = serde_json::to_value(UpdateCluster {
            name: Some("n".into()),
            ..UpdateCluster::default()
        })
        .unwrap();
        assert_eq!(body, json!({"name": "n"}));
    }

    #[test]
    fn ip_ranges_keep_the_lists_of_addresses_only() {
        let ranges: IpRanges = serde_json::from_value(json!({
            "web-modeler": ["10.0.0.1", "10.1.0.0/16"],
            "updated": "2024-01-01",
        }))
        .unwrap();
        assert_eq!(
            ranges.0,
            BTreeMap::from([(
                "web-modeler".to_owned(),
                vec!["10.0.0.1".to_owned(), "10.1.0.0/16".to_owned()]
            )])
        );
    }

    #[test]
    fn monitoring_is_off_while_its_status_is_empty() {
        let off: Monitoring = serde_json::from_value(json!({"clients": [], "status": {}})).unwrap();
        assert_eq!(off.metrics_url(), None);
        let on: Monitoring = serde_json::from_value(json!({
            "clients": [],
            "status": {"metricsEndpoint": {"target": "m.example:443", "scheme": "https", "path": "/metrics"}, "conditions": []},
        }))
        .unwrap();
        assert_eq!(
            on.metrics_url().as_deref(),
            Some("https://m.example:443/metrics")
        );
    }

    #[test]
    fn secure_connectivity_is_off_while_its_status_is_empty() {
        let off: SecureConnectivityAnswer = serde_json::from_value(json!({"status": {}})).unwrap();
        assert_eq!(off.connectivity().unwrap(), None);
        let on: SecureConnectivityAnswer = serde_json::from_value(json!({"status": {
            "spec": {"allowedPrincipals": ["arn:aws:iam::123456789012:root"], "allowedRegions": []},
            "status": {
                "conditions": [{"type": "Ready", "status": "True", "reason": "Ready", "lastTransitionTime": "t"}],
                "endpoint": {"serviceName": "svc", "privateDnsName": "dns", "region": "eu-central-1", "type": "x"},
                "urls": {}
            },
            "metadata": {"name": "n"}
        }}))
        .unwrap();
        let connectivity = on.connectivity().unwrap().unwrap();
        assert!(connectivity.is_ready());
        assert_eq!(connectivity.spec.allowed_principals.len(), 1);
    }

    #[test]
    fn the_allowlist_falls_back_to_the_deprecated_field_and_may_be_unshown() {
        let rule = |ip: &str| json!({"ip": ip, "description": "d"});
        let both: ClusterIpAllowlist = serde_json::from_value(
            json!({"ipallowlist": [rule("10.0.0.0/8")], "ipwhitelist": [rule("1.1.1.1")], "name": "x"}),
        )
        .unwrap();
        assert_eq!(both.rules().unwrap()[0].ip, "10.0.0.0/8");
        let legacy: ClusterIpAllowlist =
            serde_json::from_value(json!({"ipwhitelist": [{"ip": "1.1.1.1"}]})).unwrap();
        assert_eq!(
            legacy.rules().unwrap(),
            [IpRule {
                ip: "1.1.1.1".into(),
                description: String::new()
            }]
        );
        let empty: ClusterIpAllowlist =
            serde_json::from_value(json!({"ipallowlist": [], "name": "x"})).unwrap();
        assert_eq!(empty.rules(), Some(vec![]));
        // Not shown is not empty: it says nothing of the rules.
        let unshown: ClusterIpAllowlist = serde_json::from_value(json!({"name": "x"})).unwrap();
        assert_eq!(unshown.rules(), None);
    }

    #[test]
    fn secret_bodies_carry_the_value_and_members_decode_tolerantly() {
        let value = Secret::from("v-1");
        let body = serde_json::to_value(CreateSecret {
            secret_name: "A",
            secret_value: &value,
        })
        .unwrap();
        assert_eq!(body, json!({"secretName": "A", "secretValue": "v-1"}));
        let member: Member =
            serde_json::from_value(json!({"email": "a@b.c", "roles": ["owner"], "new": 1}))
                .unwrap();
        assert!(member.is_owner() && !member.invite_pending && member.name.is_empty());
    }

    #[test]
    fn a_created_client_needs_only_its_id_and_secret() {
        let created: CreatedClient =
            serde_json::from_value(json!({"clientId": "z1", "clientSecret": "s3cret"})).unwrap();
        assert_eq!(created.client_id, "z1");
        assert_eq!(created.client_secret.expose(), "s3cret");
        assert!(created.name.is_empty() && created.permissions.is_empty());
    }

    #[test]
    fn created_client_debug_hides_the_secret() {
        let created = CreatedClient {
            client_id: "id".into(),
            client_secret: "top-secret".into(),
            name: "n".into(),
            permissions: vec![],
            links: None,
        };
        assert!(!format!("{created:?}").contains("top-secret"));
    }
}
