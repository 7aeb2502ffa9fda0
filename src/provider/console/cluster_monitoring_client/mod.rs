//! `camunda_cluster_monitoring_client`: The credentials Prometheus scrapes a cluster's metrics with.

mod create;
mod resource;

pub struct ClusterMonitoringClient;
