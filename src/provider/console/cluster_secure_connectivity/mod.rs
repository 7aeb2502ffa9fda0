//! `camunda_cluster_secure_connectivity`: A private endpoint service of a cluster.

mod create;
mod resource;

pub struct ClusterSecureConnectivity;
