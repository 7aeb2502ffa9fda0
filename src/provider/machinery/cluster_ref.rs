//! How resources and data sources that belong to a cluster name it: the `cluster_id`
//! argument, checked at plan time, and the error for an ID that names no cluster, which
//! the API gives only as a 404 of whatever call was made.

use crate::tf::validators::not_blank;
use crate::tf::{Attribute, Diagnostics, Path};

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
