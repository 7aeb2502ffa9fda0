//! How resources and data sources that belong to a cluster name it: the `cluster_id`
//! argument, checked at plan time, and the error for an ID that names no cluster, which
//! the API gives only as a 404 of whatever call was made.

use super::Shared;
use super::report::report;
use crate::tf::validators::not_blank;
use crate::tf::{Attr, Attribute, Diagnostics, Path};

/// The required `cluster_id` argument, which each type describes.
pub fn cluster_id() -> Attribute {
    Attribute::string("cluster_id")
        .required()
        .validate(not_blank(usize::MAX))
}

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

/// The plan-time check that the cluster of an object the apply creates (`cluster_id`, at
/// `at`) exists, against the organization's cluster list (one call per process). Skipped
/// while the ID is unknown (a cluster of the same apply) or the provider settings are.
pub async fn check_planned(
    shared: &Shared,
    cluster_id: Option<&Attr<String>>,
    at: Path,
    diags: &mut Diagnostics,
) {
    let Some(cluster_id) = cluster_id.and_then(Attr::get) else {
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
            not_found(diags, at, cluster_id)
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

/// The computed `id` of a type that a cluster has at most one of: the cluster's ID.
pub fn id_is_the_cluster_id() -> Attribute {
    Attribute::string("id")
        .computed()
        .use_state_for_unknown()
        .description("The cluster's ID, which is also the import ID.")
}
