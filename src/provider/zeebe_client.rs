//! Resource `camunda_zeebe_client`: an API client of one cluster, for Zeebe workers and
//! apps. Every argument forces replacement, so there is no update; the one-time secret is
//! kept in state from the create answer on, whatever else fails.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::{Shared, api_error};
use crate::console::{self, ClientDetails, ClientSummary, CreateClient};
use crate::tf::validators::{each_one_of, name};
use crate::tf::{Attribute, Block, Ctx, Diagnostics, Path, Resource, Schema, Type, Value};

/// The permissions a Zeebe client can be granted.
pub const PERMISSIONS: &[&str] = &["Zeebe", "Operate", "Tasklist", "Optimize", "Secrets"];

/// Attempts at the connection details right after create: a new cluster answers 412 until
/// it is ready, which may take longer than an apply should wait; the next refresh retries.
const DETAILS_ATTEMPTS: u32 = 5;
const DETAILS_FIRST_WAIT: Duration = Duration::from_secs(1);

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
    fn type_name(&self) -> &'static str {
        "camunda_zeebe_client"
    }

    fn schema(&self) -> Schema {
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

    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        let permissions = config.attr("permissions");
        if permissions.is_wholly_known()
            && !permissions.is_null()
            && permissions.elements().is_empty()
        {
            diags.attribute_error(
                Path::attr("permissions"),
                "No permissions",
                "`permissions` is an empty set; name at least one of Zeebe, Operate, Tasklist, Optimize \
                 and Secrets, or omit it for the API's default (all of them).",
            );
        }
    }

    async fn create(&self, ctx: &Ctx, planned: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        let cluster_id = planned.attr("cluster_id").as_str().unwrap_or_default();
        let request = CreateClient {
            client_name: planned.attr("name").as_str().unwrap_or_default().to_owned(),
            permissions: planned
                .attr("permissions")
                .is_known()
                .then(|| strings(planned.attr("permissions")))
                .filter(|p| !p.is_empty()),
        };
        let created = client.create_client(cluster_id, &request).await;
        self.shared.client_lists.invalidate(cluster_id);
        let created = match created {
            Ok(created) => created,
            Err(console::Error::BadRequest { message, .. }) => {
                // Name and permissions are checked at plan time: what is left is a name taken.
                diags.attribute_error(
                    Path::attr("name"),
                    "The Console API refused the Zeebe client",
                    message,
                );
                return Value::Null;
            }
            Err(error) => {
                api_error::report(diags, "Could not create the Zeebe client", &error);
                return Value::Null;
            }
        };
        let details = match details_when_ready(ctx, client, cluster_id, &created.client_id).await {
            Ok(details) => Some(details),
            Err(error) => {
                diags.warning(
                    "Zeebe client created without its connection details",
                    format!(
                        "The client {} and its secret are saved in the state, but its connection details \
                         (`zeebe_address`, `zeebe_authorization_server_url`) could not be read yet: {error}. \
                         The next refresh (`terraform plan` or `terraform apply`) fills them in.",
                        created.client_id
                    ),
                );
                None
            }
        };
        state(
            cluster_id,
            &ClientSummary {
                client_id: created.client_id,
                name: created.name,
                permissions: created.permissions,
            },
            Value::string(created.client_secret),
            planned.attr("keepers").clone(),
            details.as_ref(),
        )
    }

    async fn read(&self, _ctx: &Ctx, prior: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return prior.clone();
        };
        let (Some(cluster_id), Some(client_id)) = (
            prior.attr("cluster_id").as_str(),
            prior.attr("client_id").as_str(),
        ) else {
            return prior.clone();
        };
        let summary = match client_summary(&self.shared, client, cluster_id, client_id).await {
            Ok(Some(summary)) => summary,
            Ok(None) => return Value::Null,
            Err(error) => return keep_prior(prior, diags, &error),
        };
        let known_details = prior.attr("zeebe_address").as_str().is_some()
            && prior
                .attr("zeebe_authorization_server_url")
                .as_str()
                .is_some();
        let details = if known_details {
            None
        } else {
            match client.get_client(cluster_id, client_id).await {
                Ok(details) => Some(details),
                Err(error) if error.is_not_found() => return Value::Null,
                Err(error) => return keep_prior(prior, diags, &error),
            }
        };
        let mut state = state(
            cluster_id,
            &summary,
            prior.attr("client_secret").clone(),
            prior.attr("keepers").clone(),
            details.as_ref(),
        );
        if details.is_none() {
            for attribute in ["zeebe_address", "zeebe_authorization_server_url"] {
                state.set_at(&Path::attr(attribute), prior.attr(attribute).clone());
            }
        }
        state
    }

    /// Every argument forces replacement, so Terraform never asks for an in-place change.
    async fn update(
        &self,
        _ctx: &Ctx,
        _prior: &Value,
        planned: &Value,
        _diags: &mut Diagnostics,
    ) -> Value {
        planned.clone()
    }

    async fn delete(&self, _ctx: &Ctx, prior: &Value, diags: &mut Diagnostics) {
        let Some(client) = self.shared.client(diags) else {
            return;
        };
        let cluster_id = prior.attr("cluster_id").as_str().unwrap_or_default();
        let client_id = prior.attr("client_id").as_str().unwrap_or_default();
        let deleted = client.delete_client(cluster_id, client_id).await;
        self.shared.client_lists.invalidate(cluster_id);
        match deleted {
            Err(error) if !error.is_not_found() => {
                api_error::report(diags, "Could not delete the Zeebe client", &error);
            }
            _ => {}
        }
    }

    async fn import(&self, _ctx: &Ctx, id: &str, diags: &mut Diagnostics) -> Value {
        let Some((cluster_id, client_id)) = split_id(id) else {
            diags.error(
                "Invalid import ID",
                format!(
                    "{id:?} is not a Zeebe client import ID; the expected form is `<cluster_id>/<client_id>`: \
                     the cluster's ID and the client's ID, separated by one slash."
                ),
            );
            return Value::Null;
        };
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        match client_summary(&self.shared, client, cluster_id, client_id).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                diags.error(
                    "Zeebe client not found",
                    format!("Cluster {cluster_id} has no Zeebe client with the ID {client_id:?} (import ID {id:?})."),
                );
                return Value::Null;
            }
            Err(error) => {
                api_error::report(diags, "Could not read the Zeebe client to import", &error);
                return Value::Null;
            }
        }
        diags.warning(
            "The imported Zeebe client has no secret in the state",
            "The Console API gives a client's secret only when the client is created, so `client_secret` \
             is null after import. To get a secret in the state, rotate the client: set or change its \
             `keepers`, and the next apply replaces it with a new client and secret.",
        );
        Value::object([
            ("id", Value::string(id)),
            ("cluster_id", Value::string(cluster_id)),
            ("client_id", Value::string(client_id)),
        ])
    }
}

/// The client's entry in its cluster's list (existence, name, permissions), or `None` when
/// the client or the whole cluster is gone. The one place that finds a client by id: the
/// clients of one cluster share one list call per provider process.
pub async fn client_summary(
    shared: &Shared,
    client: &console::Client,
    cluster_id: &str,
    client_id: &str,
) -> Result<Option<ClientSummary>, console::Error> {
    let clients = shared.client_lists.get(client, cluster_id).await?;
    Ok(clients.and_then(|clients| clients.iter().find(|c| c.client_id == client_id).cloned()))
}

/// The connection details, asked again with growing waits while the cluster is not ready.
/// Transient failures are already retried by the client.
async fn details_when_ready(
    ctx: &Ctx,
    client: &console::Client,
    cluster_id: &str,
    client_id: &str,
) -> Result<ClientDetails, console::Error> {
    let mut wait = DETAILS_FIRST_WAIT;
    let mut attempt = 1;
    loop {
        match client.get_client(cluster_id, client_id).await {
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
fn keep_prior(prior: &Value, diags: &mut Diagnostics, error: &console::Error) -> Value {
    if error.is_not_ready() {
        diags.warning(
            "Zeebe client not refreshed: the cluster is not ready",
            format!("The client keeps its values from the state until the cluster is ready again. {error}"),
        );
    } else {
        api_error::report(diags, "Could not read the Zeebe client", error);
    }
    prior.clone()
}

/// The resource state of a client. `secret` and `keepers` only ever come from Terraform.
fn state(
    cluster_id: &str,
    summary: &ClientSummary,
    secret: Value,
    keepers: Value,
    details: Option<&ClientDetails>,
) -> Value {
    Value::object([
        (
            "id",
            Value::string(format!("{cluster_id}/{}", summary.client_id)),
        ),
        ("cluster_id", Value::string(cluster_id)),
        ("client_id", Value::string(&summary.client_id)),
        ("name", Value::string(&summary.name)),
        ("permissions", permissions_value(&summary.permissions)),
        ("keepers", keepers),
        ("client_secret", secret),
        (
            "zeebe_address",
            Value::opt_string(details.map(|d| &d.zeebe_address)),
        ),
        (
            "zeebe_authorization_server_url",
            Value::opt_string(details.map(|d| &d.zeebe_authorization_server_url)),
        ),
    ])
}

pub fn permissions_value(permissions: &[String]) -> Value {
    Value::Set(permissions.iter().map(Value::string).collect())
}

fn strings(value: &Value) -> Vec<String> {
    value
        .elements()
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Splits `<cluster_id>/<client_id>`; both parts non-empty, and no further `/`.
fn split_id(id: &str) -> Option<(&str, &str)> {
    let (cluster_id, client_id) = id.split_once('/')?;
    let valid = |part: &str| !part.is_empty() && !part.contains('/') && part.trim() == part;
    (valid(cluster_id) && valid(client_id)).then_some((cluster_id, client_id))
}

#[cfg(test)]
mod tests {
    use super::split_id;

    #[test]
    fn import_ids_have_two_non_empty_parts() {
        assert_eq!(split_id("c-1/abc"), Some(("c-1", "abc")));
        for bad in ["", "c-1", "c-1/", "/abc", "c-1/abc/x", " c-1/abc"] {
            assert_eq!(split_id(bad), None, "{bad:?}");
        }
    }
}
