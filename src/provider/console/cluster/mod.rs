//! Clusters: the `camunda_cluster` resource and data source, and the `camunda_clusters`
//! data source, which share the cluster's facts as the API tells them.

mod create;
mod data;
mod ids;
mod model;
mod plan;
mod resource;
mod state;

/// `camunda_cluster`, the resource and the data source.
pub struct Cluster;

/// `camunda_clusters`, every cluster in brief.
pub struct Clusters;

/// Creation parameters for the tests of the cluster's plan rules.
#[cfg(test)]
mod test_parameters {
    use crate::console::{BackupOption, BackupRegion, Channel, IdName, Parameters, Region};

    fn id_name(uuid: &str, name: &str) -> IdName {
        IdName {
            uuid: uuid.into(),
            name: name.into(),
        }
    }

    /// For tests: one channel (Stable: generations g1, g2, default g2), one region (backups
    /// in b1), one plan type.
    pub(super) fn params() -> Parameters {
        Parameters {
            channels: vec![Channel {
                uuid: "ch".into(),
                name: "Stable".into(),
                default_generation: id_name("g2", "Camunda 8.7"),
                allowed_generations: vec![
                    id_name("g1", "Camunda 8.6"),
                    id_name("g2", "Camunda 8.7"),
                ],
            }],
            regions: vec![Region {
                uuid: "r1".into(),
                name: "Belgium".into(),
                provider: "gcp".into(),
                backups: vec![BackupOption {
                    uuid: "o1".into(),
                    regions: vec![BackupRegion {
                        id: "b1".into(),
                        label: "Netherlands".into(),
                    }],
                }],
            }],
            cluster_plan_types: vec![id_name("p1", "Basic")],
        }
    }
}
