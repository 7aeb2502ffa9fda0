//! Data sources `camunda_zeebe_client` and `camunda_zeebe_clients`: what the API tells about
//! a cluster's Zeebe clients. The API never gives a secret after create, and neither do these.

use std::sync::Arc;

use async_trait::async_trait;

use super::zeebe_client::{client_summary, permissions_value};
use super::{Shared, api_error};
use crate::tf::{Attribute, Block, Ctx, DataSource, Diagnostics, Path, Schema, Type, Value};

fn cluster_id_argument() -> Attribute {
    Attribute::string("cluster_id")
        .required()
        .description("The ID of the cluster the client belongs to.")
}

fn permissions_type() -> Type {
    Type::set(Type::String)
}

pub struct ZeebeClientData {
    shared: Arc<Shared>,
}

impl ZeebeClientData {
    pub fn new(shared: Arc<Shared>) -> ZeebeClientData {
        ZeebeClientData { shared }
    }
}

#[async_trait]
impl DataSource for ZeebeClientData {
    fn type_name(&self) -> &'static str {
        "camunda_zeebe_client"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new(
                "One Zeebe client of a cluster, with its connection details. The secret is not \
                 available: the API gives it only when the client is created.",
            )
            .attribute(cluster_id_argument())
            .attribute(
                Attribute::string("client_id")
                    .required()
                    .description("The client ID."),
            )
            .attribute(
                Attribute::string("name")
                    .computed()
                    .description("The client's name."),
            )
            .attribute(
                Attribute::new("permissions", permissions_type())
                    .computed()
                    .description("What the client may access: any of `Zeebe`, `Operate`, `Tasklist`, `Optimize` and `Secrets`."),
            )
            .attribute(
                Attribute::string("zeebe_address")
                    .computed()
                    .description(
                        "The address of the cluster's Zeebe gateway; null, with a warning, while the cluster \
                         is not ready.",
                    ),
            )
            .attribute(
                Attribute::string("zeebe_authorization_server_url")
                    .computed()
                    .description(
                        "The OAuth token endpoint for this client; null, with a warning, while the cluster \
                         is not ready.",
                    ),
            ),
        )
    }

    async fn read(&self, _ctx: &Ctx, config: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        let cluster_id = config.attr("cluster_id").as_str().unwrap_or_default();
        let client_id = config.attr("client_id").as_str().unwrap_or_default();
        let summary = match client_summary(&self.shared, client, cluster_id, client_id).await {
            Ok(Some(summary)) => summary,
            Ok(None) => {
                diags.attribute_error(
                    Path::attr("client_id"),
                    "Zeebe client not found",
                    format!(
                        "Cluster {cluster_id:?} has no Zeebe client with the ID {client_id:?}."
                    ),
                );
                return Value::Null;
            }
            Err(error) => {
                api_error::report(diags, "Could not read the Zeebe client", &error);
                return Value::Null;
            }
        };
        let details = match client.get_client(cluster_id, client_id).await {
            Ok(details) => Some(details),
            Err(error) if error.is_not_ready() => {
                diags.warning(
                    "Zeebe client connection details not available yet",
                    format!("The cluster is not ready, so `zeebe_address` and `zeebe_authorization_server_url` are null. {error}"),
                );
                None
            }
            Err(error) => {
                api_error::report(
                    diags,
                    "Could not read the Zeebe client's connection details",
                    &error,
                );
                return Value::Null;
            }
        };
        Value::object([
            ("cluster_id", Value::string(cluster_id)),
            ("client_id", Value::string(client_id)),
            ("name", Value::string(summary.name)),
            ("permissions", permissions_value(&summary.permissions)),
            (
                "zeebe_address",
                Value::opt_string(details.as_ref().map(|d| &d.zeebe_address)),
            ),
            (
                "zeebe_authorization_server_url",
                Value::opt_string(details.as_ref().map(|d| &d.zeebe_authorization_server_url)),
            ),
        ])
    }
}

pub struct ZeebeClientsData {
    shared: Arc<Shared>,
}

impl ZeebeClientsData {
    pub fn new(shared: Arc<Shared>) -> ZeebeClientsData {
        ZeebeClientsData { shared }
    }
}

#[async_trait]
impl DataSource for ZeebeClientsData {
    fn type_name(&self) -> &'static str {
        "camunda_zeebe_clients"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("The Zeebe clients of a cluster, without their secrets.")
                .attribute(cluster_id_argument())
                .attribute(
                    Attribute::new(
                        "clients",
                        Type::list(Type::object([
                            ("client_id", Type::String),
                            ("name", Type::String),
                            ("permissions", permissions_type()),
                        ])),
                    )
                    .computed()
                    .description(
                        "The cluster's clients, in the API's order: each with `client_id`, `name` and \
                         `permissions`.",
                    ),
                ),
        )
    }

    async fn read(&self, _ctx: &Ctx, config: &Value, diags: &mut Diagnostics) -> Value {
        let Some(client) = self.shared.client(diags) else {
            return Value::Null;
        };
        let cluster_id = config.attr("cluster_id").as_str().unwrap_or_default();
        let clients = match client.list_clients(cluster_id).await {
            Ok(clients) => clients,
            Err(error) => {
                api_error::report(diags, "Could not list the cluster's Zeebe clients", &error);
                return Value::Null;
            }
        };
        Value::object([
            ("cluster_id", Value::string(cluster_id)),
            (
                "clients",
                Value::List(
                    clients
                        .into_iter()
                        .map(|c| {
                            Value::object([
                                ("client_id", Value::string(c.client_id)),
                                ("name", Value::string(c.name)),
                                ("permissions", permissions_value(&c.permissions)),
                            ])
                        })
                        .collect(),
                ),
            ),
        ])
    }
}
