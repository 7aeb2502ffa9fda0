//! Organization members: the resource `camunda_organization_member` and the data source
//! `camunda_organization_members`, sharing the member list (one list call per provider
//! process) and the reading of roles.

mod data;
mod resource;

use std::sync::Arc;

/// `camunda_organization_member`.
pub struct OrganizationMember;

/// `camunda_organization_members`, every member and invitation.
pub struct OrganizationMembers;

use crate::console::{self, ASSIGNABLE_ROLES, Member, OWNER_ROLE};
use crate::provider::machinery::MEMBERS;
use crate::provider::machinery::Shared;

/// Roles that Camunda 8.8 and later no longer recommend: cluster permissions moved to each
/// cluster's Admin application.
const DISCOURAGED_ROLES: [&str; 4] = ["operationsengineer", "taskuser", "developer", "visitor"];

/// The organization's members and invitations.
async fn members(
    shared: &Shared,
    api: &console::Client,
) -> Result<Arc<Vec<Member>>, console::Error> {
    let members = shared
        .member_list
        .get(MEMBERS, || api.list_members())
        .await?;
    Ok(members.unwrap_or_default())
}

/// The member with this address, whatever the case of either.
fn find<'m>(members: &'m [Member], email: &str) -> Option<&'m Member> {
    members.iter().find(|m| m.email.eq_ignore_ascii_case(email))
}

/// The roles Terraform manages, sorted: those the API assigns, and `owner`, which no
/// configuration can hold, so that the owner is recognised. Others the API may list (such
/// as `member`) are left out, as no configuration could match them.
fn managed_roles(member: &Member) -> Vec<String> {
    let mut roles: Vec<String> = member
        .roles
        .iter()
        .filter(|r| ASSIGNABLE_ROLES.contains(&r.as_str()) || r.as_str() == OWNER_ROLE)
        .cloned()
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_no_configuration_can_hold_are_left_out_but_owner() {
        let member = Member {
            email: "a@example.com".into(),
            name: "A".into(),
            roles: vec![
                "modeler".into(),
                "member".into(),
                "admin".into(),
                "owner".into(),
            ],
            invite_pending: false,
        };
        assert_eq!(managed_roles(&member), ["admin", "modeler", "owner"]);
        assert!(find(std::slice::from_ref(&member), "A@Example.COM").is_some());
    }
}
