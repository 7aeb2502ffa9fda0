//! `camunda_group`: a group inside a Camunda 8.8+ cluster (SaaS or Self-Managed).
//! It is served as a named object (`machinery::named`), and `camunda_groups` lists them all
//! (`machinery::named_list`): this file says how the API is called.

use async_trait::async_trait;

use crate::orchestration::{self, NameAndDescription};
use crate::provider::machinery::named::Named;

/// `camunda_group`.
pub struct Group;

#[async_trait]
impl Named for Group {
    const TYPE_NAME: &'static str = "camunda_group";
    const WHAT: &'static str = "group";
    const ID: &'static str = "group_id";
    const FIELDS: &'static [&'static str] = &["group_id", "name", "description", "id"];
    const MAX_ID_LEN: usize = 256;
    const DESCRIPTION: &'static str = "A group inside a Camunda 8.8+ cluster (SaaS or Self-Managed): users, clients and mapping rules that get the group's roles and authorizations together. Its ID replaces it when it changes; its name and description change in place. Import it by its ID.";
    const LIST_TYPE_NAME: &'static str = "camunda_groups";
    const LIST: &'static str = "groups";

    async fn create(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error> {
        let group = orchestration::Group {
            group_id: id.to_owned(),
            name: object.name.clone(),
            description: object.description.clone(),
        };
        api.create_group(&group).await.map(drop)
    }

    async fn get(
        api: &orchestration::Client,
        id: &str,
    ) -> Result<NameAndDescription, orchestration::Error> {
        api.get_group(id).await.map(|found| NameAndDescription {
            name: found.name,
            description: found.description,
        })
    }

    async fn update(
        api: &orchestration::Client,
        id: &str,
        object: &NameAndDescription,
    ) -> Result<(), orchestration::Error> {
        api.update_group(id, object).await.map(drop)
    }

    async fn delete(api: &orchestration::Client, id: &str) -> Result<(), orchestration::Error> {
        api.delete_group(id).await
    }

    async fn search(
        api: &orchestration::Client,
    ) -> Result<Vec<(String, NameAndDescription)>, orchestration::Error> {
        let found = api.search_groups(None).await?;
        Ok(found
            .into_iter()
            .map(|o| {
                let object = NameAndDescription {
                    name: o.name,
                    description: o.description,
                };
                (o.group_id, object)
            })
            .collect())
    }
}
