//! The plan rules of `camunda_cluster` that go beyond its schema: deletion protection,
//! the default generation, generation changes (upgrades and auto-update), id checks
//! against the creation parameters, and which computed values an update keeps.

use super::ids;
use super::model::ClusterModel;
use crate::attr_path;
use crate::console::{IdName, Parameters};
use crate::tf::{Attr, Change, Diagnostics, Plan};

/// Private-state key: the generation a cluster had before Camunda's auto-update moved it.
/// Only with it does a configuration that names that generation mean "auto-updated"
/// rather than "change the generation".
pub(super) const GENERATION_BEFORE_AUTO_UPDATE: &str = "generation_before_auto_update";

/// Refines a cluster plan. `parameters` are the creation parameters, `None` when they
/// are not needed or cannot be had (then the API checks at apply); `moved_from` is the
/// generation that auto-update moved the cluster from, if it did.
pub(super) fn refine(
    plan: &mut Plan<ClusterModel>,
    parameters: Option<&Parameters>,
    moved_from: Option<&str>,
    diags: &mut Diagnostics,
) {
    match plan.change() {
        Change::Destroy { prior } => {
            refuse_if_protected(prior, "destroy", diags);
        }
        Change::Create { config, planned } => {
            if let Some(params) = parameters {
                if config.generation_id.is_null()
                    && let Some(generation) =
                        default_generation(params, planned.channel_id.as_str())
                {
                    planned.generation_id = Attr::from(generation.uuid.clone());
                }
                ids::check(params, planned, diags);
            }
        }
        Change::Update {
            prior,
            planned,
            replacing,
            ..
        } => {
            if replacing && prior.is_protected() {
                diags.attribute_error(
                    attr_path!(ClusterModel, deletion_protection),
                    "Cluster is protected from replacement",
                    format!(
                        "This change replaces cluster {}, which deletes it, but deletion_protection is \
                         true. Set deletion_protection = false and apply that first, then apply this \
                         change.",
                        prior.id.as_str()
                    ),
                );
            }
            // A replacing plan is planned again as a create, without the prior state: its
            // ids are checked then, once the values kept from the prior state (such as the
            // old channel's generation) have given way to the new object's.
            if let Some(params) = parameters
                && !replacing
            {
                if planned.generation_id != prior.generation_id {
                    plan_generation_change(params, prior, planned, moved_from, diags);
                }
                ids::check(params, planned, diags);
            }
            if !replacing {
                plan_computed_values(prior, planned);
            }
        }
    }
}

/// Whether `refine` needs the creation parameters: on create, and when an id changes.
pub(super) fn needs_parameters(plan: &mut Plan<ClusterModel>) -> bool {
    match plan.change() {
        Change::Destroy { .. } => false,
        Change::Create { .. } => true,
        Change::Update { prior, planned, .. } => ids::Ids::of(prior) != ids::Ids::of(planned),
    }
}

/// A changed `generation_id` on a cluster that stays: Camunda's auto-update having moved
/// past the configuration, an upgrade, or a change that cannot happen.
fn plan_generation_change(
    params: &Parameters,
    prior: &ClusterModel,
    planned: &mut ClusterModel,
    moved_from: Option<&str>,
    diags: &mut Diagnostics,
) {
    let (Some(current), Some(target)) = (prior.generation_id.get(), planned.generation_id.get())
    else {
        return;
    };
    if moved_from == Some(target.as_str()) && prior.auto_update == Attr::Known(true) {
        diags.attribute_warning(
            attr_path!(ClusterModel, generation_id),
            "Cluster was moved to a newer generation by auto-update",
            format!(
                "Camunda's auto-update moved cluster {} from the configured generation {target} to \
                 {} ({current}). Terraform keeps the newer generation, as clusters cannot go back; \
                 set generation_id = \"{current}\" (or leave it unset) to silence this warning.",
                prior.id.as_str(),
                prior.generation_name.as_str(),
            ),
        );
        planned.generation_id = prior.generation_id.clone();
        return;
    }
    // Not a generation of the channel at all: `ids::check` says so, listing the valid ones.
    let channel = ids::channel(params, prior.channel_id.as_str());
    if channel.is_some_and(|channel| !ids::offers(channel, target)) {
        return;
    }
    match check_upgrade(params, prior, target) {
        Ok(()) => {
            planned.generation_name = Attr::Unknown;
            planned.links = Attr::Unknown;
        }
        Err(problem) => diags.attribute_error(
            attr_path!(ClusterModel, generation_id),
            "Generation cannot be changed in place",
            problem,
        ),
    }
}

/// Whether the upgrade endpoint takes the cluster in `prior` to generation `target`;
/// otherwise, why not and what is reachable.
pub(super) fn check_upgrade(
    params: &Parameters,
    prior: &ClusterModel,
    target: &str,
) -> Result<(), String> {
    let current_id = prior.generation_id.as_str();
    let current = format!("{} ({current_id})", prior.generation_name.as_str());
    let Some(channel) = ids::channel(params, prior.channel_id.as_str()) else {
        return Err(format!(
            "The cluster's channel {} is no longer offered, so it has no upgrade; keep \
             generation_id = \"{current_id}\".",
            prior.channel_id.as_str()
        ));
    };
    let default = &channel.default_generation;
    if target == default.uuid {
        return Ok(());
    }
    Err(format!(
        "A cluster changes generation in place only through an upgrade, which moves it to its \
         channel's default generation: for channel {} that is {} ({}). Generation {target:?} is \
         not reachable from the current {current}; a cluster never moves back or sideways. Set generation_id to \"{}\" to upgrade, or keep the current one; \
         for another generation, create a new cluster.",
        channel.name, default.name, default.uuid, default.uuid,
    ))
}

/// Computed values of an in-place update: kept unless the change alters them. `status`
/// stays `Healthy` through API changes because the update waits until it is again. A
/// cluster still `Creating` is a create that did not finish waiting (Terraform was
/// interrupted): its plan finishes the wait, as a change of `status` to `Healthy`.
fn plan_computed_values(prior: &ClusterModel, planned: &mut ClusterModel) {
    let api_change = prior.name != planned.name
        || prior.stage_label != planned.stage_label
        || prior.description != planned.description
        || prior.generation_id != planned.generation_id;
    if prior.status.as_deref() == Some("Creating") {
        planned.status = Attr::from("Healthy");
    } else if api_change && prior.status.as_deref() != Some("Healthy") {
        planned.status = Attr::Unknown;
    }
}

pub(super) fn default_generation<'a>(
    params: &'a Parameters,
    channel_id: &str,
) -> Option<&'a IdName> {
    ids::channel(params, channel_id).map(|c| &c.default_generation)
}

/// Errors when `prior` is protected; returns whether it did.
pub(super) fn refuse_if_protected(
    prior: &ClusterModel,
    operation: &str,
    diags: &mut Diagnostics,
) -> bool {
    let protected = prior.is_protected();
    if protected {
        diags.attribute_error(
            attr_path!(ClusterModel, deletion_protection),
            "Cluster is protected from deletion",
            format!(
                "Cannot {operation} cluster {}: deletion_protection is true. Set \
                 deletion_protection = false and apply that first.",
                prior.id.as_str()
            ),
        );
    }
    protected
}
