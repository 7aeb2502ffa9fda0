//! `camunda_cluster_ip_allowlist`: The IP allowlist of a cluster.

mod resource;

pub struct ClusterIpAllowlist;
