//! `camunda_process_definition`: one version of a deployed process (the latest unless
//! asked for another), by its BPMN process ID, for wiring a process into other
//! infrastructure. Only active versions count: the reads of 8.10 and later keep deleted
//! ones (`DELETED`, or `DRAINING` while their instances end).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::orchestration::{DefinitionState, ProcessDefinition as Found, ProcessDefinitionFilter};
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

/// What became of versions that the reads list but the cluster no longer runs:
/// `version 2 was deleted`.
fn inactive(versions: &[&Found]) -> String {
    let mut said: Vec<String> = versions
        .iter()
        .map(|f| {
            let state = match f.state {
                Some(DefinitionState::Deleted) => "was deleted",
                Some(DefinitionState::Draining) => "is being deleted (its instances still run)",
                _ => "is not active",
            };
            format!("version {} {state}", f.version)
        })
        .collect();
    said.sort();
    said.join(", ")
}

/// The one definition that the search found for `config`: the highest active version of
/// one tenant. Several tenants holding the ID is an error unless the configuration names
/// one.
fn pick<'a>(
    config: &ProcessDefinitionModel,
    found: &'a [Found],
    diags: &mut Diagnostics,
) -> Option<&'a Found> {
    let (active, gone): (Vec<&Found>, Vec<&Found>) = found.iter().partition(|f| f.is_active());
    let mut tenants: Vec<&str> = active.iter().map(|f| f.tenant_id.as_str()).collect();
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
    let latest = active.into_iter().max_by_key(|f| f.version);
    if latest.is_some() {
        return latest;
    }
    let detail = if gone.is_empty() {
        format!(
            "The cluster holds no process {}. Deploy it first (`camunda_deployment`), or \
             check the ID in its BPMN file's `<bpmn:process id=…>`.",
            config.asked()
        )
    } else {
        format!(
            "The cluster holds no process {}: {}. Deploy it again (`camunda_deployment`) \
             to read a new version.",
            config.asked(),
            inactive(&gone)
        )
    };
    diags.attribute_error(
        Path::attr("process_definition_id"),
        "No such process definition",
        detail,
    );
    None
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
                    .description(
                        "The version to read; unset, the latest active one. A deleted \
                         version is not found, though the cluster's reads (8.10 and \
                         later) keep it.",
                    ),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(version: i64, tenant: &str, state: Option<DefinitionState>) -> Found {
        Found {
            process_definition_key: format!("{tenant}-{version}"),
            process_definition_id: "order".into(),
            name: None,
            version,
            version_tag: None,
            resource_name: "order.bpmn".into(),
            tenant_id: tenant.into(),
            state,
        }
    }

    fn asked(version: Option<i64>) -> ProcessDefinitionModel {
        ProcessDefinitionModel {
            process_definition_id: "order".into(),
            version: version.into(),
            ..ProcessDefinitionModel::default()
        }
    }

    #[test]
    fn the_latest_active_version_is_picked_whatever_the_reads_keep() {
        use DefinitionState::{Active, Deleted, Draining};
        let found = [
            found(1, "<default>", None),
            found(2, "<default>", Some(Active)),
            found(3, "<default>", Some(Deleted)),
            found(4, "<default>", Some(Draining)),
            found(5, "emea", Some(Deleted)),
        ];
        let mut diags = Diagnostics::new();
        let picked = pick(&asked(None), &found, &mut diags);
        assert_eq!(picked.map(|f| f.version), Some(2));
        assert!(
            diags.is_empty(),
            "a tenant with only deleted versions holds none"
        );
    }

    #[test]
    fn a_deleted_version_is_not_found_and_said_to_be_deleted() {
        use DefinitionState::{Deleted, Draining};
        let found = [
            found(2, "<default>", Some(Deleted)),
            found(1, "<default>", Some(Draining)),
        ];
        let mut diags = Diagnostics::new();
        assert!(pick(&asked(Some(2)), &found[..1], &mut diags).is_none());
        assert!(pick(&asked(None), &found, &mut diags).is_none());
        let details: Vec<&str> = diags.iter().map(|d| d.detail.as_str()).collect();
        assert_eq!(details.len(), 2, "{details:?}");
        assert!(
            details[0].starts_with(
                r#"The cluster holds no process "order" version 2: version 2 was deleted."#
            ),
            "{}",
            details[0]
        );
        assert!(
            details[1].contains(
                "version 1 is being deleted (its instances still run), version 2 was deleted"
            ),
            "{}",
            details[1]
        );
        assert!(
            diags
                .iter()
                .all(|d| d.summary == "No such process definition")
        );
    }
}
