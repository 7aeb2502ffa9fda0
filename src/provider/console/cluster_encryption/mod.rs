//! `camunda_cluster_encryption`: The customer-managed keys of a cluster.

mod resource;

pub struct ClusterEncryption;
