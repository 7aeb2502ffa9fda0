//! Deployments of BPMN processes, DMN decisions and forms, and deletion of what they made.
//!
//! A deployment is one multipart `POST /deployments` of files; the cluster answers with
//! the definitions each file made. Deploying byte-identical content again makes no new
//! version and answers with the existing definitions, so a deploy whose answer was lost
//! is sent again like an update. A refused deployment answers 400 whose problem detail
//! names the file and what is wrong with it; [`Error::problem`] keeps it whole.

use reqwest::Method;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::client::{Client, Op};
use super::error::Error;
use crate::http_client::multipart::{Multipart, Part};

/// One file of a deployment: its name (with `.bpmn`, `.dmn` or `.form`) and content.
#[derive(Clone, Copy)]
pub struct Resource<'a> {
    pub name: &'a str,
    pub content: &'a [u8],
}

/// Names and sizes only: contents can be large.
impl std::fmt::Debug for Resource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} ({} bytes)", self.name, self.content.len())
    }
}

/// What a deployment made (`DeploymentResult`), sorted by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deployment {
    pub deployment_key: String,
    pub tenant_id: String,
    pub processes: Vec<DeployedProcess>,
    pub decisions: Vec<DeployedDecision>,
    pub decision_requirements: Vec<DeployedDecisionRequirements>,
    pub forms: Vec<DeployedForm>,
}

/// `DeploymentProcessResult`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployedProcess {
    pub process_definition_id: String,
    #[serde(rename = "processDefinitionVersion")]
    pub version: i64,
    #[serde(deserialize_with = "key")]
    pub process_definition_key: String,
    pub resource_name: String,
    pub tenant_id: String,
}

/// `DeploymentDecisionResult`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployedDecision {
    pub decision_definition_id: String,
    pub version: i64,
    #[serde(deserialize_with = "key")]
    pub decision_definition_key: String,
    pub decision_requirements_id: String,
    #[serde(deserialize_with = "key")]
    pub decision_requirements_key: String,
    #[serde(default)]
    pub name: String,
    pub tenant_id: String,
}

/// `DeploymentDecisionRequirementsResult`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployedDecisionRequirements {
    pub decision_requirements_id: String,
    #[serde(default)]
    pub decision_requirements_name: String,
    pub version: i64,
    #[serde(deserialize_with = "key")]
    pub decision_requirements_key: String,
    pub resource_name: String,
    pub tenant_id: String,
}

/// `DeploymentFormResult`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployedForm {
    pub form_id: String,
    pub version: i64,
    #[serde(deserialize_with = "key")]
    pub form_key: String,
    pub resource_name: String,
    pub tenant_id: String,
}

/// `DeploymentResult` as it comes: one item per definition made.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    #[serde(deserialize_with = "key")]
    deployment_key: String,
    tenant_id: String,
    deployments: Vec<Item>,
}

/// `DeploymentMetadataResult`: one of its fields is set. Generic resources (`resource`)
/// are not among what the provider deploys, and are left out.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    #[serde(default)]
    process_definition: Option<DeployedProcess>,
    #[serde(default)]
    decision_definition: Option<DeployedDecision>,
    #[serde(default)]
    decision_requirements: Option<DeployedDecisionRequirements>,
    #[serde(default)]
    form: Option<DeployedForm>,
}

impl From<Answer> for Deployment {
    fn from(answer: Answer) -> Deployment {
        let mut deployment = Deployment {
            deployment_key: answer.deployment_key,
            tenant_id: answer.tenant_id,
            ..Deployment::default()
        };
        for item in answer.deployments {
            deployment.processes.extend(item.process_definition);
            deployment.decisions.extend(item.decision_definition);
            deployment
                .decision_requirements
                .extend(item.decision_requirements);
            deployment.forms.extend(item.form);
        }
        deployment
    }
}

/// A key: a string on the wire (the description's `*Key` types), or a number as older
/// clusters sent it.
pub(super) fn key<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "a key is a string or a number, not {other}"
        ))),
    }
}

impl Client {
    /// `POST /deployments`: one `resources` part per file, named by its file name, and a
    /// `tenantId` part when given. Byte-identical content makes no new version, so the call
    /// is repeated on transient failures like an update.
    pub async fn deploy(
        &self,
        resources: &[Resource<'_>],
        tenant_id: Option<&str>,
    ) -> Result<Deployment, Error> {
        let op = Op::repeatable("RESOURCE:CREATE");
        let mut parts: Vec<Part> = resources
            .iter()
            .map(|r| Part {
                name: "resources",
                filename: Some(r.name),
                content: r.content,
            })
            .collect();
        if let Some(tenant_id) = tenant_id {
            parts.push(Part {
                name: "tenantId",
                filename: None,
                content: tenant_id.as_bytes(),
            });
        }
        let answer: Answer = self
            .upload(&["deployments"], Multipart::new(&parts), op)
            .await?;
        Ok(answer.into())
    }

    /// `POST /resources/{resourceKey}/deletion` of a process definition's, decision
    /// requirements' (with all their decisions) or form's key; [`Error::is_not_found`] when
    /// there is none. The permission the cluster checks depends on what the key names.
    pub async fn delete_resource(&self, resource_key: &str) -> Result<(), Error> {
        let op = Op::repeatable("RESOURCE:DELETE_PROCESS, DELETE_DRD or DELETE_FORM");
        // The answer (`DeleteResourceResponse`, 8.9+) says nothing the caller needs.
        self.act(Method::POST, &["resources", resource_key, "deletion"], op)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_answer_is_sorted_into_its_kinds_and_keys_may_be_numbers() {
        let answer = json!({
            "deploymentKey": 2251799813685249u64,
            "tenantId": "<default>",
            "deployments": [
                {"processDefinition": {"processDefinitionId": "order", "processDefinitionVersion": 2,
                    "processDefinitionKey": "2251799813685250", "resourceName": "order.bpmn",
                    "tenantId": "<default>"},
                 "decisionDefinition": null, "decisionRequirements": null, "form": null, "resource": null},
                {"processDefinition": null, "decisionDefinition": null, "form": null, "resource": null,
                 "decisionRequirements": {"decisionRequirementsId": "rules", "decisionRequirementsName": "Rules",
                    "version": 1, "decisionRequirementsKey": "11", "resourceName": "rules.dmn",
                    "tenantId": "<default>"}},
                {"decisionDefinition": {"decisionDefinitionId": "discount", "version": 1,
                    "decisionDefinitionKey": 12, "decisionRequirementsId": "rules",
                    "decisionRequirementsKey": "11", "name": "Discount", "tenantId": "<default>"}},
                {"form": {"formId": "review", "version": 3, "formKey": "13",
                    "resourceName": "review.form", "tenantId": "<default>"}},
                {"resource": {"resourceId": "x", "resourceKey": "14", "resourceName": "x.txt",
                    "version": 1, "tenantId": "<default>"}}
            ]
        });
        let deployment: Deployment = serde_json::from_value::<Answer>(answer).unwrap().into();
        assert_eq!(deployment.deployment_key, "2251799813685249");
        assert_eq!(deployment.processes.len(), 1);
        assert_eq!(deployment.processes[0].version, 2);
        assert_eq!(
            deployment.decision_requirements[0].decision_requirements_key,
            "11"
        );
        assert_eq!(deployment.decisions[0].decision_definition_key, "12");
        assert_eq!(deployment.forms[0].form_key, "13");
        assert!(
            serde_json::from_value::<Answer>(json!({
                "deploymentKey": true, "tenantId": "t", "deployments": []
            }))
            .is_err()
        );
    }

    #[test]
    fn a_resource_shows_its_name_and_size_only() {
        let resource = Resource {
            name: "a.bpmn",
            content: b"<secret-ish/>",
        };
        assert_eq!(format!("{resource:?}"), "\"a.bpmn\" (13 bytes)");
    }
}
