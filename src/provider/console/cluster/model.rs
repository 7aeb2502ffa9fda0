//! The state of `camunda_cluster`: its model, built from what the API says.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::state::Facts;
use crate::console::{Cluster, ClusterLinks};
use crate::provider::machinery::community;
use crate::tf::{Attr, Operation, Timeouts, TimeoutsSpec};

pub(super) const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "the cluster",
    defaults: &[
        (Operation::Create, Duration::from_secs(30 * 60)),
        (Operation::Update, Duration::from_secs(20 * 60)),
        (Operation::Delete, Duration::from_secs(20 * 60)),
    ],
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterModel {
    pub id: Attr<String>,
    pub name: Attr<String>,
    pub channel_id: Attr<String>,
    pub generation_id: Attr<String>,
    pub region_id: Attr<String>,
    pub plan_type_id: Attr<String>,
    pub auto_update: Attr<bool>,
    pub stage_label: Attr<String>,
    pub description: Attr<String>,
    pub backup_region_id: Attr<String>,
    pub encryption_type: Attr<String>,
    pub deletion_protection: Attr<bool>,
    pub allow_duplicate_name: Attr<bool>,
    pub status: Attr<String>,
    pub created: Attr<String>,
    pub channel_name: Attr<String>,
    pub generation_name: Attr<String>,
    pub region_name: Attr<String>,
    pub plan_type_name: Attr<String>,
    pub links: Attr<ClusterLinks>,
    pub rest_address: Attr<String>,
    pub timeouts: Attr<Timeouts>,
}

impl ClusterModel {
    /// The state for `cluster`, keeping the Terraform-side settings of `base` (the plan or
    /// the prior state; the default on import).
    pub(super) fn of(cluster: &Cluster, base: &ClusterModel) -> ClusterModel {
        let facts = Facts::of(cluster);
        ClusterModel {
            id: facts.id.into(),
            name: facts.name.into(),
            channel_id: facts.channel_id.into(),
            generation_id: facts.generation_id.into(),
            region_id: facts.region_id.into(),
            plan_type_id: facts.plan_type_id.into(),
            // Not every answer carries it; then what Terraform knew stands.
            auto_update: Attr::from(facts.auto_update).or(base.auto_update.clone()),
            stage_label: facts.stage_label.into(),
            description: description(facts.description, base),
            backup_region_id: facts.backup_region_id.into(),
            encryption_type: facts.encryption_type.into(),
            deletion_protection: Attr::Known(base.is_protected()),
            allow_duplicate_name: Attr::Known(base.allow_duplicate_name == Attr::Known(true)),
            status: facts.status.into(),
            created: facts.created.into(),
            channel_name: facts.channel_name.into(),
            generation_name: facts.generation_name.into(),
            region_name: facts.region_name.into(),
            plan_type_name: facts.plan_type_name.into(),
            links: facts.links.into(),
            rest_address: facts.rest_address.into(),
            timeouts: base.timeouts.clone(),
        }
    }

    /// The state of cluster `id` when no answer has described it yet (Terraform stopped
    /// the wait before the first look): what was planned, and `Creating`. What only the API
    /// says is null until the next refresh.
    pub(super) fn creating(id: &str, planned: &ClusterModel) -> ClusterModel {
        ClusterModel {
            id: id.into(),
            status: "Creating".into(),
            auto_update: planned.auto_update.clone().known_or_null(),
            stage_label: planned.stage_label.clone().known_or_null(),
            description: planned.description.clone().known_or_null(),
            backup_region_id: planned.backup_region_id.clone().known_or_null(),
            encryption_type: planned.encryption_type.clone().known_or_null(),
            name: planned.name.clone(),
            channel_id: planned.channel_id.clone(),
            generation_id: planned.generation_id.clone(),
            region_id: planned.region_id.clone(),
            plan_type_id: planned.plan_type_id.clone(),
            deletion_protection: planned.deletion_protection.clone(),
            allow_duplicate_name: planned.allow_duplicate_name.clone(),
            timeouts: planned.timeouts.clone(),
            ..ClusterModel::default()
        }
    }

    /// The state of a cluster that the community provider managed, until its first refresh
    /// here fills in the rest.
    pub(super) fn from_community(cluster: community::Cluster) -> ClusterModel {
        ClusterModel {
            id: cluster.id.into(),
            name: cluster.name.into(),
            channel_id: cluster.channel.into(),
            region_id: cluster.region.into(),
            plan_type_id: cluster.plan_type.into(),
            // The configured generation, as this provider keeps it too: a refresh then sees
            // whether auto-update has moved the cluster on, and says so.
            generation_id: cluster.generation.or(cluster.current_generation).into(),
            auto_update: cluster.auto_update.into(),
            description: cluster.description.filter(|d| !d.is_empty()).into(),
            // The community provider has no such argument: the first refresh reads it.
            encryption_type: Attr::Null,
            deletion_protection: Attr::Known(false),
            allow_duplicate_name: Attr::Known(false),
            ..ClusterModel::default()
        }
    }

    pub(super) fn is_protected(&self) -> bool {
        self.deletion_protection == Attr::Known(true)
    }
}

/// The API leaves out an empty description: an empty one that Terraform knows stays
/// empty, so that `description = ""` does not read back as a change.
fn description(current: Option<String>, base: &ClusterModel) -> Attr<String> {
    match current {
        Some(description) => description.into(),
        None if base.description.as_deref() == Some("") => "".into(),
        None => Attr::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_description_reads_back_as_terraform_set_it() {
        let emptied = ClusterModel {
            description: "".into(),
            ..ClusterModel::default()
        };
        assert_eq!(description(None, &emptied), Attr::from(""));
        assert_eq!(description(None, &ClusterModel::default()), Attr::Null);
        assert_eq!(description(Some("EU".into()), &emptied), Attr::from("EU"));
    }

    #[test]
    fn an_unfinished_create_keeps_the_planned_encryption_type_when_known() {
        let planned = |encryption_type| ClusterModel {
            encryption_type,
            ..ClusterModel::default()
        };
        let external = ClusterModel::creating("c-1", &planned("External".into()));
        assert_eq!(external.encryption_type, Attr::from("External"));
        let unset = ClusterModel::creating("c-1", &planned(Attr::Unknown));
        assert_eq!(unset.encryption_type, Attr::Null);
    }
}
