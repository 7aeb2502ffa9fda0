//! `camunda_cluster_monitoring`: External Monitoring of a cluster.

mod resource;

pub struct ClusterMonitoring;
