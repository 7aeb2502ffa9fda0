//! What the provider's resources and data sources share within one provider process: the
//! Console API client, set once Terraform configures the provider, and what is fetched at
//! most once per process: the creation parameters, each cluster's client and secret
//! lists, and the member list; and the objects claimed by resources of which a
//! configuration holds one each.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::exclusive::Claims;
use super::lists::Lists;
use super::report::report;
use crate::console::{self, ClientSummary, Member};
use crate::secret::Secret;
use crate::tf::Diagnostics;

/// The key of the one member list.
pub(crate) const MEMBERS: &str = "members";

#[derive(Default)]
pub struct Shared {
    api: OnceLock<Api>,
    parameters: tokio::sync::OnceCell<console::Parameters>,
    /// Each cluster's Zeebe clients, by cluster id.
    pub(crate) client_lists: Lists<Vec<ClientSummary>>,
    /// Each cluster's connector secrets, by cluster id.
    pub(crate) secret_lists: Lists<BTreeMap<String, Secret>>,
    /// The organization's members, under [`MEMBERS`].
    pub(crate) member_list: Lists<Vec<Member>>,
    /// The objects that resources of one-per-object types claimed in this process's plans.
    pub(crate) claims: Claims,
}

/// The configured client, or why there is none.
enum Api {
    Ready(console::Client),
    /// Provider settings that Terraform will know only at apply.
    Unknown(Vec<&'static str>),
}

impl Shared {
    pub(crate) fn configure(&self, api: console::Client) {
        let _ = self.api.set(Api::Ready(api));
    }

    /// Records that the named settings are not known yet (they come from values that only
    /// an apply computes), so that calls can say so instead of calling them missing.
    pub(crate) fn configure_later(&self, unknown: Vec<&'static str>) {
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
            Some(Api::Ready(api)) => Some(api),
            Some(Api::Unknown(settings)) => {
                let names = settings
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" and ");
                diags.error(
                    "Provider settings not known yet",
                    format!(
                        "The camunda provider's {names} will only be known after apply (they \
                         come from values that another resource computes), but this operation \
                         needs the Console API now. Set them from values known at plan time \
                         (variables, or the CAMUNDA_CONSOLE_* environment variables), or apply \
                         the resources they come from first (`terraform apply -target=…`)."
                    ),
                );
                None
            }
            None => {
                diags.error(
                    "Provider not configured",
                    "The camunda provider was used before Terraform configured it; this is a bug in the provider.",
                );
                None
            }
        }
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
        shared.configure(api);
        let _ = shared.parameters.set(parameters);
        shared
    }
}
