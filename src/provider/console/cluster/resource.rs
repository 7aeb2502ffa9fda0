//! Resource `camunda_cluster`: a Camunda SaaS cluster.
//!
//! - Create happens exactly once (see `create.rs`): a name held by a cluster that this
//!   state does not hold is refused unless `allow_duplicate_name`, and a cluster that a
//!   create whose answer was lost made is adopted. Create then waits until the cluster is
//!   Healthy; the id is in the state from the create's answer on, so nothing is orphaned.
//!   A wait that times out or finds the cluster failing leaves it tainted; a wait that
//!   Terraform interrupts (Ctrl-C) leaves it untainted, with a warning, and the next plan
//!   completes the wait as an in-place change of `status` to `Healthy`.
//! - `name`, `stage_label` and `description` change in place; `generation_id` changes in
//!   place when the new generation is the one the upgrade endpoint reaches (the channel's
//!   default); any other generation change is refused at plan time. A generation moved
//!   forward by Camunda's auto-update is kept, with a warning, instead of being fought.
//!   A suspended cluster is woken before any of these changes (see `provider::awake`).
//! - Every other argument replaces the cluster, which `deletion_protection` refuses.
//! - Delete waits until the API no longer knows the cluster.

use async_trait::async_trait;
use serde_json::json;

use super::Cluster;
use super::create::{self, ClusterCreate, KIND};
use super::model::{ClusterModel, TIMEOUTS};
use super::plan::{self, GENERATION_BEFORE_AUTO_UPDATE};
use super::state::{REST_ADDRESS, STAGE_LABELS, describe_links, links_type};
use crate::attr_path;
use crate::console::{self, ENCRYPTION_TYPES, UpdateCluster};
use crate::provider::machinery::{
    Object, awake, cluster_ref, community,
    exactly_once::{self, Done, Refused},
    report::{ApiResult, report},
    wait,
};
use crate::tf::validators::{max_chars, not_blank, one_of};
use crate::tf::{Attr, Change, Diagnostics, Operation, Resource, Schema, call, model};
use crate::tf::{Attribute, Block};

/// The longest cluster name the API accepts.
const MAX_NAME_LEN: usize = 50;

/// The longest cluster description the API accepts.
const MAX_DESCRIPTION_LEN: usize = 150;

/// The description of `encryption_type`.
const ENCRYPTION_TYPE: &str = "How the cluster's data is encrypted at rest: one of `Software`, \
    `Hardware`, `Provider` or `External`; when unset, the API's default, `Provider`. \
    `External` is for customer-managed keys: it makes a cluster that encrypts with the \
    organization's own AWS KMS keys, which the `camunda_cluster_encryption` resource sets \
    (in the same apply, with the cluster's `id`); it needs an Enterprise plan and a cluster \
    in an AWS region. The type is chosen at create: changing it replaces the cluster.";

fn computed(name: &str, description: &str) -> Attribute {
    Attribute::kept_string(name).description(description)
}

#[async_trait]
impl Resource for Object<Cluster> {
    type Model = ClusterModel;

    const TYPE_NAME: &'static str = "camunda_cluster";

    fn schema() -> Schema {
        Schema::new(
            Block::new(format!(
                "A Camunda SaaS cluster. Creating one waits until it is Healthy; deleting one waits \
                 until it is gone.\n\n\
                 A create happens exactly once. Before it is sent, the name is checked against the \
                 organization's clusters (see `allow_duplicate_name`). When the answer to a create \
                 is lost (a dropped connection, a gateway or server error), the provider looks again \
                 and adopts the cluster that the create made instead of creating another. When \
                 Terraform is killed during a create, the next apply from the same working directory \
                 and workspace adopts the cluster: the provider keeps a record of creates in flight \
                 in its folder (`token_cache_dir`). A create refused with 429, or with 503 and \
                 `Retry-After`, is sent again within `timeouts.create`; a create whose timeout has \
                 passed is not sent, and one already sent is waited for, so that its cluster is \
                 recorded.\n\n\
                 When Terraform is interrupted (Ctrl-C) while it waits for a new cluster to become \
                 Healthy, the cluster stays in the state, not tainted, with `status` `Creating`, and \
                 a warning says so. The next plan shows `status` changing to `Healthy` as an in-place \
                 update; applying it waits for the cluster instead of replacing it. A create whose \
                 wait times out, or whose cluster fails, leaves the cluster tainted.\n\n\
                 A suspended cluster shows `status` `Suspended`. An in-place change of `name`, \
                 `stage_label`, `description` or `generation_id` is made while the cluster runs. {}",
                awake::WAKES
            ))
            .attribute(computed("id", "The cluster's UUID."))
            .attribute(
                Attribute::string("name")
                    .required()
                    .validate(not_blank(MAX_NAME_LEN))
                    .description(
                        "The cluster's name: 1 to 50 characters, not only whitespace. Changing it \
                         renames the cluster in place.",
                    ),
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
                    .keep_when_unset()
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
                    .keep_when_unset()
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
                    .keep_when_unset()
                    .validate(one_of(STAGE_LABELS))
                    .description(
                        "The cluster's stage: one of `dev`, `test`, `stage` or `prod`. Changing it \
                         updates the cluster in place; when unset, the label is left as it is.",
                    ),
            )
            .attribute(
                Attribute::string("description")
                    .optional()
                    .computed()
                    .keep_when_unset()
                    .validate(max_chars(MAX_DESCRIPTION_LEN))
                    .description(
                        "A description of the cluster, at most 150 characters. Changing it updates \
                         the cluster in place; `\"\"` removes the description. When unset, the \
                         description is left as it is, and the state shows the cluster's own.",
                    ),
            )
            .attribute(
                Attribute::string("backup_region_id")
                    .optional()
                    .computed()
                    .keep_when_unset()
                    .requires_replace()
                    .description(
                        "The id of the region that holds the cluster's backups; when unset, the \
                         API's choice. Changing it replaces the cluster.",
                    ),
            )
            .attribute(
                Attribute::string("encryption_type")
                    .optional()
                    .computed()
                    .keep_when_unset()
                    .requires_replace()
                    .validate(one_of(ENCRYPTION_TYPES))
                    .description(ENCRYPTION_TYPE),
            )
            .attribute(Attribute::bool("deletion_protection").default(false).description(
                "While true, Terraform refuses to delete the cluster: a destroy, or a change that \
                 would replace the cluster, fails before anything is deleted. Set it to false and \
                 apply that first to allow either. Defaults to false. A replacement requested with \
                 `terraform apply -replace=...` is the exception at plan time, because Terraform \
                 does not tell the provider about it: the plan shows the replacement, and the apply \
                 refuses it before the cluster is deleted (under `create_before_destroy`, after the \
                 new cluster was created).",
            ))
            .attribute(Attribute::bool("allow_duplicate_name").default(false).description(
                "Whether this cluster may be created although another cluster, which this \
                 Terraform state does not hold, has the same name. By default such a create is \
                 refused, at plan time and again before anything is sent, with the id of the \
                 cluster that has the name and how to import it: a cluster of that name is most \
                 often one that an interrupted or failed apply left behind. A replacement with \
                 `create_before_destroy` needs it too, as the old and the new cluster share the \
                 name for a while. Defaults to false.",
            ))
            .attribute(computed(
                "status",
                "The cluster's overall state, such as `Healthy`, `Creating`, `Updating`, `Unhealthy` \
                 or `Suspended`.",
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
            .attribute(describe_links(
                Attribute::new("links", links_type())
                    .computed()
                    .use_state_for_unknown()
                    .description(
                        "The endpoints of the cluster's components: `zeebe`, `operate`, `tasklist`, \
                         `optimize`, `console`, `connectors`, `identity` and `oauth`, each null \
                         where the cluster has none.",
                    ),
            ))
            .attribute(computed("rest_address", REST_ADDRESS))
            .block(TIMEOUTS.block()),
        )
        // Version 1 has the shape of version 0; the step tells the community provider's
        // states (version 0 too) apart from this provider's first ones. See `upgrade_state`.
        .version(1)
    }

    async fn modify_plan(&self, call: call::ModifyPlan<'_, Self::Model>) {
        // The checks against the creation parameters are a courtesy: without settings
        // known at plan time, the API checks at apply.
        let parameters = if plan::needs_parameters(call.plan) && self.shared.api_available() {
            self.shared.parameters(call.diags).await
        } else {
            None
        };
        let moved_from = call
            .ctx
            .private()
            .get(GENERATION_BEFORE_AUTO_UPDATE)
            .and_then(|v| v.as_str().map(str::to_owned));
        plan::refine(call.plan, parameters, moved_from.as_deref(), call.diags);
        match call.plan.change() {
            Change::Create { planned, .. } => {
                create::check_plan(&self.shared, call.ctx, planned, call.diags).await;
            }
            Change::Update {
                prior, replacing, ..
            } => create::plan_replacement(call.ctx, replacing.then(|| prior.id.as_str())),
            Change::Destroy { .. } => {}
        }
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<ClusterModel> {
        let planned = call.planned;
        let api = self.shared.api(call.diags)?;
        let deadline = TIMEOUTS.deadline(&planned.timeouts, Operation::Create);
        let generation_id = match planned.generation_id.get() {
            Some(id) => id.clone(),
            None => {
                let params = self.shared.parameters(call.diags).await?;
                match plan::default_generation(params, planned.channel_id.as_str()) {
                    Some(generation) => generation.uuid.clone(),
                    None => {
                        call.diags.attribute_error(
                            attr_path!(ClusterModel, channel_id),
                            "Unknown channel id",
                            format!(
                                "{:?} is not a channel id; see the camunda_cluster_parameters \
                                 data source for the valid ones.",
                                planned.channel_id.as_str()
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        let request = create::request(planned, generation_id);
        let name = request.name.clone();
        let target = create::target(&name);
        let creator = ClusterCreate {
            shared: &self.shared,
            api,
            send_api: api.with_deadline(deadline),
            request,
        };
        let replaced = create::replaced(call.ctx);
        let allowed = planned.allow_duplicate_name == Attr::Known(true);
        let outcome = exactly_once::create(
            &self.shared,
            &target,
            &creator,
            replaced.as_deref(),
            allowed,
        )
        .await;
        let (id, unrecorded) = match outcome {
            Ok((Done::Made(id), unrecorded)) => (id, unrecorded),
            Ok((Done::Adopted(id), unrecorded)) => {
                tracing::info!(
                    cluster_id = id,
                    "adopted the cluster that an unanswered create made"
                );
                (id, unrecorded)
            }
            Err(Refused::NameTaken(ids)) => {
                create::name_taken(call.diags, &name, &ids);
                return None;
            }
            Err(refused) => {
                refused.report(call.diags, &creator, &format!("cluster {name:?}"));
                return None;
            }
        };
        // From here on the cluster exists: every answer carries its id.
        let state_of = |last: Option<console::Cluster>| {
            last.map_or_else(
                || ClusterModel::creating(&id, planned),
                |cluster| ClusterModel::of(&cluster, planned),
            )
        };
        let state = match wait::until_healthy(call.ctx, api, &id, deadline).await {
            Ok(cluster) => ClusterModel::of(&cluster, planned),
            Err(wait::Unfinished {
                reason: wait::Stopped::Cancelled,
                last,
            }) => {
                call.diags.warning(
                    "Cluster creation interrupted",
                    format!(
                        "Cluster {id} was created, and Terraform stopped the wait for it to \
                         become Healthy. It is kept in the state, not tainted: the next plan \
                         shows its status changing to Healthy, and the next apply waits for \
                         that instead of replacing the cluster."
                    ),
                );
                state_of(last)
            }
            Err(wait::Unfinished { reason, last }) => {
                call.diags.error(
                    "Cluster created but not Healthy",
                    format!(
                        "Cluster {id} was created, but {} while waiting for it to become Healthy. \
                         It is kept in the state and marked tainted, so the next apply replaces \
                         it; run `terraform untaint` once it is Healthy to keep it instead, or \
                         raise timeouts.create.",
                        reason.describe()
                    ),
                );
                state_of(last)
            }
        };
        unrecorded.recorded();
        Some(state)
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<ClusterModel> {
        let id = call.state.id.as_str();
        self.shared.held.add(KIND, id);
        // Deleted outside Terraform: it leaves the state, and the next plan creates it.
        let cluster = cluster_ref::read(&self.shared, id, call.diags).await??;
        let current = ClusterModel::of(&cluster, call.state);
        if current.auto_update == Attr::Known(true)
            && let Some(before) = call.state.generation_id.get()
            && current.generation_id.get() != Some(before)
        {
            call.ctx
                .private()
                .set(GENERATION_BEFORE_AUTO_UPDATE, json!(before));
        }
        Some(current)
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> ClusterModel {
        let rename = call.prior.name != call.planned.name
            || call.prior.stage_label != call.planned.stage_label
            || call.prior.description != call.planned.description;
        let upgrade = call.prior.generation_id != call.planned.generation_id;
        let healthy = |model: &ClusterModel| model.status.as_deref() == Some("Healthy");
        // An unfinished create: the plan promised the wait for Healthy.
        let settle = healthy(call.planned) && !healthy(call.prior);
        // What is known to be true so far, in case a later step fails.
        let mut applied = ClusterModel {
            deletion_protection: call.planned.deletion_protection.clone(),
            allow_duplicate_name: call.planned.allow_duplicate_name.clone(),
            timeouts: call.planned.timeouts.clone(),
            ..call.prior.clone()
        };
        if !rename && !upgrade && !settle {
            // Only Terraform-side settings (deletion_protection, allow_duplicate_name,
            // timeouts) changed.
            return applied;
        }
        let Some(api) = self.shared.api(call.diags) else {
            return applied;
        };
        let id = call.prior.id.as_str();
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Update);
        let api = api.with_deadline(deadline);
        let to = "change it in place";
        if (rename || upgrade)
            && awake::api_for(&self.shared, call.ctx, id, deadline, to, call.diags)
                .await
                .is_none()
        {
            return applied;
        }

        if rename {
            let update = UpdateCluster {
                name: (call.prior.name != call.planned.name)
                    .then(|| call.planned.name.as_str().to_owned()),
                stage_label: call.planned.stage_label.get().cloned(),
                description: (call.prior.description != call.planned.description)
                    .then(|| call.planned.description.get().cloned().unwrap_or_default()),
            };
            if let Err(error) = api.update_cluster(id, &update).await {
                report(call.diags, format!("Could not update cluster {id}"), &error);
                return applied;
            }
            applied.name = call.planned.name.clone();
            applied.stage_label = call.planned.stage_label.clone();
            applied.description = call.planned.description.clone();
        }
        if upgrade {
            let Some(params) = self.shared.parameters(call.diags).await else {
                return applied;
            };
            if let Err(problem) =
                plan::check_upgrade(params, call.prior, call.planned.generation_id.as_str())
            {
                call.diags.attribute_error(
                    attr_path!(ClusterModel, generation_id),
                    "Generation cannot be changed in place",
                    problem,
                );
                return applied;
            }
            let Some(upgraded) = api
                .upgrade_cluster(id)
                .await
                .or_report(call.diags, format!("Could not upgrade cluster {id}"))
            else {
                return applied;
            };
            applied.generation_id = upgraded.new_generation.id.into();
            applied.generation_name = upgraded.new_generation.name.into();
            // The generation is now the configured one: no auto-update to explain.
            call.ctx.private().remove(GENERATION_BEFORE_AUTO_UPDATE);
        }

        // The plan promised Healthy when the cluster was Healthy before or still Creating;
        // an upgrade always waits.
        let outcome = if upgrade || healthy(call.planned) {
            wait::until_healthy(call.ctx, &api, id, deadline).await
        } else {
            api.get_cluster(id).await.map_err(|error| wait::Unfinished {
                reason: wait::Stopped::Failed(error),
                last: None,
            })
        };
        match outcome {
            Ok(cluster) => ClusterModel::of(&cluster, call.planned),
            Err(wait::Unfinished { reason, last }) => {
                call.diags.error(
                    "Cluster not Healthy",
                    format!(
                        "Cluster {id} was not Healthy: {} while waiting for it to become Healthy. \
                         Raise timeouts.update if it needs longer.",
                        reason.describe()
                    ),
                );
                last.map_or(applied, |cluster| ClusterModel::of(&cluster, call.planned))
            }
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        if plan::refuse_if_protected(call.prior, "destroy", call.diags) {
            return;
        }
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let id = call.prior.id.as_str();
        let deadline = TIMEOUTS.deadline(&call.prior.timeouts, Operation::Delete);
        match api.with_deadline(deadline).delete_cluster(id).await.found() {
            Ok(Some(())) => {}
            Ok(None) => return,
            Err(error) => {
                report(call.diags, format!("Could not delete cluster {id}"), &error);
                return;
            }
        }
        let is_gone = || async { api.get_cluster(id).await.found().map(|c| c.is_none()) };
        let gone = wait::poll_until(call.ctx, deadline, is_gone, |&gone| gone).await;
        if let Err(wait::Unfinished { reason, .. }) = gone {
            call.diags.error(
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

    /// A version-0 state is this provider's first shape, which version 1 keeps, or the
    /// community provider's, told apart by its field names (see `provider::community`).
    fn upgrade_state(
        &self,
        _version: i64,
        state: serde_json::Value,
        diags: &mut Diagnostics,
    ) -> serde_json::Value {
        let Some(cluster) = community::Cluster::recognise(&state) else {
            return state;
        };
        let taken_over = ClusterModel::from_community(cluster);
        model::to_state_json(&taken_over, &<Object<Cluster> as Resource>::schema()).unwrap_or_else(
            |error| {
                diags.error(
                    "Provider model does not fit its schema",
                    format!("This is a bug in the provider: {error}."),
                );
                state
            },
        )
    }

    async fn import(&self, call: call::Import<'_>) -> Option<ClusterModel> {
        let id = call.id;
        let failed = format!("Could not read cluster {id} to import it");
        let found = self
            .shared
            .found(call.diags, failed, |api| api.get_cluster(id));
        let Some(cluster) = found.await? else {
            call.diags.error(
                "Cannot import a cluster that does not exist",
                format!(
                    "There is no cluster with id {id:?} in this organization. Import takes the \
                     cluster's UUID, as the Console shows it or the camunda_clusters data \
                     source lists it."
                ),
            );
            return None;
        };
        Some(ClusterModel::of(&cluster, &ClusterModel::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console;
    use crate::provider::console::cluster::test_parameters::params;
    use crate::provider::machinery::Shared;
    use crate::tf::{Ctx, Diagnostic, Path, Plan, Severity};

    fn resource() -> Object<Cluster> {
        let settings = console::Settings::resolve(console::SettingsInput::default(), &|_| None);
        let api = console::Client::new(settings).unwrap();
        Object::new(std::sync::Arc::new(Shared::with_parameters(api, params())))
    }

    /// A Healthy cluster on channel Stable at generation g1 (Stable's default is g2).
    fn prior() -> ClusterModel {
        ClusterModel {
            id: "c-1".into(),
            name: "prod".into(),
            channel_id: "ch".into(),
            generation_id: "g1".into(),
            generation_name: "Camunda 8.6".into(),
            region_id: "r1".into(),
            plan_type_id: "p1".into(),
            auto_update: Attr::Known(true),
            deletion_protection: Attr::Known(false),
            status: "Healthy".into(),
            ..ClusterModel::default()
        }
    }

    async fn plan(
        prior: Option<ClusterModel>,
        planned: Option<ClusterModel>,
        replace: Vec<Path>,
        moved_from: Option<&str>,
    ) -> (Plan<ClusterModel>, Vec<Diagnostic>) {
        let ctx = Ctx::default();
        if let Some(generation) = moved_from {
            ctx.private()
                .set(GENERATION_BEFORE_AUTO_UPDATE, json!(generation));
        }
        let mut plan = Plan::new(prior, planned.clone(), planned, replace);
        let mut diags = Diagnostics::new();
        let call = call::ModifyPlan {
            ctx: &ctx,
            plan: &mut plan,
            diags: &mut diags,
        };
        resource().modify_plan(call).await;
        (plan, diags.into_iter().collect())
    }

    fn upgraded(state: serde_json::Value) -> (ClusterModel, Vec<Diagnostic>) {
        let mut diags = Diagnostics::new();
        let json = resource().upgrade_state(0, state, &mut diags);
        let value = crate::tf::json::decode(
            json.to_string().as_bytes(),
            &<Object<Cluster> as Resource>::schema().value_type(),
        )
        .expect("an upgraded state fits the schema");
        (
            model::from_value(&value).unwrap(),
            diags.into_iter().collect(),
        )
    }

    #[test]
    fn a_community_cluster_state_is_taken_over_with_its_configured_generation() {
        let (state, diags) = upgraded(json!({
            "id": "c-1", "name": "prod", "channel": "ch", "region": "r1", "plan_type": "p1",
            "generation": "g1", "auto_update": true, "description": null,
            "current_generation": "g2",
        }));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            state.encryption_type,
            Attr::Null,
            "until the first refresh reads it"
        );
        assert_eq!(
            state,
            ClusterModel {
                generation_name: Attr::Null,
                status: Attr::Null,
                allow_duplicate_name: Attr::Known(false),
                ..prior()
            }
        );
    }

    #[test]
    fn a_community_description_is_taken_over() {
        let (state, diags) = upgraded(json!({
            "id": "c-1", "name": "prod", "channel": "ch", "region": "r1", "plan_type": "p1",
            "generation": "g1", "description": "Orders, EU",
        }));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(state.channel_id.as_str(), "ch");
        assert_eq!(state.description, Attr::from("Orders, EU"));
    }

    #[test]
    fn this_providers_own_version_0_state_is_kept_as_it_is() {
        let ours =
            model::to_state_json(&prior(), &<Object<Cluster> as Resource>::schema()).unwrap();
        let (state, diags) = upgraded(ours);
        assert!(diags.is_empty());
        assert_eq!(state, prior());
    }

    fn on(diags: &[Diagnostic], severity: Severity) -> Vec<String> {
        diags
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| d.attribute.as_ref().map_or(String::new(), Path::to_string))
            .collect()
    }

    fn with_generation(generation: &str) -> ClusterModel {
        ClusterModel {
            generation_id: generation.into(),
            ..prior()
        }
    }

    #[tokio::test]
    async fn a_create_without_generation_plans_the_channel_default() {
        let config = ClusterModel {
            generation_id: Attr::Null,
            ..prior()
        };
        let planned = ClusterModel {
            generation_id: Attr::Unknown,
            ..prior()
        };
        let mut plan = Plan::new(None, Some(config), Some(planned), vec![]);
        let mut diags = Diagnostics::new();
        let ctx = Ctx::default();
        let call = call::ModifyPlan {
            ctx: &ctx,
            plan: &mut plan,
            diags: &mut diags,
        };
        resource().modify_plan(call).await;
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(plan.into_planned().unwrap().generation_id, Attr::from("g2"));
    }

    #[tokio::test]
    async fn the_channel_default_generation_is_an_in_place_upgrade() {
        let (plan, diags) = plan(Some(prior()), Some(with_generation("g2")), vec![], None).await;
        assert!(diags.is_empty(), "{diags:?}");
        let planned = plan.into_planned().unwrap();
        assert_eq!(planned.generation_id, Attr::from("g2"));
        assert_eq!(planned.generation_name, Attr::Unknown);
        assert_eq!(planned.links, Attr::Unknown);
    }

    #[tokio::test]
    async fn a_generation_moved_by_auto_update_is_kept_with_a_warning() {
        let current = ClusterModel {
            generation_id: "g2".into(),
            generation_name: "Camunda 8.7".into(),
            ..prior()
        };
        let configured = ClusterModel {
            generation_id: "g1".into(),
            ..current.clone()
        };
        let (plan, diags) = plan(Some(current), Some(configured), vec![], Some("g1")).await;
        assert_eq!(on(&diags, Severity::Warning), ["generation_id"]);
        assert!(on(&diags, Severity::Error).is_empty(), "{diags:?}");
        assert_eq!(plan.into_planned().unwrap().generation_id, Attr::from("g2"));
    }

    #[tokio::test]
    async fn with_auto_update_another_generation_is_a_change_not_an_auto_update() {
        let current = ClusterModel {
            generation_id: "g2".into(),
            ..prior()
        };
        // Nothing moved the cluster: g1 is what the user asks for, and clusters never go back.
        let (_, diags) = plan(Some(current), Some(with_generation("g1")), vec![], None).await;
        assert_eq!(on(&diags, Severity::Error), ["generation_id"]);
        assert!(on(&diags, Severity::Warning).is_empty(), "{diags:?}");
        assert!(
            diags[0].detail.contains("not reachable"),
            "{}",
            diags[0].detail
        );
    }

    #[tokio::test]
    async fn a_generation_that_does_not_exist_is_an_error_listing_the_valid_ones() {
        for moved_from in [None, Some("g0")] {
            let (_, diags) = plan(
                Some(prior()),
                Some(with_generation("bogus-gen")),
                vec![],
                moved_from,
            )
            .await;
            assert_eq!(on(&diags, Severity::Error), ["generation_id"], "{diags:?}");
            assert!(on(&diags, Severity::Warning).is_empty(), "{diags:?}");
            let detail = &diags[0].detail;
            assert!(detail.contains("\"bogus-gen\""), "{detail}");
            assert!(
                detail.contains("Camunda 8.6 (g1), Camunda 8.7 (g2)"),
                "{detail}"
            );
        }
    }

    #[tokio::test]
    async fn deletion_protection_refuses_destroy_and_replacement() {
        let protected = ClusterModel {
            deletion_protection: Attr::Known(true),
            ..prior()
        };
        let (_, diags) = plan(Some(protected.clone()), None, vec![], None).await;
        assert_eq!(on(&diags, Severity::Error), ["deletion_protection"]);

        let moved = ClusterModel {
            region_id: "r2".into(),
            ..protected.clone()
        };
        let replace = vec![attr_path!(ClusterModel, region_id)];
        let (_, diags) = plan(Some(protected), Some(moved), replace, None).await;
        let errors = on(&diags, Severity::Error);
        assert!(
            errors.contains(&"deletion_protection".to_owned()),
            "{diags:?}"
        );

        let (_, diags) = plan(Some(prior()), None, vec![], None).await;
        assert!(diags.is_empty(), "an unprotected destroy plans: {diags:?}");
    }

    #[tokio::test]
    async fn a_rename_of_an_unhealthy_cluster_plans_its_status_unknown() {
        let unhealthy = ClusterModel {
            status: "Unhealthy".into(),
            ..prior()
        };
        let renamed = ClusterModel {
            name: "renamed".into(),
            ..unhealthy.clone()
        };
        let (plan, diags) = plan(Some(unhealthy), Some(renamed), vec![], None).await;
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(plan.into_planned().unwrap().status, Attr::Unknown);
    }
}
