//! Resource `camunda_cluster_monitoring`: External Monitoring of a cluster, on while the
//! resource exists. Its ID is the cluster's.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ClusterMonitoring;
use crate::provider::machinery::{Object, awake, cluster_ref, report::ApiResult};
use crate::tf::{
    Attr, Attribute, Block, Ctx, Diagnostics, Operation, Plan, Resource, Schema, Timeouts,
    TimeoutsSpec,
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
    async fn modify_plan(&self, _: &Ctx, plan: &mut Plan<Self::Model>, diags: &mut Diagnostics) {
        cluster_ref::check_plan(&self.shared, plan, |planned| &planned.cluster_id, diags).await;
    }

    async fn create(
        &self,
        ctx: &Ctx,
        planned: &MonitoringModel,
        _config: &MonitoringModel,
        diags: &mut Diagnostics,
    ) -> Option<MonitoringModel> {
        let api = self.shared.api(diags)?;
        let cluster_id = planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&planned.timeouts, Operation::Create);
        let to = "turn External Monitoring on";
        awake::ensure_awake(ctx, &self.shared, api, cluster_id, deadline, to, diags).await?;
        let outcome = api.activate_monitoring(cluster_id).await;
        cluster_ref::turned_on(outcome, "External Monitoring", cluster_id, diags)?;
        let monitoring = api.monitoring(cluster_id).await.or_warn(
            diags,
            "External Monitoring turned on without its endpoint",
            |error| {
                format!(
                    "External Monitoring of cluster {cluster_id} is on, but its metrics endpoint \
                     could not be read yet: {error}. The next refresh fills it in."
                )
            },
        );
        Some(planned.on(monitoring.and_then(|m| m.metrics_url()).into()))
    }

    async fn read(
        &self,
        _ctx: &Ctx,
        state: &MonitoringModel,
        diags: &mut Diagnostics,
    ) -> Option<MonitoringModel> {
        let api = self.shared.api(diags)?;
        let cluster_id = state.cluster_id.as_str();
        let monitoring = api.monitoring(cluster_id).await.found().or_report(
            diags,
            format!("Could not read External Monitoring of cluster {cluster_id}"),
        )??;
        // Turned off outside Terraform (or the cluster is gone): the next plan turns it on.
        Some(state.on(monitoring.metrics_url()?.into()))
    }

    async fn delete(&self, _ctx: &Ctx, prior: &MonitoringModel, diags: &mut Diagnostics) {
        let Some(api) = self.shared.api(diags) else {
            return;
        };
        let cluster_id = prior.cluster_id.as_str();
        let outcome = api.deactivate_monitoring(cluster_id).await;
        cluster_ref::turned_off(outcome, "External Monitoring", cluster_id, diags);
    }

    async fn import(&self, ctx: &Ctx, id: &str, diags: &mut Diagnostics) -> Option<Self::Model> {
        let state = MonitoringModel {
            cluster_id: id.into(),
            ..MonitoringModel::default()
        };
        let found = self.read(ctx, &state, diags).await;
        cluster_ref::imported(found, "External Monitoring", id, diags)
    }
}
