//! Request and answer bodies, named and shaped as in the API's description (camelCase on
//! the wire). Answers are read leniently: a field the description requires but that an
//! older cluster (8.8) does not send, or sends as null, is optional here.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::search::search_filter;
use crate::secret::Secret;

/// An object that is an id, a name and a description: a tenant, a role or a group.
pub trait NamedObject {
    fn id(&self) -> &str;
    /// Its name and description, as an update sends them (no description is `""`).
    fn name_and_description(&self) -> NameAndDescription;
}

/// Declares an object that is an id, a name and a description (tenants, roles, groups):
/// `POST /{collection}` takes it, reads give it.
macro_rules! named_object {
    ($(#[$doc:meta])* $name:ident { $id:ident }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub $id: String,
            pub name: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
        }

        impl NamedObject for $name {
            fn id(&self) -> &str {
                &self.$id
            }

            fn name_and_description(&self) -> NameAndDescription {
                NameAndDescription {
                    name: self.name.clone(),
                    description: self.description.clone().unwrap_or_default(),
                }
            }
        }
    };
}

named_object!(/** A tenant. */ Tenant { tenant_id });
named_object!(/** A role. */ Role { role_id });
named_object!(/** A group. */ Group { group_id });

/// The body of `PUT /tenants/{id}`, `PUT /roles/{id}` and `PUT /groups/{id}`. The
/// description is always sent: 8.8 refuses an update without one (400, "No description
/// provided"), although the API's description requires only the name. The cluster keeps
/// none as `""`, so an empty description is none, and a read's null is `""` here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NameAndDescription {
    pub name: String,
    pub description: String,
}

search_filter!(
    /// A search filter of tenants; unset fields do not filter.
    TenantFilter { tenant_id: String, name: String }
);
search_filter!(
    /// A search filter of roles; unset fields do not filter.
    RoleFilter { role_id: String, name: String }
);
search_filter!(
    /// A search filter of groups (exact values); unset fields do not filter.
    GroupFilter { group_id: String, name: String }
);

/// A user, as reads give it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub username: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// The body of `POST /users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub username: String,
    pub password: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The body of `PUT /users/{username}`: unset fields are left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

search_filter!(
    /// A search filter of users (exact values); unset fields do not filter.
    UserFilter { username: String, name: String, email: String }
);

/// A mapping rule: `POST /mapping-rules` takes it, reads give it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingRule {
    pub mapping_rule_id: String,
    pub name: String,
    pub claim_name: String,
    pub claim_value: String,
}

/// The body of `PUT /mapping-rules/{id}`: every field is required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingRuleUpdate {
    pub name: String,
    pub claim_name: String,
    pub claim_value: String,
}

search_filter!(
    /// A search filter of mapping rules; unset fields do not filter.
    MappingRuleFilter { mapping_rule_id: String, name: String, claim_name: String, claim_value: String }
);

/// An authorization: permissions of one owner on one resource, as reads give it
/// (`AuthorizationResult`). The key is the server's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    pub authorization_key: String,
    pub owner_id: String,
    pub owner_type: String,
    pub resource_type: String,
    /// Set unless the authorization is property-based.
    #[serde(default)]
    pub resource_id: Option<String>,
    /// 8.9 and later: set when the authorization is property-based.
    #[serde(default)]
    pub resource_property_name: Option<String>,
    pub permission_types: Vec<String>,
}

/// What an authorization is for: one resource by id (`*` for all), or (8.9 and later) the
/// resources whose property of this name names the owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum AuthorizationResource {
    #[serde(rename = "resourceId")]
    Id(String),
    #[serde(rename = "resourcePropertyName")]
    Property(String),
}

/// The body of `POST /authorizations` and `PUT /authorizations/{authorizationKey}`
/// (`AuthorizationRequest`). Types are the API's values as text: see
/// [`permissions`](super::permissions) for those this client knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewAuthorization {
    pub owner_id: String,
    pub owner_type: String,
    pub resource_type: String,
    /// Sent as `resourceId` or `resourcePropertyName`.
    #[serde(flatten)]
    pub resource: AuthorizationResource,
    pub permission_types: Vec<String>,
}

search_filter!(
    /// A search filter of authorizations (exact values; a list matches any of its values);
    /// unset fields do not filter.
    AuthorizationFilter {
        owner_id: String,
        owner_type: String,
        resource_type: String,
        resource_ids: Vec<String>,
        /// 8.9 and later.
        resource_property_names: Vec<String>,
    }
);

/// Where a cluster variable lives (8.9 and later): the whole cluster, or one tenant.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClusterVariableScope {
    Global,
    /// By tenant id.
    Tenant(String),
}

/// What names a cluster variable: its scope and its name, unique within the scope.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClusterVariableKey {
    pub scope: ClusterVariableScope,
    pub name: String,
}

/// A cluster variable, as reads give it (`ClusterVariableResult`, 8.9 and later).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterVariable {
    pub name: String,
    /// Any JSON value. Answers carry it as JSON text, decoded here.
    #[serde(deserialize_with = "json_text")]
    pub value: Value,
    /// `GLOBAL` or `TENANT`.
    pub scope: String,
    /// Set when the scope is `TENANT`.
    #[serde(default)]
    pub tenant_id: Option<String>,
}

/// A value that answers carry as JSON text; also read as it is when an answer carries the
/// JSON value itself, or text that is not JSON (kept as the string it is).
fn json_text<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
        value => value,
    })
}

search_filter!(
    /// A search filter of cluster variables (exact values); unset fields do not filter.
    ClusterVariableFilter {
        name: String,
        /// The value as JSON text, as answers carry it.
        value: String,
        /// `GLOBAL` or `TENANT`.
        scope: String,
        tenant_id: String,
    }
);

/// `GET /topology`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Topology {
    pub brokers: Vec<Broker>,
    /// 8.9 and later.
    #[serde(default)]
    pub cluster_id: Option<String>,
    pub cluster_size: i32,
    pub partitions_count: i32,
    pub replication_factor: i32,
    pub gateway_version: String,
    #[serde(default)]
    pub last_completed_change_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Broker {
    pub node_id: i32,
    /// 8.10 and later.
    #[serde(default)]
    pub broker_id: Option<String>,
    pub host: String,
    pub port: i32,
    pub partitions: Vec<Partition>,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    pub partition_id: i32,
    pub role: PartitionRole,
    pub health: PartitionHealth,
    /// 8.10 and later.
    #[serde(default)]
    pub state: Option<PartitionState>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartitionRole {
    Leader,
    Follower,
    Inactive,
    /// A value that a newer cluster may send.
    #[serde(other)]
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartitionHealth {
    Healthy,
    Unhealthy,
    Dead,
    /// A value that a newer cluster may send.
    #[serde(other)]
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartitionState {
    Joining,
    Active,
    Leaving,
    Recovering,
    /// `unknown`, or a value that a newer cluster may send.
    #[serde(other)]
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_are_camel_case_without_unset_fields() {
        let role = Role {
            role_id: "r1".into(),
            name: "Role 1".into(),
            description: None,
        };
        assert_eq!(
            serde_json::to_value(&role).unwrap(),
            json!({"roleId": "r1", "name": "Role 1"})
        );
        let filter = MappingRuleFilter {
            claim_name: Some("groups".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&filter).unwrap(),
            json!({"claimName": "groups"})
        );
    }

    #[test]
    fn a_new_user_sends_its_password_and_hides_it_in_debug() {
        let user = NewUser {
            username: "u".into(),
            password: "pw-value".into(),
            name: None,
            email: Some("u@example.com".into()),
        };
        assert_eq!(
            serde_json::to_value(&user).unwrap(),
            json!({"username": "u", "password": "pw-value", "email": "u@example.com"})
        );
        assert!(!format!("{user:?}").contains("pw-value"));
    }

    #[test]
    fn an_authorization_names_exactly_one_resource_field() {
        let mut new = NewAuthorization {
            owner_id: "ops".into(),
            owner_type: "ROLE".into(),
            resource_type: "PROCESS_DEFINITION".into(),
            resource: AuthorizationResource::Id("*".into()),
            permission_types: vec!["READ_PROCESS_DEFINITION".into()],
        };
        assert_eq!(
            serde_json::to_value(&new).unwrap(),
            json!({"ownerId": "ops", "ownerType": "ROLE", "resourceType": "PROCESS_DEFINITION",
                   "resourceId": "*", "permissionTypes": ["READ_PROCESS_DEFINITION"]})
        );
        new.resource = AuthorizationResource::Property("assignee".into());
        let body = serde_json::to_value(&new).unwrap();
        assert_eq!(body["resourcePropertyName"], "assignee");
        assert!(body.get("resourceId").is_none(), "{body}");
        let filter = AuthorizationFilter {
            resource_ids: Some(vec!["a".into()]),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&filter).unwrap(),
            json!({"resourceIds": ["a"]})
        );
    }

    #[test]
    fn an_8_8_authorization_without_a_property_name_is_read() {
        let read: Authorization = serde_json::from_value(json!({
            "authorizationKey": "2251799813685249", "ownerId": "ops", "ownerType": "ROLE",
            "resourceType": "ROLE", "resourceId": "*", "permissionTypes": ["READ"]
        }))
        .unwrap();
        assert_eq!(read.resource_id.as_deref(), Some("*"));
        assert_eq!(read.resource_property_name, None);
    }

    #[test]
    fn an_8_8_topology_is_read() {
        let topology: Topology = serde_json::from_value(json!({
            "brokers": [{"nodeId": 0, "host": "zeebe-0", "port": 26501, "version": "8.8.0",
                "partitions": [{"partitionId": 1, "role": "leader", "health": "healthy"}]}],
            "clusterSize": 1, "partitionsCount": 1, "replicationFactor": 1,
            "gatewayVersion": "8.8.0", "lastCompletedChangeId": "-1"
        }))
        .unwrap();
        let partition = &topology.brokers[0].partitions[0];
        assert_eq!(partition.role, PartitionRole::Leader);
        assert_eq!(partition.state, None);
        assert_eq!(topology.cluster_id, None);
    }

    #[test]
    fn a_cluster_variables_value_is_read_from_its_json_text_or_as_it_comes() {
        let read = |value: Value| -> Value {
            let variable: ClusterVariable = serde_json::from_value(json!({
                "name": "flags", "value": value, "scope": "GLOBAL", "tenantId": null,
                "kind": "JSON", "metadata": {}
            }))
            .unwrap();
            variable.value
        };
        assert_eq!(read(json!(r#"{"on":true}"#)), json!({"on": true}));
        assert_eq!(read(json!(r#""text""#)), json!("text"));
        assert_eq!(read(json!("null")), Value::Null);
        assert_eq!(read(json!({"on": true})), json!({"on": true}));
        assert_eq!(read(json!([1, 2])), json!([1, 2]));
        assert_eq!(read(json!("not json")), json!("not json"));
        let tenant: ClusterVariable = serde_json::from_value(json!({
            "name": "flags", "value": "1", "scope": "TENANT", "tenantId": "emea"
        }))
        .unwrap();
        assert_eq!(
            (tenant.scope.as_str(), tenant.tenant_id.as_deref()),
            ("TENANT", Some("emea"))
        );
    }
}
