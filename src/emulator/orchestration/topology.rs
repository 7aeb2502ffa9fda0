//! `GET /v2/topology`: a Console cluster has three brokers with three partitions,
//! each replicated on every broker; the standalone cluster has one broker with one
//! partition.

use axum::Json;
use serde_json::{Value, json};

use super::access::{Call, Target};
use crate::emulator::clock::now_ms;
use crate::emulator::error::{ApiError, ApiResult};

/// The version a standalone cluster reports.
const SELF_MANAGED_VERSION: &str = "8.10.0";

/// The standalone cluster's id.
const SELF_MANAGED_ID: &str = "00000000-0000-4000-8000-000000000000";

pub async fn get(call: Call) -> ApiResult<Json<Value>> {
    let (cluster_id, size, version) = match &call.target {
        Target::Cluster(id) => {
            let cluster = call
                .state
                .console
                .served_cluster(id, now_ms())
                .ok_or_else(|| ApiError::not_found(format!("no cluster {id:?} serves here")))?;
            (id.clone(), 3, cluster.version)
        }
        Target::SelfManaged => (
            SELF_MANAGED_ID.to_string(),
            1,
            SELF_MANAGED_VERSION.to_string(),
        ),
    };
    let brokers: Vec<Value> = (0..size)
        .map(|node| {
            let partitions: Vec<Value> = (1..=size)
                .map(|partition| {
                    // Leadership spreads over the brokers: partition p is led by node p-1.
                    let role = if (partition - 1) % size == node { "leader" } else { "follower" };
                    json!({"partitionId": partition, "role": role, "health": "healthy", "state": "active"})
                })
                .collect();
            json!({
                "nodeId": node,
                "brokerId": node.to_string(),
                "host": format!("camunda-zeebe-{node}"),
                "port": 26501,
                "partitions": partitions,
                "version": version,
            })
        })
        .collect();
    Ok(Json(json!({
        "brokers": brokers,
        "clusterId": cluster_id,
        "clusterSize": size,
        "partitionsCount": size,
        "replicationFactor": size,
        "gatewayVersion": version,
        "lastCompletedChangeId": "-1",
    })))
}
