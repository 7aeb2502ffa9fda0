//! What clusters can be created with: `camunda_cluster_parameters`, all of it, and
//! `camunda_channel`, `camunda_region` and `camunda_cluster_plan_type`, one item by name.

mod data;

pub use data::{Channel, ClusterPlanType, Region};

/// `camunda_cluster_parameters`: every channel, region and plan type.
pub struct ClusterParameters;
