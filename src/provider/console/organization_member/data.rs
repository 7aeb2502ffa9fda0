//! Data source `camunda_organization_members`: every member of the organization and every
//! pending invitation.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::OrganizationMembers;
use super::members;
use crate::provider::machinery::Object;
use crate::tf::{Attr, Attribute, Block, DataSource, Schema, Type, call};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationMembersModel {
    members: Attr<Vec<MemberItem>>,
}

/// One entry of the `members` list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct MemberItem {
    email: String,
    name: String,
    roles: Vec<String>,
    pending: bool,
}

#[async_trait]
impl DataSource for Object<OrganizationMembers> {
    type Model = OrganizationMembersModel;

    const TYPE_NAME: &'static str = "camunda_organization_members";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "The members of the Camunda SaaS organization, and the invitations not accepted yet, \
                 including those managed outside Terraform.",
            )
            .attribute(
                Attribute::new(
                    "members",
                    Type::list(Type::object([
                        ("email", Type::String),
                        ("name", Type::String),
                        ("roles", Type::set(Type::String)),
                        ("pending", Type::Bool),
                    ])),
                )
                .computed()
                .description("Each member, in the API's order.")
                .describe_field("email", "The member's email address.")
                .describe_field(
                    "name",
                    "The member's name; empty for an invitation not accepted yet.",
                )
                .describe_field(
                    "roles",
                    "Every role the API lists for the member; the organization's owner has `owner`.",
                )
                .describe_field("pending", "True for an invitation not accepted yet."),
            ),
        )
    }

    async fn read(
        &self,
        call: call::Configured<'_, Self::Model>,
    ) -> Option<OrganizationMembersModel> {
        let failed = "Could not list the organization's members";
        let listed = self
            .shared
            .fetch(call.diags, failed, |api| members(&self.shared, api));
        let members = listed.await?;
        let items = members
            .iter()
            .map(|m| MemberItem {
                email: m.email.clone(),
                name: m.name.clone(),
                roles: m.roles.clone(),
                pending: m.invite_pending,
            })
            .collect::<Vec<_>>();
        Some(OrganizationMembersModel {
            members: items.into(),
        })
    }
}
