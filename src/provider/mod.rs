//! The Camunda provider: its configuration, and the resources and data sources it serves.

mod awake;
mod backup;
mod clients;
mod cluster;
mod cluster_ref;
mod clusters_data;
mod community;
mod connector_secret;
mod encryption;
pub mod ephemeral;
mod exactly_once;
mod exclusive;
mod ip_allowlist;
mod ip_ranges_data;
mod journal;
mod listings;
mod lookup;
mod monitoring;
mod organization_member;
mod parameters_data;
mod report;
mod secure_connectivity;
mod shared;
mod zeebe_client;
mod zeebe_client_create;
mod zeebe_client_data;

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::console;
use crate::secret::Secret;
use crate::tf::handler::{data_source, ephemeral_resource, resource};
use crate::tf::validators;
use crate::tf::{
    Attr, Attribute, Block, DataSourceHandler, Diagnostics, EphemeralResourceHandler, Provider,
    ResourceHandler, Schema,
};

pub use shared::Shared;

pub struct CamundaProvider {
    shared: Arc<Shared>,
}

impl CamundaProvider {
    pub fn new() -> CamundaProvider {
        CamundaProvider {
            shared: Arc::new(Shared::default()),
        }
    }
}

impl Default for CamundaProvider {
    fn default() -> Self {
        CamundaProvider::new()
    }
}

/// The `provider "camunda"` block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderModel {
    client_id: Attr<String>,
    client_secret: Attr<Secret>,
    api_url: Attr<String>,
    oauth_url: Attr<String>,
    audience: Attr<String>,
    token_cache_dir: Attr<String>,
}

fn setting(name: &str, description: &str) -> Attribute {
    Attribute::string(name).optional().description(description)
}

fn url_setting(name: &str, description: &str) -> Attribute {
    setting(name, description).validate(validators::http_url())
}

fn schema() -> Schema {
    Schema::new(
        Block::new(
            "Manages Camunda SaaS clusters, their Zeebe clients, connector secrets and IP \
             allowlists, and the organization's members through the Camunda Console API.",
        )
            .attribute(setting(
                "client_id",
                "The client ID of a Console API client (Organization → Administration API). \
                 Defaults to the `CAMUNDA_CONSOLE_CLIENT_ID` environment variable.",
            ))
            .attribute(
                setting(
                    "client_secret",
                    "The client secret of that API client. Defaults to the `CAMUNDA_CONSOLE_CLIENT_SECRET` \
                     environment variable.",
                )
                .sensitive(),
            )
            .attribute(url_setting(
                "api_url",
                "The Console API's base URL. Defaults to the `CAMUNDA_CONSOLE_BASE_URL` environment \
                 variable, else `https://api.cloud.camunda.io`.",
            ))
            .attribute(url_setting(
                "oauth_url",
                "The OAuth token endpoint. Defaults to the `CAMUNDA_OAUTH_URL` environment variable, \
                 else `https://login.cloud.camunda.io/oauth/token`.",
            ))
            .attribute(setting(
                "audience",
                "The audience requested with each token. Defaults to the `CAMUNDA_CONSOLE_OAUTH_AUDIENCE` \
                 environment variable, else `api.cloud.camunda.io`.",
            ))
            .attribute(setting(
                "token_cache_dir",
                "Where access tokens are cached between runs, so that the token service's rate limit is \
                 never reached, and where the provider records the creates in flight that Terraform has \
                 not recorded yet, so that a create cut short by Terraform's death is taken over by the \
                 next apply instead of duplicated. Defaults to the `CAMUNDA_TOKEN_CACHE_DIR` environment \
                 variable, else `$HOME/.camunda`. Set `CAMUNDA_TOKEN_DISK_CACHE_DISABLE=true` to keep \
                 tokens in memory only.",
            )),
    )
}

impl ProviderModel {
    /// The settings that Terraform does not know yet (in a plan, values computed by apply).
    fn unknown_settings(&self) -> Vec<&'static str> {
        let settings = [
            ("client_id", self.client_id.is_unknown()),
            ("client_secret", self.client_secret.is_unknown()),
            ("api_url", self.api_url.is_unknown()),
            ("oauth_url", self.oauth_url.is_unknown()),
            ("audience", self.audience.is_unknown()),
            ("token_cache_dir", self.token_cache_dir.is_unknown()),
        ];
        settings
            .into_iter()
            .filter_map(|(name, unknown)| unknown.then_some(name))
            .collect()
    }
}

#[async_trait]
impl Provider for CamundaProvider {
    type Model = ProviderModel;

    fn schema(&self) -> Schema {
        schema()
    }

    async fn configure(&self, config: &ProviderModel, diags: &mut Diagnostics) {
        let unknown = config.unknown_settings();
        if !unknown.is_empty() {
            self.shared.configure_later(unknown);
            return;
        }
        let settings = console::Settings::resolve(
            console::SettingsInput {
                client_id: config.client_id.get().cloned(),
                client_secret: config.client_secret.get().cloned(),
                api_url: config.api_url.get().cloned(),
                oauth_url: config.oauth_url.get().cloned(),
                audience: config.audience.get().cloned(),
                token_cache_dir: config.token_cache_dir.get().cloned(),
            },
            &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
        );
        let journal = journal::Journal::open(
            settings.local_dir.as_deref(),
            &settings.api_url,
            settings.client_id.as_deref().unwrap_or_default(),
        );
        // Credentials are checked on first use: a plan without Camunda objects needs none.
        match console::Client::new(settings) {
            Ok(api) => self.shared.configure(api, journal),
            Err(error) => report::report(diags, "Invalid provider configuration", &error),
        }
    }

    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>> {
        let shared = &self.shared;
        vec![
            resource(cluster::ClusterResource::new(shared.clone())),
            resource(zeebe_client::ZeebeClientResource::new(shared.clone())),
            resource(connector_secret::ConnectorSecretResource::new(
                shared.clone(),
            )),
            resource(ip_allowlist::IpAllowlistResource::new(shared.clone())),
            resource(organization_member::OrganizationMemberResource::new(
                shared.clone(),
            )),
            resource(backup::BackupResource::new(shared.clone())),
            resource(backup::BackupScheduleResource::new(shared.clone())),
            resource(monitoring::MonitoringResource::new(shared.clone())),
            resource(monitoring::MonitoringClientResource::new(shared.clone())),
            resource(secure_connectivity::SecureConnectivityResource::new(
                shared.clone(),
            )),
            resource(encryption::EncryptionResource::new(shared.clone())),
        ]
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>> {
        use parameters_data::{
            ChannelModel, ClusterParameters, ParameterByName, PlanTypeModel, RegionModel,
        };
        let shared = &self.shared;
        vec![
            data_source(ClusterParameters::new(shared.clone())),
            data_source(ParameterByName::<ChannelModel>::new(shared.clone())),
            data_source(ParameterByName::<RegionModel>::new(shared.clone())),
            data_source(ParameterByName::<PlanTypeModel>::new(shared.clone())),
            data_source(clusters_data::ClusterData::new(shared.clone())),
            data_source(clusters_data::ClustersData::new(shared.clone())),
            data_source(zeebe_client_data::ZeebeClientData::new(shared.clone())),
            data_source(zeebe_client_data::ZeebeClientsData::new(shared.clone())),
            data_source(connector_secret::ConnectorSecretsData::new(shared.clone())),
            data_source(organization_member::OrganizationMembersData::new(
                shared.clone(),
            )),
            data_source(ip_ranges_data::IpRangesData::new(shared.clone())),
            data_source(backup::BackupsData::new(shared.clone())),
        ]
    }

    fn ephemeral_resources(&self) -> Vec<Arc<dyn EphemeralResourceHandler>> {
        vec![
            ephemeral_resource(ephemeral::ZeebeClientEphemeral::new(self.shared.clone())),
            ephemeral_resource(ephemeral::AccessTokenEphemeral::new(self.shared.clone())),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_matches_schema() {
        crate::tf::model::check::<ProviderModel>(&schema()).unwrap();
    }
}
