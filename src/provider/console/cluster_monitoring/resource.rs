//! Resource `camunda_cluster_monitoring`: External Monitoring of a cluster, on while the
//! resource exists. Its ID is the cluster's.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ClusterMonitoring;
use crate::provider::machinery::{Object, awake, cluster_ref, report::ApiResult};
use crate::tf::{
    Attr, Attribute, Block, Operation, Resource, Schema, Timeouts, TimeoutsSpec, call,
};

/// How long turning monitoring on may wait for a suspended cluster to wake.
const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "External Monitoring",
    defaults: &[(Operation::Create, Duration::from_secs(20 * 60))],
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonitoringModel {
    cluster_id: Attr<String>,
    id: Attr<String>,
    metrics_endpoint: Attr<String>,
    timeouts: Attr<Timeouts>,
}

impl MonitoringModel {
    /// This object with monitoring on, serving its metrics at `metrics_endpoint`.
    fn on(&self, metrics_endpoint: Attr<String>) -> MonitoringModel {
        MonitoringModel {
            id: self.cluster_id.clone(),
            metrics_endpoint,
            ..self.clone()
        }
    }
}

#[async_trait]
impl Resource for Object<ClusterMonitoring> {
    type Model = MonitoringModel;

    const TYPE_NAME: &'static str = "camunda_cluster_monitoring";

    fn schema() -> Schema {
        Schema::new(
            Block::new(format!(
                "External Monitoring of a Camunda SaaS cluster: the cluster's metrics, served for \
                 your own Prometheus to scrape with the credentials of a \
                 `camunda_cluster_monitoring_client`. On while the resource exists; destroying it \
                 turns monitoring off. Import it by cluster ID.\n\n\
                 Monitoring is turned on while the cluster runs. {}",
                awake::WAKES
            ))
            .attribute(cluster_ref::replacing_cluster_id(
                "The ID of the cluster to monitor.",
            ))
            .attribute(cluster_ref::id_is_the_cluster_id())
            .attribute(
                Attribute::kept_string("metrics_endpoint")
                    .description("The URL that serves the cluster's metrics in Prometheus format."),
            )
            .block(TIMEOUTS.block()),
        )
    }

    /// A new object's cluster must exist: checked at plan time.
    async fn modify_plan(&self, mut call: call::ModifyPlan<'_, Self::Model>) {
        cluster_ref::check_plan(&self.shared, &mut call, |planned| &planned.cluster_id).await;
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<MonitoringModel> {
        let cluster_id = call.planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Create);
        let to = "turn External Monitoring on";
        let api =
            awake::api_for(&self.shared, call.ctx, cluster_id, deadline, to, call.diags).await?;
        let outcome = api.activate_monitoring(cluster_id).await;
        cluster_ref::turned_on(outcome, "External Monitoring", cluster_id, call.diags)?;
        let monitoring = api.monitoring(cluster_id).await.or_warn(
            call.diags,
            "External Monitoring turned on without its endpoint",
            |error| {
                format!(
                    "External Monitoring of cluster {cluster_id} is on, but its metrics endpoint \
                     could not be read yet: {error}. The next refresh fills it in."
                )
            },
        );
        let metrics_endpoint = monitoring.and_then(|m| m.metrics_url());
        Some(call.planned.on(metrics_endpoint.into()))
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<MonitoringModel> {
        let cluster_id = call.state.cluster_id.as_str();
        let failed = format!("Could not read External Monitoring of cluster {cluster_id}");
        let found = self
            .shared
            .found(call.diags, failed, |api| api.monitoring(cluster_id));
        let monitoring = found.await??;
        // Turned off outside Terraform (or the cluster is gone): the next plan turns it on.
        Some(call.state.on(monitoring.metrics_url()?.into()))
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let cluster_id = call.prior.cluster_id.as_str();
        let outcome = api.deactivate_monitoring(cluster_id).await;
        cluster_ref::turned_off(outcome, "External Monitoring", cluster_id, call.diags);
    }

    async fn import(&self, call: call::Import<'_>) -> Option<Self::Model> {
        let state = MonitoringModel {
            cluster_id: call.id.into(),
            ..MonitoringModel::default()
        };
        let read = call::Read {
            ctx: call.ctx,
            state: &state,
            diags: call.diags,
        };
        let found = self.read(read).await;
        cluster_ref::imported(found, "External Monitoring", call.id, call.diags)
    }
}
