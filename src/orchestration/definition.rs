//! Reads of what deployments made: process and decision definitions (every page of a
//! search) and forms (8.10 and later). Eventually consistent, as every read is: a
//! definition just deployed may not be found yet.

use serde::{Deserialize, Serialize};

use super::client::{Client, Op};
use super::collection::Searchable;
use super::deployment::key;
use super::error::Error;
use super::search::search_filter;

/// `ProcessDefinitionResult`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessDefinition {
    #[serde(deserialize_with = "key")]
    pub process_definition_key: String,
    pub process_definition_id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub version: i64,
    #[serde(default)]
    pub version_tag: Option<String>,
    pub resource_name: String,
    pub tenant_id: String,
    /// Absent before 8.10, whose reads list only what the runtime holds.
    #[serde(default)]
    pub state: Option<DefinitionState>,
}

/// `ProcessDefinitionResult.state` (8.10 and later): a deleted definition stays in the
/// reads, as its history, until its history is deleted too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DefinitionState {
    Active,
    /// Deleted, while its running instances end.
    Draining,
    Deleted,
    /// A state of a later version, taken as not active.
    #[serde(other)]
    Other,
}

impl ProcessDefinition {
    /// Whether the cluster runs it: active, or read from a cluster that gives no state.
    pub fn is_active(&self) -> bool {
        matches!(self.state, None | Some(DefinitionState::Active))
    }
}

search_filter!(
    /// A search filter of process definitions (exact values); unset fields do not filter.
    ProcessDefinitionFilter {
        process_definition_id: String,
        process_definition_key: String,
        version: i64,
        tenant_id: String,
    }
);

/// `DecisionDefinitionResult`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionDefinition {
    #[serde(deserialize_with = "key")]
    pub decision_definition_key: String,
    pub decision_definition_id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub version: i64,
    #[serde(deserialize_with = "key")]
    pub decision_requirements_key: String,
    pub decision_requirements_id: String,
    pub tenant_id: String,
}

search_filter!(
    /// A search filter of decision definitions (exact values); unset fields do not filter.
    DecisionDefinitionFilter {
        decision_definition_id: String,
        decision_requirements_key: String,
        tenant_id: String,
    }
);

/// `FormResult`, without its schema.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Form {
    #[serde(deserialize_with = "key")]
    pub form_key: String,
    pub form_id: String,
    pub version: i64,
    pub tenant_id: String,
}

impl Searchable for ProcessDefinition {
    type Filter = ProcessDefinitionFilter;
    const READ: &'static str = "PROCESS_DEFINITION:READ_PROCESS_DEFINITION";
    const SEARCH: &'static [&'static str] = &["process-definitions", "search"];
}

impl Searchable for DecisionDefinition {
    type Filter = DecisionDefinitionFilter;
    const READ: &'static str = "DECISION_DEFINITION:READ_DECISION_DEFINITION";
    const SEARCH: &'static [&'static str] = &["decision-definitions", "search"];
}

impl Client {
    /// `GET /forms/{formKey}` (8.10 and later).
    pub async fn get_form(&self, form_key: &str) -> Result<Form, Error> {
        let op = Op::repeatable("RESOURCE:READ");
        self.get(&["forms", form_key], op).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::client::to_json;
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn filters_are_camel_case_without_unset_fields() {
        let filter = ProcessDefinitionFilter {
            process_definition_id: Some("order".into()),
            version: Some(2),
            ..ProcessDefinitionFilter::default()
        };
        assert_eq!(
            to_json(&filter),
            json!({"processDefinitionId": "order", "version": 2})
        );
        let filter = DecisionDefinitionFilter {
            decision_requirements_key: Some("11".into()),
            ..DecisionDefinitionFilter::default()
        };
        assert_eq!(to_json(&filter), json!({"decisionRequirementsKey": "11"}));
    }

    #[test]
    fn a_process_definition_without_name_or_tag_is_read() {
        let read: ProcessDefinition = serde_json::from_value(json!({
            "processDefinitionKey": 5, "processDefinitionId": "order", "name": null,
            "version": 1, "versionTag": null, "resourceName": "order.bpmn",
            "tenantId": "<default>", "hasStartForm": false, "state": "ACTIVE"
        }))
        .unwrap();
        assert_eq!(read.process_definition_key, "5");
        assert_eq!(read.name, None);
        assert!(read.is_active());
    }

    #[test]
    fn a_process_definition_is_active_without_state_and_else_only_when_active() {
        let with = |state: Value| -> ProcessDefinition {
            let mut read = json!({
                "processDefinitionKey": "5", "processDefinitionId": "order", "version": 1,
                "resourceName": "order.bpmn", "tenantId": "<default>"
            });
            if !state.is_null() {
                read["state"] = state;
            }
            serde_json::from_value(read).unwrap()
        };
        assert!(with(Value::Null).is_active(), "before 8.10");
        assert!(with(json!("ACTIVE")).is_active());
        for (state, read) in [
            ("DRAINING", DefinitionState::Draining),
            ("DELETED", DefinitionState::Deleted),
            ("ARCHIVED", DefinitionState::Other),
        ] {
            let found = with(json!(state));
            assert_eq!(found.state, Some(read));
            assert!(!found.is_active(), "{state}");
        }
    }
}
