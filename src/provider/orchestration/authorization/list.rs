//! `camunda_authorizations`: the authorizations of the cluster, all of them or those of
//! one owner and/or resource type, in one paged search: what a CI check lists to see that
//! no one was granted a permission outside Terraform.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{Authorization, AuthorizationModel};
use crate::orchestration::permissions::{OWNER_TYPES, RESOURCE_TYPES};
use crate::orchestration::{Authorization as Found, AuthorizationFilter};
use crate::provider::machinery::Object;
use crate::provider::machinery::report::ApiResult;
use crate::tf::validators::one_of;
use crate::tf::{Attr, Attribute, Block, DataSource, Resource, Schema, Type, call};

/// `camunda_authorizations`.
pub struct Authorizations;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthorizationsModel {
    owner_type: Attr<String>,
    owner_id: Attr<String>,
    resource_type: Attr<String>,
    authorizations: Attr<Vec<AuthorizationModel>>,
}

#[async_trait]
impl DataSource for Object<Authorizations> {
    type Model = AuthorizationsModel;

    const TYPE_NAME: &'static str = "camunda_authorizations";

    fn schema() -> Schema {
        let text = |name| (name, Type::String);
        let entry = Type::object([
            text("owner_type"),
            text("owner_id"),
            text("resource_type"),
            text("resource_id"),
            text("resource_property_name"),
            ("permission_types", Type::set(Type::String)),
            text("id"),
        ]);
        Schema::new(
            Block::new(
                "Lists the authorizations inside a Camunda 8.8+ cluster (SaaS or Self-Managed), \
                 all of them or those that the arguments select, through the provider's \
                 `orchestration_api`.",
            )
            .attribute(
                Attribute::string("owner_type")
                    .optional()
                    .validate(one_of(OWNER_TYPES))
                    .description("Only the authorizations of owners of this type."),
            )
            .attribute(
                Attribute::string("owner_id")
                    .optional()
                    .description("Only the authorizations of the owner with this ID."),
            )
            .attribute(
                Attribute::string("resource_type")
                    .optional()
                    .validate(one_of(RESOURCE_TYPES))
                    .description("Only the authorizations on resources of this type."),
            )
            .attribute(
                Attribute::new("authorizations", Type::list(entry))
                    .computed()
                    .describe_fields_as(&Object::<Authorization>::schema().block.attributes)
                    .description(
                        "The authorizations, each as `camunda_authorization` has it: the owner, \
                         the resource (`resource_id` or `resource_property_name`, the other \
                         null), `permission_types` and `id`, the key.",
                    ),
            ),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<AuthorizationsModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let filter = AuthorizationFilter {
            owner_type: call.config.owner_type.get().cloned(),
            owner_id: call.config.owner_id.get().cloned(),
            resource_type: call.config.resource_type.get().cloned(),
            ..AuthorizationFilter::default()
        };
        let found = api
            .search_every::<Found>(Some(&filter))
            .await
            .or_report(call.diags, "Could not list the cluster's authorizations")?;
        Some(AuthorizationsModel {
            authorizations: found.iter().map(AuthorizationModel::of).collect(),
            ..call.config.clone()
        })
    }
}
