//! A create made exactly once although the cluster picks the key: sending it again after a
//! lost answer would make a second authorization. So before a create is sent again, one
//! search by owner and resource looks for an authorization that grants exactly what was
//! asked, and adopts it. The cluster answers 409 when the owner holds any of the
//! permissions on the resource already (a create that acted, whose authorization the look
//! did not see yet, or one made outside Terraform): then the same search, repeated until
//! reads show it, adopts the one asked for, and otherwise says which one is in the way.

use super::{Authorization, grants, same_grant, sorted};
use crate::orchestration::{
    self, Authorization as Found, AuthorizationFilter, AuthorizationResource, NewAuthorization,
};
use crate::provider::machinery::consistency::{self, Unshown};
use crate::provider::machinery::keyed::Keyed;
use crate::provider::machinery::report::{ApiResult, report};
use crate::tf::Diagnostics;

/// How many times a create is sent while its answers are lost.
const MAX_SENDS: u32 = 3;

/// Creates the authorization `asked` once; its key.
pub(super) async fn once(
    api: &orchestration::Client,
    asked: &NewAuthorization,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut sends = 1;
    loop {
        match api.create_authorization(asked).await {
            Ok(key) => return Some(key),
            Err(error) if error.outcome_unknown() && sends < MAX_SENDS => {
                tracing::debug!(error = %error, "the answer to an authorization's create was lost; looking for it");
                let failed = "Could not look for the authorization of a lost create";
                let found = api
                    .search_every::<Found>(Some(&filter(asked)))
                    .await
                    .or_report(diags, failed)?;
                if let Some(made) = found.iter().find(|f| grants(f, asked)) {
                    return Some(made.authorization_key.clone());
                }
                sends += 1;
            }
            Err(error) if error.is_conflict() => return resolve_conflict(api, asked, diags).await,
            Err(error) => {
                let what = format!("for {} {:?}", asked.owner_type, asked.owner_id);
                Authorization::KIND.report(diags, "create", &what, &error);
                return None;
            }
        }
    }
}

/// The search for authorizations of `asked`'s owner on its resource.
fn filter(asked: &NewAuthorization) -> AuthorizationFilter {
    let (resource_ids, resource_property_names) = match &asked.resource {
        AuthorizationResource::Id(id) => (Some(vec![id.clone()]), None),
        AuthorizationResource::Property(name) => (None, Some(vec![name.clone()])),
    };
    AuthorizationFilter {
        owner_id: Some(asked.owner_id.clone()),
        owner_type: Some(asked.owner_type.clone()),
        resource_type: Some(asked.resource_type.clone()),
        resource_ids,
        resource_property_names,
    }
}

/// Resolves a 409: the owner holds some of the permissions on the resource already.
async fn resolve_conflict(
    api: &orchestration::Client,
    asked: &NewAuthorization,
    diags: &mut Diagnostics,
) -> Option<String> {
    let timeout = api.settings().consistency_timeout;
    let filter = filter(asked);
    let search = || api.search_every::<Found>(Some(&filter));
    let shown = |found: Option<&Vec<Found>>| {
        found.is_some_and(|all| all.iter().any(|f| same_grant(f, asked)))
    };
    match consistency::until_shown(timeout, search, shown).await {
        Ok(Ok(found)) => {
            let found = found.unwrap_or_default();
            if let Some(made) = found.iter().find(|f| grants(f, asked)) {
                return Some(made.authorization_key.clone());
            }
            if let Some(other) = found.iter().find(|f| same_grant(f, asked)) {
                in_the_way(other, asked, diags);
            }
            None
        }
        Ok(Err(Unshown { waited })) => {
            diags.error(
                "An authorization of this owner on this resource exists",
                format!(
                    "The cluster refused the authorization because {} {:?} holds some of its \
                     permissions on {} already (409), but its reads did not show that \
                     authorization after {:.1} s. Apply again once they do.",
                    asked.owner_type,
                    asked.owner_id,
                    asked.resource_type,
                    waited.as_secs_f64()
                ),
            );
            None
        }
        Err(error) => {
            let failed = "Could not look for the authorization that the cluster says exists";
            report(diags, failed, &error);
            None
        }
    }
}

/// The error for an authorization of the owner on the resource that grants other
/// permissions than those asked.
fn in_the_way(found: &Found, asked: &NewAuthorization, diags: &mut Diagnostics) {
    diags.error(
        "An authorization of this owner on this resource exists",
        format!(
            "Authorization {key} grants {owner_type} {owner_id:?} the permissions {held} on \
             {resource_type} {resource}, not the permissions {wanted} of this configuration, \
             and the cluster does not take a second one that overlaps it. To manage it here, \
             import it: `terraform import camunda_authorization.<NAME> {key}`.",
            key = found.authorization_key,
            owner_type = found.owner_type,
            owner_id = found.owner_id,
            held = sorted(&found.permission_types).join(", "),
            resource_type = found.resource_type,
            resource = found
                .resource_id
                .as_deref()
                .or(found.resource_property_name.as_deref())
                .unwrap_or_default(),
            wanted = sorted(&asked.permission_types).join(", "),
        ),
    );
}
