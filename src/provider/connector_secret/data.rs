//! Data source `camunda_connector_secrets`: the names of a cluster's connector secrets,
//! never their values.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::listed;
use crate::provider::Shared;
use crate::provider::report::ApiResult;
use crate::tf::{Attr, Attribute, Block, Ctx, DataSource, Diagnostics, Schema, Type};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectorSecretsModel {
    cluster_id: Attr<String>,
    names: Attr<Vec<String>>,
}

fn schema() -> Schema {
    Schema::new(
        Block::new(
            "The names of a cluster's connector secrets, including those created outside \
             Terraform. Their values are never read into Terraform by this data source.",
        )
        .attribute(
            Attribute::string("cluster_id")
                .required()
                .description("The ID of the cluster."),
        )
        .attribute(
            Attribute::new("names", Type::list(Type::String))
                .computed()
                .description("The names of the cluster's connector secrets, sorted."),
        ),
    )
}

pub struct ConnectorSecretsData {
    shared: Arc<Shared>,
}

impl ConnectorSecretsData {
    pub fn new(shared: Arc<Shared>) -> ConnectorSecretsData {
        ConnectorSecretsData { shared }
    }
}

#[async_trait]
impl DataSource for ConnectorSecretsData {
    type Model = ConnectorSecretsModel;

    fn type_name(&self) -> &'static str {
        "camunda_connector_secrets"
    }

    fn schema(&self) -> Schema {
        schema()
    }

    async fn read(
        &self,
        _ctx: &Ctx,
        config: &ConnectorSecretsModel,
        diags: &mut Diagnostics,
    ) -> Option<ConnectorSecretsModel> {
        let api = self.shared.api(diags)?;
        let cluster_id = config.cluster_id.as_str();
        let secrets = listed(&self.shared, api, cluster_id)
            .await
            .or_report(diags, "Could not list the cluster's connector secrets")?;
        let Some(secrets) = secrets else {
            diags.attribute_error(
                crate::attr_path!(ConnectorSecretsModel, cluster_id),
                "Cluster not found",
                format!("There is no cluster with the ID {cluster_id:?}."),
            );
            return None;
        };
        Some(ConnectorSecretsModel {
            cluster_id: config.cluster_id.clone(),
            // A map's keys come sorted.
            names: secrets.keys().cloned().collect::<Vec<_>>().into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_matches_schema() {
        crate::tf::model::check::<ConnectorSecretsModel>(&schema()).unwrap();
    }
}
