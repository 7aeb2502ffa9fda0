//! Data sources `camunda_zeebe_client` and `camunda_zeebe_clients`: what the API tells about
//! a cluster's Zeebe clients. The API never gives a secret after create, and neither do these.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{Found, PERMISSIONS, rest_address};
use super::{ZeebeClient, ZeebeClients};
use crate::attr_path;
use crate::console::{ClientDetails, ClientSummary};
use crate::provider::machinery::{
    Object, cluster_ref,
    report::{ApiResult, report},
};
use crate::tf::{Attr, Attribute, Block, DataSource, Resource, Schema, Type, call};

fn cluster_id_argument() -> Attribute {
    cluster_ref::cluster_id().description("The ID of the cluster the client belongs to.")
}

fn permissions_type() -> Type {
    Type::set(Type::String)
}

/// "any of `Zeebe`, …, `Optimize` and `Secrets`": what the resource accepts.
fn any_permission() -> String {
    let quoted: Vec<String> = PERMISSIONS.iter().map(|p| format!("`{p}`")).collect();
    let (last, others) = quoted.split_last().expect("there are permissions");
    format!("any of {} and {last}", others.join(", "))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ZeebeClientModel {
    cluster_id: Attr<String>,
    client_id: Attr<String>,
    name: Attr<String>,
    permissions: Attr<Vec<String>>,
    zeebe_address: Attr<String>,
    zeebe_authorization_server_url: Attr<String>,
    rest_address: Attr<String>,
}

impl ZeebeClientModel {
    fn of(
        cluster_id: &str,
        summary: ClientSummary,
        details: Option<ClientDetails>,
    ) -> ZeebeClientModel {
        let rest_address = details.as_ref().and_then(ClientDetails::rest_address);
        let (address, token_url) = details
            .map(|d| (d.zeebe_address, d.zeebe_authorization_server_url))
            .unzip();
        ZeebeClientModel {
            cluster_id: cluster_id.into(),
            client_id: summary.client_id.into(),
            name: summary.name.into(),
            permissions: summary.permissions.into(),
            zeebe_address: address.into(),
            zeebe_authorization_server_url: token_url.into(),
            rest_address: rest_address.into(),
        }
    }
}

#[async_trait]
impl DataSource for Object<ZeebeClient> {
    type Model = ZeebeClientModel;

    const TYPE_NAME: &'static str = <Self as Resource>::TYPE_NAME;

    fn schema() -> Schema {
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
                    .description(format!("What the client may access: {}.", any_permission())),
            )
            .attribute(Attribute::string("zeebe_address").computed().description(
                "The address of the cluster's Zeebe gateway; null, with a warning, while the \
                         cluster is not ready.",
            ))
            .attribute(
                Attribute::string("zeebe_authorization_server_url")
                    .computed()
                    .description(
                        "The OAuth token endpoint for this client; null, with a warning, while the \
                         cluster is not ready.",
                    ),
            )
            .attribute(rest_address()),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<ZeebeClientModel> {
        let api = self.shared.api(call.diags)?;
        let cluster_id = call.config.cluster_id.as_str();
        let client_id = call.config.client_id.as_str();
        let found = super::summary(&self.shared, api, cluster_id, client_id)
            .await
            .or_report(call.diags, "Could not read the Zeebe client")?;
        let summary = match found {
            Found::Client(summary) => summary,
            Found::NoClient => {
                call.diags.attribute_error(
                    attr_path!(ZeebeClientModel, client_id),
                    "Zeebe client not found",
                    format!(
                        "Cluster {cluster_id:?} has no Zeebe client with the ID {client_id:?}."
                    ),
                );
                return None;
            }
            Found::NoCluster => {
                let at = attr_path!(ZeebeClientModel, cluster_id);
                cluster_ref::not_found(call.diags, at, cluster_id);
                return None;
            }
        };
        let details = match api.get_client(cluster_id, client_id).await {
            Ok(details) => Some(details),
            Err(error) if error.is_not_ready() => {
                call.diags.warning(
                    "Zeebe client connection details not available yet",
                    format!(
                        "The cluster is not ready, so `zeebe_address`, \
                         `zeebe_authorization_server_url` and `rest_address` are null. {error}"
                    ),
                );
                None
            }
            Err(error) => {
                report(
                    call.diags,
                    "Could not read the Zeebe client's connection details",
                    &error,
                );
                return None;
            }
        };
        Some(ZeebeClientModel::of(cluster_id, summary, details))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ZeebeClientsModel {
    cluster_id: Attr<String>,
    clients: Attr<Vec<ClientItem>>,
}

/// One client of the `clients` list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ClientItem {
    client_id: String,
    name: String,
    permissions: Vec<String>,
}

impl ClientItem {
    fn of(summary: ClientSummary) -> ClientItem {
        ClientItem {
            client_id: summary.client_id,
            name: summary.name,
            permissions: summary.permissions,
        }
    }
}

#[async_trait]
impl DataSource for Object<ZeebeClients> {
    type Model = ZeebeClientsModel;

    const TYPE_NAME: &'static str = "camunda_zeebe_clients";

    fn schema() -> Schema {
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
                    )
                    .describe_field("client_id", "The client ID.")
                    .describe_field("name", "The client's name.")
                    .describe_field(
                        "permissions",
                        format!("What the client may access: {}.", any_permission()),
                    ),
                ),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<ZeebeClientsModel> {
        let cluster_id = call.config.cluster_id.as_str();
        let failed = "Could not list the cluster's Zeebe clients";
        let found = self
            .shared
            .found(call.diags, failed, |api| api.list_clients(cluster_id));
        let Some(clients) = found.await? else {
            let at = attr_path!(ZeebeClientsModel, cluster_id);
            cluster_ref::not_found(call.diags, at, cluster_id);
            return None;
        };
        Some(ZeebeClientsModel {
            cluster_id: call.config.cluster_id.clone(),
            clients: clients.into_iter().map(ClientItem::of).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::Value;
    use crate::tf::model::to_value;

    #[test]
    fn connection_details_are_null_until_the_cluster_is_ready() {
        let summary = ClientSummary {
            client_id: "abc".into(),
            name: "worker".into(),
            permissions: vec!["Zeebe".into()],
        };
        let model = ZeebeClientModel::of("c1", summary, None);
        assert_eq!(model.client_id, Attr::from("abc"));
        assert_eq!(model.zeebe_address, Attr::Null);
        assert_eq!(model.zeebe_authorization_server_url, Attr::Null);
        assert_eq!(model.rest_address, Attr::Null);
        let value = to_value(
            &model,
            &<Object<ZeebeClient> as DataSource>::schema().value_type(),
        )
        .unwrap();
        assert!(matches!(
            value.at(&attr_path!(ZeebeClientModel, permissions)),
            Value::Set(_)
        ));
    }
}
