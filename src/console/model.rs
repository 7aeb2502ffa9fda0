//! Wire types of the Console API (JSON, camelCase). Unknown fields are ignored so that newer API
//! versions keep working; required fields that are missing fail decoding with their name.

use std::fmt;

use serde::{Deserialize, Serialize};

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedClient {
    pub client_id: String,
    pub client_secret: Secret,
    pub name: String,
    pub uuid: String,
    pub permissions: Vec<String>,
    pub links: Option<ClusterLinks>,
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
    /// The rules, empty when the cluster has none.
    pub fn rules(self) -> Vec<IpRule> {
        self.ipallowlist.or(self.ipwhitelist).unwrap_or_default()
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
            stage_label: None,
        })
        .unwrap();
        assert_eq!(body, json!({"name": "n"}));
    }

    #[test]
    fn the_allowlist_falls_back_to_the_deprecated_field() {
        let rule = |ip: &str| json!({"ip": ip, "description": "d"});
        let both: ClusterIpAllowlist = serde_json::from_value(
            json!({"ipallowlist": [rule("10.0.0.0/8")], "ipwhitelist": [rule("1.1.1.1")], "name": "x"}),
        )
        .unwrap();
        assert_eq!(both.rules()[0].ip, "10.0.0.0/8");
        let legacy: ClusterIpAllowlist =
            serde_json::from_value(json!({"ipwhitelist": [{"ip": "1.1.1.1"}]})).unwrap();
        assert_eq!(
            legacy.rules(),
            [IpRule {
                ip: "1.1.1.1".into(),
                description: String::new()
            }]
        );
        let none: ClusterIpAllowlist = serde_json::from_value(json!({"name": "x"})).unwrap();
        assert!(none.rules().is_empty());
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
    fn created_client_debug_hides_the_secret() {
        let created = CreatedClient {
            client_id: "id".into(),
            client_secret: "top-secret".into(),
            name: "n".into(),
            uuid: "u".into(),
            permissions: vec![],
            links: None,
        };
        assert!(!format!("{created:?}").contains("top-secret"));
    }
}
