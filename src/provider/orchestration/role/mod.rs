//! `camunda_role`: a role inside a Camunda 8.8+ cluster (SaaS or Self-Managed).
//! It is served as a named object (`machinery::named`), and `camunda_roles` lists them all
//! (`machinery::named_list`): this file says how the API is called.

use async_trait::async_trait;

use crate::orchestration::{self, NameAndDescription};
use crate::provider::machinery::named::Named;

/// `camunda_role`.
pub struct Role;

#[async_trait]
impl Named for Role {
    const TYPE_NAME: &'static str = "camunda_role";
    const WHAT: &'static str = "role";
    const ID: &'static str = "role_id";
    const FIELDS: &'static [&'static str] = &["role_id", "name", "description", "id"];
    const MAX_ID_LEN: usize = 256;
    const DESCRIPTION: &'static str = "A role inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a set of authorizations that its members (users, clients, groups, mapping rules) are given. Its ID replaces it when it changes; its name and description change in place. Import it by its ID.";
    const LIST_TYPE_NAME: &'static str = "camunda_roles";
    const LIST: &'static str = "roles";

    async fn create(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error> {
        let role = orchestration::Role {
            role_id: id.to_owned(),
            name: object.name.clone(),
            description: object.description.clone(),
        };
        api.create_role(&role).await.map(drop)
    }

    async fn get(
        api: &orchestration::Client,
        id: &str,
    ) -> Result<NameAndDescription, orchestration::Error> {
        api.get_role(id).await.map(|found| NameAndDescription {
            name: found.name,
            description: found.description,
        })
    }

    async fn update(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error> {
        api.update_role(id, object).await.map(drop)
    }

    async fn delete(api: &orchestration::Client, id: &str) -> Result<(), orchestration::Error> {
        api.delete_role(id).await
    }

    async fn search(
        api: &orchestration::Client,
    ) -> Result<Vec<(String, NameAndDescription)>, orchestration::Error> {
        let found = api.search_roles(None).await?;
        Ok(found
            .into_iter()
            .map(|o| {
                let object = NameAndDescription {
                    name: o.name,
                    description: o.description,
                };
                (o.role_id, object)
            })
            .collect())
    }
}
