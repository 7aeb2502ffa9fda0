//! How resources and data sources that belong to a cluster name it: the `cluster_id`
//! argument, checked at plan time, and the error for an ID that names no cluster, which
//! the API gives only as a 404 of whatever call was made.

use super::Shared;
use super::report::report;
use crate::console;
use crate::tf::validators::not_blank;
use crate::tf::{Attr, Attribute, Diagnostics, Path, call};

/// The required `cluster_id` argument, which each type describes.
pub fn cluster_id() -> Attribute {
    Attribute::string(CLUSTER_ID)
        .required()
        .validate(not_blank(usize::MAX))
}

/// The `cluster_id` argument of a resource, described by `description`: a change replaces
/// the object.
pub fn replacing_cluster_id(description: &str) -> Attribute {
    cluster_id().requires_replace().description(description)
}

const CLUSTER_ID: &str = "cluster_id";

/// Reports that `cluster_id`, the value at `at`, names no cluster the API client can see.
pub fn not_found(diags: &mut Diagnostics, at: Path, cluster_id: &str) {
    diags.attribute_error(
        at,
        "Cluster not found",
        format!(
            "No cluster with the ID {cluster_id:?} exists in this organization (or this API \
             client cannot see it). The `camunda_clusters` data source lists the clusters it \
             can see; a cluster deleted outside Terraform has to be created again first."
        ),
    );
}

/// What the API says of cluster `cluster_id`: `Some(None)` when there is no such cluster;
/// `None` after an error, which is reported.
pub async fn read(
    shared: &Shared,
    cluster_id: &str,
    diags: &mut Diagnostics,
) -> Option<Option<console::Cluster>> {
    let failed = format!("Could not read cluster {cluster_id}");
    shared
        .found(diags, failed, |api| api.get_cluster(cluster_id))
        .await
}

/// The plan-time check that the cluster of an object the apply creates exists, against
/// the organization's cluster list (one call per process); a missing one is reported on
/// `cluster_id`, which `of_model` reads from the planned object. Skipped while the ID is
/// unknown (a cluster of the same apply) or the provider settings are.
pub async fn check_plan<M>(
    shared: &Shared,
    call: &mut call::ModifyPlan<'_, M>,
    of_model: impl Fn(&M) -> &Attr<String>,
) {
    let (plan, diags) = (&*call.plan, &mut *call.diags);
    let Some(cluster_id) = plan.new_object().map(of_model).and_then(Attr::get) else {
        return;
    };
    if !shared.api_available() {
        return;
    }
    let Some(api) = shared.api(diags) else {
        return;
    };
    match shared.clusters.get(api).await {
        Ok(clusters) if clusters.iter().all(|c| &c.uuid != cluster_id) => {
            not_found(diags, Path::attr(CLUSTER_ID), cluster_id)
        }
        Ok(_) => {}
        Err(error) => report(diags, "Could not list the organization's clusters", &error),
    }
}

/// What an import by cluster ID found of a feature that a cluster has at most one of
/// (`what`: "External Monitoring", "backup schedule"); when it found none, an error that
/// says so, unless finding failed with an error already.
pub fn imported<T>(
    found: Option<T>,
    what: &str,
    cluster_id: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    if found.is_none() && !diags.has_errors() {
        diags.error(
            format!("No {what} to import"),
            format!(
                "Cluster {cluster_id:?} has no {what} (or there is no such cluster). The import \
                 ID is the cluster's ID."
            ),
        );
    }
    found
}

/// Reports on `at` that the object a create would make exists already, made outside this
/// configuration (`what`: "External Monitoring of cluster c1 was turned on"), and how to
/// import it as `type_name` with `import_id`.
pub fn made_outside(
    diags: &mut Diagnostics,
    at: Path,
    summary: &str,
    what: &str,
    type_name: &str,
    import_id: &str,
) {
    diags.attribute_error(
        at,
        summary,
        format!(
            "{what} outside this configuration. Import it (`terraform import {type_name}.NAME \
             {import_id}`) to manage it here."
        ),
    );
}

/// The outcome of turning on `what` ("External Monitoring") of cluster `cluster_id`; `None`
/// after an error, which is reported. On already (409) is what was asked for, whether an
/// earlier answer was lost or it was turned on outside Terraform: the resource takes it over.
pub fn turned_on(
    outcome: Result<(), console::Error>,
    what: &str,
    cluster_id: &str,
    diags: &mut Diagnostics,
) -> Option<()> {
    match outcome {
        Ok(()) | Err(console::Error::Conflict(_)) => Some(()),
        Err(error) => {
            report(
                diags,
                format!("Could not turn on {what} of cluster {cluster_id}"),
                &error,
            );
            None
        }
    }
}

/// The outcome of turning off `what` ("External Monitoring") of cluster `cluster_id`:
/// whether this call turned it off; `None` after an error, which is reported. Off already
/// (409), or no cluster (404): nothing is left to turn off.
pub fn turned_off(
    outcome: Result<(), console::Error>,
    what: &str,
    cluster_id: &str,
    diags: &mut Diagnostics,
) -> Option<bool> {
    match outcome {
        Ok(()) => Some(true),
        Err(console::Error::Conflict(_) | console::Error::NotFound(_)) => Some(false),
        Err(error) => {
            report(
                diags,
                format!("Could not turn off {what} of cluster {cluster_id}"),
                &error,
            );
            None
        }
    }
}

/// The computed `id` of a type that a cluster has at most one of: the cluster's ID.
pub fn id_is_the_cluster_id() -> Attribute {
    Attribute::kept_string("id").description("The cluster's ID, which is also the import ID.")
}
