//! Secure Connectivity endpoints: a private endpoint service for a cluster (AWS
//! PrivateLink or GCP Private Service Connect, after the cluster's region), ready after
//! `healthy_after`; 409 when it is activated twice or deactivated while off.

use axum::Json;
use axum::http::StatusCode;

use super::access::{ClusterCall, NO_CONTENT, Reach};
use super::model::{
    ClusterRef, Condition, ConnectivityEndpoint, ConnectivityMetadata, ConnectivitySpec,
    ConnectivityStatus, OrgLabel, SecureConnectivity, SecureConnectivityAnswer,
    SecureConnectivityBody,
};
use super::store::{StoredCluster, StoredConnectivity};
use crate::emulator::AppState;
use crate::emulator::body::StrictJson;
use crate::emulator::clock::format_time;
use crate::emulator::error::{ApiError, ApiResult};

pub async fn get(call: ClusterCall) -> ApiResult<Json<SecureConnectivityAnswer>> {
    call.read(|cluster, now| {
        let status = match &cluster.features.secure_connectivity {
            Some(connectivity) => {
                serde_json::to_value(render(&call.state, cluster, connectivity, now))
                    .expect("the wire types serialize")
            }
            None => serde_json::json!({}),
        };
        Ok(Json(SecureConnectivityAnswer { status }))
    })
}

pub async fn activate(
    call: ClusterCall,
    StrictJson(body): StrictJson<SecureConnectivityBody>,
) -> ApiResult<StatusCode> {
    call.change(Reach::Live, |cluster, now| {
        let features = &mut cluster.features;
        if features.secure_connectivity.is_some() {
            return Err(ApiError::conflict("Secure Connectivity already activated"));
        }
        features.secure_connectivity = Some(StoredConnectivity {
            allowed_principals: body.allowed_principals,
            allowed_regions: body.allowed_regions,
            activated_ms: now,
            ready_at_ms: now + call.state.config.healthy_after.as_millis() as u64,
        });
        NO_CONTENT
    })
    .await
}

pub async fn deactivate(call: ClusterCall) -> ApiResult<StatusCode> {
    call.change(Reach::Live, |cluster, _| {
        if cluster.features.secure_connectivity.take().is_none() {
            return Err(ApiError::conflict("Secure Connectivity not activated"));
        }
        NO_CONTENT
    })
    .await
}

fn render(
    state: &AppState,
    cluster: &StoredCluster,
    connectivity: &StoredConnectivity,
    now: u64,
) -> SecureConnectivity {
    let ready = now >= connectivity.ready_at_ms;
    let params = &state.console.params;
    let region = params.region_code(&cluster.region_id).unwrap_or("local-1");
    let aws = params
        .region(&cluster.region_id)
        .is_some_and(|r| r.provider == "aws");
    let short_id = &cluster.uuid[..8];
    let endpoint = match (ready, aws) {
        (false, _) => ConnectivityEndpoint {
            kind: String::new(),
            service_name: String::new(),
            private_dns_name: String::new(),
            region: String::new(),
        },
        (true, aws) => ConnectivityEndpoint {
            kind: if aws {
                "PrivateLink"
            } else {
                "PrivateServiceConnect"
            }
            .to_string(),
            service_name: if aws {
                format!("com.amazonaws.vpce.{region}.vpce-svc-0{short_id}c1a2b3e4")
            } else {
                format!("projects/camunda-saas/regions/{region}/serviceAttachments/{short_id}")
            },
            private_dns_name: format!(
                "{}.{}.private.camunda.io",
                cluster.uuid,
                params.region_host(&cluster.region_id)
            ),
            region: region.to_string(),
        },
    };
    let (status, reason, message, since) = if ready {
        (
            "True",
            "Ready",
            "The private endpoint service accepts connections.",
            connectivity.ready_at_ms,
        )
    } else {
        (
            "False",
            "Provisioning",
            "The private endpoint service is being created.",
            connectivity.activated_ms,
        )
    };
    SecureConnectivity {
        metadata: ConnectivityMetadata {
            name: format!("secure-connectivity-{short_id}"),
            namespace: cluster.uuid.clone(),
            labels: OrgLabel {
                org_id: params.organization_id().to_string(),
            },
        },
        spec: ConnectivitySpec {
            allowed_principals: connectivity.allowed_principals.clone(),
            allowed_regions: connectivity.allowed_regions.clone(),
            cluster: ClusterRef {
                id: cluster.uuid.clone(),
            },
        },
        status: ConnectivityStatus {
            conditions: vec![Condition {
                kind: "Ready".to_string(),
                status: status.to_string(),
                reason: reason.to_string(),
                message: message.to_string(),
                last_transition_time: format_time(since),
                observed_generation: 1.0,
            }],
            endpoint,
            endpoint_connection_count: 0.0,
            endpoint_connections: Vec::new(),
            observed_generation: 1.0,
            urls: serde_json::json!({}),
        },
    }
}
