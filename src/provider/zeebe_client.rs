//! Resource `camunda_zeebe_client`: an API client of one cluster, for Zeebe workers and
//! apps. Every argument forces replacement, so there is no update; the one-time secret is
//! kept in state from the create answer on, whatever else fails.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::Shared;
use super::clients::{self, PERMISSIONS};
use super::report::{ApiResult, report};
use crate::attr_path;
use crate::console::{self, ClientDetails, ClientSummary, CreateClient};
use crate::secret::Secret;
use crate::tf::import_id;
use crate::tf::validators::{each_one_of, name};
use crate::tf::{Attr, Attribute, Block, Ctx, Diagnostics, Resource, Schema, Type};

/// Attempts at the connection details right after create: a new cluster answers 412 until
/// it is ready, which may take longer than an apply should wait; the next refresh retries.
const DETAILS_ATTEMPTS: u32 = 5;
const DETAILS_FIRST_WAIT: Duration = Duration::from_secs(1);

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ZeebeClientModel {
    cluster_id: Attr<String>,
    name: Attr<String>,
    permissions: Attr<Vec<String>>,
    keepers: Attr<BTreeMap<String, String>>,
    id: Attr<String>,
    client_id: Attr<String>,
    client_secret: Attr<Secret>,
    zeebe_address: Attr<String>,
    zeebe_authorization_server_url: Attr<String>,
}

fn schema() -> Schema {
    Schema::new(
        Block::new(
            "An API client of a Camunda SaaS cluster, for Zeebe workers and applications. \
             Its secret is only issued when the client is created: it is kept in the state, \
             marked sensitive, and a change of `keepers` creates a new client to rotate it.",
        )
        .attribute(
            Attribute::string("cluster_id")
                .required()
                .requires_replace()
                .description("The ID of the cluster the client belongs to. A change creates a new client."),
        )
        .attribute(
            Attribute::string("name")
                .required()
                .requires_replace()
                .validate(name(1, 50))
                .description(
                    "The client's name: 1 to 50 characters without whitespace, unique within the \
                     cluster. A change creates a new client.",
                ),
        )
        .attribute(
            Attribute::new("permissions", Type::set(Type::String))
                .optional()
                .computed()
                .requires_replace()
                .validate(each_one_of(PERMISSIONS))
                .description(
                    "What the client may access: any of `Zeebe`, `Operate`, `Tasklist`, `Optimize` \
                     and `Secrets`. When omitted, the client gets what the API grants by default \
                     (all of them). A change creates a new client.",
                ),
        )
        .attribute(
            Attribute::new("keepers", Type::map(Type::String))
                .optional()
                .requires_replace()
                .description(
                    "Arbitrary values whose change creates a new client, and so rotates its secret \
                     (for example a date or a version number).",
                ),
        )
        .attribute(
            Attribute::string("id")
                .computed()
                .description("The import ID: `<cluster_id>/<client_id>`."),
        )
        .attribute(
            Attribute::string("client_id")
                .computed()
                .description("The client ID, used with the secret to request access tokens."),
        )
        .attribute(
            Attribute::string("client_secret")
                .computed()
                .sensitive()
                .description(
                    "The client secret. The API issues it only when the client is created, so it is \
                     null for an imported client; change `keepers` to get a new client with a new secret.",
                ),
        )
        .attribute(
            Attribute::string("zeebe_address")
                .computed()
                .description("The address of the cluster's Zeebe gateway, for this client."),
        )
        .attribute(
            Attribute::string("zeebe_authorization_server_url")
                .computed()
                .description("The OAuth token endpoint at which this client requests access tokens."),
        ),
    )
}

impl ZeebeClientModel {
    /// The state of a client: what the API lists, with what only Terraform knows (the
    /// secret and the keepers) from `base`, and the connection details where known.
    fn of(cluster_id: &str, summary: &ClientSummary, base: &ZeebeClientModel) -> ZeebeClientModel {
        ZeebeClientModel {
            id: format!("{cluster_id}/{}", summary.client_id).into(),
            cluster_id: cluster_id.into(),
            client_id: summary.client_id.clone().into(),
            name: summary.name.clone().into(),
            permissions: summary.permissions.clone().into(),
            keepers: base.keepers.clone(),
            client_secret: base.client_secret.clone(),
            zeebe_address: base.zeebe_address.clone(),
            zeebe_authorization_server_url: base.zeebe_authorization_server_url.clone(),
        }
    }

    fn with_details(mut self, details: &ClientDetails) -> ZeebeClientModel {
        self.zeebe_address = details.zeebe_address.clone().into();
        self.zeebe_authorization_server_url = details.zeebe_authorization_server_url.clone().into();
        self
    }

    fn has_details(&self) -> bool {
        self.zeebe_address.get().is_some() && self.zeebe_authorization_server_url.get().is_some()
    }
}

pub struct ZeebeClientResource {
    shared: Arc<Shared>,
}

impl ZeebeClientResource {
    pub fn new(shared: Arc<Shared>) -> ZeebeClientResource {
        ZeebeClientResource { shared }
    }
}

#[async_trait]
impl Resource for ZeebeClientResource {
    type Model = ZeebeClientModel;

    fn type_name(&self) -> &'static str {
        "camunda_zeebe_client"
    }

    fn schema(&self) -> Schema {
        schema()
    }

    fn validate(&self, config: &ZeebeClientModel, diags: &mut Diagnostics) {
        if config.permissions.get().is_some_and(Vec::is_empty) {
            diags.attribute_error(
                attr_path!(ZeebeClientModel, permissions),
                "No permissions",
                "`permissions` is an empty set; name at least one of Zeebe, Operate, Tasklist, Optimize \
                 and Secrets, or omit it for the API's default (all of them).",
            );
        }
    }

    async fn create(
        &self,
        ctx: &Ctx,
        planned: &ZeebeClientModel,
        _config: &ZeebeClientModel,
        diags: &mut Diagnostics,
    ) -> Option<ZeebeClientModel> {
        let api = self.shared.api(diags)?;
        let cluster_id = planned.cluster_id.as_str();
        let request = CreateClient {
            client_name: planned.name.as_str().to_owned(),
            permissions: planned.permissions.get().filter(|p| !p.is_empty()).cloned(),
        };
        let created = api.create_client(cluster_id, &request).await;
        self.shared.client_lists.invalidate(cluster_id);
        let created = match created {
            Ok(created) => created,
            Err(console::Error::BadRequest { message, .. }) => {
                // Name and permissions are checked at plan time: what is left is a name taken.
                diags.attribute_error(
                    attr_path!(ZeebeClientModel, name),
                    "The Console API refused the Zeebe client",
                    message,
                );
                return None;
            }
            Err(error) => {
                report(diags, "Could not create the Zeebe client", &error);
                return None;
            }
        };
        let summary = ClientSummary {
            client_id: created.client_id,
            name: created.name,
            permissions: created.permissions,
        };
        let state = ZeebeClientModel::of(
            cluster_id,
            &summary,
            &ZeebeClientModel {
                keepers: planned.keepers.clone(),
                client_secret: Attr::Known(created.client_secret),
                ..ZeebeClientModel::default()
            },
        );
        match details_when_ready(ctx, api, cluster_id, &summary.client_id).await {
            Ok(details) => Some(state.with_details(&details)),
            Err(error) => {
                diags.warning(
                    "Zeebe client created without its connection details",
                    format!(
                        "The client {} and its secret are saved in the state, but its connection details \
                         (`zeebe_address`, `zeebe_authorization_server_url`) could not be read yet: {error}. \
                         The next refresh (`terraform plan` or `terraform apply`) fills them in.",
                        summary.client_id
                    ),
                );
                Some(state)
            }
        }
    }

    async fn read(
        &self,
        _ctx: &Ctx,
        prior: &ZeebeClientModel,
        diags: &mut Diagnostics,
    ) -> Option<ZeebeClientModel> {
        let api = self.shared.api(diags)?;
        let (cluster_id, client_id) = (prior.cluster_id.as_str(), prior.client_id.as_str());
        let summary = match clients::summary(&self.shared, api, cluster_id, client_id).await {
            Ok(summary) => summary?,
            Err(error) => return keep_prior(prior, diags, &error),
        };
        let state = ZeebeClientModel::of(cluster_id, &summary, prior);
        if state.has_details() {
            return Some(state);
        }
        match api.get_client(cluster_id, client_id).await.found() {
            Ok(details) => Some(state.with_details(&details?)),
            Err(error) => keep_prior(prior, diags, &error),
        }
    }

    /// Every argument forces replacement, so Terraform never asks for an in-place change.
    async fn update(
        &self,
        _ctx: &Ctx,
        _prior: &ZeebeClientModel,
        planned: &ZeebeClientModel,
        _config: &ZeebeClientModel,
        _diags: &mut Diagnostics,
    ) -> ZeebeClientModel {
        planned.clone()
    }

    async fn delete(&self, _ctx: &Ctx, prior: &ZeebeClientModel, diags: &mut Diagnostics) {
        let Some(api) = self.shared.api(diags) else {
            return;
        };
        let cluster_id = prior.cluster_id.as_str();
        let deleted = api
            .delete_client(cluster_id, prior.client_id.as_str())
            .await;
        self.shared.client_lists.invalidate(cluster_id);
        if let Err(error) = deleted.found() {
            report(diags, "Could not delete the Zeebe client", &error);
        }
    }

    async fn import(
        &self,
        _ctx: &Ctx,
        id: &str,
        diags: &mut Diagnostics,
    ) -> Option<ZeebeClientModel> {
        let [cluster_id, client_id] = import_id::split(id, ["cluster_id", "client_id"], diags)?;
        let api = self.shared.api(diags)?;
        let found = clients::summary(&self.shared, api, cluster_id, client_id)
            .await
            .or_report(diags, "Could not read the Zeebe client to import")?;
        if found.is_none() {
            diags.error(
                "Zeebe client not found",
                format!("Cluster {cluster_id} has no Zeebe client with the ID {client_id:?} (import ID {id:?})."),
            );
            return None;
        }
        diags.warning(
            "The imported Zeebe client has no secret in the state",
            "The Console API gives a client's secret only when the client is created, so `client_secret` \
             is null after import. To get a secret in the state, rotate the client: set or change its \
             `keepers`, and the next apply replaces it with a new client and secret.",
        );
        Some(ZeebeClientModel {
            id: id.into(),
            cluster_id: cluster_id.into(),
            client_id: client_id.into(),
            ..ZeebeClientModel::default()
        })
    }
}

/// The connection details, asked again with growing waits while the cluster is not ready.
/// Transient failures are already retried by the client.
async fn details_when_ready(
    ctx: &Ctx,
    api: &console::Client,
    cluster_id: &str,
    client_id: &str,
) -> Result<ClientDetails, console::Error> {
    let mut wait = DETAILS_FIRST_WAIT;
    let mut attempt = 1;
    loop {
        match api.get_client(cluster_id, client_id).await {
            Err(error) if error.is_not_ready() && attempt < DETAILS_ATTEMPTS => {
                tracing::debug!(
                    cluster_id,
                    client_id,
                    attempt,
                    "cluster not ready for client details; waiting"
                );
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = ctx.cancelled() => return Err(error),
                }
                wait *= 2;
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

/// A read that failed keeps what the state had; a cluster that is not ready is expected
/// (it is being created, updated or resumed) and only warned about.
fn keep_prior(
    prior: &ZeebeClientModel,
    diags: &mut Diagnostics,
    error: &console::Error,
) -> Option<ZeebeClientModel> {
    if error.is_not_ready() {
        diags.warning(
            "Zeebe client not refreshed: the cluster is not ready",
            format!("The client keeps its values from the state until the cluster is ready again. {error}"),
        );
    } else {
        report(diags, "Could not read the Zeebe client", error);
    }
    Some(prior.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_matches_schema() {
        crate::tf::model::check::<ZeebeClientModel>(&schema()).unwrap();
    }
}
