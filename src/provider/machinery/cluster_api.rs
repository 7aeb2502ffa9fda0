//! The Orchestration Cluster API as the objects inside a cluster reach it: the client that
//! the provider's `orchestration_api` block configured, or why there is none. Its settings
//! may come from resources of the same apply (a cluster and a client made in it), so in a
//! plan they may be unknown: the objects then plan without calling the cluster, and the
//! apply, which knows them, calls it.

use std::sync::OnceLock;

use super::report::{not_configured, settings_not_known};
use crate::orchestration;
use crate::tf::Diagnostics;

/// The configured client of the cluster's API, or why there is none.
pub enum ClusterApi {
    Ready(orchestration::Client),
    /// Settings that Terraform will know only at apply.
    Unknown(Vec<String>),
    /// Settings that cannot work, with the reason, which names the attribute.
    Invalid(String),
}

/// The cluster's API of this provider process, set once when Terraform configures it.
#[derive(Default)]
pub struct ClusterApiCell(OnceLock<ClusterApi>);

impl ClusterApiCell {
    pub fn set(&self, api: ClusterApi) {
        let _ = self.0.set(api);
    }

    /// Whether the cluster's API waits for settings that only the apply will know: plan-time
    /// checks then skip themselves and refreshes keep the state. Settings that are missing
    /// or invalid are not waited for: the calls report them, so that a plan never passes
    /// without having reached the cluster.
    pub fn pending(&self) -> bool {
        matches!(self.0.get(), Some(ClusterApi::Unknown(_)))
    }

    /// The client, or an error saying why there is none.
    pub fn get(&self, diags: &mut Diagnostics) -> Option<&orchestration::Client> {
        match self.0.get() {
            Some(ClusterApi::Ready(api)) => Some(api),
            Some(ClusterApi::Unknown(settings)) => {
                settings_not_known(
                    diags,
                    "Orchestration Cluster API settings not known yet",
                    settings.iter().map(|s| format!("`orchestration_api.{s}`")),
                    "the cluster's API",
                    "Plans and refreshes wait for them; an import needs them known: apply the \
                     resources they come from first.",
                );
                None
            }
            Some(ClusterApi::Invalid(reason)) => {
                diags.error("Invalid orchestration_api settings", reason.clone());
                None
            }
            None => {
                not_configured(diags);
                None
            }
        }
    }
}
