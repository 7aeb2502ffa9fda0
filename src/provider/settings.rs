//! The provider's own configuration: the `provider "camunda"` block, and what configuring
//! the provider with it sets up in the process's shared state.

use serde::{Deserialize, Serialize};

use super::machinery::Shared;
use super::machinery::journal::Journal;
use super::machinery::report::report;
use crate::console;
use crate::secret::Secret;
use crate::tf::validators;
use crate::tf::{Attr, Attribute, Block, Diagnostics, Schema};

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

pub fn schema() -> Schema {
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

/// Sets up `shared` for the configuration `config`.
pub async fn configure(shared: &Shared, config: &ProviderModel, diags: &mut Diagnostics) {
    let unknown = config.unknown_settings();
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
