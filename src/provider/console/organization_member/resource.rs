//! Resource `camunda_organization_member`: one member of the organization, or an
//! invitation not accepted yet. `POST /members/{email}` invites or sets the roles, so a
//! change of roles is made in place.
//!
//! The organization's owner is the one member the API neither changes nor removes.
//! Terraform does not manage the owner: creating or importing the owner's membership is an
//! error, a plan that would change the roles of a member who became the owner is an error,
//! and destroying it (or removing it from the configuration) leaves the owner a member,
//! drops it from the state and says so in a warning, so that a destroy of everything else
//! is not blocked.
//!
//! The community provider's `camunda_organization_member` has this name and a state of
//! `email` and `roles` (schema version 0, as here): after `terraform state replace-provider`
//! it is read as it is, and the first refresh fills in `id`, `name` and `pending`.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::OrganizationMember;
use super::{DISCOURAGED_ROLES, find, managed_roles, members};
use crate::attr_path;
use crate::console::{self, ASSIGNABLE_ROLES, Member, OWNER_ROLE};
use crate::provider::machinery::{
    Object,
    report::{ApiResult, report},
};
use crate::tf::validators::{each_one_of, email};
use crate::tf::{Attr, Attribute, Block, Change, Diagnostics, Resource, Schema, Type, call};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationMemberModel {
    email: Attr<String>,
    roles: Attr<Vec<String>>,
    id: Attr<String>,
    name: Attr<String>,
    pending: Attr<bool>,
}

impl OrganizationMemberModel {
    /// The state of `member`, under the address as the configuration writes it.
    fn of(email: &str, member: &Member) -> OrganizationMemberModel {
        OrganizationMemberModel {
            email: email.into(),
            id: email.into(),
            roles: managed_roles(member).into(),
            name: member.name.clone().into(),
            pending: member.invite_pending.into(),
        }
    }

    fn is_owner(&self) -> bool {
        self.roles
            .get()
            .is_some_and(|roles| roles.iter().any(|r| r == OWNER_ROLE))
    }

    fn roles(&self) -> Vec<String> {
        self.roles.get().cloned().unwrap_or_default()
    }
}

/// Why Terraform leaves the owner alone.
fn owner_detail(email: &str) -> String {
    format!(
        "{email} is the organization's owner. The Console API neither changes the owner's roles \
         nor removes the owner, so Terraform does not manage this membership. To manage it, \
         transfer the ownership to another member in the Camunda Console first."
    )
}

impl Object<OrganizationMember> {
    /// The member with this address, from a fresh list.
    async fn fresh(
        &self,
        api: &console::Client,
        email: &str,
    ) -> Result<Option<Member>, console::Error> {
        self.shared.member_list.invalidate(super::MEMBERS);
        let members = members(&self.shared, api).await?;
        Ok(find(&members, email).cloned())
    }
}

#[async_trait]
impl Resource for Object<OrganizationMember> {
    type Model = OrganizationMemberModel;

    const TYPE_NAME: &'static str = "camunda_organization_member";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "A member of the Camunda SaaS organization, or an invitation to become one: a new \
                 address is invited, and is a member once the invitation is accepted. A change of \
                 `roles` is made in place. The organization's owner cannot be managed, as the API \
                 neither changes the owner's roles nor removes the owner: creating or importing the \
                 owner's membership is an error, so is changing the roles of a member who has become \
                 the owner, and destroying such a member ends with a warning, the owner still a \
                 member and the resource gone from the state.",
            )
            .attribute(
                Attribute::string("email")
                    .required()
                    .requires_replace()
                    .validate(email())
                    .description(
                        "The member's email address, matched without regard to case. A change \
                         invites the new address and removes the old one.",
                    ),
            )
            .attribute(
                Attribute::new("roles", Type::set(Type::String))
                    .required()
                    .validate(each_one_of(&ASSIGNABLE_ROLES))
                    .description(
                        "The member's roles in the organization, among those the API assigns: `admin`, \
                         `operationsengineer`, `taskuser`, `analyst`, `developer`, `visitor` and \
                         `modeler` (the owner's role is not assigned through the API). Camunda \
                         8.8 and later manage cluster permissions in each cluster's Admin application \
                         and no longer recommend `operationsengineer`, `taskuser`, `developer` and \
                         `visitor`.",
                    ),
            )
            .attribute(
                Attribute::kept_string("id")
                    .description("The email address, which is also the import ID."),
            )
            .attribute(
                Attribute::kept_string("name")
                    .description("The member's name, as the Console shows it."),
            )
            .attribute(
                Attribute::bool("pending")
                    .computed()
                    .use_state_for_unknown()
                    .description("Whether the invitation has not been accepted yet."),
            ),
        )
    }

    fn validate(&self, config: &OrganizationMemberModel, diags: &mut Diagnostics) {
        let Some(roles) = config.roles.get() else {
            return;
        };
        if roles.is_empty() {
            diags.attribute_error(
                attr_path!(OrganizationMemberModel, roles),
                "No roles",
                format!(
                    "`roles` is an empty set; name at least one of {}.",
                    ASSIGNABLE_ROLES.join(", ")
                ),
            );
        }
        let discouraged: Vec<&str> = roles
            .iter()
            .map(String::as_str)
            .filter(|r| DISCOURAGED_ROLES.contains(r))
            .collect();
        if !discouraged.is_empty() {
            diags.attribute_warning(
                attr_path!(OrganizationMemberModel, roles),
                "Roles no longer recommended",
                format!(
                    "Camunda 8.8 and later no longer recommend {}: permissions on a cluster are \
                     managed in the cluster's Admin application.",
                    discouraged.join(", ")
                ),
            );
        }
    }

    /// Refuses a change of the roles of a member who became the owner.
    async fn modify_plan(&self, call: call::ModifyPlan<'_, Self::Model>) {
        if let Change::Update {
            prior,
            planned,
            replacing: false,
            ..
        } = call.plan.change()
            && prior.is_owner()
            && prior.roles != planned.roles
        {
            call.diags.attribute_error(
                attr_path!(OrganizationMemberModel, roles),
                "The organization's owner cannot be changed",
                format!(
                    "{} Remove this resource from the configuration: the owner stays a member, \
                     and the resource leaves the state.",
                    owner_detail(prior.email.as_str())
                ),
            );
        }
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<OrganizationMemberModel> {
        let api = self.shared.api(call.diags)?;
        let email = call.planned.email.as_str();
        let existing = members(&self.shared, api)
            .await
            .or_report(call.diags, "Could not read the organization's members")?;
        if let Some(member) = find(&existing, email) {
            let detail = if member.is_owner() {
                owner_detail(email)
            } else {
                format!(
                    "{email} is already a member of the organization (or invited). To manage the \
                     membership, import it: `terraform import <address> {email}`."
                )
            };
            call.diags.attribute_error(
                attr_path!(OrganizationMemberModel, email),
                "Already a member",
                detail,
            );
            return None;
        }
        let posted = api.put_member(email, &call.planned.roles()).await;
        if let Err(error) = posted {
            report(call.diags, "Could not invite the member", &error);
            self.shared.member_list.invalidate(super::MEMBERS);
            return None;
        }
        match self.fresh(api, email).await {
            Ok(Some(member)) => Some(OrganizationMemberModel::of(email, &member)),
            outcome => {
                call.diags.error(
                    "Member invited but not listed",
                    match outcome {
                        Err(error) => format!("The invitation was sent, but reading it back failed: {error}. The next refresh reads it."),
                        _ => format!("The Console API accepted the invitation of {email} but does not list it; the next refresh looks again."),
                    },
                );
                Some(OrganizationMemberModel {
                    id: email.into(),
                    ..call.planned.clone()
                })
            }
        }
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<OrganizationMemberModel> {
        let failed = "Could not read the organization's members";
        let listed = self
            .shared
            .fetch(call.diags, failed, |api| members(&self.shared, api));
        let members = listed.await?;
        let email = call.state.email.as_str();
        find(&members, email).map(|member| OrganizationMemberModel::of(email, member))
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> OrganizationMemberModel {
        let Some(api) = self.shared.api(call.diags) else {
            return call.prior.clone();
        };
        let updated = api
            .put_member(call.planned.email.as_str(), &call.planned.roles())
            .await;
        self.shared.member_list.invalidate(super::MEMBERS);
        match updated {
            Ok(()) => call.planned.clone(),
            Err(error) => {
                report(call.diags, "Could not change the member's roles", &error);
                call.prior.clone()
            }
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let email = call.prior.email.as_str();
        let owner_left = |diags: &mut Diagnostics| {
            diags.warning(
                "The organization's owner stays a member",
                format!(
                    "{} The membership was removed from the Terraform state only.",
                    owner_detail(email)
                ),
            )
        };
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        // The ownership may have moved since the state was read: the list tells (one call
        // per process, shared with the other members' deletes).
        let is_owner = match members(&self.shared, api).await {
            Ok(members) => find(&members, email).is_some_and(Member::is_owner),
            Err(_) => call.prior.is_owner(),
        };
        if is_owner {
            owner_left(call.diags);
            return;
        }
        match api.delete_member(email).await.found() {
            // The other members' deletes still need the list, for the owner: this member
            // leaves it, and nobody else's entry changed.
            Ok(_) => self.shared.member_list.amend(super::MEMBERS, |members| {
                members.retain(|m| !m.email.eq_ignore_ascii_case(email))
            }),
            // The ownership may have moved to this member a moment ago.
            Err(error @ console::Error::Forbidden { .. }) => match self.fresh(api, email).await {
                Ok(Some(member)) if member.is_owner() => owner_left(call.diags),
                _ => report(call.diags, "Could not remove the member", &error),
            },
            Err(error) => {
                self.shared.member_list.invalidate(super::MEMBERS);
                report(call.diags, "Could not remove the member", &error);
            }
        }
    }

    async fn import(&self, call: call::Import<'_>) -> Option<OrganizationMemberModel> {
        let id = call.id;
        if let Err(problem) = crate::addresses::check_email(id) {
            call.diags.error(
                "Invalid import ID",
                format!("The import ID is the member's email address: {problem}."),
            );
            return None;
        }
        let failed = "Could not read the organization's members";
        let listed = self
            .shared
            .fetch(call.diags, failed, |api| members(&self.shared, api));
        let members = listed.await?;
        match find(&members, id) {
            None => {
                call.diags.error(
                    "Member not found",
                    format!("{id} is neither a member of the organization nor invited."),
                );
                None
            }
            Some(member) if member.is_owner() => {
                call.diags.error(
                    "The organization's owner cannot be imported",
                    owner_detail(id),
                );
                None
            }
            Some(member) => Some(OrganizationMemberModel::of(id, member)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_roles(roles: &[&str]) -> OrganizationMemberModel {
        OrganizationMemberModel {
            email: "jo@example.com".into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            ..OrganizationMemberModel::default()
        }
    }

    fn diagnostics(config: &OrganizationMemberModel) -> Vec<(bool, String)> {
        let mut diags = Diagnostics::new();
        Object::<OrganizationMember>::default().validate(config, &mut diags);
        diags
            .iter()
            .map(|d| (d.severity == crate::tf::Severity::Error, d.summary.clone()))
            .collect()
    }

    #[test]
    fn roles_are_not_empty_and_discouraged_ones_are_warned_about() {
        assert!(diagnostics(&with_roles(&["admin"])).is_empty());
        assert_eq!(
            diagnostics(&with_roles(&[])),
            [(true, "No roles".to_owned())]
        );
        assert_eq!(
            diagnostics(&with_roles(&["admin", "developer"])),
            [(false, "Roles no longer recommended".to_owned())]
        );
    }

    #[test]
    fn a_community_state_is_read_as_it_is() {
        let handler = crate::tf::handler::resource(Object::<OrganizationMember>::default());
        let mut diags = Diagnostics::new();
        let community = br#"{"email": "jo@example.com", "roles": ["admin", "analyst"]}"#;
        let upgraded = handler.upgrade(0, community, &mut diags);
        assert!(diags.is_empty());
        let state: OrganizationMemberModel = crate::tf::model::from_value(&upgraded).unwrap();
        assert_eq!(
            state,
            OrganizationMemberModel {
                email: "jo@example.com".into(),
                roles: vec!["admin".to_owned(), "analyst".to_owned()].into(),
                id: Attr::Null,
                name: Attr::Null,
                pending: Attr::Null,
            }
        );
    }

    #[test]
    fn the_state_keeps_the_configured_address() {
        let member = Member {
            email: "jo@example.com".into(),
            name: "Jo".into(),
            roles: vec!["owner".into()],
            invite_pending: false,
        };
        let state = OrganizationMemberModel::of("Jo@Example.com", &member);
        assert_eq!(state.email, Attr::from("Jo@Example.com"));
        assert_eq!(state.id, Attr::from("Jo@Example.com"));
        assert!(state.is_owner());
        assert_eq!(state.pending, Attr::from(false));
    }
}
