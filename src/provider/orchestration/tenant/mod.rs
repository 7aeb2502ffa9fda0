//! `camunda_tenant`: a tenant inside a Camunda 8.8+ cluster (SaaS or Self-Managed).
//! It is served as a named object (`machinery::named`), and `camunda_tenants` lists them all
//! (`machinery::named_list`): this file says how the API is called.

use async_trait::async_trait;

use crate::orchestration::{self, NameAndDescription};
use crate::provider::machinery::named::Named;

/// `camunda_tenant`.
pub struct Tenant;

#[async_trait]
impl Named for Tenant {
    const TYPE_NAME: &'static str = "camunda_tenant";
    const WHAT: &'static str = "tenant";
    const ID: &'static str = "tenant_id";
    const FIELDS: &'static [&'static str] = &["tenant_id", "name", "description", "id"];
    const MAX_ID_LEN: usize = 31;
    const DESCRIPTION: &'static str = "A tenant inside a Camunda 8.8+ cluster (SaaS or Self-Managed): an isolated part of the cluster's data, which its members may use. Its ID (at most 31 characters) replaces it when it changes; its name and description change in place. Import it by its ID.";
    const LIST_TYPE_NAME: &'static str = "camunda_tenants";
    const LIST: &'static str = "tenants";

    async fn create(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error> {
        let tenant = orchestration::Tenant {
            tenant_id: id.to_owned(),
            name: object.name.clone(),
            description: object.description.clone(),
        };
        api.create_tenant(&tenant).await.map(drop)
    }

    async fn get(
        api: &orchestration::Client,
        id: &str,
    ) -> Result<NameAndDescription, orchestration::Error> {
        api.get_tenant(id).await.map(|found| NameAndDescription {
            name: found.name,
            description: found.description,
        })
    }

    async fn update(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error> {
        api.update_tenant(id, object).await.map(drop)
    }

    async fn delete(api: &orchestration::Client, id: &str) -> Result<(), orchestration::Error> {
        api.delete_tenant(id).await
    }

    async fn search(
        api: &orchestration::Client,
    ) -> Result<Vec<(String, NameAndDescription)>, orchestration::Error> {
        let found = api.search_tenants(None).await?;
        Ok(found
            .into_iter()
            .map(|o| {
                let object = NameAndDescription {
                    name: o.name,
                    description: o.description,
                };
                (o.tenant_id, object)
            })
            .collect())
    }
}
