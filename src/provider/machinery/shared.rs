//! What the provider's resources and data sources share within one provider process: the
//! Console API client, set once Terraform configures the provider, and what is fetched at
//! most once per process: the creation parameters and the lists of clusters, members, and
//! each cluster's clients and secrets; the creates in flight; and the objects claimed by
//! resources of which a configuration holds one each.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::OnceLock;

use super::claims::Claims;
use super::cluster_api::ClusterApiCell;
use super::exactly_once::{Held, Turns};
use super::journal::Journal;
use super::listings::{ClientLists, ClusterList, Listings, TypedListings};
use super::membership::MemberLists;
use super::report::{ApiResult, not_configured, report, settings_not_known};
use crate::console::{self, Member};
use crate::secret::Secret;
use crate::tf::Diagnostics;

/// The key of the one member list.
pub const MEMBERS: &str = "members";

#[derive(Default)]
pub struct Shared {
    api: OnceLock<Api>,
    parameters: tokio::sync::OnceCell<console::Parameters>,
    pub(crate) client_lists: ClientLists,
    pub(crate) clusters: ClusterList,
    /// Each cluster's connector secrets, by cluster id.
    pub(crate) secret_lists: Listings<BTreeMap<String, Secret>>,
    /// The organization's members, under [`MEMBERS`].
    pub(crate) member_list: Listings<Vec<Member>>,
    /// The objects that resources of one-per-object types claimed in this process's plans.
    pub(crate) claims: Claims,
    journal: OnceLock<Journal>,
    /// One create at a time per object name.
    pub(crate) turns: Turns,
    /// The objects read for Terraform: held by its state.
    pub(crate) held: Held,
    /// The Orchestration Cluster API, for the objects inside a cluster.
    pub(crate) cluster_api: ClusterApiCell,
    /// Every object of each kind in the cluster (tenants, users, authorizations, process
    /// definitions…), by kind.
    pub(crate) cluster_lists: TypedListings,
    /// The member ids of each holder (role, group, tenant) and member type in the cluster.
    pub(crate) member_lists: MemberLists,
    /// Set once the token cache's folder was checked, so that a problem is told once.
    cache_checked: OnceLock<()>,
}

/// The configured client, or why there is none.
enum Api {
    Ready(console::Client),
    /// Provider settings that Terraform will know only at apply.
    Unknown(Vec<String>),
}

impl Shared {
    pub(crate) fn configure(&self, api: console::Client, journal: Journal) {
        let _ = self.api.set(Api::Ready(api));
        let _ = self.journal.set(journal);
    }

    /// The record of this working directory's creates in flight (an empty one before the
    /// provider is configured).
    pub(crate) fn journal(&self) -> &Journal {
        self.journal.get_or_init(Journal::default)
    }

    /// Records that the named settings are not known yet (they come from values that only
    /// an apply computes), so that calls can say so instead of calling them missing.
    pub(crate) fn configure_later(&self, unknown: Vec<String>) {
        let _ = self.api.set(Api::Unknown(unknown));
    }

    /// Whether the API can be called now: false in a plan whose provider settings are
    /// not known yet. Plan-time checks that are only a courtesy skip themselves then.
    pub fn api_available(&self) -> bool {
        matches!(self.api.get(), Some(Api::Ready(_)))
    }

    /// The Console API client, or an error saying why there is none.
    pub fn api(&self, diags: &mut Diagnostics) -> Option<&console::Client> {
        match self.api.get() {
            Some(Api::Ready(api)) => {
                if self.cache_checked.set(()).is_ok()
                    && let Some(problem) = api.token_cache_problem()
                {
                    warn_cache_unusable(diags, problem);
                }
                Some(api)
            }
            Some(Api::Unknown(settings)) => {
                settings_not_known(
                    diags,
                    "Provider settings not known yet",
                    settings.iter().map(|s| format!("`{s}`")),
                    "the Console API",
                    "Set them from values known at plan time (variables, or the \
                     CAMUNDA_CONSOLE_* environment variables), or apply the resources they come \
                     from first (`terraform apply -target=…`).",
                );
                None
            }
            None => {
                not_configured(diags);
                None
            }
        }
    }

    /// What `call` answers through the Console API; `None` after an error, reported under
    /// `failed` (or when there is no API yet).
    pub async fn fetch<'a, T, F>(
        &'a self,
        diags: &mut Diagnostics,
        failed: impl Display,
        call: impl FnOnce(&'a console::Client) -> F,
    ) -> Option<T>
    where
        F: Future<Output = Result<T, console::Error>>,
    {
        call(self.api(diags)?).await.or_report(diags, failed)
    }

    /// As [`Shared::fetch`], with a 404 answered as `Some(None)`: the object does not exist.
    pub async fn found<'a, T, F>(
        &'a self,
        diags: &mut Diagnostics,
        failed: impl Display,
        call: impl FnOnce(&'a console::Client) -> F,
    ) -> Option<Option<T>>
    where
        F: Future<Output = Result<T, console::Error>>,
    {
        call(self.api(diags)?)
            .await
            .found()
            .or_report(diags, failed)
    }

    /// The creation parameters. Concurrent callers share one request; a failure is not
    /// kept, so a later caller tries again.
    pub async fn parameters(&self, diags: &mut Diagnostics) -> Option<&console::Parameters> {
        let api = self.api(diags)?;
        match self.parameters.get_or_try_init(|| api.parameters()).await {
            Ok(parameters) => Some(parameters),
            Err(error) => {
                report(
                    diags,
                    "Could not read the cluster creation parameters",
                    &error,
                );
                None
            }
        }
    }

    /// A `Shared` whose creation parameters are already fetched, for tests of plan rules.
    #[cfg(test)]
    pub(crate) fn with_parameters(api: console::Client, parameters: console::Parameters) -> Shared {
        let shared = Shared::default();
        shared.configure(api, Journal::default());
        let _ = shared.parameters.set(parameters);
        shared
    }
}

/// The disk cache is enabled but its folder cannot be used: tokens are kept in memory,
/// which works, but each process then asks the rate-limited token service again.
fn warn_cache_unusable(diags: &mut Diagnostics, problem: &console::CacheProblem) {
    diags.warning(
        "Access tokens cannot be cached on disk",
        format!(
            "The token cache directory {} cannot be used: {}. Tokens are kept in memory only, \
             so every provider process requests its own, and the token service blocks API \
             clients that ask too often. Set the provider attribute `token_cache_dir` (or the \
             environment variable {}) to a directory this user can write, or set {}=true to \
             keep tokens in memory on purpose.",
            problem.dir.display(),
            problem.reason,
            console::env::TOKEN_CACHE_DIR,
            console::env::TOKEN_DISK_CACHE_DISABLE,
        ),
    );
}
