//! A running cluster for the changes that need one. Camunda suspends trial clusters after
//! hours without activity; an apply that changes something that needs the cluster running
//! wakes it first and says so. Only applies call this: a plan or a refresh never wakes a
//! cluster.

use tokio::time::Instant;

use super::Shared;
use super::journal::Target;
use super::report::ApiResult;
use super::wait;
use crate::console::{self, ComponentStatus};
use crate::tf::{Ctx, Diagnostics, Elapsed};

/// How waking behaves, for the descriptions of the resources that wake their cluster.
pub(crate) const WAKES: &str = "When the cluster is suspended (as Camunda suspends trial \
                                clusters after hours without activity), the apply wakes it, \
                                waits until it is Healthy within the operation's timeout, and \
                                says so in a warning; a plan never wakes a cluster.";

/// The API for a change that needs cluster `cluster_id` running, once it runs: the apply
/// is about to do what `to` says ("create the Zeebe client"). A Suspended cluster is woken and waited for until it is
/// Healthy, before `deadline`, with a warning that says so; a cluster already resuming is
/// waited for. `None` after an error, which is reported. A cluster that is not listed (it
/// does not exist, or was created after the list was fetched, and so runs) is left for the
/// caller's own request. The status comes from the process's one cluster list, so that N
/// changes on one apply cost no more requests than one.
pub(crate) async fn api_for<'s>(
    shared: &'s Shared,
    ctx: &Ctx,
    cluster_id: &str,
    deadline: Instant,
    to: &str,
    diags: &mut Diagnostics,
) -> Option<&'s console::Client> {
    // One look at a cluster at a time: the changes queued behind a wake find the cluster
    // resuming, and wait for it without waking it again.
    let api = shared.api(diags)?;
    let _turn = shared
        .turns
        .take(&Target::new("wake", cluster_id, ""))
        .await;
    let clusters = shared.clusters.get(api).await.or_report(
        diags,
        format!("Could not list the clusters to check that cluster {cluster_id} is running"),
    )?;
    let Some(cluster) = clusters.iter().find(|c| c.uuid == cluster_id) else {
        return Some(api);
    };
    let woken = match cluster.status.ready {
        ComponentStatus::Suspended => {
            api.with_deadline(deadline)
                .wake_cluster(cluster_id)
                .await
                .or_report(
                    diags,
                    format!("Could not wake suspended cluster {cluster_id}"),
                )?;
            tracing::info!(cluster_id, "woke the suspended cluster");
            shared.clusters.invalidate();
            true
        }
        ComponentStatus::Resuming => false,
        _ => return Some(api),
    };
    let started = Instant::now();
    match wait::until_healthy(ctx, api, cluster_id, deadline).await {
        Ok(_) if woken => {
            diags.warning(
                "Suspended cluster woken",
                format!(
                    "Cluster {cluster_id} was suspended, as Camunda suspends trial clusters after \
                     hours without activity. This apply woke it to {to}, and it was Healthy \
                     again after {}.",
                    Elapsed(started.elapsed())
                ),
            );
            Some(api)
        }
        Ok(_) => Some(api),
        Err(wait::Unfinished { reason, .. }) => {
            let state = if woken {
                "was suspended and was woken"
            } else {
                "was resuming"
            };
            diags.error(
                "Cluster not running",
                format!(
                    "Cluster {cluster_id} {state} to {to}, but {} while waiting for it to become \
                     Healthy. Nothing else was changed; apply again once it runs, or raise the \
                     resource's timeout.",
                    reason.describe()
                ),
            );
            None
        }
    }
}
