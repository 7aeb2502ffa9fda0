//! `camunda_topology`: the brokers and partitions of a Camunda 8.8+ cluster (SaaS or
//! Self-Managed), as its Orchestration Cluster API reports them.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::orchestration::{self, PartitionHealth, PartitionRole};
use crate::provider::machinery::Object;
use crate::provider::machinery::report::ApiResult;
use crate::tf::{Attr, Attribute, Block, DataSource, Schema, Type, call};

/// `camunda_topology`.
pub struct Topology;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TopologyModel {
    cluster_size: Attr<i64>,
    partitions_count: Attr<i64>,
    replication_factor: Attr<i64>,
    gateway_version: Attr<String>,
    brokers: Attr<Vec<BrokerModel>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct BrokerModel {
    node_id: i64,
    host: String,
    port: i64,
    version: String,
    partitions: Vec<PartitionModel>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PartitionModel {
    partition_id: i64,
    role: String,
    health: String,
}

/// A value that a newer cluster may send and this provider does not know.
const UNKNOWN: &str = "unknown";

fn role(role: PartitionRole) -> &'static str {
    match role {
        PartitionRole::Leader => "leader",
        PartitionRole::Follower => "follower",
        PartitionRole::Inactive => "inactive",
        PartitionRole::Other => UNKNOWN,
    }
}

fn health(health: PartitionHealth) -> &'static str {
    match health {
        PartitionHealth::Healthy => "healthy",
        PartitionHealth::Unhealthy => "unhealthy",
        PartitionHealth::Dead => "dead",
        PartitionHealth::Other => UNKNOWN,
    }
}

impl TopologyModel {
    fn of(topology: &orchestration::Topology) -> TopologyModel {
        let brokers = topology.brokers.iter().map(|broker| BrokerModel {
            node_id: broker.node_id.into(),
            host: broker.host.clone(),
            port: broker.port.into(),
            version: broker.version.clone(),
            partitions: broker
                .partitions
                .iter()
                .map(|partition| PartitionModel {
                    partition_id: partition.partition_id.into(),
                    role: role(partition.role).to_owned(),
                    health: health(partition.health).to_owned(),
                })
                .collect(),
        });
        TopologyModel {
            cluster_size: i64::from(topology.cluster_size).into(),
            partitions_count: i64::from(topology.partitions_count).into(),
            replication_factor: i64::from(topology.replication_factor).into(),
            gateway_version: topology.gateway_version.as_str().into(),
            brokers: brokers.collect(),
        }
    }
}

fn partition_type() -> Type {
    Type::object([
        ("partition_id", Type::Number),
        ("role", Type::String),
        ("health", Type::String),
    ])
}

fn broker_type() -> Type {
    Type::object([
        ("node_id", Type::Number),
        ("host", Type::String),
        ("port", Type::Number),
        ("version", Type::String),
        ("partitions", Type::list(partition_type())),
    ])
}

#[async_trait]
impl DataSource for Object<Topology> {
    type Model = TopologyModel;

    const TYPE_NAME: &'static str = "camunda_topology";

    fn schema() -> Schema {
        let number = |name, description| {
            Attribute::new(name, Type::Number)
                .computed()
                .description(description)
        };
        let brokers = Attribute::new("brokers", Type::list(broker_type()))
            .computed()
            .description("The cluster's brokers, each with the partitions it holds.")
            .describe_field("node_id", "The broker's node ID.")
            .describe_field("host", "The broker's host name.")
            .describe_field("port", "The broker's port.")
            .describe_field("version", "The Camunda version that the broker runs.")
            .describe_field("partitions", "The partitions that the broker holds.")
            .describe_field("partitions.partition_id", "The partition's ID.")
            .describe_field(
                "partitions.role",
                "The broker's role for the partition: `leader`, `follower` or `inactive` \
                 (`unknown` for a value that this provider does not know).",
            )
            .describe_field(
                "partitions.health",
                "The partition's health on the broker: `healthy`, `unhealthy` or `dead` \
                 (`unknown` for a value that this provider does not know).",
            );
        Schema::new(
            Block::new(
                "Reads the topology of a Camunda 8.8+ cluster (SaaS or Self-Managed) through \
                 the provider's `orchestration_api`: its brokers, its partitions and the \
                 version it runs.",
            )
            .attribute(number("cluster_size", "How many brokers the cluster has."))
            .attribute(number(
                "partitions_count",
                "How many partitions the cluster has.",
            ))
            .attribute(number(
                "replication_factor",
                "On how many brokers each partition is kept.",
            ))
            .attribute(
                Attribute::string("gateway_version")
                    .computed()
                    .description("The Camunda version that the cluster's gateway runs."),
            )
            .attribute(brokers),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<TopologyModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let failed = "Could not read the cluster's topology";
        let topology = api.topology().await.or_report(call.diags, failed)?;
        Some(TopologyModel::of(&topology))
    }
}
