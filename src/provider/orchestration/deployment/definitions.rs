//! The definitions that a deployment made, in the cluster: looked up in its reads (to
//! notice ones deleted outside Terraform, and to wait until a deploy shows), and deleted.
//! The reads of 8.10 and later keep a deleted process definition as `DELETED` (or
//! `DRAINING` while its instances end), and those of 8.8 keep it unchanged: a deletion's
//! answer is all there is to go by.

use std::collections::BTreeSet;

use super::{Deployment, DeploymentModel};
use crate::orchestration::{self, DecisionDefinition, ProcessDefinition};
use crate::provider::machinery::Object;
use crate::provider::machinery::keyed::{self, Kind};
use crate::tf::{Diagnostics, Resource};

const KIND: Kind = Kind {
    what: "deployment",
    type_name: <Object<Deployment> as Resource>::TYPE_NAME,
    id_attr: "deployment_key",
};

/// The definitions that the cluster lists, as messages and this process's lists name them.
const PROCESSES: &str = "process definition";
const DECISIONS: &str = "decision definition";

/// The keys of the process and decision definitions that the cluster's reads show as
/// active.
#[derive(Default)]
struct Shown {
    processes: BTreeSet<String>,
    decisions: BTreeSet<String>,
}

impl Shown {
    fn of(processes: &[ProcessDefinition], decisions: &[DecisionDefinition]) -> Shown {
        Shown {
            processes: processes
                .iter()
                .filter(|p| p.is_active())
                .map(|p| p.process_definition_key.clone())
                .collect(),
            decisions: decisions
                .iter()
                .map(|d| d.decision_definition_key.clone())
                .collect(),
        }
    }
}

/// Whether a cluster of this version reads forms by key (`GET /forms/{formKey}`, 8.10+):
/// an older one answers 404 for every form.
fn reads_forms(gateway_version: &str) -> bool {
    let mut numbers = gateway_version
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let major = numbers.next().unwrap_or(0);
    let minor = numbers.next().unwrap_or(0);
    (major, minor) >= (8, 10)
}

/// The definitions of `model` that `shown` and the form reads do not find, named.
async fn absent(
    api: &orchestration::Client,
    model: &DeploymentModel,
    shown: &Shown,
) -> Result<Vec<String>, orchestration::Error> {
    let mut absent: Vec<String> = model
        .processes()
        .iter()
        .filter(|p| !shown.processes.contains(&p.process_definition_key))
        .map(|p| p.label())
        .chain(
            model
                .decisions()
                .iter()
                .filter(|d| !shown.decisions.contains(&d.decision_definition_key))
                .map(|d| d.label()),
        )
        .collect();
    let mut forms_readable = None;
    for form in model.forms() {
        match api.get_form(&form.form_key).await {
            Ok(_) => {}
            Err(error) if error.is_not_found() => {
                if forms_readable.is_none() {
                    let version = api.topology().await?.gateway_version;
                    forms_readable = Some(reads_forms(&version));
                }
                if forms_readable == Some(true) {
                    absent.push(form.label());
                }
            }
            Err(error) => return Err(error),
        }
    }
    Ok(absent)
}

/// The definitions of `model` that the cluster's reads do not find now.
async fn absent_now(
    api: &orchestration::Client,
    model: &DeploymentModel,
) -> Result<Vec<String>, orchestration::Error> {
    let processes = if model.processes().is_empty() {
        Vec::new()
    } else {
        api.search_every::<ProcessDefinition>(None).await?
    };
    let decisions = if model.decisions().is_empty() {
        Vec::new()
    } else {
        api.search_every::<DecisionDefinition>(None).await?
    };
    absent(api, model, &Shown::of(&processes, &decisions)).await
}

impl Object<Deployment> {
    /// The definitions of `state` that the cluster no longer holds, from one search per
    /// kind per process; `None` when a read failed, as reported.
    pub(super) async fn missing(
        &self,
        api: &orchestration::Client,
        state: &DeploymentModel,
        diags: &mut Diagnostics,
    ) -> Option<Vec<String>> {
        let shared = &self.shared;
        let processes = match state.processes().is_empty() {
            true => Default::default(),
            false => {
                let search = || api.search_every::<ProcessDefinition>(None);
                keyed::every(&shared.cluster_lists.of(), PROCESSES, search, diags).await?
            }
        };
        let decisions = match state.decisions().is_empty() {
            true => Default::default(),
            false => {
                let search = || api.search_every::<DecisionDefinition>(None);
                keyed::every(&shared.cluster_lists.of(), DECISIONS, search, diags).await?
            }
        };
        let shown = Shown::of(&processes, &decisions);
        match absent(api, state, &shown).await {
            Ok(absent) => Some(absent),
            Err(error) => {
                KIND.report(diags, "read", state.deployment_key.as_str(), &error);
                None
            }
        }
    }

    /// Drops this process's lists of definitions, which a deploy or a delete changed.
    fn forget_lists(&self) {
        let lists = &self.shared.cluster_lists;
        lists.of::<Vec<ProcessDefinition>>().invalidate(PROCESSES);
        lists.of::<Vec<DecisionDefinition>>().invalidate(DECISIONS);
    }

    /// Waits until the cluster's reads show every definition of `model`, just deployed.
    pub(super) async fn settle(
        &self,
        api: &orchestration::Client,
        model: &DeploymentModel,
        diags: &mut Diagnostics,
    ) {
        self.forget_lists();
        let read = || absent_now(api, model);
        let shows = |absent: Option<&Vec<String>>| absent.is_some_and(Vec::is_empty);
        let key = model.deployment_key.as_str();
        keyed::settle(&KIND, api, key, read, shows, diags).await;
    }

    /// Deletes every definition that `prior` made (a DMN file's decisions through their
    /// decision requirements); one already gone is no error. Those that the cluster
    /// refuses to delete (running process instances) are named in one error, so that the
    /// deployment stays in the state and the destroy can be repeated. A deletion's answer
    /// comes once the engine deleted the definition, so nothing waits for the reads: they
    /// keep listing it (as deleted from 8.10 on, unchanged on 8.8).
    pub(super) async fn delete_definitions(
        &self,
        api: &orchestration::Client,
        prior: &DeploymentModel,
        diags: &mut Diagnostics,
    ) {
        let mut refused = Vec::new();
        for (label, key) in prior.resource_keys() {
            match api.delete_resource(&key).await {
                Ok(()) => {}
                Err(error) if error.is_not_found() => {}
                Err(error) => refused.push(format!("- {label}: {error}")),
            }
        }
        self.forget_lists();
        if refused.is_empty() {
            return;
        }
        diags.error(
            format!(
                "Could not delete the definitions of deployment {}",
                prior.deployment_key.as_str()
            ),
            format!(
                "The cluster refused to delete:\n{}\nA process definition with running \
                 instances cannot be deleted: cancel them or let them end, then destroy again. \
                 Or set `delete_on_destroy = false` to leave the definitions in the cluster.",
                refused.join("\n")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_read_by_key_from_8_10_on() {
        for (version, reads) in [
            ("8.8.0", false),
            ("8.9.3", false),
            ("8.10.0", true),
            ("8.10.0-alpha1", true),
            ("8.11.2", true),
            ("9.0.0", true),
            ("", false),
        ] {
            assert_eq!(reads_forms(version), reads, "{version}");
        }
    }
}
