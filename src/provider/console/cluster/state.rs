//! A Console cluster as the provider shows it: the facts that the `camunda_cluster`
//! resource computes and the `camunda_cluster` data source returns.

use crate::console::{Cluster, ClusterLinks};
use crate::tf::{Attribute, Type};

/// The stage labels a cluster can carry; the API lists the one set among its `labels`.
pub(crate) const STAGE_LABELS: &[&str] = &["dev", "test", "stage", "prod"];

/// The description of a cluster's `rest_address`, the resource's and the data source's.
pub(crate) const REST_ADDRESS: &str = "The base address of the cluster's Orchestration Cluster \
    API (REST; clients append `/v2`), as a provider's `orchestration_api` block takes it: \
    `https://<region>.zeebe.camunda.io/<cluster-id>`, derived from the gRPC address \
    `<cluster-id>.<region>.zeebe.camunda.io:443` in `links.zeebe`, since the Console API gives \
    no REST address for a cluster. Null while `links.zeebe` is not known, and when it does \
    not have that form.";

/// The components of the `links` object, with what each link is. Its value is the API's
/// [`ClusterLinks`], field for field: null where the cluster has no such endpoint.
const LINKS: [(&str, &str); 8] = [
    ("zeebe", "The Zeebe gateway's address (gRPC)."),
    ("operate", "Operate's URL."),
    ("tasklist", "Tasklist's URL."),
    ("optimize", "Optimize's URL."),
    ("console", "The cluster's page in Camunda Console."),
    ("connectors", "The connectors' URL."),
    ("identity", "Identity's URL."),
    (
        "oauth",
        "The OAuth token endpoint for the cluster's clients.",
    ),
];

/// The type of the `links` attribute.
pub(crate) fn links_type() -> Type {
    Type::object(LINKS.iter().map(|&(name, _)| (name, Type::String)))
}

/// Describes each link of a `links` attribute.
pub(crate) fn describe_links(attribute: Attribute) -> Attribute {
    LINKS.iter().fold(attribute, |attribute, (name, text)| {
        attribute.describe_field(name, *text)
    })
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Facts {
    pub id: String,
    pub name: String,
    /// `status.ready`.
    pub status: String,
    pub created: String,
    pub channel_id: String,
    pub channel_name: String,
    pub generation_id: String,
    pub generation_name: String,
    pub region_id: String,
    pub region_name: String,
    pub plan_type_id: String,
    pub plan_type_name: String,
    pub links: ClusterLinks,
    /// The base of the Orchestration Cluster API, derived from the gRPC link.
    pub rest_address: Option<String>,
    pub stage_label: Option<String>,
    pub auto_update: Option<bool>,
    pub backup_region_id: Option<String>,
    /// `encryption.type`; `None` when the answer has no encryption.
    pub encryption_type: Option<String>,
    /// `None` when the cluster has no description.
    pub description: Option<String>,
}

impl Facts {
    pub(crate) fn of(cluster: &Cluster) -> Facts {
        Facts {
            id: cluster.uuid.clone(),
            name: cluster.name.clone(),
            status: cluster.status.ready.as_str().to_owned(),
            created: cluster.created.clone(),
            channel_id: cluster.channel.uuid.clone(),
            channel_name: cluster.channel.name.clone(),
            generation_id: cluster.generation.uuid.clone(),
            generation_name: cluster.generation.name.clone(),
            region_id: cluster.region.uuid.clone(),
            region_name: cluster.region.name.clone(),
            plan_type_id: cluster.plan_type.uuid.clone(),
            plan_type_name: cluster.plan_type.name.clone(),
            links: cluster.links.clone(),
            rest_address: cluster.links.rest_address(),
            stage_label: stage_label(cluster).map(str::to_owned),
            auto_update: cluster.auto_update,
            backup_region_id: cluster.backup_region.as_ref().map(|r| r.uuid.clone()),
            encryption_type: cluster.encryption.as_ref().and_then(|e| e.kind.clone()),
            description: cluster.description.clone().filter(|d| !d.is_empty()),
        }
    }
}

/// The stage label: the API's own field where it gives one, else the stage among the labels.
fn stage_label(cluster: &Cluster) -> Option<&str> {
    cluster.stage_label.as_deref().or_else(|| {
        cluster
            .labels
            .iter()
            .flatten()
            .map(String::as_str)
            .find(|label| STAGE_LABELS.contains(label))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::Value;
    use crate::tf::model::to_value;

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
    fn every_fact_comes_from_the_cluster() {
        let facts = Facts::of(&cluster());
        assert_eq!(facts.id, "c1");
        assert_eq!(facts.status, "Creating");
        assert_eq!(facts.generation_name, "g-name");
        assert_eq!(facts.plan_type_id, "p");
        assert_eq!(facts.stage_label.as_deref(), Some("stage"));
        assert_eq!(facts.encryption_type, None, "the answer has no encryption");
        assert_eq!(facts.rest_address, None, "z.example is not a SaaS address");
        let expected = Value::object(LINKS.map(|(name, _)| {
            let link = match name {
                "zeebe" => Value::from("z.example"),
                "console" => Value::from("c.example"),
                _ => Value::Null,
            };
            (name, link)
        }));
        assert_eq!(to_value(&facts.links, &links_type()).unwrap(), expected);
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

    #[test]
    fn the_encryption_type_is_the_one_chosen_at_create() {
        let mut cluster = cluster();
        cluster.encryption = Some(crate::console::ClusterEncryption {
            kind: Some("Hardware".into()),
            ..Default::default()
        });
        assert_eq!(
            Facts::of(&cluster).encryption_type.as_deref(),
            Some("Hardware")
        );
    }
}
