//! `camunda_process_definition`: one version of a deployed process (the latest unless
//! asked for another), by its BPMN process ID, for wiring a process into other
//! infrastructure.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::orchestration::{ProcessDefinition as Found, ProcessDefinitionFilter};
use crate::provider::machinery::Object;
use crate::provider::machinery::report::ApiResult;
use crate::tf::validators::not_blank;
use crate::tf::{Attr, Attribute, Block, DataSource, Diagnostics, Path, Schema, Type, call};

/// `camunda_process_definition`.
pub struct ProcessDefinition;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProcessDefinitionModel {
    process_definition_id: Attr<String>,
    version: Attr<i64>,
    tenant_id: Attr<String>,
    process_definition_key: Attr<String>,
    name: Attr<String>,
    version_tag: Attr<String>,
    resource_name: Attr<String>,
}

impl ProcessDefinitionModel {
    fn of(found: &Found) -> ProcessDefinitionModel {
        ProcessDefinitionModel {
            process_definition_id: found.process_definition_id.as_str().into(),
            version: found.version.into(),
            tenant_id: found.tenant_id.as_str().into(),
            process_definition_key: found.process_definition_key.as_str().into(),
            name: found.name.clone().into(),
            version_tag: found.version_tag.clone().into(),
            resource_name: found.resource_name.as_str().into(),
        }
    }

    /// `"order" version 3 of tenant "emea"`, as far as the configuration says.
    fn asked(&self) -> String {
        let mut asked = format!("{:?}", self.process_definition_id.as_str());
        if let Some(version) = self.version.get() {
            asked.push_str(&format!(" version {version}"));
        }
        if let Some(tenant) = self.tenant_id.get() {
            asked.push_str(&format!(" of tenant {tenant:?}"));
        }
        asked
    }
}

/// The one definition that the search found for `config`: the highest version of one
/// tenant. Several tenants holding the ID is an error unless the configuration names one.
fn pick<'a>(
    config: &ProcessDefinitionModel,
    found: &'a [Found],
    diags: &mut Diagnostics,
) -> Option<&'a Found> {
    let mut tenants: Vec<&str> = found.iter().map(|f| f.tenant_id.as_str()).collect();
    tenants.sort_unstable();
    tenants.dedup();
    if tenants.len() > 1 {
        diags.attribute_error(
            Path::attr("tenant_id"),
            "The process is deployed to several tenants",
            format!(
                "Process {} is deployed to the tenants {}: set `tenant_id` to one of them.",
                config.asked(),
                tenants.join(", ")
            ),
        );
        return None;
    }
    let latest = found.iter().max_by_key(|f| f.version);
    if latest.is_none() {
        diags.attribute_error(
            Path::attr("process_definition_id"),
            "No such process definition",
            format!(
                "The cluster holds no process {}. Deploy it first (`camunda_deployment`), or \
                 check the ID in its BPMN file's `<bpmn:process id=…>`.",
                config.asked()
            ),
        );
    }
    latest
}

#[async_trait]
impl DataSource for Object<ProcessDefinition> {
    type Model = ProcessDefinitionModel;

    const TYPE_NAME: &'static str = "camunda_process_definition";

    fn schema() -> Schema {
        let computed = |name: &str, description: &str| {
            Attribute::string(name).computed().description(description)
        };
        Schema::new(
            Block::new(
                "Reads a deployed process definition of a Camunda 8.8+ cluster (SaaS or \
                 Self-Managed) by its BPMN process ID: the latest version, or the one asked \
                 for, with its key, for wiring the process into other infrastructure.",
            )
            .attribute(
                Attribute::string("process_definition_id")
                    .required()
                    .validate(not_blank(usize::MAX))
                    .description(
                        "The process's ID, as its BPMN file's `<bpmn:process id=…>` sets it.",
                    ),
            )
            .attribute(
                Attribute::new("version", Type::Number)
                    .optional()
                    .computed()
                    .description("The version to read; unset, the latest."),
            )
            .attribute(
                Attribute::string("tenant_id")
                    .optional()
                    .computed()
                    .validate(not_blank(256))
                    .description(
                        "The tenant the process is deployed to; unset, the one tenant that \
                         holds the process ID.",
                    ),
            )
            .attribute(computed(
                "process_definition_key",
                "The key of this version of the process definition.",
            ))
            .attribute(computed(
                "name",
                "The process's name in its BPMN file, if any.",
            ))
            .attribute(computed(
                "version_tag",
                "The version tag that the BPMN file gives the process, if any.",
            ))
            .attribute(computed(
                "resource_name",
                "The file that the process was deployed from.",
            )),
        )
    }

    async fn read(
        &self,
        call: call::Configured<'_, Self::Model>,
    ) -> Option<ProcessDefinitionModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let filter = ProcessDefinitionFilter {
            process_definition_id: call.config.process_definition_id.get().cloned(),
            version: call.config.version.get().copied(),
            tenant_id: call.config.tenant_id.get().cloned(),
            ..ProcessDefinitionFilter::default()
        };
        let failed = format!("Could not read process {}", call.config.asked());
        let found = api
            .search_every::<Found>(Some(&filter))
            .await
            .or_report(call.diags, failed)?;
        pick(call.config, &found, call.diags).map(ProcessDefinitionModel::of)
    }
}
