//! `camunda_deployment`: BPMN processes, DMN decisions and forms deployed to a Camunda
//! 8.8+ cluster from files that the configuration holds.
//!
//! - Any change of the files or the tenant makes a new deployment (replace). The cluster
//!   makes no new version of a file whose content it already holds, so only the files
//!   that changed get new versions; the apply says which definition got which version.
//! - Exactly once: a deployment whose answer was lost is sent again with the same content,
//!   which makes no second version.
//! - A refresh reads the cluster's definitions (one search per kind per process) and plans
//!   the deployment anew when one of its definitions was deleted outside Terraform: as a
//!   create when all are gone, else as a replacement, so that a destroy first deletes what
//!   is left (`delete_on_destroy`) and a destroy that failed halfway can be repeated.
//! - A destroy forgets the deployment and leaves its definitions, with a warning, unless
//!   `delete_on_destroy` is set (`definitions::delete`).

mod definitions;

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::orchestration::{self, Resource as DeploymentFile};
use crate::provider::machinery::Object;
use crate::tf::validators::{file_names, not_blank};
use crate::tf::{Attr, Attribute, Block, Change, Diagnostics, Path, Resource, Schema, Type, call};

/// `camunda_deployment`.
pub struct Deployment;

/// The private key under which a refresh keeps the definitions that are gone, for the plan.
const GONE: &str = "definitions_gone";

/// The endings of the file names that the cluster deploys.
const FILE_ENDINGS: [&str; 3] = [".bpmn", ".dmn", ".form"];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentModel {
    resources: Attr<BTreeMap<String, String>>,
    tenant_id: Attr<String>,
    delete_on_destroy: Attr<bool>,
    id: Attr<String>,
    deployment_key: Attr<String>,
    processes: Attr<Vec<ProcessModel>>,
    decisions: Attr<Vec<DecisionModel>>,
    forms: Attr<Vec<FormModel>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ProcessModel {
    process_definition_id: String,
    version: i64,
    process_definition_key: String,
    resource_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct DecisionModel {
    decision_definition_id: String,
    version: i64,
    decision_definition_key: String,
    decision_requirements_key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct FormModel {
    form_id: String,
    version: i64,
    form_key: String,
    resource_name: String,
}

impl DeploymentModel {
    /// The planned deployment with what the cluster made of it, each list by ID.
    fn made(&self, deployment: &orchestration::Deployment) -> DeploymentModel {
        let processes = deployment.processes.iter().map(|p| ProcessModel {
            process_definition_id: p.process_definition_id.clone(),
            version: p.version,
            process_definition_key: p.process_definition_key.clone(),
            resource_name: p.resource_name.clone(),
        });
        let decisions = deployment.decisions.iter().map(|d| DecisionModel {
            decision_definition_id: d.decision_definition_id.clone(),
            version: d.version,
            decision_definition_key: d.decision_definition_key.clone(),
            decision_requirements_key: d.decision_requirements_key.clone(),
        });
        let forms = deployment.forms.iter().map(|f| FormModel {
            form_id: f.form_id.clone(),
            version: f.version,
            form_key: f.form_key.clone(),
            resource_name: f.resource_name.clone(),
        });
        DeploymentModel {
            id: deployment.deployment_key.as_str().into(),
            deployment_key: deployment.deployment_key.as_str().into(),
            processes: sorted(processes, |p| &p.process_definition_id),
            decisions: sorted(decisions, |d| &d.decision_definition_id),
            forms: sorted(forms, |f| &f.form_id),
            ..self.clone()
        }
    }

    /// The deployment to be made again: what the cluster will make is known after apply.
    fn anew(&self) -> DeploymentModel {
        DeploymentModel {
            id: Attr::Unknown,
            deployment_key: Attr::Unknown,
            processes: Attr::Unknown,
            decisions: Attr::Unknown,
            forms: Attr::Unknown,
            ..self.clone()
        }
    }

    fn processes(&self) -> &[ProcessModel] {
        self.processes.get().map_or(&[], Vec::as_slice)
    }

    fn decisions(&self) -> &[DecisionModel] {
        self.decisions.get().map_or(&[], Vec::as_slice)
    }

    fn forms(&self) -> &[FormModel] {
        self.forms.get().map_or(&[], Vec::as_slice)
    }

    /// Each definition, named for messages.
    fn named_definitions(&self) -> Vec<String> {
        let processes = self.processes().iter().map(ProcessModel::label);
        let decisions = self.decisions().iter().map(DecisionModel::label);
        let forms = self.forms().iter().map(FormModel::label);
        processes.chain(decisions).chain(forms).collect()
    }

    /// The keys that delete what the deployment made, each with what it deletes: the
    /// decisions of a DMN file go with their decision requirements' key.
    fn resource_keys(&self) -> Vec<(String, String)> {
        let mut requirements: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for decision in self.decisions() {
            requirements
                .entry(&decision.decision_requirements_key)
                .or_default()
                .push(decision.label());
        }
        let processes = self
            .processes()
            .iter()
            .map(|p| (p.label(), p.process_definition_key.clone()));
        let decisions = requirements
            .into_iter()
            .map(|(key, labels)| (labels.join(" and "), key.to_owned()));
        let forms = self.forms().iter().map(|f| (f.label(), f.form_key.clone()));
        processes.chain(decisions).chain(forms).collect()
    }
}

impl ProcessModel {
    /// `process "order" version 3 (order.bpmn)`
    fn label(&self) -> String {
        format!(
            "process {:?} version {} ({})",
            self.process_definition_id, self.version, self.resource_name
        )
    }
}

impl DecisionModel {
    /// `decision "risk" version 1`
    fn label(&self) -> String {
        format!(
            "decision {:?} version {}",
            self.decision_definition_id, self.version
        )
    }
}

impl FormModel {
    /// `form "start" version 2 (start.form)`
    fn label(&self) -> String {
        format!(
            "form {:?} version {} ({})",
            self.form_id, self.version, self.resource_name
        )
    }
}

/// `items` in the order of their IDs, so that a deployment's lists never show as changed.
fn sorted<T>(items: impl Iterator<Item = T>, id: impl Fn(&T) -> &String) -> Attr<Vec<T>> {
    let mut items: Vec<T> = items.collect();
    items.sort_by(|a, b| id(a).cmp(id(b)));
    items.into()
}

/// Reports a deployment that the cluster refused: on each file that its message names,
/// else on `resources`.
fn refused(
    diags: &mut Diagnostics,
    files: &BTreeMap<String, String>,
    error: &orchestration::Error,
) {
    let message = error.to_string();
    let named: Vec<&String> = files
        .keys()
        .filter(|name| message.contains(name.as_str()))
        .collect();
    let summary = "The cluster did not deploy the files";
    if error.status() != Some(400) || named.is_empty() {
        diags.attribute_error(Path::attr("resources"), summary, message);
        return;
    }
    for name in named {
        diags.attribute_error(
            Path::attr("resources").then_key(name),
            format!("The cluster refused {name}"),
            message.clone(),
        );
    }
}

/// Says which definition got which version: the plan could only say that a deployment
/// would be made, and unchanged files keep their versions.
fn report_versions(diags: &mut Diagnostics, made: &DeploymentModel) {
    diags.warning(
        format!("Deployed as deployment {}", made.deployment_key.as_str()),
        format!(
            "The cluster holds {}. A file whose content it held already kept its version.",
            made.named_definitions().join(", ")
        ),
    );
}

fn files(resources: &BTreeMap<String, String>) -> Vec<DeploymentFile<'_>> {
    resources
        .iter()
        .map(|(name, content)| DeploymentFile {
            name,
            content: content.as_bytes(),
        })
        .collect()
}

/// A definition that the deployment made, as the state lists it: its ID, its version, its
/// key and one more string (its file, or a decision's requirements).
fn definition_type(id: &str, key: &str, more: &str) -> Type {
    Type::object([
        (id, Type::String),
        ("version", Type::Number),
        (key, Type::String),
        (more, Type::String),
    ])
}

#[async_trait]
impl Resource for Object<Deployment> {
    type Model = DeploymentModel;

    const TYPE_NAME: &'static str = "camunda_deployment";

    fn schema() -> Schema {
        let made = |name, ty, description| {
            Attribute::new(name, ty)
                .computed()
                .use_state_for_unknown()
                .description(description)
        };
        let version = "The version that the cluster gave it; unchanged content keeps its version.";
        Schema::new(
            Block::new(
                "Deploys BPMN processes, DMN decisions and forms to a Camunda 8.8+ cluster (SaaS \
                 or Self-Managed). Any change of the files or the tenant makes a new deployment; \
                 the cluster gives new versions only to the definitions whose content changed. A \
                 destroy leaves the definitions in the cluster unless `delete_on_destroy` is set. \
                 A deployment cannot be imported: deploying the same files again makes no new \
                 versions.",
            )
            .attribute(
                Attribute::new("resources", Type::map(Type::String))
                    .required()
                    .requires_replace()
                    .validate(file_names(&FILE_ENDINGS))
                    .description(
                        "The files to deploy: file name → content, as `file(\"order.bpmn\")` \
                         reads it. The name's ending says what a file holds: `.bpmn` (BPMN \
                         processes), `.dmn` (DMN decisions) or `.form` (a form). A change makes \
                         a new deployment.",
                    ),
            )
            .attribute(
                Attribute::string("tenant_id")
                    .optional()
                    .requires_replace()
                    .validate(not_blank(256))
                    .description(
                        "The tenant to deploy to, on a cluster with multi-tenancy; unset, the \
                         default tenant. A change makes a new deployment.",
                    ),
            )
            .attribute(
                Attribute::bool("delete_on_destroy")
                    .optional()
                    .computed()
                    .default(false)
                    .description(
                        "Whether a destroy deletes the definitions that the deployment made (a \
                         DMN file's decisions with their decision requirements). False, a \
                         destroy leaves them in the cluster and says so. A replacement destroys \
                         the old deployment too, so set it only where new versions of unchanged \
                         files are fine. A definition with running process instances cannot be \
                         deleted. Changes in place.",
                    ),
            )
            .attribute(made(
                "id",
                Type::String,
                "The deployment's key, as `deployment_key`.",
            ))
            .attribute(made(
                "deployment_key",
                Type::String,
                "The key the cluster gave the deployment.",
            ))
            .attribute(
                made(
                    "processes",
                    Type::list(definition_type(
                        "process_definition_id",
                        "process_definition_key",
                        "resource_name",
                    )),
                    "The process definitions that the BPMN files made, by process ID.",
                )
                .describe_field(
                    "process_definition_id",
                    "The process's ID in its BPMN file.",
                )
                .describe_field("version", version)
                .describe_field("process_definition_key", "The process definition's key.")
                .describe_field("resource_name", "The file that holds the process."),
            )
            .attribute(
                made(
                    "decisions",
                    Type::list(definition_type(
                        "decision_definition_id",
                        "decision_definition_key",
                        "decision_requirements_key",
                    )),
                    "The decision definitions that the DMN files made, by decision ID.",
                )
                .describe_field(
                    "decision_definition_id",
                    "The decision's ID in its DMN file.",
                )
                .describe_field("version", version)
                .describe_field("decision_definition_key", "The decision definition's key.")
                .describe_field(
                    "decision_requirements_key",
                    "The key of the decision requirements (the DMN file) that hold the decision.",
                ),
            )
            .attribute(
                made(
                    "forms",
                    Type::list(definition_type("form_id", "form_key", "resource_name")),
                    "The forms that the form files made, by form ID.",
                )
                .describe_field("form_id", "The form's ID in its file.")
                .describe_field("version", version)
                .describe_field("form_key", "The form's key.")
                .describe_field("resource_name", "The file that holds the form."),
            ),
        )
    }

    /// A deployment some of whose definitions are gone is replaced (see `read`).
    async fn modify_plan(&self, call: call::ModifyPlan<'_, Self::Model>) {
        let gone: Vec<String> = call
            .ctx
            .private()
            .get(GONE)
            .and_then(|gone| serde_json::from_value(gone.clone()).ok())
            .unwrap_or_default();
        if gone.is_empty() {
            return;
        }
        let Change::Update {
            planned,
            replacing: false,
            ..
        } = call.plan.change()
        else {
            return;
        };
        *planned = planned.anew();
        call.diags.warning(
            "Definitions of the deployment were deleted outside Terraform",
            format!(
                "The cluster no longer holds {}, so the deployment is made anew.",
                gone.join(", ")
            ),
        );
        call.plan.require_replace(Path::attr("deployment_key"));
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<DeploymentModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let resources = call.planned.resources.get()?;
        // The same content deployed again makes no new version, so the client sends it
        // again after a lost answer.
        let tenant_id = call.planned.tenant_id.get().map(String::as_str);
        let deployment = match api.deploy(&files(resources), tenant_id).await {
            Ok(deployment) => deployment,
            Err(error) => {
                refused(call.diags, resources, &error);
                return None;
            }
        };
        let made = call.planned.made(&deployment);
        call.ctx.private().remove(GONE);
        self.settle(api, &made, call.diags).await;
        report_versions(call.diags, &made);
        Some(made)
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<DeploymentModel> {
        // Settings known only at apply: the state stands until then.
        if self.shared.cluster_api.pending() {
            return Some(call.state.clone());
        }
        let api = self.shared.cluster_api.get(call.diags)?;
        let Some(missing) = self.missing(api, call.state, call.diags).await else {
            return Some(call.state.clone());
        };
        if missing.is_empty() {
            call.ctx.private().remove(GONE);
            return Some(call.state.clone());
        }
        tracing::info!(
            deployment_key = call.state.deployment_key.as_str(),
            ?missing,
            "definitions of the deployment that the cluster no longer holds"
        );
        // All gone: nothing is left to destroy, and the plan creates the deployment.
        if missing.len() == call.state.named_definitions().len() {
            return None;
        }
        call.ctx.private().set(GONE, json!(missing));
        Some(call.state.clone())
    }

    /// Only `delete_on_destroy` changes in place: the rest replaces.
    async fn update(&self, call: call::Update<'_, Self::Model>) -> DeploymentModel {
        DeploymentModel {
            delete_on_destroy: call.planned.delete_on_destroy.clone(),
            ..call.prior.clone()
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        if call.prior.delete_on_destroy.get() != Some(&true) {
            call.diags.warning(
                format!(
                    "The definitions of deployment {} stay in the cluster",
                    call.prior.deployment_key.as_str()
                ),
                format!(
                    "Terraform forgets the deployment; the cluster keeps {}. Set \
                     `delete_on_destroy = true` to delete them with the deployment.",
                    call.prior.named_definitions().join(", ")
                ),
            );
            return;
        }
        let Some(api) = self.shared.cluster_api.get(call.diags) else {
            return;
        };
        self.delete_definitions(api, call.prior, call.diags).await;
    }

    async fn import(&self, call: call::Import<'_>) -> Option<DeploymentModel> {
        let id = call.id;
        call.diags.error(
            "A deployment cannot be imported",
            format!(
                "The cluster cannot say which files deployment {id:?} was made of. Add a \
                 `camunda_deployment` with the same files instead: deploying content that the \
                 cluster holds already makes no new versions."
            ),
        );
        None
    }
}
