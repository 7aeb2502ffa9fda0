//! Existing clusters as data sources: one cluster by ID or by name (`camunda_cluster`),
//! and every cluster of the organization in brief (`camunda_clusters`).

use std::sync::Arc;

use async_trait::async_trait;

use super::{Shared, api_error};
use super::{cluster_state, lookup};
use crate::console;
use crate::tf::{Attribute, Block, Ctx, DataSource, Diagnostics, Path, Schema, Type, Value};

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
            "The cluster's overall state, such as `Healthy`, `Creating` or `Unhealthy`.",
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
            cluster_state::links_type(),
            "The endpoints of the cluster's components: `zeebe`, `operate`, `tasklist`, \
             `optimize`, `console`, `connectors`, `identity` and `oauth`. Each is null where the \
             cluster has no such endpoint.",
        ),
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
    ]
}

/// A cluster as the data sources show it; every attribute of `cluster_fields`.
fn cluster_data_value(cluster: &console::Cluster) -> Value {
    let mut attributes = cluster_state::cluster_attributes(cluster);
    attributes.push((
        "auto_update",
        cluster.auto_update.map_or(Value::Null, Value::Bool),
    ));
    attributes.push((
        "backup_region_id",
        Value::opt_string(cluster.backup_region.as_ref().map(|r| r.uuid.as_str())),
    ));
    Value::object(attributes)
}

/// `camunda_cluster`: one existing cluster, chosen by ID or by name.
pub struct ClusterData {
    shared: Arc<Shared>,
}

impl ClusterData {
    pub fn new(shared: Arc<Shared>) -> ClusterData {
        ClusterData { shared }
    }
}

#[async_trait]
impl DataSource for ClusterData {
    fn type_name(&self) -> &'static str {
        "camunda_cluster"
    }

    fn schema(&self) -> Schema {
        let block = Block::new(
            "Reads an existing cluster, chosen by its ID or by its name. Set exactly one of `id` \
             and `name`.",
        );
        let block = cluster_fields()
            .into_iter()
            .fold(block, |block, (name, ty, description)| {
                let attribute = Attribute::new(name, ty).computed().description(description);
                block.attribute(if name == "id" || name == "name" {
                    attribute.optional()
                } else {
                    attribute
                })
            });
        Schema::new(block)
    }

    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        // An unknown value counts as set: it will be known when the data source is read.
        match (config.attr("id").is_null(), config.attr("name").is_null()) {
            (false, false) => diags.attribute_error(
                Path::attr("name"),
                "Both `id` and `name` are set",
                CHOOSE_ONE,
            ),
            (true, true) => diags.error("Neither `id` nor `name` is set", CHOOSE_ONE),
            _ => {}
        }
    }

    async fn read(&self, _ctx: &Ctx, config: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        if let Some(id) = config.attr("id").as_str() {
            return match client.get_cluster(id).await {
                Ok(cluster) => cluster_data_value(&cluster),
                Err(error) if error.is_not_found() => {
                    diags.attribute_error(
                        Path::attr("id"),
                        "Unknown cluster ID",
                        format!("No cluster with ID {id:?} exists in this organization."),
                    );
                    Value::Null
                }
                Err(error) => {
                    api_error::report(diags, &format!("Could not read cluster {id}"), &error);
                    Value::Null
                }
            };
        }
        let Some(name) = config.attr("name").as_str() else {
            diags.error("Neither `id` nor `name` is set", CHOOSE_ONE);
            return Value::Null;
        };
        match client.list_clusters().await {
            Ok(clusters) => lookup::by_name("cluster", &clusters, name, diags)
                .map_or(Value::Null, cluster_data_value),
            Err(error) => {
                api_error::report(diags, "Could not list the clusters", &error);
                Value::Null
            }
        }
    }
}

/// `camunda_clusters`: every cluster of the organization, in brief.
pub struct ClustersData {
    shared: Arc<Shared>,
}

impl ClustersData {
    pub fn new(shared: Arc<Shared>) -> ClustersData {
        ClustersData { shared }
    }
}

fn summary_type() -> Type {
    Type::object(
        cluster_fields()
            .into_iter()
            .filter(|(name, ..)| SUMMARY.contains(name))
            .map(|(name, ty, _)| (name, ty)),
    )
}

/// The `SUMMARY` attributes of a cluster's full value.
fn summary_value(cluster: &console::Cluster) -> Value {
    let full = cluster_data_value(cluster);
    Value::object(SUMMARY.map(|name| (name, full.attr(name).clone())))
}

#[async_trait]
impl DataSource for ClustersData {
    fn type_name(&self) -> &'static str {
        "camunda_clusters"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("Lists every cluster of the organization.").attribute(
                Attribute::new("clusters", Type::list(summary_type()))
                    .computed()
                    .description(
                        "The clusters, each with its `id`, `name`, `status`, `channel_id`, \
                         `generation_id`, `region_id` and `plan_type_id`. Use the \
                         `camunda_cluster` data source for all of a cluster's details.",
                    ),
            ),
        )
    }

    async fn read(&self, _ctx: &Ctx, _config: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        match client.list_clusters().await {
            Ok(clusters) => Value::object([(
                "clusters",
                Value::List(clusters.iter().map(summary_value).collect()),
            )]),
            Err(error) => {
                api_error::report(diags, "Could not list the clusters", &error);
                Value::Null
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                zeebe: Some("z.example:443".into()),
                ..Default::default()
            },
            labels: None,
            stage_label: Some("prod".into()),
        }
    }

    fn attribute_names(ty: &Type) -> Vec<&str> {
        match ty {
            Type::Object(types) => types.keys().map(String::as_str).collect(),
            other => panic!("not an object type: {other:?}"),
        }
    }

    #[test]
    fn the_value_has_every_declared_attribute() {
        let value = cluster_data_value(&cluster());
        let schema = ClusterData::new(Arc::default()).schema();
        assert_eq!(
            value.entries().unwrap().keys().collect::<Vec<_>>(),
            attribute_names(&schema.value_type())
        );
        assert_eq!(value.attr("status").as_str(), Some("Healthy"));
        assert_eq!(value.attr("generation_name").as_str(), Some("gen name"));
        assert_eq!(value.attr("auto_update").as_bool(), Some(true));
        assert!(value.attr("backup_region_id").is_null());
        let links = value.attr("links");
        assert_eq!(links.attr("zeebe").as_str(), Some("z.example:443"));
        assert!(links.attr("oauth").is_null());
        assert_eq!(links.entries().unwrap().len(), 8);
    }

    #[test]
    fn the_summary_matches_its_type() {
        let value = summary_value(&cluster());
        assert_eq!(
            value.entries().unwrap().keys().collect::<Vec<_>>(),
            attribute_names(&summary_type())
        );
        assert_eq!(value.attr("region_id").as_str(), Some("reg"));
    }

    #[test]
    fn exactly_one_of_id_and_name_is_required() {
        let data = ClusterData::new(Arc::default());
        let config = |id: Value, name: Value| {
            Value::object([("id", id), ("name", name)]).complete(&data.schema().value_type())
        };
        let errors = |config: Value| {
            let mut diags = Diagnostics::new();
            data.validate(&config, &mut diags);
            diags.iter().map(|d| d.summary.clone()).collect::<Vec<_>>()
        };
        assert!(errors(config(Value::string("x"), Value::Null)).is_empty());
        assert!(errors(config(Value::Null, Value::Unknown)).is_empty());
        assert_eq!(
            errors(config(Value::string("x"), Value::string("y"))),
            ["Both `id` and `name` are set"]
        );
        assert_eq!(
            errors(config(Value::Null, Value::Null)),
            ["Neither `id` nor `name` is set"]
        );
    }
}
