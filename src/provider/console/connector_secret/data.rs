//! Data source `camunda_connector_secrets`: the names of a cluster's connector secrets,
//! never their values.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ConnectorSecrets;
use super::listed;
use crate::provider::machinery::{Object, cluster_ref, report::ApiResult};
use crate::tf::{Attr, Attribute, Block, DataSource, Schema, Type, call};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectorSecretsModel {
    cluster_id: Attr<String>,
    names: Attr<Vec<String>>,
}

#[async_trait]
impl DataSource for Object<ConnectorSecrets> {
    type Model = ConnectorSecretsModel;

    const TYPE_NAME: &'static str = "camunda_connector_secrets";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "The names of a cluster's connector secrets, including those created outside \
                 Terraform. Their values are never read into Terraform by this data source.",
            )
            .attribute(cluster_ref::cluster_id().description("The ID of the cluster."))
            .attribute(
                Attribute::new("names", Type::list(Type::String))
                    .computed()
                    .description("The names of the cluster's connector secrets, sorted."),
            ),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<ConnectorSecretsModel> {
        let api = self.shared.api(call.diags)?;
        let cluster_id = call.config.cluster_id.as_str();
        let secrets = listed(&self.shared, api, cluster_id)
            .await
            .or_report(call.diags, "Could not list the cluster's connector secrets")?;
        let Some(secrets) = secrets else {
            call.diags.attribute_error(
                crate::attr_path!(ConnectorSecretsModel, cluster_id),
                "Cluster not found",
                format!("There is no cluster with the ID {cluster_id:?}."),
            );
            return None;
        };
        Some(ConnectorSecretsModel {
            cluster_id: call.config.cluster_id.clone(),
            // A map's keys come sorted.
            names: secrets.keys().cloned().collect(),
        })
    }
}
