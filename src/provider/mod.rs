//! The Camunda provider: its configuration, and the resources and data sources it serves.

mod api_error;
mod client_lists;
mod cluster;
mod cluster_state;
mod clusters_data;
mod ids;
mod lookup;
mod parameters_data;
mod wait;
mod zeebe_client;
mod zeebe_client_data;

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;

use crate::console;
use crate::tf::validators;
use crate::tf::{Attribute, Block, DataSource, Diagnostics, Provider, Resource, Schema, Value};

/// What resources share: the Console client, set once the provider is configured, and
/// what is fetched at most once per provider process: the creation parameters, and each
/// cluster's client list.
#[derive(Default)]
pub struct Shared {
    client: OnceLock<console::Client>,
    parameters: tokio::sync::OnceCell<console::Parameters>,
    client_lists: client_lists::ClientLists,
}

impl Shared {
    /// The configured client, or an error saying the provider was never configured.
    pub fn client(&self, diags: &mut Diagnostics) -> Option<&console::Client> {
        let client = self.client.get();
        if client.is_none() {
            diags.error(
                "Provider not configured",
                "The camunda provider was used before Terraform configured it; this is a bug in the provider.",
            );
        }
        client
    }

    /// The creation parameters. Concurrent callers share one request; a failure is not
    /// cached, so a later caller tries again.
    pub async fn parameters(&self, diags: &mut Diagnostics) -> Option<&console::Parameters> {
        let client = self.client(diags)?;
        match self
            .parameters
            .get_or_try_init(|| client.parameters())
            .await
        {
            Ok(parameters) => Some(parameters),
            Err(error) => {
                api_error::report(
                    diags,
                    "Could not read the cluster creation parameters",
                    &error,
                );
                None
            }
        }
    }
}

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

fn setting(name: &str, description: &str) -> Attribute {
    Attribute::string(name).optional().description(description)
}

fn url_setting(name: &str, description: &str) -> Attribute {
    setting(name, description).validate(validators::http_url())
}

#[async_trait]
impl Provider for CamundaProvider {
    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("Manages Camunda SaaS clusters and their Zeebe clients through the Camunda Console API.")
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
                     never reached. Defaults to the `CAMUNDA_TOKEN_CACHE_DIR` environment variable, else \
                     `$HOME/.camunda`. Set `CAMUNDA_TOKEN_DISK_CACHE_DISABLE=true` to keep tokens in memory only.",
                )),
        )
    }

    async fn configure(&self, config: &Value, diags: &mut Diagnostics) {
        let explicit = |name: &str| config.attr(name).as_str().map(str::to_owned);
        let settings = console::Settings::resolve(
            console::SettingsInput {
                client_id: explicit("client_id"),
                client_secret: explicit("client_secret"),
                api_url: explicit("api_url"),
                oauth_url: explicit("oauth_url"),
                audience: explicit("audience"),
                token_cache_dir: explicit("token_cache_dir"),
            },
            &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
        );
        // Credentials are checked on first use: a plan without Camunda objects needs none.
        match console::Client::new(settings) {
            Ok(client) => {
                let _ = self.shared.client.set(client);
            }
            Err(error) => api_error::report(diags, "Invalid provider configuration", &error),
        }
    }

    fn resources(&self) -> Vec<Arc<dyn Resource>> {
        vec![
            Arc::new(cluster::ClusterResource::new(self.shared.clone())),
            Arc::new(zeebe_client::ZeebeClientResource::new(self.shared.clone())),
        ]
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        use parameters_data::{ClusterParameters, Kind, ParameterByName};
        let shared = &self.shared;
        vec![
            Arc::new(ClusterParameters::new(shared.clone())),
            Arc::new(ParameterByName::new(shared.clone(), Kind::Channel)),
            Arc::new(ParameterByName::new(shared.clone(), Kind::Region)),
            Arc::new(ParameterByName::new(shared.clone(), Kind::PlanType)),
            Arc::new(clusters_data::ClusterData::new(shared.clone())),
            Arc::new(clusters_data::ClustersData::new(shared.clone())),
            Arc::new(zeebe_client_data::ZeebeClientData::new(shared.clone())),
            Arc::new(zeebe_client_data::ZeebeClientsData::new(shared.clone())),
        ]
    }
}
