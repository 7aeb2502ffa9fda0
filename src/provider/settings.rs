//! The provider's own configuration: the `provider "camunda"` block, and what configuring
//! the provider with it sets up in the process's shared state.

use serde::{Deserialize, Serialize};

use super::machinery::Shared;
use super::machinery::cluster_api::ClusterApi;
use super::machinery::journal::Journal;
use super::machinery::report::report;
use crate::console;
use crate::orchestration;
use crate::secret::Secret;
use crate::tf::validators::{self, one_of, parse_duration};
use crate::tf::{Attr, Attribute, Block, Diagnostics, NestedBlock, Nesting, Schema, model};

/// The `provider "camunda"` block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderModel {
    client_id: Attr<String>,
    client_secret: Attr<Secret>,
    api_url: Attr<String>,
    oauth_url: Attr<String>,
    audience: Attr<String>,
    token_cache_dir: Attr<String>,
    orchestration_api: Attr<Vec<OrchestrationApiModel>>,
}

/// The `orchestration_api` block: how the objects inside a cluster reach its API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrchestrationApiModel {
    rest_address: Attr<String>,
    auth_strategy: Attr<String>,
    client_id: Attr<String>,
    client_secret: Attr<Secret>,
    oauth_url: Attr<String>,
    audience: Attr<String>,
    scope: Attr<String>,
    username: Attr<String>,
    password: Attr<Secret>,
    consistency_timeout: Attr<String>,
}

fn setting(name: &str, description: &str) -> Attribute {
    Attribute::string(name).optional().description(description)
}

fn url_setting(name: &str, description: &str) -> Attribute {
    setting(name, description).validate(validators::http_url())
}

pub fn schema() -> Schema {
    Schema::new(
        Block::new(
            "Manages Camunda SaaS clusters, their Zeebe clients, connector secrets and IP \
             allowlists, and the organization's members through the Camunda Console API; and, \
             through the Orchestration Cluster API of any Camunda 8.8+ cluster, SaaS or \
             Self-Managed (the `orchestration_api` block), the tenants, roles, groups and their \
             members inside it.",
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
            ))
            .block(orchestration_api_block()),
    )
}

fn orchestration_api_block() -> NestedBlock {
    let block = Block::new(
        "How the objects inside a Camunda 8.8+ cluster (tenants, roles, groups, their members, \
         `camunda_topology`) reach the cluster's Orchestration Cluster API, on SaaS or \
         Self-Managed. Every setting may come from resources of the same apply (for \
         example the `rest_address`, `client_id` and `client_secret` of a `camunda_zeebe_client` \
         in an aliased provider): a plan then calls no cluster, and the apply uses the values. \
         A setting that is missing is an error only when an object inside a cluster needs it.",
    )
    .attribute(url_setting(
        "rest_address",
        "The cluster's REST address; `/v2` is appended. Defaults to the `CAMUNDA_REST_ADDRESS` \
         environment variable, else `ZEEBE_REST_ADDRESS`.",
    ))
    .attribute(
        setting(
            "auth_strategy",
            "`OAUTH`, `BASIC` or `NONE`. Defaults to the `CAMUNDA_AUTH_STRATEGY` environment \
             variable, else `OAUTH` when a client ID is set, `BASIC` when a username is, and \
             `NONE` otherwise.",
        )
        .validate(one_of(&orchestration::AuthStrategy::VALUES)),
    )
    .attribute(setting(
        "client_id",
        "The OAuth client ID. Defaults to the `CAMUNDA_CLIENT_ID` environment variable.",
    ))
    .attribute(
        setting(
            "client_secret",
            "The OAuth client secret. Defaults to the `CAMUNDA_CLIENT_SECRET` environment variable.",
        )
        .sensitive(),
    )
    .attribute(url_setting(
        "oauth_url",
        "The OAuth token endpoint; tokens are requested form-encoded, as every OIDC provider \
         accepts. Defaults to the `CAMUNDA_OAUTH_URL` environment variable (the one the Console \
         settings read: on SaaS both are one endpoint), else \
         `https://login.cloud.camunda.io/oauth/token`.",
    ))
    .attribute(setting(
        "audience",
        "The audience of the OAuth tokens. Defaults to the `CAMUNDA_TOKEN_AUDIENCE` environment \
         variable, else `zeebe.camunda.io`.",
    ))
    .attribute(setting(
        "scope",
        "The OAuth scope, if the token endpoint needs one. Defaults to the `CAMUNDA_OAUTH_SCOPE` \
         environment variable.",
    ))
    .attribute(setting(
        "username",
        "The user for HTTP basic authentication. Defaults to the `CAMUNDA_BASIC_AUTH_USERNAME` \
         environment variable.",
    ))
    .attribute(
        setting(
            "password",
            "The password for HTTP basic authentication. Defaults to the \
             `CAMUNDA_BASIC_AUTH_PASSWORD` environment variable.",
        )
        .sensitive(),
    )
    .attribute(
        setting(
            "consistency_timeout",
            "How long the provider waits for its own writes to show in the cluster's reads, which \
             lag its writes, before it reports them as missing. Defaults to `\"30s\"`.",
        )
        .validate(validators::duration()),
    );
    let mut nested = NestedBlock::new("orchestration_api", Nesting::List, block);
    nested.max_items = 1;
    nested
}

/// The settings of `block` that Terraform does not know yet (in a plan, values computed by
/// apply), as `model`, the block's model, holds them: its attributes (not its nested
/// blocks), in the schema's order.
fn unknown_settings<M: Serialize>(model: &M, block: &Block) -> Vec<String> {
    let Ok(value) = model::to_value(model, &block.value_type()) else {
        return Vec::new();
    };
    block
        .attributes
        .iter()
        .filter(|attribute| value.attr(&attribute.name).is_unknown())
        .map(|attribute| attribute.name.clone())
        .collect()
}

impl OrchestrationApiModel {
    /// The client these settings (with the environment's) make, or why they cannot.
    fn cluster_api(&self, token_cache_dir: Option<String>) -> ClusterApi {
        let unknown = unknown_settings(self, &orchestration_api_block().block);
        if !unknown.is_empty() {
            return ClusterApi::Unknown(unknown);
        }
        let consistency_timeout = match self.consistency_timeout.get().map(|t| parse_duration(t)) {
            Some(Err(reason)) => {
                return ClusterApi::Invalid(format!(
                    "orchestration_api.consistency_timeout: {reason}"
                ));
            }
            Some(Ok(timeout)) => Some(timeout),
            None => None,
        };
        let settings = orchestration::Settings::resolve(
            orchestration::SettingsInput {
                rest_address: self.rest_address.get().cloned(),
                auth_strategy: self.auth_strategy.get().cloned(),
                client_id: self.client_id.get().cloned(),
                client_secret: self.client_secret.get().cloned(),
                oauth_url: self.oauth_url.get().cloned(),
                audience: self.audience.get().cloned(),
                scope: self.scope.get().cloned(),
                username: self.username.get().cloned(),
                password: self.password.get().cloned(),
                consistency_timeout,
                token_cache_dir,
            },
            &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
        );
        match orchestration::Client::new(settings) {
            Ok(api) => ClusterApi::Ready(api),
            Err(error) => ClusterApi::Invalid(error.to_string()),
        }
    }
}

/// Sets up `shared` for the configuration `config`.
pub async fn configure(shared: &Shared, config: &ProviderModel, diags: &mut Diagnostics) {
    let cluster_api = match &config.orchestration_api {
        Attr::Unknown => ClusterApi::Unknown(vec!["orchestration_api".into()]),
        block => {
            let token_cache_dir = match &config.token_cache_dir {
                Attr::Unknown => None,
                dir => dir.get().cloned(),
            };
            let block = block
                .get()
                .and_then(|b| b.first())
                .cloned()
                .unwrap_or_default();
            block.cluster_api(token_cache_dir)
        }
    };
    shared.cluster_api.set(cluster_api);
    let unknown = unknown_settings(config, &schema().block);
    if !unknown.is_empty() {
        shared.configure_later(unknown);
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
    let journal = Journal::open(
        settings.local_dir.as_deref(),
        &settings.api_url,
        settings.client_id.as_deref().unwrap_or_default(),
    );
    // Credentials are checked on first use: a plan without Camunda objects needs none.
    match console::Client::new(settings) {
        Ok(api) => shared.configure(api, journal),
        Err(error) => report(diags, "Invalid provider configuration", &error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_settings_are_named_in_order_and_a_nested_block_is_none() {
        let config = ProviderModel {
            audience: Attr::Unknown,
            client_id: Attr::Unknown,
            api_url: "https://api".into(),
            orchestration_api: Attr::Unknown,
            ..ProviderModel::default()
        };
        let unknown = unknown_settings(&config, &schema().block);
        assert_eq!(unknown, ["client_id", "audience"]);

        let block = OrchestrationApiModel {
            consistency_timeout: Attr::Unknown,
            password: Attr::Unknown,
            rest_address: Attr::Unknown,
            scope: "s".into(),
            ..OrchestrationApiModel::default()
        };
        let unknown = unknown_settings(&block, &orchestration_api_block().block);
        assert_eq!(unknown, ["rest_address", "password", "consistency_timeout"]);
    }
}
