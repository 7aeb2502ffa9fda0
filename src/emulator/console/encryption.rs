//! `PUT /clusters/{id}/encryption`: customer-managed keys (BYOK) of an `External` cluster,
//! with the API's preconditions (409 for other clusters, 403 outside AWS, 400 for keys
//! that do not fit the cluster's regions). The keys are in use after `healthy_after`;
//! an admin call makes the next key change end in another status.

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use super::access::{ClusterCall, NO_CONTENT, Reach};
use super::clusters::{allowlist_shown, render};
use super::model::{Cluster, Encryption, EncryptionStatus, UpdateClusterEncryptionBody};
use super::store::StoredCluster;
use crate::emulator::AppState;
use crate::emulator::body::StrictJson;
use crate::emulator::error::{ApiError, ApiResult};

pub async fn update(
    call: ClusterCall,
    headers: HeaderMap,
    StrictJson(body): StrictJson<UpdateClusterEncryptionBody>,
) -> ApiResult<Json<Cluster>> {
    let shown = allowlist_shown(&call.state, &headers);
    call.change(Reach::Live, |cluster, now| {
        check(&call.state, cluster, &body)?;
        let encryption = &mut cluster.features.encryption;
        encryption.primary_key_arn = Some(body.primary_encryption_key_id);
        encryption.secondary_key_arn = body.secondary_encryption_key_id;
        encryption.settles_at_ms = Some(now + call.state.config.healthy_after.as_millis() as u64);
        encryption.outcome = encryption.next_outcome.take();
        Ok(Json(render(&call.state, cluster, now, shown)))
    })
    .await
}

fn check(
    state: &AppState,
    cluster: &StoredCluster,
    body: &UpdateClusterEncryptionBody,
) -> ApiResult<()> {
    if cluster.features.encryption.kind != Encryption::External {
        return Err(ApiError::conflict(format!(
            "cluster {} is not configured for external encryption (it was created with \
             encryption {:?}; customer-managed keys need a cluster created with 'External')",
            cluster.uuid, cluster.features.encryption.kind
        )));
    }
    let params = &state.console.params;
    let on_aws = params
        .region(&cluster.region_id)
        .is_some_and(|r| r.provider == "aws");
    if !on_aws {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "external encryption is only available for clusters in AWS regions",
        ));
    }
    let region = params.region_code(&cluster.region_id);
    check_arn(
        "primaryEncryptionKeyId",
        &body.primary_encryption_key_id,
        region,
    )?;
    match (&cluster.backup_region_id, &body.secondary_encryption_key_id) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(ApiError::bad_request(
            "secondaryEncryptionKeyId must be omitted: the cluster is single-region",
        )),
        (Some(_), None) => Err(ApiError::bad_request(
            "secondaryEncryptionKeyId is required: the cluster is dual-region",
        )),
        (Some(backup_region), Some(secondary)) => {
            if *secondary == body.primary_encryption_key_id {
                return Err(ApiError::bad_request(
                    "secondaryEncryptionKeyId must differ from primaryEncryptionKeyId",
                ));
            }
            check_arn(
                "secondaryEncryptionKeyId",
                secondary,
                params.region_code(backup_region),
            )
        }
    }
}

/// `arn:aws:kms:<region>:<account>:key/<key id>`, in `region`.
fn check_arn(field: &str, arn: &str, region: Option<&str>) -> ApiResult<()> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let well_formed = matches!(
        parts.as_slice(),
        ["arn", partition, "kms", _, account, resource]
            if partition.starts_with("aws")
                && account.len() == 12
                && account.chars().all(|c| c.is_ascii_digit())
                && resource.strip_prefix("key/").is_some_and(|id| !id.is_empty())
    );
    if !well_formed {
        return Err(ApiError::bad_request(format!(
            "{field} {arn:?} is not an AWS KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)"
        )));
    }
    match region {
        Some(region) if parts[3] != region => Err(ApiError::bad_request(format!(
            "{field} {arn:?} is in region {:?}, but the key must be in {region:?}",
            parts[3]
        ))),
        _ => Ok(()),
    }
}

/// `PUT /__emulator/clusters/{id}/encryption/outcome`: what the next key change ends in.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    status: EncryptionStatus,
}

pub async fn set_next_outcome(
    call: ClusterCall,
    StrictJson(outcome): StrictJson<Outcome>,
) -> ApiResult<StatusCode> {
    call.change(Reach::Existing, |cluster, _| {
        cluster.features.encryption.next_outcome = Some(outcome.status);
        NO_CONTENT
    })
    .await
}
