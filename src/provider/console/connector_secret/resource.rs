//! Resource `camunda_connector_secret`: a secret that a cluster's connectors read. Its value
//! comes either from `value` (kept in state, so a change made outside Terraform shows as a
//! drift) or from the write-only `value_wo` (Terraform 1.11 and later: never in a plan or the
//! state), which is sent on create and whenever `value_wo_version` changes.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ConnectorSecret;
use super::create::SecretCreate;
use super::{listed, written};
use crate::attr_path;
use crate::console;
use crate::provider::machinery::{
    Object, awake, cluster_ref, community, exactly_once,
    report::{ApiResult, report, report_write},
    write_only::SecretArgument,
};
use crate::secret::Secret;
use crate::tf::import_id;
use crate::tf::validators::name;
use crate::tf::{
    Attr, Attribute, Block, Diagnostics, MovedState, Operation, Resource, Schema, Timeouts,
    TimeoutsSpec, Type, call,
};

/// The API takes names of fewer than 50 characters.
const MAX_NAME_LEN: usize = 49;

/// How long a change may wait for a suspended cluster to wake.
const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "the secret",
    defaults: &[
        (Operation::Create, Duration::from_secs(20 * 60)),
        (Operation::Update, Duration::from_secs(20 * 60)),
    ],
};

/// The secret's value: `value`, or write-only `value_wo` with `value_wo_version`.
const VALUE: SecretArgument = SecretArgument {
    kept: "value",
    write_only: "value_wo",
    version: "value_wo_version",
    of: "the connector secret",
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectorSecretModel {
    cluster_id: Attr<String>,
    name: Attr<String>,
    value: Attr<Secret>,
    value_wo: Attr<Secret>,
    value_wo_version: Attr<f64>,
    id: Attr<String>,
    timeouts: Attr<Timeouts>,
}

impl ConnectorSecretModel {
    /// Whether the value comes from `value_wo`; else `value` holds it.
    fn write_only(&self) -> bool {
        !self.value_wo_version.is_null()
    }

    /// `<cluster_id>/<name>`.
    fn import_id(&self) -> Attr<String> {
        format!("{}/{}", self.cluster_id.as_str(), self.name.as_str()).into()
    }

    /// The state of a secret that exists, `value` holding `current` unless the value is
    /// write-only.
    fn with_value(&self, current: &Secret) -> ConnectorSecretModel {
        let mut state = self.clone();
        state.id = self.import_id();
        state.value_wo = Attr::Null;
        if !self.write_only() {
            state.value = current.clone().into();
        }
        state
    }
}

impl Object<ConnectorSecret> {
    /// The value to send: `value`, or on Terraform 1.11 the configuration's `value_wo`.
    fn value_to_send<'m>(
        planned: &'m ConnectorSecretModel,
        config: &'m ConnectorSecretModel,
        diags: &mut Diagnostics,
    ) -> Option<&'m Secret> {
        VALUE.to_send(
            planned.write_only(),
            &planned.value,
            &config.value_wo,
            diags,
        )
    }

    /// Reports a create that the API kept answering 409: the name is taken, by a secret
    /// made outside Terraform or by one whose deletion has not shown yet.
    async fn report_taken(
        &self,
        api: &console::Client,
        cluster_id: &str,
        name: &str,
        error: &console::Error,
        diags: &mut Diagnostics,
    ) {
        let listed = listed(&self.shared, api, cluster_id)
            .await
            .ok()
            .flatten()
            .is_some_and(|secrets| secrets.contains_key(name));
        if listed {
            diags.attribute_error(
                attr_path!(ConnectorSecretModel, name),
                "A connector secret with this name exists",
                format!(
                    "Cluster {cluster_id} already has a connector secret named {name:?}, or one \
                     whose deletion has not finished. To manage the existing secret, import it: \
                     `terraform import <address> {cluster_id}/{name}`. If it was deleted a moment \
                     ago, apply again shortly. ({error})"
                ),
            );
        } else {
            report(
                diags,
                "Could not create the connector secret: other changes to the cluster's secrets kept it busy",
                error,
            );
        }
    }
}

#[async_trait]
impl Resource for Object<ConnectorSecret> {
    type Model = ConnectorSecretModel;

    const TYPE_NAME: &'static str = "camunda_connector_secret";

    fn schema() -> Schema {
        Schema::new(
            Block::new(format!(
                "A connector secret of a Camunda SaaS cluster: a named value that the cluster's \
                 connectors read as `{{{{secrets.NAME}}}}`. Set its value with `value`, which is kept \
                 in the state (marked sensitive) so that a change made outside Terraform shows in the \
                 next plan, or with the write-only `value_wo` (Terraform 1.11 and later), which never \
                 enters a plan or the state and is sent whenever `value_wo_version` changes. A change \
                 of the value updates the secret in place.\n\n\
                 A secret is created and changed on a running cluster. {}",
                awake::WAKES
            ))
            .attribute(
                cluster_ref::replacing_cluster_id("The ID of the cluster the secret belongs to. A change creates the secret in the other cluster."),
            )
            .attribute(
                Attribute::string("name")
                    .required()
                    .requires_replace()
                    .validate(name(1, MAX_NAME_LEN))
                    .description(
                        "The secret's name: 1 to 49 characters without whitespace, unique within the \
                         cluster. A change replaces the secret.",
                    ),
            )
            .attribute(
                Attribute::string("value")
                    .optional()
                    .sensitive()
                    .description(
                        "The secret's value, kept in the state. Exactly one of `value` and `value_wo` \
                         is set.",
                    ),
            )
            .attribute(
                Attribute::string("value_wo")
                    .optional()
                    .sensitive()
                    .write_only(Some("value"))
                    .description(
                        "The secret's value, write-only: sent to the API on create and whenever \
                         `value_wo_version` changes, and never kept in a plan or the state. Needs \
                         Terraform 1.11 or later, and `value_wo_version`.",
                    ),
            )
            .attribute(
                Attribute::new("value_wo_version", Type::Number)
                    .optional()
                    .description(
                        "Any number, set with `value_wo`: Terraform cannot see a change of a write-only \
                         value, so change this number to send the current `value_wo` to the API.",
                    ),
            )
            .attribute(
                Attribute::kept_string("id")
                    .description("The import ID: `<cluster_id>/<name>`."),
            )
            .block(TIMEOUTS.block()),
        )
    }

    fn validate(&self, config: &ConnectorSecretModel, diags: &mut Diagnostics) {
        VALUE.validate(
            !config.value.is_null(),
            !config.value_wo.is_null(),
            !config.value_wo_version.is_null(),
            diags,
        );
    }

    /// A new secret's cluster must exist: checked at plan time.
    async fn modify_plan(&self, mut call: call::ModifyPlan<'_, Self::Model>) {
        cluster_ref::check_plan(&self.shared, &mut call, |planned| &planned.cluster_id).await;
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<ConnectorSecretModel> {
        let value = Self::value_to_send(call.planned, call.config, call.diags)?;
        let (cluster_id, name) = (call.planned.cluster_id.as_str(), call.planned.name.as_str());
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Create);
        let to = "create the secret";
        let api =
            awake::api_for(&self.shared, call.ctx, cluster_id, deadline, to, call.diags).await?;
        let target = super::create::target(cluster_id, name);
        let creator = SecretCreate::new(&self.shared, api, cluster_id, name, value);
        match exactly_once::create(&self.shared, &target, &creator, None, true).await {
            Ok((_, unrecorded)) => {
                unrecorded.recorded();
                Some(call.planned.with_value(value))
            }
            Err(exactly_once::Refused::Failed(error)) if error.is_not_found() => {
                let at = attr_path!(ConnectorSecretModel, cluster_id);
                cluster_ref::not_found(call.diags, at, cluster_id);
                None
            }
            // Repeated conflicts end as a retried error: its kind is the last answer's.
            Err(exactly_once::Refused::Failed(error))
                if error.kind() == console::ErrorKind::Conflict =>
            {
                self.report_taken(api, cluster_id, name, &error, call.diags)
                    .await;
                None
            }
            Err(exactly_once::Refused::Failed(error)) => {
                report_write(
                    call.diags,
                    attr_path!(ConnectorSecretModel, name),
                    "The Console API refused the connector secret",
                    "Could not create the connector secret",
                    &error,
                );
                None
            }
            Err(refused) => {
                refused.report(call.diags, &creator, &format!("connector secret {name:?}"));
                None
            }
        }
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<ConnectorSecretModel> {
        let api = self.shared.api(call.diags)?;
        let secrets = listed(&self.shared, api, call.state.cluster_id.as_str())
            .await
            .or_report(call.diags, "Could not read the cluster's connector secrets")??;
        let current = secrets.get(call.state.name.as_str())?;
        Some(call.state.with_value(current))
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> ConnectorSecretModel {
        let changed = call.prior.value != call.planned.value
            || call.prior.value_wo_version != call.planned.value_wo_version;
        let Some(api) = self.shared.api(call.diags) else {
            return call.prior.clone();
        };
        if !changed {
            return call.planned.clone();
        }
        let Some(value) = Self::value_to_send(call.planned, call.config, call.diags) else {
            return call.prior.clone();
        };
        let cluster_id = call.planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Update);
        let to = "change the secret";
        if awake::api_for(&self.shared, call.ctx, cluster_id, deadline, to, call.diags)
            .await
            .is_none()
        {
            return call.prior.clone();
        }
        let name = call.planned.name.as_str();
        let updated = api.update_secret(cluster_id, name, value).await;
        written(&self.shared, cluster_id, name, &updated, Some(value));
        match updated {
            Ok(()) => call.planned.with_value(value),
            Err(error) => {
                if error.is_not_found() {
                    report(call.diags, "The connector secret no longer exists", &error);
                } else {
                    report(call.diags, "Could not update the connector secret", &error);
                }
                call.prior.clone()
            }
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let cluster_id = call.prior.cluster_id.as_str();
        let name = call.prior.name.as_str();
        let deleted = api.delete_secret(cluster_id, name).await.found();
        written(&self.shared, cluster_id, name, &deleted, None);
        if let Err(error) = deleted {
            report(call.diags, "Could not delete the connector secret", &error);
        }
    }

    /// Takes over the community provider's `camunda_cluster_connector_secret`, value and
    /// all: its `value` stays in `value`.
    fn move_state(
        &self,
        source: &MovedState,
        diags: &mut Diagnostics,
    ) -> Option<ConnectorSecretModel> {
        let secret: community::ClusterConnectorSecret = community::read_moved(source, diags)?;
        let base = ConnectorSecretModel {
            cluster_id: secret.cluster_id.into(),
            name: secret.name.into(),
            ..ConnectorSecretModel::default()
        };
        // A value the community state lacks is read from the API by the next refresh.
        Some(ConnectorSecretModel {
            id: base.import_id(),
            value: secret.value.into(),
            ..base
        })
    }

    async fn import(&self, call: call::Import<'_>) -> Option<ConnectorSecretModel> {
        let id = call.id;
        let [cluster_id, name] = import_id::split(id, ["cluster_id", "name"], call.diags)?;
        let api = self.shared.api(call.diags)?;
        let secrets = listed(&self.shared, api, cluster_id)
            .await
            .or_report(call.diags, "Could not read the connector secret to import")?;
        let Some(current) = secrets.as_ref().and_then(|s| s.get(name)) else {
            call.diags.error(
                "Connector secret not found",
                format!(
                    "Cluster {cluster_id} has no connector secret named {name:?} (import ID {id:?})."
                ),
            );
            return None;
        };
        let base = ConnectorSecretModel {
            cluster_id: cluster_id.into(),
            name: name.into(),
            ..ConnectorSecretModel::default()
        };
        Some(base.with_value(current))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::machinery::community::{
        ClusterConnectorSecret, assert_refused, moved_from,
    };

    fn config(
        value: Attr<Secret>,
        value_wo: Attr<Secret>,
        version: Attr<f64>,
    ) -> ConnectorSecretModel {
        ConnectorSecretModel {
            cluster_id: "c1".into(),
            name: "API_KEY".into(),
            value,
            value_wo,
            value_wo_version: version,
            ..ConnectorSecretModel::default()
        }
    }

    fn errors(config: &ConnectorSecretModel) -> Vec<String> {
        let mut diags = Diagnostics::new();
        Object::<ConnectorSecret>::default().validate(config, &mut diags);
        diags.iter().map(|d| d.summary.clone()).collect()
    }

    #[test]
    fn exactly_one_value_and_a_version_only_with_the_write_only_one() {
        let secret = || Attr::from(Secret::from("s"));
        assert!(errors(&config(secret(), Attr::Null, Attr::Null)).is_empty());
        assert!(errors(&config(Attr::Null, secret(), 1.0.into())).is_empty());
        assert!(errors(&config(Attr::Unknown, Attr::Null, Attr::Null)).is_empty());
        assert_eq!(
            errors(&config(Attr::Null, Attr::Null, Attr::Null)),
            ["No value for the connector secret"]
        );
        assert_eq!(
            errors(&config(secret(), secret(), 1.0.into())),
            ["Both `value` and `value_wo` are set"]
        );
        assert_eq!(
            errors(&config(Attr::Null, secret(), Attr::Null)),
            ["`value_wo` needs `value_wo_version`"]
        );
        assert_eq!(
            errors(&config(secret(), Attr::Null, 2.0.into())),
            ["`value_wo_version` without `value_wo`"]
        );
    }

    #[test]
    fn a_community_secret_moves_with_its_value_and_an_id_of_this_provider() {
        let resource = Object::<ConnectorSecret>::default();
        let mut diags = Diagnostics::new();
        let source = moved_from::<ClusterConnectorSecret>(serde_json::json!({
            "cluster_id": "c1", "name": "API_KEY", "value": "s3cr3t",
        }));
        let moved = resource.move_state(&source, &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(moved.id, Attr::from("c1/API_KEY"));
        assert_eq!(moved.value.get().map(Secret::expose), Some("s3cr3t"));
        assert!(moved.value_wo.is_null() && moved.value_wo_version.is_null());

        let unread = moved_from::<ClusterConnectorSecret>(
            serde_json::json!({ "cluster_id": "c1", "name": "API_KEY" }),
        );
        let moved = resource.move_state(&unread, &mut diags).unwrap();
        assert!(moved.value.is_null(), "the next refresh reads it");

        let unnamed = moved_from::<ClusterConnectorSecret>(
            serde_json::json!({ "cluster_id": "c1", "value": "s3cr3t" }),
        );
        assert!(resource.move_state(&unnamed, &mut diags).is_none());
        let import = "Import the connector secret into camunda_connector_secret";
        assert_refused(&diags, "`name`", "s3cr3t", import);

        let mut diags = Diagnostics::new();
        let client = MovedState {
            type_name: "camunda_cluster_client".into(),
            ..source
        };
        assert!(resource.move_state(&client, &mut diags).is_none());
        assert!(diags.is_empty(), "the handler says why: {diags:?}");
    }

    #[test]
    fn a_read_fills_value_unless_it_is_write_only() {
        let current = Secret::from("from-api");
        let kept = config(Secret::from("old").into(), Attr::Null, Attr::Null).with_value(&current);
        assert_eq!(kept.value, Attr::from(current.clone()));
        assert_eq!(kept.id, Attr::from("c1/API_KEY"));
        let write_only = config(Attr::Null, Attr::Null, 3.0.into()).with_value(&current);
        assert_eq!(write_only.value, Attr::Null);
        assert_eq!(write_only.value_wo_version, Attr::from(3.0));
    }
}
