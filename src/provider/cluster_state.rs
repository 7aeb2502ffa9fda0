//! A Console cluster as Terraform values: the attributes that the `camunda_cluster`
//! resource computes and the `camunda_cluster` data source returns.

use crate::console::{Cluster, ClusterLinks};
use crate::tf::{Type, Value};

/// The stage labels a cluster can carry; the API lists the one set among its `labels`.
pub(crate) const STAGE_LABELS: &[&str] = &["dev", "test", "stage", "prod"];

/// The components whose endpoints make up the `links` object.
const LINKS: &[&str] = &[
    "zeebe",
    "operate",
    "tasklist",
    "optimize",
    "console",
    "connectors",
    "identity",
    "oauth",
];

/// The type of the `links` attribute: one string per component, null where absent.
pub(crate) fn links_type() -> Type {
    Type::object(LINKS.iter().map(|&name| (name, Type::String)))
}

/// The cluster's attributes: `id`, `name`, `status`, `created`, `channel_id`,
/// `channel_name`, `generation_id`, `generation_name`, `region_id`, `region_name`,
/// `plan_type_id`, `plan_type_name`, `links` and `stage_label`.
pub(crate) fn cluster_attributes(cluster: &Cluster) -> Vec<(&'static str, Value)> {
    vec![
        ("id", Value::string(&cluster.uuid)),
        ("name", Value::string(&cluster.name)),
        ("status", Value::string(cluster.status.ready.as_str())),
        ("created", Value::string(&cluster.created)),
        ("channel_id", Value::string(&cluster.channel.uuid)),
        ("channel_name", Value::string(&cluster.channel.name)),
        ("generation_id", Value::string(&cluster.generation.uuid)),
        ("generation_name", Value::string(&cluster.generation.name)),
        ("region_id", Value::string(&cluster.region.uuid)),
        ("region_name", Value::string(&cluster.region.name)),
        ("plan_type_id", Value::string(&cluster.plan_type.uuid)),
        ("plan_type_name", Value::string(&cluster.plan_type.name)),
        ("links", links(&cluster.links)),
        ("stage_label", Value::opt_string(stage_label(cluster))),
    ]
}

/// The stage label: the API's own field where it gives one, else the stage among the labels.
pub(crate) fn stage_label(cluster: &Cluster) -> Option<&str> {
    cluster.stage_label.as_deref().or_else(|| {
        cluster
            .labels
            .iter()
            .flatten()
            .map(String::as_str)
            .find(|label| STAGE_LABELS.contains(label))
    })
}

fn links(links: &ClusterLinks) -> Value {
    let ClusterLinks {
        zeebe,
        operate,
        tasklist,
        optimize,
        console,
        connectors,
        identity,
        oauth,
    } = links;
    let values = [
        zeebe, operate, tasklist, optimize, console, connectors, identity, oauth,
    ];
    Value::object(
        LINKS
            .iter()
            .zip(values)
            .map(|(&name, link)| (name, Value::opt_string(link.clone()))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster() -> Cluster {
        let id_name =
            |uuid: &str| serde_json::json!({"uuid": uuid, "name": format!("{uuid}-name")});
        serde_json::from_value(serde_json::json!({
            "uuid": "c1", "name": "prod", "created": "2024-01-02T03:04:05Z",
            "channel": id_name("ch"), "generation": id_name("g"), "region": id_name("r"),
            "planType": id_name("p"),
            "status": {"ready": "Creating"},
            "links": {"zeebe": "z.example", "console": "c.example"},
            "labels": ["team-a", "stage"],
        }))
        .unwrap()
    }

    #[test]
    fn every_attribute_comes_from_the_cluster() {
        let value = Value::object(cluster_attributes(&cluster()));
        assert_eq!(value.attr("id"), &Value::from("c1"));
        assert_eq!(value.attr("status"), &Value::from("Creating"));
        assert_eq!(value.attr("generation_name"), &Value::from("g-name"));
        assert_eq!(value.attr("plan_type_id"), &Value::from("p"));
        assert_eq!(value.attr("stage_label"), &Value::from("stage"));
        let links = value.attr("links");
        assert_eq!(links.attr("zeebe"), &Value::from("z.example"));
        assert!(links.attr("operate").is_null());
        assert_eq!(links.entries().unwrap().len(), LINKS.len());
    }

    #[test]
    fn the_stage_label_field_wins_over_labels() {
        let mut cluster = cluster();
        cluster.stage_label = Some("dev".into());
        assert_eq!(stage_label(&cluster), Some("dev"));
        cluster.stage_label = None;
        cluster.labels = Some(vec!["team-a".into()]);
        assert_eq!(stage_label(&cluster), None);
    }
}
