//! The `camunda_cluster` resource, with what it shares with the cluster data sources.

mod create;
mod ids;
mod model;
mod plan;
mod resource;
pub(crate) mod state;
pub(crate) mod wait;

pub use resource::ClusterResource;
