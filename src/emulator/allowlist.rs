//! The IP allowlist of a cluster: replaced whole by `PUT /clusters/{id}/ipallowlist`, or by
//! its deprecated twin `PUT /clusters/{id}/ipwhitelist`, and shown in the cluster's
//! `ipallowlist` and `ipwhitelist` fields.

use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::AppState;
use super::body::StrictJson;
use super::clusters::live_cluster;
use super::error::{ApiError, ApiResult};
use super::model::{IpAllowlistBody, IpRule, IpWhitelistBody};
use super::store::{Store, now_ms};

pub async fn put_allowlist(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(body): StrictJson<IpAllowlistBody>,
) -> ApiResult<StatusCode> {
    replace(&state, &cluster_uuid, "ipallowlist", body.ipallowlist).await
}

pub async fn put_whitelist(
    State(state): State<AppState>,
    Path(cluster_uuid): Path<String>,
    StrictJson(body): StrictJson<IpWhitelistBody>,
) -> ApiResult<StatusCode> {
    replace(&state, &cluster_uuid, "ipwhitelist", body.ipwhitelist).await
}

/// Replaces the allowlist of a live cluster; `field` names the list in error messages.
async fn replace(
    state: &AppState,
    cluster_uuid: &str,
    field: &str,
    rules: Vec<IpRule>,
) -> ApiResult<StatusCode> {
    check_rules(field, &rules)?;
    let now = now_ms();
    let save = {
        let mut store = state.store.lock();
        live_cluster(&mut store, cluster_uuid, now)?.ip_allowlist = rules;
        Store::save(store, now)
    };
    save.await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn check_rules(field: &str, rules: &[IpRule]) -> ApiResult<()> {
    for (i, rule) in rules.iter().enumerate() {
        crate::addresses::check_ip_list(&rule.ip).map_err(|problem| {
            ApiError::bad_request(format!(
                "{field}[{i}].ip must be a valid comma separated list of CIDRs: {problem}"
            ))
        })?;
    }
    Ok(())
}
