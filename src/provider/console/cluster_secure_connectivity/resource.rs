//! Resource `camunda_cluster_secure_connectivity`: a private endpoint service for a cluster
//! (AWS PrivateLink or GCP Private Service Connect), so that clients reach it without the
//! public internet. Creating it waits until the service is ready; destroying it waits
//! until it is gone. The API cannot change the allowed principals and regions of a
//! service, so a change of either replaces it.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::ClusterSecureConnectivity;
use super::create::ConnectivityCreate;
use crate::attr_path;
use crate::console::{self, ActivateSecureConnectivity, SecureConnectivity};
use crate::provider::machinery::{
    Object, cluster_ref, exactly_once,
    report::{ApiResult, report},
    wait,
};
use crate::tf::schema::Validator;
use crate::tf::{
    Attr, Attribute, Block, Ctx, Diagnostics, Operation, Resource, Schema, Timeouts, TimeoutsSpec,
    Type, Value, call,
};

const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "the private endpoint service",
    defaults: &[
        (Operation::Create, Duration::from_secs(30 * 60)),
        (Operation::Delete, Duration::from_secs(30 * 60)),
    ],
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SecureConnectivityModel {
    cluster_id: Attr<String>,
    allowed_principals: Attr<Vec<String>>,
    allowed_regions: Attr<Vec<String>>,
    id: Attr<String>,
    service_name: Attr<String>,
    private_dns_name: Attr<String>,
    status: Attr<String>,
    timeouts: Attr<Timeouts>,
}

/// A set whose every element passes `check`, which says what is wrong with one.
fn each(description: &str, check: fn(&str) -> Result<(), String>) -> Validator {
    Validator {
        description: description.to_owned(),
        check: Arc::new(move |value| {
            let problems: Vec<String> = value
                .elements()
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|element| check(element).err())
                .collect();
            match problems.as_slice() {
                [] => Ok(()),
                _ => Err(problems.join(" ")),
            }
        }),
    }
}

fn principal(text: &str) -> Result<(), String> {
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return Err(format!(
            "{text:?} is not a principal: write an ARN such as \
             \"arn:aws:iam::123456789012:root\" (AWS) or a project ID (GCP), without spaces."
        ));
    }
    Ok(())
}

fn region(text: &str) -> Result<(), String> {
    let valid = text.starts_with(|c: char| c.is_ascii_lowercase())
        && text.ends_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{text:?} is not a region code; write one such as \"eu-central-1\" (AWS) or \
             \"europe-west1\" (GCP)."
        ))
    }
}

fn computed(name: &str, description: &str) -> Attribute {
    Attribute::kept_string(name).description(description)
}

impl SecureConnectivityModel {
    /// The state of `connectivity`, keeping the Terraform-side settings of `base`.
    fn of(
        cluster_id: &str,
        connectivity: &SecureConnectivity,
        base: &SecureConnectivityModel,
    ) -> SecureConnectivityModel {
        let endpoint = connectivity.status.endpoint.clone().unwrap_or_default();
        let present = |value: Option<String>| value.filter(|v| !v.is_empty());
        SecureConnectivityModel {
            id: cluster_id.into(),
            cluster_id: cluster_id.into(),
            allowed_principals: sorted(&connectivity.spec.allowed_principals).into(),
            allowed_regions: sorted(&connectivity.spec.allowed_regions).into(),
            service_name: present(endpoint.service_name).into(),
            private_dns_name: present(endpoint.private_dns_name).into(),
            status: status(connectivity).into(),
            timeouts: base.timeouts.clone(),
        }
    }
}

fn sorted(items: &[String]) -> Vec<String> {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    items
}

/// `Ready`, or the reason the service is not ready yet.
fn status(connectivity: &SecureConnectivity) -> String {
    match connectivity.ready_condition() {
        _ if connectivity.is_ready() => "Ready".to_owned(),
        Some(condition) => condition
            .reason
            .clone()
            .unwrap_or_else(|| "Pending".to_owned()),
        None => "Pending".to_owned(),
    }
}

impl Object<ClusterSecureConnectivity> {
    /// Waits for the endpoint service to be ready; its state whatever happens, unless it
    /// was turned off.
    async fn until_ready(
        ctx: &Ctx,
        api: &console::Client,
        deadline: Instant,
        planned: &SecureConnectivityModel,
        diags: &mut Diagnostics,
    ) -> Option<SecureConnectivityModel> {
        let cluster_id = planned.cluster_id.as_str();
        // From here on the service exists: every answer keeps it in the state.
        let started = SecureConnectivityModel {
            id: cluster_id.into(),
            service_name: Attr::Null,
            private_dns_name: Attr::Null,
            status: Attr::Null,
            ..planned.clone()
        };
        let poll = || api.secure_connectivity(cluster_id);
        let ready =
            |found: &Option<SecureConnectivity>| found.as_ref().is_none_or(|c| c.is_ready());
        match wait::poll_until(ctx, deadline, poll, ready).await {
            Ok(Some(connectivity)) => Some(SecureConnectivityModel::of(
                cluster_id,
                &connectivity,
                planned,
            )),
            Ok(None) => {
                diags.error(
                    "Secure Connectivity disappeared",
                    format!(
                        "Secure Connectivity of cluster {cluster_id} was turned on, but turned \
                         off again (or the cluster was deleted) before it was ready."
                    ),
                );
                None
            }
            Err(wait::Unfinished { reason, last }) => {
                let last = last.flatten();
                let detail = last
                    .as_ref()
                    .and_then(|c| c.ready_condition())
                    .and_then(|c| c.message.clone())
                    .map(|message| format!(" The service last said: {message}"))
                    .unwrap_or_default();
                diags.error(
                    "Secure Connectivity not ready",
                    format!(
                        "Secure Connectivity of cluster {cluster_id} was turned on, but {} while \
                         waiting for its endpoint service to be ready.{detail} It is kept in the \
                         state and marked tainted; raise timeouts.create if it needs longer.",
                        reason.describe()
                    ),
                );
                Some(match last {
                    Some(connectivity) => {
                        SecureConnectivityModel::of(cluster_id, &connectivity, planned)
                    }
                    None => started,
                })
            }
        }
    }
}

#[async_trait]
impl Resource for Object<ClusterSecureConnectivity> {
    type Model = SecureConnectivityModel;

    const TYPE_NAME: &'static str = "camunda_cluster_secure_connectivity";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "Secure Connectivity of a Camunda SaaS cluster: a private endpoint service (AWS \
                 PrivateLink or GCP Private Service Connect) through which your networks reach the \
                 cluster without the public internet. Creating it waits until the service is \
                 ready. Camunda cannot change what a service allows, so a change of \
                 `allowed_principals` or `allowed_regions` replaces it. Import it by cluster ID.",
            )
            .attribute(cluster_ref::replacing_cluster_id(
                "The ID of the cluster to connect to privately.",
            ))
            .attribute(
                Attribute::new("allowed_principals", Type::set(Type::String))
                    .required()
                    .requires_replace()
                    .validate(each("Each one an account principal.", principal))
                    .description(
                        "Who may connect endpoints to the service: AWS principal ARNs (such as \
                         `arn:aws:iam::123456789012:root`) or, on GCP, project IDs. A change \
                         replaces the service.",
                    ),
            )
            .attribute(
                Attribute::new("allowed_regions", Type::set(Type::String))
                    .optional()
                    .default(Value::Set(Vec::new()))
                    .requires_replace()
                    .validate(each("Each one a region code.", region))
                    .description(
                        "The regions besides the cluster's own from which endpoints may connect, \
                         such as `eu-west-1`. Defaults to none. A change replaces the service.",
                    ),
            )
            .attribute(computed(
                "id",
                "The cluster's ID, which is also the import ID.",
            ))
            .attribute(computed(
                "service_name",
                "The name of the endpoint service, to create your endpoint with (an AWS \
                 `vpce-svc` service name, or a GCP service attachment).",
            ))
            .attribute(computed(
                "private_dns_name",
                "The DNS name under which the cluster answers through the private endpoint.",
            ))
            .attribute(computed(
                "status",
                "`Ready` once the service accepts connections; otherwise what it is doing, such as \
                 `Provisioning`.",
            ))
            .block(TIMEOUTS.block()),
        )
    }

    fn validate(&self, config: &SecureConnectivityModel, diags: &mut Diagnostics) {
        if config.allowed_principals.get().is_some_and(Vec::is_empty) {
            diags.attribute_error(
                attr_path!(SecureConnectivityModel, allowed_principals),
                "No principals",
                "`allowed_principals` is empty, so nobody could connect to the service; name at \
                 least one principal, such as \"arn:aws:iam::123456789012:root\".",
            );
        }
    }

    /// A new object's cluster must exist: checked at plan time.
    async fn modify_plan(&self, mut call: call::ModifyPlan<'_, Self::Model>) {
        cluster_ref::check_plan(&self.shared, &mut call, |planned| &planned.cluster_id).await;
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<SecureConnectivityModel> {
        let planned = call.planned;
        let api = self.shared.api(call.diags)?;
        let cluster_id = planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&planned.timeouts, Operation::Create);
        let api = api.with_deadline(deadline);
        let request = ActivateSecureConnectivity {
            allowed_principals: planned
                .allowed_principals
                .get()
                .cloned()
                .unwrap_or_default(),
            allowed_regions: planned.allowed_regions.get().cloned().unwrap_or_default(),
        };
        let target = super::create::target(cluster_id);
        let creator = ConnectivityCreate::new(&api, cluster_id, &request);
        let created = exactly_once::create(&self.shared, &target, &creator, None, false).await;
        let unrecorded = match created {
            Ok((_, unrecorded)) => unrecorded,
            Err(exactly_once::Refused::NameTaken(_)) => {
                cluster_ref::made_outside(
                    call.diags,
                    attr_path!(SecureConnectivityModel, cluster_id),
                    "Secure Connectivity is on already",
                    &format!("Secure Connectivity of cluster {cluster_id} was turned on"),
                    Self::TYPE_NAME,
                    cluster_id,
                );
                return None;
            }
            Err(exactly_once::Refused::Failed(error)) => {
                report(
                    call.diags,
                    format!("Could not turn on Secure Connectivity of cluster {cluster_id}"),
                    &error,
                );
                return None;
            }
            Err(refused) => {
                let what = format!("Secure Connectivity of cluster {cluster_id}");
                refused.report(call.diags, &creator, &what);
                return None;
            }
        };
        let state = Self::until_ready(call.ctx, &api, deadline, planned, call.diags).await;
        // The service is in what goes back to Terraform: the journal's part is done.
        unrecorded.recorded();
        state
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<SecureConnectivityModel> {
        let cluster_id = call.state.cluster_id.as_str();
        let failed = format!("Could not read Secure Connectivity of cluster {cluster_id}");
        let found = self.shared.found(call.diags, failed, |api| {
            api.secure_connectivity(cluster_id)
        });
        // Turned off outside Terraform, or no cluster: the next plan turns it on again.
        let connectivity = found.await??;
        Some(SecureConnectivityModel::of(
            cluster_id,
            connectivity.as_ref()?,
            call.state,
        ))
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let cluster_id = call.prior.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&call.prior.timeouts, Operation::Delete);
        let api = api.with_deadline(deadline);
        let outcome = api.deactivate_secure_connectivity(cluster_id).await;
        if cluster_ref::turned_off(outcome, "Secure Connectivity", cluster_id, call.diags)
            != Some(true)
        {
            return;
        }
        let is_off = || async {
            let found = api.secure_connectivity(cluster_id).await.found()?;
            Ok::<_, console::Error>(found.flatten().is_none())
        };
        if let Err(wait::Unfinished { reason, .. }) =
            wait::poll_until(call.ctx, deadline, is_off, |&off| off).await
        {
            call.diags.error(
                "Secure Connectivity not turned off yet",
                format!(
                    "Turning off Secure Connectivity of cluster {cluster_id} started, but {} \
                     before the service was gone. It stays in the state; the next destroy waits \
                     for it again.",
                    reason.describe()
                ),
            );
        }
    }

    async fn import(&self, call: call::Import<'_>) -> Option<SecureConnectivityModel> {
        let id = call.id;
        let failed = format!("Could not read Secure Connectivity of cluster {id}");
        let found = self
            .shared
            .found(call.diags, failed, |api| api.secure_connectivity(id));
        let found = found.await?.flatten();
        let connectivity = cluster_ref::imported(found, "Secure Connectivity", id, call.diags)?;
        Some(SecureConnectivityModel::of(
            id,
            &connectivity,
            &SecureConnectivityModel::default(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals_and_regions_are_checked_one_by_one() {
        let check = |validator: Validator, items: &[&str]| {
            (validator.check)(&Value::Set(items.iter().map(|&i| i.into()).collect()))
        };
        let principals = || each("", principal);
        assert!(check(principals(), &["arn:aws:iam::123456789012:root"]).is_ok());
        let error = check(principals(), &["ok", "has space"]).unwrap_err();
        assert!(error.contains("\"has space\""), "{error}");
        let regions = || each("", region);
        assert!(check(regions(), &["eu-central-1", "europe-west1"]).is_ok());
        let error = check(regions(), &["EU-1", "eu-west"]).unwrap_err();
        assert!(
            error.contains("\"EU-1\"") && error.contains("\"eu-west\""),
            "{error}"
        );
    }
}
