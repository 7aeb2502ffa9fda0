//! The create of a cluster, exactly once: the name checked against the organization's
//! clusters at plan time and before sending, and a cluster that a create whose answer was
//! lost made adopted instead of duplicated.

use async_trait::async_trait;
use serde_json::json;

use super::model::ClusterModel;
use crate::attr_path;
use crate::console::{self, Cluster, CreateCluster};
use crate::provider::machinery::{
    Object, Shared,
    exactly_once::{self, Create, Existing, NameCheck, TakeOver},
    journal::Target,
};
use crate::tf::{Ctx, Diagnostics, Resource};

/// The resource type, as the journal and the held objects know it.
pub(super) const KIND: &str = <Object<super::Cluster> as Resource>::TYPE_NAME;

/// Private-state key: the id of the cluster that a planned create replaces. Terraform
/// holds that cluster, so its name does not count as taken.
pub(super) const REPLACES: &str = "replaces";

pub(super) fn target(name: &str) -> Target {
    Target::new(KIND, "", name)
}

/// How a user adopts or removes a cluster that Terraform does not hold.
pub(super) fn recovery(id: &str) -> String {
    format!(
        "To manage cluster {id} with this configuration, import it: `terraform import \
         camunda_cluster.<NAME> {id}`, or with Terraform 1.5 or later an `import {{ to = \
         camunda_cluster.<NAME> id = \"{id}\" }}` block. If it is not wanted, delete it in the \
         Console."
    )
}

fn existing(cluster: &Cluster) -> Existing {
    Existing::created_at(&cluster.uuid, &cluster.name, Some(&cluster.created))
}

/// The organization's clusters, as this process last listed them, or afresh.
async fn clusters(
    shared: &Shared,
    api: &console::Client,
    fresh: bool,
) -> Result<Vec<Existing>, console::Error> {
    if fresh {
        shared.clusters.invalidate();
    }
    Ok(shared
        .clusters
        .get(api)
        .await?
        .iter()
        .map(existing)
        .collect())
}

/// The plan-time name check of a new cluster: an error when another cluster, which this
/// state does not hold, has the name (unless duplicates are allowed); a warning when a
/// create of this configuration that Terraform never recorded made it, which the apply
/// then adopts.
pub(super) async fn check_plan(
    shared: &Shared,
    ctx: &Ctx,
    planned: &ClusterModel,
    diags: &mut Diagnostics,
) {
    let (Some(name), Some(false)) = (planned.name.get(), planned.allow_duplicate_name.get()) else {
        return;
    };
    if !shared.api_available() {
        return;
    }
    let Some(api) = shared.api(diags) else {
        return;
    };
    let existing = match clusters(shared, api, false).await {
        Ok(existing) => existing,
        Err(error) => {
            crate::provider::machinery::report::report(
                diags,
                "Could not list the clusters",
                &error,
            );
            return;
        }
    };
    let replaced = replaced(ctx);
    match exactly_once::check_name(shared, &existing, &target(name), replaced.as_deref()) {
        NameCheck::Free => {}
        NameCheck::Taken(ids) => name_taken(diags, name, &ids),
        NameCheck::Unrecorded(id) => diags.attribute_warning(
            attr_path!(ClusterModel, name),
            "An unfinished create of this cluster is adopted",
            format!(
                "Cluster {id} ({name:?}) was created by an earlier apply of this configuration \
                 that ended before Terraform recorded it. This apply adopts it (and waits until \
                 it is Healthy) instead of creating another cluster."
            ),
        ),
    }
}

/// The id of the cluster that the create replaces, from the plan's private state.
pub(super) fn replaced(ctx: &Ctx) -> Option<String> {
    ctx.private()
        .get(REPLACES)
        .and_then(|v| v.as_str().map(str::to_owned))
}

/// Records, at plan time, which cluster a replacement replaces.
pub(super) fn plan_replacement(ctx: &Ctx, prior_id: Option<&str>) {
    let mut private = ctx.private();
    match prior_id {
        Some(id) => private.set(REPLACES, json!(id)),
        None => private.remove(REPLACES),
    }
}

pub(super) fn name_taken(diags: &mut Diagnostics, name: &str, ids: &[String]) {
    diags.attribute_error(
        attr_path!(ClusterModel, name),
        "A cluster with this name exists",
        format!(
            "Cluster {} already has the name {name:?}, and this Terraform state does not hold \
             it. {} To create another cluster with the same name, set allow_duplicate_name = true.",
            ids.join(", "),
            ids.first().map(|id| recovery(id)).unwrap_or_default()
        ),
    );
}

/// The body that creates the `planned` cluster on `generation_id`. What the plan leaves
/// unset is left out, for the API to choose.
pub(super) fn request(planned: &ClusterModel, generation_id: String) -> CreateCluster {
    CreateCluster {
        name: planned.name.as_str().to_owned(),
        channel_id: planned.channel_id.as_str().to_owned(),
        generation_id,
        region_id: planned.region_id.as_str().to_owned(),
        plan_type_id: planned.plan_type_id.as_str().to_owned(),
        auto_update: planned.auto_update.get().copied(),
        backup_region_id: planned.backup_region_id.get().cloned(),
        stage_label: planned.stage_label.get().cloned(),
        description: planned.description.get().filter(|d| !d.is_empty()).cloned(),
        encryption: planned.encryption_type.get().cloned(),
    }
}

/// A cluster create as [`exactly_once::create`] drives it.
pub(super) struct ClusterCreate<'a> {
    pub shared: &'a Shared,
    /// For listing, without the create's deadline.
    pub api: &'a console::Client,
    /// For sending: bounded by the create's deadline, which it must not have passed.
    pub send_api: console::Client,
    pub request: CreateCluster,
}

#[async_trait]
impl Create for ClusterCreate<'_> {
    type Made = String;

    async fn existing(&self, fresh: bool) -> Result<Vec<Existing>, console::Error> {
        clusters(self.shared, self.api, fresh).await
    }

    async fn send(&self) -> Result<String, console::Error> {
        let created = self.send_api.create_cluster(&self.request).await;
        self.shared.clusters.invalidate();
        created
    }

    async fn take_over(&self, _id: &str) -> Result<TakeOver, console::Error> {
        Ok(TakeOver::Adopt)
    }

    fn recovery(&self, id: &str) -> String {
        recovery(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::Attr;

    #[test]
    fn the_encryption_type_is_sent_only_when_set() {
        let planned = ClusterModel {
            name: "orders".into(),
            encryption_type: "External".into(),
            ..ClusterModel::default()
        };
        let body = serde_json::to_value(request(&planned, "g1".into())).unwrap();
        assert_eq!(body["encryption"], "External");
        assert_eq!(body["generationId"], "g1");

        for unset in [Attr::Null, Attr::Unknown] {
            let planned = ClusterModel {
                encryption_type: unset,
                ..planned.clone()
            };
            let body = serde_json::to_value(request(&planned, "g1".into())).unwrap();
            assert!(body.get("encryption").is_none(), "{body}");
        }
    }
}
