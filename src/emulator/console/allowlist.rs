//! The IP allowlist of a cluster: replaced whole by `PUT /clusters/{id}/ipallowlist`, or by
//! its deprecated twin `PUT /clusters/{id}/ipwhitelist`, and shown in the cluster's
//! `ipallowlist` and `ipwhitelist` fields.

use axum::http::StatusCode;

use super::access::{ClusterCall, NO_CONTENT, Reach};
use super::model::{IpAllowlistBody, IpRule, IpWhitelistBody};
use crate::emulator::body::StrictJson;
use crate::emulator::error::{ApiError, ApiResult};

pub async fn put_allowlist(
    call: ClusterCall,
    StrictJson(body): StrictJson<IpAllowlistBody>,
) -> ApiResult<StatusCode> {
    replace(&call, Reach::Live, "ipallowlist", body.ipallowlist).await
}

pub async fn put_whitelist(
    call: ClusterCall,
    StrictJson(body): StrictJson<IpWhitelistBody>,
) -> ApiResult<StatusCode> {
    replace(&call, Reach::Live, "ipwhitelist", body.ipwhitelist).await
}

/// Replaces the allowlist of the cluster, if `reach` finds it; `field` names the list in
/// error messages.
pub async fn replace(
    call: &ClusterCall,
    reach: Reach,
    field: &str,
    rules: Vec<IpRule>,
) -> ApiResult<StatusCode> {
    check_rules(field, &rules)?;
    call.change(reach, |cluster, _| {
        cluster.ip_allowlist = rules;
        NO_CONTENT
    })
    .await
}

fn check_rules(field: &str, rules: &[IpRule]) -> ApiResult<()> {
    for (i, rule) in rules.iter().enumerate() {
        crate::addresses::check_ip_list(&rule.ip).map_err(|problem| {
            ApiError::bad_request(format!(
                "{field}[{i}].ip must be a valid comma separated list of CIDRs: {problem}"
            ))
        })?;
    }
    Ok(())
}
