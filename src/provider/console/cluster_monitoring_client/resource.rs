//! Resource `camunda_cluster_monitoring_client`: credentials with which Prometheus scrapes
//! a cluster's metrics. The password is only issued by the create and rotate answers: it
//! is kept in the state, marked sensitive, from that answer on, whatever fails after it;
//! a change of `keepers` rotates it in place.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ClusterMonitoringClient;
use super::create::{self, MonitoringClientCreate};
use crate::attr_path;
use crate::console::{self, Monitoring, MonitoringClient};
use crate::provider::machinery::{
    Object, awake, cluster_ref,
    exactly_once::{self, Done},
    report::{ApiResult, report, report_write},
};
use crate::secret::Secret;
use crate::tf::import_id;
use crate::tf::validators::name;
use crate::tf::{
    Attr, Attribute, Block, Diagnostics, Operation, Resource, Schema, Timeouts, TimeoutsSpec, Type,
    call,
};

/// How long a create or a rotation may wait for a suspended cluster to wake.
const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "the client",
    defaults: &[
        (Operation::Create, Duration::from_secs(20 * 60)),
        (Operation::Update, Duration::from_secs(20 * 60)),
    ],
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonitoringClientModel {
    cluster_id: Attr<String>,
    username: Attr<String>,
    keepers: Attr<BTreeMap<String, String>>,
    id: Attr<String>,
    client_id: Attr<String>,
    password: Attr<Secret>,
    metrics_endpoint: Attr<String>,
    timeouts: Attr<Timeouts>,
}

impl MonitoringClientModel {
    /// The state of `client`, with what only Terraform knows (keepers, password) from `base`.
    fn of(
        cluster_id: &str,
        client: &MonitoringClient,
        base: &MonitoringClientModel,
    ) -> MonitoringClientModel {
        MonitoringClientModel {
            id: format!("{cluster_id}/{}", client.uuid).into(),
            cluster_id: cluster_id.into(),
            username: client.username.clone().into(),
            keepers: base.keepers.clone(),
            client_id: client.uuid.clone().into(),
            password: base.password.clone(),
            metrics_endpoint: base.metrics_endpoint.clone(),
            timeouts: base.timeouts.clone(),
        }
    }

    fn with_endpoint(mut self, monitoring: &Monitoring) -> MonitoringClientModel {
        self.metrics_endpoint = monitoring.metrics_url().into();
        self
    }
}

impl Object<ClusterMonitoringClient> {
    /// `state` with the metrics endpoint, read after the create when the look before it
    /// found monitoring off (it may have been turned on since, in the same apply); without
    /// it, and with a warning, when it cannot be read: the password in `state` must reach
    /// Terraform whatever happens here.
    async fn with_endpoint(
        &self,
        api: &console::Client,
        state: MonitoringClientModel,
        diags: &mut Diagnostics,
    ) -> MonitoringClientModel {
        let (cluster_id, client_id) = (state.cluster_id.as_str(), state.client_id.as_str());
        let monitoring = api.monitoring(cluster_id).await.or_warn(
            diags,
            "Monitoring client saved without its metrics endpoint",
            |error| {
                format!(
                    "The client {client_id} and its password are saved in the state, but the \
                     metrics endpoint of cluster {cluster_id} could not be read: {error}. The \
                     next refresh fills it in."
                )
            },
        );
        match monitoring {
            Some(monitoring) => state.with_endpoint(&monitoring),
            None => state,
        }
    }
}

#[async_trait]
impl Resource for Object<ClusterMonitoringClient> {
    type Model = MonitoringClientModel;

    const TYPE_NAME: &'static str = "camunda_cluster_monitoring_client";

    fn schema() -> Schema {
        Schema::new(
            Block::new(format!(
                "Credentials for scraping a cluster's metrics while its External Monitoring is on \
                 (`camunda_cluster_monitoring`). The password is only issued when the client is \
                 created or its password rotated: it is kept in the state, marked sensitive, and a \
                 change of `keepers` rotates it in place.\n\n\
                 A client is created, and its password rotated, while the cluster runs. {}",
                awake::WAKES
            ))
            .attribute(cluster_ref::replacing_cluster_id(
                "The ID of the cluster whose metrics the client reads.",
            ))
            .attribute(
                Attribute::string("username")
                    .required()
                    .requires_replace()
                    .validate(name(1, 50))
                    .description(
                        "The client's username: 1 to 50 characters without whitespace, unique \
                         within the cluster. A change creates a new client.",
                    ),
            )
            .attribute(
                Attribute::new("keepers", Type::map(Type::String))
                    .optional()
                    .description(
                        "Arbitrary values whose change rotates the password in place, keeping the \
                         client (for example a date or a version number).",
                    ),
            )
            .attribute(
                Attribute::kept_string("id")
                    .description("The import ID: `<cluster_id>/<client_id>`."),
            )
            .attribute(
                Attribute::kept_string("client_id")
                    .description("The client's ID, as the Console API names it."),
            )
            .attribute(
                Attribute::string("password")
                    .computed()
                    .sensitive()
                    .description(
                        "The client's password. The API issues it only when the client is created \
                         or its password is rotated, so it is null after import until `keepers` \
                         changes.",
                    ),
            )
            .attribute(Attribute::kept_string("metrics_endpoint").description(
                "The URL that serves the cluster's metrics; null while External Monitoring \
                 is off.",
            ))
            .block(TIMEOUTS.block()),
        )
    }

    /// A new object's cluster must exist: checked at plan time.
    async fn modify_plan(&self, mut call: call::ModifyPlan<'_, Self::Model>) {
        cluster_ref::check_plan(&self.shared, &mut call, |planned| &planned.cluster_id).await;
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<MonitoringClientModel> {
        let cluster_id = call.planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Create);
        let to = "create the monitoring client";
        let api =
            awake::api_for(&self.shared, call.ctx, cluster_id, deadline, to, call.diags).await?;
        let username = call.planned.username.as_str();
        let target = create::target(cluster_id, username);
        let creator = MonitoringClientCreate::new(api, cluster_id, username);
        let (created, unrecorded) =
            match exactly_once::create(&self.shared, &target, &creator, None, false).await {
                Ok((Done::Made(created), unrecorded)) => (created, unrecorded),
                // A lost answer takes the password with it: such a client is made again.
                Ok((Done::Adopted(_), _)) => unreachable!("a lost client is created again"),
                Err(exactly_once::Refused::NameTaken(ids)) => {
                    let client_id = ids.first().map(String::as_str).unwrap_or_default();
                    call.diags.attribute_error(
                        attr_path!(MonitoringClientModel, username),
                        "A monitoring client with this username exists",
                        format!(
                            "Client {client_id} of cluster {cluster_id} already has the username \
                             {username:?}, and this Terraform state does not hold it. {}",
                            create::recovery(cluster_id, client_id)
                        ),
                    );
                    return None;
                }
                Err(exactly_once::Refused::Failed(error)) => {
                    report_write(
                        call.diags,
                        attr_path!(MonitoringClientModel, username),
                        "The Console API refused the monitoring client",
                        "Could not create the monitoring client",
                        &error,
                    );
                    return None;
                }
                Err(refused) => {
                    let what = format!("monitoring client {username:?}");
                    refused.report(call.diags, &creator, &what);
                    return None;
                }
            };
        let state = MonitoringClientModel::of(
            cluster_id,
            &created.client,
            &MonitoringClientModel {
                keepers: call.planned.keepers.clone(),
                password: Attr::Known(created.password),
                timeouts: call.planned.timeouts.clone(),
                ..MonitoringClientModel::default()
            },
        );
        let state = match creator.seen().filter(|m| m.metrics_url().is_some()) {
            Some(monitoring) => state.with_endpoint(&monitoring),
            None => self.with_endpoint(api, state, call.diags).await,
        };
        unrecorded.recorded();
        Some(state)
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<MonitoringClientModel> {
        let cluster_id = call.state.cluster_id.as_str();
        let failed = format!("Could not read the monitoring clients of cluster {cluster_id}");
        let found = self
            .shared
            .found(call.diags, failed, |api| api.monitoring(cluster_id));
        let monitoring = found.await??;
        let client = monitoring
            .clients
            .iter()
            .find(|c| c.uuid == call.state.client_id.as_str())?;
        Some(MonitoringClientModel::of(cluster_id, client, call.state).with_endpoint(&monitoring))
    }

    /// `keepers` and `timeouts` change in place; a change of `keepers` rotates the password.
    async fn update(&self, call: call::Update<'_, Self::Model>) -> MonitoringClientModel {
        let unchanged = MonitoringClientModel {
            timeouts: call.planned.timeouts.clone(),
            ..call.prior.clone()
        };
        if call.prior.keepers == call.planned.keepers {
            return unchanged;
        }
        let Some(api) = self.shared.api(call.diags) else {
            return unchanged;
        };
        let (cluster_id, client_id) = (
            call.prior.cluster_id.as_str(),
            call.prior.client_id.as_str(),
        );
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Update);
        let to = "rotate the monitoring client's password";
        if awake::api_for(&self.shared, call.ctx, cluster_id, deadline, to, call.diags)
            .await
            .is_none()
        {
            return unchanged;
        }
        match api.rotate_monitoring_client(cluster_id, client_id).await {
            Ok(rotated) => MonitoringClientModel::of(
                cluster_id,
                &rotated.client,
                &MonitoringClientModel {
                    keepers: call.planned.keepers.clone(),
                    password: Attr::Known(rotated.password),
                    ..unchanged
                },
            ),
            Err(error) => {
                report(
                    call.diags,
                    format!("Could not rotate the password of monitoring client {client_id}"),
                    &error,
                );
                unchanged
            }
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let (cluster_id, client_id) = (
            call.prior.cluster_id.as_str(),
            call.prior.client_id.as_str(),
        );
        if let Err(error) = api
            .delete_monitoring_client(cluster_id, client_id)
            .await
            .found()
        {
            report(
                call.diags,
                format!("Could not delete monitoring client {client_id}"),
                &error,
            );
        }
    }

    async fn import(&self, call: call::Import<'_>) -> Option<MonitoringClientModel> {
        let id = call.id;
        let [cluster_id, client_id] =
            import_id::split(id, ["cluster_id", "client_id"], call.diags)?;
        let failed = format!("Could not read the monitoring clients of cluster {cluster_id}");
        let fetched = self
            .shared
            .fetch(call.diags, failed, |api| api.monitoring(cluster_id));
        let monitoring = fetched.await?;
        let Some(client) = monitoring.clients.iter().find(|c| c.uuid == client_id) else {
            call.diags.error(
                "Monitoring client not found",
                format!(
                    "Cluster {cluster_id} has no monitoring client with the ID {client_id:?} \
                     (import ID {id:?})."
                ),
            );
            return None;
        };
        call.diags.warning(
            "The imported monitoring client has no password in the state",
            "The Console API gives a monitoring client's password only when it is issued, so \
             `password` is null after import. Set or change `keepers` to rotate the password: \
             the next apply then keeps the new one in the state.",
        );
        let imported = MonitoringClientModel::of(cluster_id, client, &Default::default());
        Some(imported.with_endpoint(&monitoring))
    }
}
