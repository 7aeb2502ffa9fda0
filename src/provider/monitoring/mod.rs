//! External Monitoring of a cluster: the `camunda_cluster_monitoring` resource, which turns
//! it on, and `camunda_cluster_monitoring_client`, the credentials Prometheus scrapes with.

mod client;
mod switch;

pub use client::MonitoringClientResource;
pub use switch::MonitoringResource;
