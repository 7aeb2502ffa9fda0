//! Resource `camunda_cluster`: a Camunda SaaS cluster.
//!
//! - Create waits until the cluster is Healthy; the new id is in the state before the
//!   wait, so a create that times out or is interrupted leaves a tainted cluster in the
//!   state rather than an orphan.
//! - `name` and `stage_label` change in place; `generation_id` changes in place when the
//!   new generation is the one the upgrade endpoint reaches (the channel's default); any
//!   other generation change is refused at plan time. A generation moved forward by
//!   Camunda's auto-update is kept, with a warning, instead of being fought.
//! - Every other argument replaces the cluster, which `deletion_protection` refuses.
//! - Delete waits until the API no longer knows the cluster.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use super::cluster_state::{STAGE_LABELS, cluster_attributes, links_type};
use super::{Shared, api_error, ids, wait};
use crate::console::{self, Cluster, ComponentStatus, CreateCluster, IdName, UpdateCluster};
use crate::tf::plan::replaced_paths;
use crate::tf::validators::{duration, one_of, parse_duration};
use crate::tf::{
    Attribute, Block, Ctx, Diagnostics, NestedBlock, Nesting, Path, Plan, Resource, Schema, Value,
};

const CREATE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
const UPDATE_TIMEOUT: Duration = Duration::from_secs(20 * 60);
const DELETE_TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// The arguments whose ids are checked against the creation parameters.
const ID_ARGUMENTS: &[&str] = &[
    "channel_id",
    "generation_id",
    "region_id",
    "plan_type_id",
    "backup_region_id",
];

pub struct ClusterResource {
    shared: Arc<Shared>,
}

impl ClusterResource {
    pub fn new(shared: Arc<Shared>) -> ClusterResource {
        ClusterResource { shared }
    }
}

fn computed(name: &str, description: &str) -> Attribute {
    Attribute::string(name)
        .computed()
        .use_state_for_unknown()
        .description(description)
}

fn timeout(name: &str, default: &str) -> Attribute {
    Attribute::string(name)
        .optional()
        .validate(duration())
        .description(format!(
            "How long to wait for the cluster when it is {name}d, as a duration such as \"45m\". \
             Defaults to {default}."
        ))
}

fn schema() -> Schema {
    Schema::new(
        Block::new(
            "A Camunda SaaS cluster. Creating one waits until it is Healthy; deleting one waits \
             until it is gone.",
        )
        .attribute(computed("id", "The cluster's UUID."))
        .attribute(
            Attribute::string("name")
                .required()
                .description("The cluster's name. Changing it renames the cluster in place."),
        )
        .attribute(
            Attribute::string("channel_id")
                .required()
                .requires_replace()
                .description(
                    "The id of the release channel (see the `camunda_channel` data source). \
                     Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::string("generation_id")
                .optional()
                .computed()
                .use_state_for_unknown()
                .description(
                    "The id of the generation (Camunda version) to run; when unset, the channel's \
                     default generation. Changing it to the channel's default generation upgrades \
                     the cluster in place; any other change is refused at plan time, because \
                     clusters cannot move to other generations. When Camunda's auto-update has \
                     moved the cluster past the configured generation, the newer generation is \
                     kept and a warning says so.",
                ),
        )
        .attribute(
            Attribute::string("region_id")
                .required()
                .requires_replace()
                .description(
                    "The id of the region that hosts the cluster (see the `camunda_region` data \
                     source). Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::string("plan_type_id")
                .required()
                .requires_replace()
                .description(
                    "The id of the cluster plan type (see the `camunda_cluster_plan_type` data \
                     source). Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::bool("auto_update")
                .optional()
                .computed()
                .use_state_for_unknown()
                .requires_replace()
                .description(
                    "Whether Camunda moves the cluster to newer generations of its channel by \
                     itself; when unset, the API's default. Changing it replaces the cluster.",
                ),
        )
        .attribute(
            Attribute::string("stage_label")
                .optional()
                .computed()
                .use_state_for_unknown()
                .validate(one_of(STAGE_LABELS))
                .description(
                    "The cluster's stage: one of `dev`, `test`, `stage` or `prod`. Changing it \
                     updates the cluster in place; when unset, the label is left as it is.",
                ),
        )
        .attribute(
            Attribute::string("backup_region_id")
                .optional()
                .computed()
                .use_state_for_unknown()
                .requires_replace()
                .description(
                    "The id of the region that holds the cluster's backups; when unset, the \
                     API's choice. Changing it replaces the cluster.",
                ),
        )
        .attribute(Attribute::bool("deletion_protection").default(false).description(
            "While true, Terraform refuses to delete the cluster: a destroy, or a change that \
             would replace the cluster, fails before anything is deleted. Set it to false and \
             apply that first to allow either. Defaults to false.",
        ))
        .attribute(computed(
            "status",
            "The cluster's overall state, such as `Healthy`, `Creating`, `Updating` or `Unhealthy`.",
        ))
        .attribute(computed(
            "created",
            "When the cluster was created (RFC 3339).",
        ))
        .attribute(computed("channel_name", "The name of the release channel."))
        .attribute(computed(
            "generation_name",
            "The name of the generation the cluster runs.",
        ))
        .attribute(computed("region_name", "The name of the region."))
        .attribute(computed("plan_type_name", "The name of the cluster plan type."))
        .attribute(
            Attribute::new("links", links_type())
                .computed()
                .use_state_for_unknown()
                .description(
                    "The endpoints of the cluster's components: `zeebe`, `operate`, `tasklist`, \
                     `optimize`, `console`, `connectors`, `identity` and `oauth`, each null \
                     where the cluster has none.",
                ),
        )
        .block(NestedBlock::new(
            "timeouts",
            Nesting::Single,
            Block::new("How long operations on the cluster may take.")
                .attribute(timeout("create", "30 minutes"))
                .attribute(timeout("update", "20 minutes"))
                .attribute(timeout("delete", "20 minutes")),
        )),
    )
}

#[async_trait]
impl Resource for ClusterResource {
    fn type_name(&self) -> &'static str {
        "camunda_cluster"
    }

    fn schema(&self) -> Schema {
        schema()
    }

    async fn modify_plan(&self, _ctx: &Ctx, plan: &mut Plan, diags: &mut Diagnostics) {
        if plan.is_destroy() {
            refuse_if_protected(&plan.prior, "destroy", diags);
            return;
        }
        if !plan.is_create() {
            keep_unset_arguments(plan);
        }
        let replacing = !plan.is_create()
            && !replaced_paths(&schema().block, &plan.prior, &plan.planned).is_empty();
        if replacing && is_protected(&plan.prior) {
            diags.attribute_error(
                Path::attr("deletion_protection"),
                "Cluster is protected from replacement",
                format!(
                    "This change replaces cluster {}, which deletes it, but deletion_protection is \
                     true. Set deletion_protection = false and apply that first, then apply this \
                     change.",
                    cluster_id(&plan.prior)
                ),
            );
        }
        let ids_change = ID_ARGUMENTS.iter().any(|&name| {
            (plan.is_create() || plan.changes(name)) && plan.planned.attr(name).as_str().is_some()
        });
        if ids_change && let Some(params) = self.shared.parameters(diags).await {
            if plan.is_create() {
                plan_default_generation(params, plan);
            } else if !replacing && plan.changes("generation_id") {
                // First, as it keeps a generation that auto-update moved past the config.
                plan_generation_change(params, plan, diags);
            }
            ids::check_cluster_ids(params, &plan.planned, diags);
        }
        if !plan.is_create() && !replacing {
            plan_computed_values(plan);
        }
    }

    async fn create(&self, ctx: &Ctx, planned: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        let deadline = Instant::now() + timeout_of(planned, "create", CREATE_TIMEOUT);
        let generation_id = match planned.attr("generation_id").as_str() {
            Some(id) => id.to_owned(),
            None => {
                let Some(params) = self.shared.parameters(diags).await else {
                    return Value::Null;
                };
                match default_generation(params, string(planned, "channel_id")) {
                    Some(generation) => generation.uuid.clone(),
                    None => {
                        ids::check_cluster_ids(params, planned, diags);
                        return Value::Null;
                    }
                }
            }
        };
        let request = CreateCluster {
            name: string(planned, "name").to_owned(),
            channel_id: string(planned, "channel_id").to_owned(),
            generation_id,
            region_id: string(planned, "region_id").to_owned(),
            plan_type_id: string(planned, "plan_type_id").to_owned(),
            auto_update: planned.attr("auto_update").as_bool(),
            backup_region_id: planned.attr("backup_region_id").as_str().map(str::to_owned),
            stage_label: planned.attr("stage_label").as_str().map(str::to_owned),
        };
        let id = match client
            .with_deadline(deadline)
            .create_cluster(&request)
            .await
        {
            Ok(id) => id,
            Err(error) => {
                api_error::report(diags, "Could not create the cluster", &error);
                return Value::Null;
            }
        };
        // From here on the cluster exists: every answer carries its id.
        let mut created = planned.clone();
        created.set_at(&Path::attr("id"), Value::string(&id));
        match wait_until_healthy(ctx, client, &id, deadline).await {
            Ok(cluster) => state_of(&cluster, planned),
            Err(wait::Unfinished { reason, last }) => {
                diags.error(
                    "Cluster created but not Healthy",
                    format!(
                        "Cluster {id} was created, but {} while waiting for it to become Healthy. \
                         It is kept in the state and marked tainted, so the next apply replaces \
                         it; run `terraform untaint` once it is Healthy to keep it instead, or \
                         raise timeouts.create.",
                        reason.describe()
                    ),
                );
                last.map_or(created, |cluster| state_of(&cluster, planned))
            }
        }
    }

    async fn read(&self, _ctx: &Ctx, state: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return state.clone();
        };
        let id = cluster_id(state);
        match client.get_cluster(id).await {
            Ok(cluster) => state_of(&cluster, state),
            // Deleted outside Terraform: it leaves the state, and the next plan creates it.
            Err(error) if error.is_not_found() => Value::Null,
            Err(error) => {
                api_error::report(diags, &format!("Could not read cluster {id}"), &error);
                state.clone()
            }
        }
    }

    async fn update(
        &self,
        ctx: &Ctx,
        prior: &Value,
        planned: &Value,
        diags: &mut Diagnostics,
    ) -> Value {
        let changes = |name: &str| prior.attr(name) != planned.attr(name);
        let rename = changes("name") || changes("stage_label");
        let upgrade = changes("generation_id");
        if !rename && !upgrade {
            // Only Terraform-side settings (deletion_protection, timeouts) changed.
            return planned.clone();
        }
        let Some(client) = self.shared.client(diags) else {
            return prior.clone();
        };
        let id = cluster_id(prior);
        let deadline = Instant::now() + timeout_of(planned, "update", UPDATE_TIMEOUT);
        let api = client.with_deadline(deadline);
        // What is known to be true so far, in case a later step fails.
        let mut applied = prior.clone();
        for name in ["deletion_protection", "timeouts"] {
            applied.set_at(&Path::attr(name), planned.attr(name).clone());
        }

        if rename {
            let update = UpdateCluster {
                name: changes("name").then(|| string(planned, "name").to_owned()),
                stage_label: planned.attr("stage_label").as_str().map(str::to_owned),
            };
            if let Err(error) = api.update_cluster(id, &update).await {
                api_error::report(diags, &format!("Could not update cluster {id}"), &error);
                return applied;
            }
            for name in ["name", "stage_label"] {
                applied.set_at(&Path::attr(name), planned.attr(name).clone());
            }
        }
        if upgrade {
            let target = string(planned, "generation_id");
            let Some(params) = self.shared.parameters(diags).await else {
                return applied;
            };
            if let Err(problem) = check_upgrade(params, prior, target) {
                diags.attribute_error(
                    Path::attr("generation_id"),
                    "Generation cannot be changed in place",
                    problem,
                );
                return applied;
            }
            match api.upgrade_cluster(id).await {
                Ok(upgraded) => {
                    applied.set_at(
                        &Path::attr("generation_id"),
                        Value::string(&upgraded.new_generation.id),
                    );
                    applied.set_at(
                        &Path::attr("generation_name"),
                        Value::string(&upgraded.new_generation.name),
                    );
                }
                Err(error) => {
                    api_error::report(diags, &format!("Could not upgrade cluster {id}"), &error);
                    return applied;
                }
            }
        }

        // The plan promised Healthy when the cluster was Healthy before; an upgrade always waits.
        let outcome = if upgrade || planned.attr("status").as_str() == Some("Healthy") {
            wait_until_healthy(ctx, client, id, deadline).await
        } else {
            api.get_cluster(id).await.map_err(|error| wait::Unfinished {
                reason: wait::Stopped::Failed(error),
                last: None,
            })
        };
        match outcome {
            Ok(cluster) => state_of(&cluster, planned),
            Err(wait::Unfinished { reason, last }) => {
                diags.error(
                    "Cluster updated but not Healthy",
                    format!(
                        "Cluster {id} was updated, but {} while waiting for it to become Healthy \
                         again. Raise timeouts.update if it needs longer.",
                        reason.describe()
                    ),
                );
                last.map_or(applied, |cluster| state_of(&cluster, planned))
            }
        }
    }

    async fn delete(&self, ctx: &Ctx, prior: &Value, diags: &mut Diagnostics) {
        if refuse_if_protected(prior, "destroy", diags) {
            return;
        }
        let Some(client) = self.shared.client(diags) else {
            return;
        };
        let id = cluster_id(prior);
        let deadline = Instant::now() + timeout_of(prior, "delete", DELETE_TIMEOUT);
        match client.with_deadline(deadline).delete_cluster(id).await {
            Ok(()) => {}
            Err(error) if error.is_not_found() => return,
            Err(error) => {
                api_error::report(diags, &format!("Could not delete cluster {id}"), &error);
                return;
            }
        }
        let is_gone = || async {
            match client.get_cluster(id).await {
                Ok(_) => Ok(false),
                Err(error) if error.is_not_found() => Ok(true),
                Err(error) => Err(error),
            }
        };
        let gone = wait::poll_until(ctx, deadline, is_gone, |&gone| gone).await;
        if let Err(wait::Unfinished { reason, .. }) = gone {
            diags.error(
                "Cluster deletion not finished",
                format!(
                    "The deletion of cluster {id} started, but {} before the API stopped \
                     listing it. It stays in the state; the next destroy waits for it again. \
                     Raise timeouts.delete if it needs longer.",
                    reason.describe()
                ),
            );
        }
    }

    async fn import(&self, _ctx: &Ctx, id: &str, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        match client.get_cluster(id).await {
            Ok(cluster) => state_of(&cluster, &Value::Null),
            Err(error) if error.is_not_found() => {
                diags.error(
                    "Cannot import a cluster that does not exist",
                    format!(
                        "There is no cluster with id {id:?} in this organization. Import takes the \
                         cluster's UUID, as the Console shows it or the camunda_clusters data \
                         source lists it."
                    ),
                );
                Value::Null
            }
            Err(error) => {
                api_error::report(
                    diags,
                    &format!("Could not read cluster {id} to import it"),
                    &error,
                );
                Value::Null
            }
        }
    }
}

/// The state for `cluster`, keeping the Terraform-side settings of `base` (the plan or the
/// prior state; null on import).
fn state_of(cluster: &Cluster, base: &Value) -> Value {
    let mut attributes = cluster_attributes(cluster);
    attributes.extend([
        (
            "auto_update",
            cluster
                .auto_update
                .map_or_else(|| base.attr("auto_update").clone(), Value::Bool),
        ),
        (
            "backup_region_id",
            Value::opt_string(cluster.backup_region.as_ref().map(|r| r.uuid.clone())),
        ),
        ("deletion_protection", Value::Bool(is_protected(base))),
        ("timeouts", base.attr("timeouts").clone()),
    ]);
    Value::object(attributes)
}

async fn wait_until_healthy(
    ctx: &Ctx,
    client: &console::Client,
    id: &str,
    deadline: Instant,
) -> Result<Cluster, wait::Unfinished<Cluster, console::Error>> {
    let healthy = |cluster: &Cluster| cluster.status.ready == ComponentStatus::Healthy;
    wait::poll_until(ctx, deadline, || client.get_cluster(id), healthy).await
}

/// On create without a generation, plans the channel's default one.
fn plan_default_generation(params: &console::Parameters, plan: &mut Plan) {
    if plan.config.attr("generation_id").is_null()
        && let Some(channel_id) = plan.planned.attr("channel_id").as_str()
        && let Some(generation) = default_generation(params, channel_id)
    {
        plan.planned.set_at(
            &Path::attr("generation_id"),
            Value::string(&generation.uuid),
        );
    }
}

/// A changed `generation_id` on a cluster that stays: an upgrade, Camunda's auto-update
/// having moved past the configuration, or a change that cannot happen.
fn plan_generation_change(params: &console::Parameters, plan: &mut Plan, diags: &mut Diagnostics) {
    let (Some(current), Some(target)) = (
        plan.prior.attr("generation_id").as_str(),
        plan.planned.attr("generation_id").as_str(),
    ) else {
        return;
    };
    let channel = ids::channel(params, string(&plan.prior, "channel_id"));
    let position =
        |id: &str| channel.and_then(|c| c.allowed_generations.iter().position(|g| g.uuid == id));
    let auto_updated = plan.prior.attr("auto_update").as_bool() == Some(true)
        && position(current).is_some()
        && position(target) < position(current);
    if auto_updated {
        diags.attribute_warning(
            Path::attr("generation_id"),
            "Cluster was moved to a newer generation by auto-update",
            format!(
                "Camunda's auto-update moved cluster {} from the configured generation {target} to \
                 {} ({current}). Terraform keeps the newer generation, as clusters cannot go back; \
                 set generation_id = \"{current}\" (or leave it unset) to silence this warning.",
                cluster_id(&plan.prior),
                string(&plan.prior, "generation_name"),
            ),
        );
        plan.planned
            .set_at(&Path::attr("generation_id"), Value::string(current));
        return;
    }
    match check_upgrade(params, &plan.prior, target) {
        Ok(()) => {
            plan.planned
                .set_at(&Path::attr("generation_name"), Value::Unknown);
            plan.planned.set_at(&Path::attr("links"), Value::Unknown);
        }
        Err(problem) => diags.attribute_error(
            Path::attr("generation_id"),
            "Generation cannot be changed in place",
            problem,
        ),
    }
}

/// Whether the upgrade endpoint takes the cluster in `prior` to generation `target`;
/// otherwise, why not and what is reachable.
fn check_upgrade(params: &console::Parameters, prior: &Value, target: &str) -> Result<(), String> {
    let channel_id = string(prior, "channel_id");
    let current = format!(
        "{} ({})",
        string(prior, "generation_name"),
        string(prior, "generation_id")
    );
    let Some(channel) = ids::channel(params, channel_id) else {
        return Err(format!(
            "The cluster's channel {channel_id} is no longer offered, so it has no upgrade; keep \
             generation_id = \"{}\".",
            string(prior, "generation_id")
        ));
    };
    let default = &channel.default_generation;
    if target == default.uuid {
        return Ok(());
    }
    Err(format!(
        "A cluster changes generation in place only through an upgrade, which moves it to its \
         channel's default generation: for channel {} that is {} ({}). Generation {target:?} is \
         not reachable from the current {current}; a cluster never moves back or sideways. Set \
         generation_id to \"{}\" to upgrade, or keep the current one; for another generation, \
         create a new cluster.",
        channel.name, default.name, default.uuid, default.uuid,
    ))
}

/// Optional arguments left unset keep the cluster's value, even a null one (the generic
/// rules would plan them unknown, which for a replacing argument means a replacement).
fn keep_unset_arguments(plan: &mut Plan) {
    for name in [
        "generation_id",
        "auto_update",
        "stage_label",
        "backup_region_id",
    ] {
        if plan.config.attr(name).is_null() {
            let prior = plan.prior.attr(name).clone();
            plan.planned.set_at(&Path::attr(name), prior);
        }
    }
}

/// Computed values of an in-place update: kept unless the change alters them. `status`
/// stays `Healthy` through API changes because the update waits until it is again.
fn plan_computed_values(plan: &mut Plan) {
    let api_change = ["name", "stage_label", "generation_id"]
        .iter()
        .any(|&name| plan.changes(name));
    if api_change && plan.prior.attr("status").as_str() != Some("Healthy") {
        plan.planned.set_at(&Path::attr("status"), Value::Unknown);
    }
}

fn default_generation<'a>(params: &'a console::Parameters, channel_id: &str) -> Option<&'a IdName> {
    ids::channel(params, channel_id).map(|c| &c.default_generation)
}

fn is_protected(value: &Value) -> bool {
    value.attr("deletion_protection").as_bool() == Some(true)
}

/// Errors when `prior` is protected; returns whether it did.
fn refuse_if_protected(prior: &Value, operation: &str, diags: &mut Diagnostics) -> bool {
    let protected = is_protected(prior);
    if protected {
        diags.attribute_error(
            Path::attr("deletion_protection"),
            "Cluster is protected from deletion",
            format!(
                "Cannot {operation} cluster {}: deletion_protection is true. Set \
                 deletion_protection = false and apply that first.",
                cluster_id(prior)
            ),
        );
    }
    protected
}

fn cluster_id(value: &Value) -> &str {
    string(value, "id")
}

/// A string attribute that the schema makes known here (required, or set by now).
fn string<'a>(value: &'a Value, name: &str) -> &'a str {
    value.attr(name).as_str().unwrap_or_default()
}

fn timeout_of(value: &Value, operation: &str, default: Duration) -> Duration {
    value
        .attr("timeouts")
        .attr(operation)
        .as_str()
        .and_then(|text| parse_duration(text).ok())
        .unwrap_or(default)
}
