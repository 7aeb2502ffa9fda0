//! Existing clusters as data sources: one cluster by ID or by name (`camunda_cluster`),
//! and every cluster of the organization in brief (`camunda_clusters`).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::state::{Facts, REST_ADDRESS, describe_links, links_type};
use super::{Cluster, Clusters};
use crate::attr_path;
use crate::console::ClusterLinks;
use crate::provider::machinery::{Object, cluster_ref, lookup, report::exactly_one};
use crate::tf::validators::not_blank;
use crate::tf::{Attr, Attribute, Block, DataSource, Diagnostics, Resource, Schema, Type, call};

/// The attributes of one cluster in the `camunda_clusters` list.
const SUMMARY: [&str; 7] = [
    "id",
    "name",
    "status",
    "channel_id",
    "generation_id",
    "region_id",
    "plan_type_id",
];

const CHOOSE_ONE: &str = "Set exactly one of `id` and `name` to choose the cluster.";

/// A cluster attribute: name, type and description.
type Field = (&'static str, Type, &'static str);

/// Every attribute that describes a cluster, as `camunda_cluster` shows it.
fn cluster_fields() -> Vec<Field> {
    let string = |name, description| (name, Type::String, description);
    vec![
        string(
            "id",
            "The cluster's ID. Set either this or `name` to choose the cluster.",
        ),
        string(
            "name",
            "The cluster's name. Set either this or `id` to choose the cluster; a name must \
             match exactly one cluster.",
        ),
        string(
            "status",
            "The cluster's overall state, such as `Healthy`, `Creating`, `Unhealthy` or `Suspended`.",
        ),
        string(
            "created",
            "When the cluster was created, as an RFC 3339 timestamp.",
        ),
        string("channel_id", "The ID of the cluster's release channel."),
        string("channel_name", "The name of the cluster's release channel."),
        string(
            "generation_id",
            "The ID of the generation (the Camunda version) that the cluster runs.",
        ),
        string(
            "generation_name",
            "The name of the generation that the cluster runs.",
        ),
        string("region_id", "The ID of the region that hosts the cluster."),
        string(
            "region_name",
            "The name of the region that hosts the cluster.",
        ),
        string("plan_type_id", "The ID of the cluster's plan type."),
        string("plan_type_name", "The name of the cluster's plan type."),
        (
            "links",
            links_type(),
            "The endpoints of the cluster's components: `zeebe`, `operate`, `tasklist`, \
             `optimize`, `console`, `connectors`, `identity` and `oauth`. Each is null where the \
             cluster has no such endpoint.",
        ),
        string("rest_address", REST_ADDRESS),
        string(
            "stage_label",
            "The cluster's stage label (`dev`, `test`, `stage` or `prod`), or null when it has none.",
        ),
        (
            "auto_update",
            Type::Bool,
            "Whether Camunda moves the cluster to new generations of its channel by itself.",
        ),
        string(
            "backup_region_id",
            "The ID of the region that holds the cluster's backups, or null when it has none.",
        ),
        string(
            "description",
            "The cluster's description, or null when it has none.",
        ),
        string(
            "encryption_type",
            "How the cluster's data is encrypted at rest, as chosen at create: `Software`, \
             `Hardware`, `Provider` or `External` (customer-managed keys, see \
             `camunda_cluster_encryption`); null when the API does not say.",
        ),
    ]
}

/// `camunda_cluster`: one cluster, every attribute of `cluster_fields`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterModel {
    id: Attr<String>,
    name: Attr<String>,
    status: Attr<String>,
    created: Attr<String>,
    channel_id: Attr<String>,
    channel_name: Attr<String>,
    generation_id: Attr<String>,
    generation_name: Attr<String>,
    region_id: Attr<String>,
    region_name: Attr<String>,
    plan_type_id: Attr<String>,
    plan_type_name: Attr<String>,
    links: Attr<ClusterLinks>,
    rest_address: Attr<String>,
    stage_label: Attr<String>,
    auto_update: Attr<bool>,
    backup_region_id: Attr<String>,
    description: Attr<String>,
    encryption_type: Attr<String>,
}

impl ClusterModel {
    fn of(facts: Facts) -> ClusterModel {
        ClusterModel {
            id: facts.id.into(),
            name: facts.name.into(),
            status: facts.status.into(),
            created: facts.created.into(),
            channel_id: facts.channel_id.into(),
            channel_name: facts.channel_name.into(),
            generation_id: facts.generation_id.into(),
            generation_name: facts.generation_name.into(),
            region_id: facts.region_id.into(),
            region_name: facts.region_name.into(),
            plan_type_id: facts.plan_type_id.into(),
            plan_type_name: facts.plan_type_name.into(),
            links: facts.links.into(),
            rest_address: facts.rest_address.into(),
            stage_label: facts.stage_label.into(),
            auto_update: facts.auto_update.into(),
            backup_region_id: facts.backup_region_id.into(),
            description: facts.description.into(),
            encryption_type: facts.encryption_type.into(),
        }
    }
}

#[async_trait]
impl DataSource for Object<Cluster> {
    type Model = ClusterModel;

    const TYPE_NAME: &'static str = <Self as Resource>::TYPE_NAME;

    fn schema() -> Schema {
        let block = Block::new(
            "Reads an existing cluster, chosen by its ID or by its name. Set exactly one of `id` \
             and `name`.",
        );
        let block = cluster_fields()
            .into_iter()
            .fold(block, |block, (name, ty, description)| {
                let attribute = Attribute::new(name, ty).computed().description(description);
                let attribute = if name == "links" {
                    describe_links(attribute)
                } else {
                    attribute
                };
                block.attribute(if name == "id" || name == "name" {
                    attribute.optional().validate(not_blank(usize::MAX))
                } else {
                    attribute
                })
            });
        Schema::new(block)
    }

    fn validate(&self, config: &ClusterModel, diags: &mut Diagnostics) {
        // An unknown value counts as set: it will be known when the data source is read.
        let set = [!config.id.is_null(), !config.name.is_null()];
        let at = attr_path!(ClusterModel, name);
        exactly_one(diags, ["id", "name"], set, at, CHOOSE_ONE);
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<ClusterModel> {
        if let Some(id) = call.config.id.get() {
            let Some(cluster) = cluster_ref::read(&self.shared, id, call.diags).await? else {
                cluster_ref::not_found(call.diags, attr_path!(ClusterModel, id), id);
                return None;
            };
            return Some(ClusterModel::of(Facts::of(&cluster)));
        }
        let Some(name) = call.config.name.get() else {
            call.diags
                .error("Neither `id` nor `name` is set", CHOOSE_ONE);
            return None;
        };
        let failed = "Could not list the clusters";
        let clusters = self
            .shared
            .fetch(call.diags, failed, |api| api.list_clusters());
        let clusters = clusters.await?;
        let at = attr_path!(ClusterModel, name);
        let cluster = lookup::by_name("cluster", &clusters, name, at, call.diags)?;
        Some(ClusterModel::of(Facts::of(cluster)))
    }
}

/// One cluster of the `camunda_clusters` list: the `SUMMARY` attributes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ClusterSummary {
    id: String,
    name: String,
    status: String,
    channel_id: String,
    generation_id: String,
    region_id: String,
    plan_type_id: String,
}

impl ClusterSummary {
    fn of(facts: Facts) -> ClusterSummary {
        ClusterSummary {
            id: facts.id,
            name: facts.name,
            status: facts.status,
            channel_id: facts.channel_id,
            generation_id: facts.generation_id,
            region_id: facts.region_id,
            plan_type_id: facts.plan_type_id,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClustersModel {
    clusters: Attr<Vec<ClusterSummary>>,
}

fn summary_type() -> Type {
    Type::object(
        cluster_fields()
            .into_iter()
            .filter(|(name, ..)| SUMMARY.contains(name))
            .map(|(name, ty, _)| (name, ty)),
    )
}

#[async_trait]
impl DataSource for Object<Clusters> {
    type Model = ClustersModel;

    const TYPE_NAME: &'static str = "camunda_clusters";

    fn schema() -> Schema {
        let clusters = Attribute::new("clusters", Type::list(summary_type()))
            .computed()
            .description(
                "The clusters, each with its `id`, `name`, `status`, `channel_id`, \
                 `generation_id`, `region_id` and `plan_type_id`. Use the \
                 `camunda_cluster` data source for all of a cluster's details.",
            );
        let clusters = cluster_fields()
            .into_iter()
            .filter(|(name, ..)| SUMMARY.contains(name))
            .fold(clusters, |clusters, (name, _, description)| {
                clusters.describe_field(name, description)
            });
        Schema::new(Block::new("Lists every cluster of the organization.").attribute(clusters))
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<ClustersModel> {
        let failed = "Could not list the clusters";
        let clusters = self
            .shared
            .fetch(call.diags, failed, |api| api.list_clusters());
        let clusters = clusters.await?;
        let summaries = clusters.iter().map(|c| ClusterSummary::of(Facts::of(c)));
        Some(ClustersModel {
            clusters: summaries.collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console;
    use crate::tf::model::to_value;

    fn cluster() -> console::Cluster {
        let id_name = |uuid: &str| console::IdName {
            uuid: uuid.into(),
            name: format!("{uuid} name"),
        };
        console::Cluster {
            uuid: "c1".into(),
            name: "prod".into(),
            created: "2024-01-02T03:04:05Z".into(),
            owner_id: None,
            auto_update: Some(true),
            channel: id_name("ch"),
            generation: id_name("gen"),
            region: id_name("reg"),
            plan_type: id_name("plan"),
            backup_region: None,
            status: console::ClusterStatus {
                ready: console::ComponentStatus::Healthy,
                zeebe_status: None,
                operate_status: None,
                tasklist_status: None,
                optimize_status: None,
            },
            links: console::ClusterLinks {
                zeebe: Some("c1.bru-2.zeebe.camunda.io:443".into()),
                ..Default::default()
            },
            labels: None,
            stage_label: Some("prod".into()),
            description: None,
            encryption: Some(console::ClusterEncryption {
                kind: Some("External".into()),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn a_cluster_shows_its_facts() {
        let model = ClusterModel::of(Facts::of(&cluster()));
        assert_eq!(model.status, Attr::from("Healthy"));
        assert_eq!(model.generation_name, Attr::from("gen name"));
        assert_eq!(model.auto_update, Attr::from(true));
        assert_eq!(model.backup_region_id, Attr::Null);
        assert_eq!(model.encryption_type, Attr::from("External"));
        assert_eq!(
            model.rest_address,
            Attr::from("https://bru-2.zeebe.camunda.io/c1")
        );
        to_value(
            &model,
            &<Object<Cluster> as DataSource>::schema().value_type(),
        )
        .unwrap();
    }

    #[test]
    fn the_summary_fits_the_list() {
        let summary = ClusterSummary::of(Facts::of(&cluster()));
        assert_eq!(summary.region_id, "reg");
        let model = ClustersModel {
            clusters: vec![summary].into(),
        };
        to_value(
            &model,
            &<Object<Clusters> as DataSource>::schema().value_type(),
        )
        .unwrap();
    }

    #[test]
    fn exactly_one_of_id_and_name_is_required() {
        let data = Object::<Cluster>::default();
        let errors = |id: Attr<String>, name: Attr<String>| {
            let config = ClusterModel {
                id,
                name,
                ..ClusterModel::default()
            };
            let mut diags = Diagnostics::new();
            DataSource::validate(&data, &config, &mut diags);
            diags.iter().map(|d| d.summary.clone()).collect::<Vec<_>>()
        };
        assert!(errors("x".into(), Attr::Null).is_empty());
        assert!(errors(Attr::Null, Attr::Unknown).is_empty());
        assert_eq!(
            errors("x".into(), "y".into()),
            ["Both `id` and `name` are set"]
        );
        assert_eq!(
            errors(Attr::Null, Attr::Null),
            ["Neither `id` nor `name` is set"]
        );
    }
}
