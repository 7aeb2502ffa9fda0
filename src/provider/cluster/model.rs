//! The state of `camunda_cluster`: its schema, and its model built from what the API says.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::state::{Facts, Links, STAGE_LABELS};
use crate::console::Cluster;
use crate::provider::{awake, community};
use crate::tf::validators::{max_chars, not_blank, one_of};
use crate::tf::{Attr, Attribute, Block, Operation, Schema, Timeouts, TimeoutsSpec};

/// The longest cluster name the API accepts.
const MAX_NAME_LEN: usize = 50;

/// The longest cluster description the API accepts.
const MAX_DESCRIPTION_LEN: usize = 150;

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
    pub deletion_protection: Attr<bool>,
    pub allow_duplicate_name: Attr<bool>,
    pub status: Attr<String>,
    pub created: Attr<String>,
    pub channel_name: Attr<String>,
    pub generation_name: Attr<String>,
    pub region_name: Attr<String>,
    pub plan_type_name: Attr<String>,
    pub links: Attr<Links>,
    pub timeouts: Attr<Timeouts>,
}

fn computed(name: &str, description: &str) -> Attribute {
    Attribute::string(name)
        .computed()
        .use_state_for_unknown()
        .description(description)
}

pub(super) fn schema() -> Schema {
    Schema::new(
        Block::new(format!(
            "A Camunda SaaS cluster. Creating one waits until it is Healthy; deleting one waits \
             until it is gone.\n\n\
             A create happens exactly once. Before it is sent, the name is checked against the \
             organization's clusters (see `allow_duplicate_name`). When the answer to a create \
             is lost (a dropped connection, a gateway or server error), the provider looks again \
             and adopts the cluster that the create made instead of creating another. When \
             Terraform is killed during a create, the next apply from the same working directory \
             and workspace adopts the cluster: the provider keeps a record of creates in flight \
             in its folder (`token_cache_dir`). A create refused with 429, or with 503 and \
             `Retry-After`, is sent again within `timeouts.create`; a create whose timeout has \
             passed is not sent, and one already sent is waited for, so that its cluster is \
             recorded.\n\n\
             When Terraform is interrupted (Ctrl-C) while it waits for a new cluster to become \
             Healthy, the cluster stays in the state, not tainted, with `status` `Creating`, and \
             a warning says so. The next plan shows `status` changing to `Healthy` as an in-place \
             update; applying it waits for the cluster instead of replacing it. A create whose \
             wait times out, or whose cluster fails, leaves the cluster tainted.\n\n\
             A suspended cluster shows `status` `Suspended`. An in-place change of `name`, \
             `stage_label`, `description` or `generation_id` is made while the cluster runs. {}",
            awake::WAKES
        ))
        .attribute(computed("id", "The cluster's UUID."))
        .attribute(
            Attribute::string("name")
                .required()
                .validate(not_blank(MAX_NAME_LEN))
                .description(
                    "The cluster's name: 1 to 50 characters, not only whitespace. Changing it \
                     renames the cluster in place.",
                ),
        )
        .attribute(
            Attribute::string("channel_id")
                .required()
                .requires_replace()
                .description(
                    "The id of the release channel (see the `camunda_channel` data source). \
                     Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::string("generation_id")
                .optional()
                .computed()
                .keep_when_unset()
                .description(
                    "The id of the generation (Camunda version) to run; when unset, the channel's \
                     default generation. Changing it to the channel's default generation upgrades \
                     the cluster in place; any other change is refused at plan time, because \
                     clusters cannot move to other generations. When Camunda's auto-update has \
                     moved the cluster past the configured generation, the newer generation is \
                     kept and a warning says so.",
                ),
        )
        .attribute(
            Attribute::string("region_id")
                .required()
                .requires_replace()
                .description(
                    "The id of the region that hosts the cluster (see the `camunda_region` data \
                     source). Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::string("plan_type_id")
                .required()
                .requires_replace()
                .description(
                    "The id of the cluster plan type (see the `camunda_cluster_plan_type` data \
                     source). Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::bool("auto_update")
                .optional()
                .computed()
                .keep_when_unset()
                .requires_replace()
                .description(
                    "Whether Camunda moves the cluster to newer generations of its channel by \
                     itself; when unset, the API's default. Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::string("stage_label")
                .optional()
                .computed()
                .keep_when_unset()
                .validate(one_of(STAGE_LABELS))
                .description(
                    "The cluster's stage: one of `dev`, `test`, `stage` or `prod`. Changing it \
                     updates the cluster in place; when unset, the label is left as it is.",
                ),
        )
        .attribute(
            Attribute::string("description")
                .optional()
                .computed()
                .keep_when_unset()
                .validate(max_chars(MAX_DESCRIPTION_LEN))
                .description(
                    "A description of the cluster, at most 150 characters. Changing it updates \
                     the cluster in place; `\"\"` removes the description. When unset, the \
                     description is left as it is, and the state shows the cluster's own.",
                ),
        )
        .attribute(
            Attribute::string("backup_region_id")
                .optional()
                .computed()
                .keep_when_unset()
                .requires_replace()
                .description(
                    "The id of the region that holds the cluster's backups; when unset, the \
                     API's choice. Changing it replaces the cluster.",
                ),
        )
        .attribute(Attribute::bool("deletion_protection").default(false).description(
            "While true, Terraform refuses to delete the cluster: a destroy, or a change that \
             would replace the cluster, fails before anything is deleted. Set it to false and \
             apply that first to allow either. Defaults to false. A replacement requested with \
             `terraform apply -replace=...` is the exception at plan time, because Terraform \
             does not tell the provider about it: the plan shows the replacement, and the apply \
             refuses it before the cluster is deleted (under `create_before_destroy`, after the \
             new cluster was created).",
        ))
        .attribute(Attribute::bool("allow_duplicate_name").default(false).description(
            "Whether this cluster may be created although another cluster, which this \
             Terraform state does not hold, has the same name. By default such a create is \
             refused, at plan time and again before anything is sent, with the id of the \
             cluster that has the name and how to import it: a cluster of that name is most \
             often one that an interrupted or failed apply left behind. A replacement with \
             `create_before_destroy` needs it too, as the old and the new cluster share the \
             name for a while. Defaults to false.",
        ))
        .attribute(computed(
            "status",
            "The cluster's overall state, such as `Healthy`, `Creating`, `Updating`, `Unhealthy` \
             or `Suspended`.",
        ))
        .attribute(computed(
            "created",
            "When the cluster was created (RFC 3339).",
        ))
        .attribute(computed("channel_name", "The name of the release channel."))
        .attribute(computed(
            "generation_name",
            "The name of the generation the cluster runs.",
        ))
        .attribute(computed("region_name", "The name of the region."))
        .attribute(computed("plan_type_name", "The name of the cluster plan type."))
        .attribute(Links::describe(
            Attribute::new("links", Links::ty())
                .computed()
                .use_state_for_unknown()
                .description(
                    "The endpoints of the cluster's components: `zeebe`, `operate`, `tasklist`, \
                     `optimize`, `console`, `connectors`, `identity` and `oauth`, each null \
                     where the cluster has none.",
                ),
        ))
        .block(TIMEOUTS.block()),
    )
    // Version 1 has the shape of version 0; the step tells the community provider's
    // states (version 0 too) apart from this provider's first ones. See `upgrade_state`.
    .version(1)
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
            deletion_protection: Attr::Known(base.is_protected()),
            allow_duplicate_name: Attr::Known(base.allow_duplicate_name == Attr::Known(true)),
            status: facts.status.into(),
            created: facts.created.into(),
            channel_name: facts.channel_name.into(),
            generation_name: facts.generation_name.into(),
            region_name: facts.region_name.into(),
            plan_type_name: facts.plan_type_name.into(),
            links: facts.links.into(),
            timeouts: base.timeouts.clone(),
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
    fn model_matches_schema() {
        crate::tf::model::check::<ClusterModel>(&schema()).unwrap();
    }

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
}
