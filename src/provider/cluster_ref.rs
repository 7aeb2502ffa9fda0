//! How resources and data sources that belong to a cluster name it: the `cluster_id`
//! argument, checked at plan time, and the error for an ID that names no cluster, which
//! the API gives only as a 404 of whatever call was made.

use crate::tf::validators::not_blank;
use crate::tf::{Attribute, Diagnostics, Path};

/// The required `cluster_id` argument; `description` is the attribute's full description.
pub fn cluster_id(description: &str) -> Attribute {
    Attribute::string("cluster_id")
        .required()
        .validate(not_blank(usize::MAX))
        .description(description)
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
