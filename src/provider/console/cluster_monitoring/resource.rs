//! Resource `camunda_cluster_monitoring`: External Monitoring of a cluster, on while the
//! resource exists. Its ID is the cluster's.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::ClusterMonitoring;
use crate::attr_path;
use crate::console;
use crate::provider::machinery::{
    Object, awake, cluster_ref,
    report::{ApiResult, report},
};
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
    /// The state while monitoring is on, with the timeouts of `base`; `None` when it is off.
    fn of(
        cluster_id: &str,
        monitoring: &console::Monitoring,
        base: &MonitoringModel,
    ) -> Option<MonitoringModel> {
        Some(MonitoringModel {
            cluster_id: cluster_id.into(),
            id: cluster_id.into(),
            metrics_endpoint: monitoring.metrics_url()?.into(),
            timeouts: base.timeouts.clone(),
        })
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
            .attribute(
                cluster_ref::cluster_id()
                    .requires_replace()
                    .description("The ID of the cluster to monitor."),
            )
            .attribute(cluster_ref::id_is_the_cluster_id())
            .attribute(
                Attribute::string("metrics_endpoint")
                    .computed()
                    .use_state_for_unknown()
                    .description("The URL that serves the cluster's metrics in Prometheus format."),
            )
            .block(TIMEOUTS.block()),
        )
    }

    /// A new object's cluster must exist: checked at plan time.
    async fn modify_plan(
        &self,
        _ctx: &Ctx,
        plan: &mut Plan<MonitoringModel>,
        diags: &mut Diagnostics,
    ) {
        let cluster_id = plan.new_object().map(|planned| &planned.cluster_id);
        let at = attr_path!(MonitoringModel, cluster_id);
        cluster_ref::check_planned(&self.shared, cluster_id, at, diags).await;
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
        let deadline = Instant::now() + TIMEOUTS.get(&planned.timeouts, Operation::Create);
        let to = "turn External Monitoring on";
        awake::ensure_awake(ctx, &self.shared, api, cluster_id, deadline, to, diags).await?;
        match api.activate_monitoring(cluster_id).await {
            // On already: what was asked for, whether an earlier answer was lost or it was
            // turned on outside Terraform, so this resource takes it over.
            Ok(()) | Err(console::Error::Conflict(_)) => {}
            Err(error) => {
                let summary =
                    format!("Could not turn on External Monitoring of cluster {cluster_id}");
                report(diags, summary, &error);
                return None;
            }
        }
        let on = MonitoringModel {
            id: cluster_id.into(),
            metrics_endpoint: Attr::Null,
            ..planned.clone()
        };
        let state = match api.monitoring(cluster_id).await {
            Ok(monitoring) => MonitoringModel::of(cluster_id, &monitoring, planned),
            Err(error) => {
                diags.warning(
                    "External Monitoring turned on without its endpoint",
                    format!(
                        "External Monitoring of cluster {cluster_id} is on, but its metrics \
                         endpoint could not be read yet: {error}. The next refresh fills it in."
                    ),
                );
                None
            }
        };
        Some(state.unwrap_or(on))
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
        MonitoringModel::of(cluster_id, &monitoring, state)
    }

    /// Every argument forces replacement, so Terraform never asks for an in-place change.
    async fn update(
        &self,
        _ctx: &Ctx,
        _prior: &MonitoringModel,
        planned: &MonitoringModel,
        _config: &MonitoringModel,
        _diags: &mut Diagnostics,
    ) -> MonitoringModel {
        planned.clone()
    }

    async fn delete(&self, _ctx: &Ctx, prior: &MonitoringModel, diags: &mut Diagnostics) {
        let Some(api) = self.shared.api(diags) else {
            return;
        };
        let cluster_id = prior.cluster_id.as_str();
        match api.deactivate_monitoring(cluster_id).await {
            // Off already, or no cluster: nothing is left to turn off.
            Ok(()) | Err(console::Error::Conflict(_) | console::Error::NotFound(_)) => {}
            Err(error) => report(
                diags,
                format!("Could not turn off External Monitoring of cluster {cluster_id}"),
                &error,
            ),
        }
    }

    async fn import(
        &self,
        ctx: &Ctx,
        id: &str,
        diags: &mut Diagnostics,
    ) -> Option<MonitoringModel> {
        let state = MonitoringModel {
            cluster_id: id.into(),
            ..MonitoringModel::default()
        };
        let found = self.read(ctx, &state, diags).await;
        cluster_ref::imported(found, "External Monitoring", id, diags)
    }
}
