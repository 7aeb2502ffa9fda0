//! Memberships: users, clients, groups, roles and mapping rules assigned to a role, a
//! group or a tenant, one assignment per call (`PUT /roles/{roleId}/users/{username}`,
//! `DELETE` the same to unassign), and the searches of a holder's members. Which member
//! types each holder takes, and the permissions, are the description's.
//!
//! A repeated assignment answers 409 ([`Error::is_conflict`]: assigned already), a repeated
//! unassignment 404: both are retried like any update, so a caller that lost an answer sees
//! one of them.

use std::fmt;

use reqwest::Method;
use serde_json::Value;

use super::client::{Client, Op};
use super::error::{Call, Error};
use crate::http_client::api_error::ApiError;

/// What members are assigned to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Role,
    Group,
    Tenant,
}

impl Holder {
    fn segment(self) -> &'static str {
        match self {
            Holder::Role => "roles",
            Holder::Group => "groups",
            Holder::Tenant => "tenants",
        }
    }

    /// The member types that can be assigned to it.
    pub fn assignable(self) -> Vec<MemberType> {
        MemberType::ALL
            .into_iter()
            .filter(|member| rule(self, *member).is_some_and(|r| r.assign.is_some()))
            .collect()
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Holder::Role => "role",
            Holder::Group => "group",
            Holder::Tenant => "tenant",
        })
    }
}

/// The kind of a member, named as the provider's `member_type` (`USER`, `MAPPING_RULE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberType {
    User,
    Client,
    Group,
    Role,
    MappingRule,
}

impl MemberType {
    pub const ALL: [MemberType; 5] = [
        MemberType::User,
        MemberType::Client,
        MemberType::Group,
        MemberType::Role,
        MemberType::MappingRule,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberType::User => "USER",
            MemberType::Client => "CLIENT",
            MemberType::Group => "GROUP",
            MemberType::Role => "ROLE",
            MemberType::MappingRule => "MAPPING_RULE",
        }
    }

    pub fn parse(value: &str) -> Option<MemberType> {
        MemberType::ALL.into_iter().find(|m| m.as_str() == value)
    }

    fn segment(self) -> &'static str {
        match self {
            MemberType::User => "users",
            MemberType::Client => "clients",
            MemberType::Group => "groups",
            MemberType::Role => "roles",
            MemberType::MappingRule => "mapping-rules",
        }
    }

    /// The field of a search answer's items that holds the member's id.
    fn id_field(self) -> &'static str {
        match self {
            MemberType::User => "username",
            MemberType::Client => "clientId",
            MemberType::Group => "groupId",
            MemberType::Role => "roleId",
            MemberType::MappingRule => "mappingRuleId",
        }
    }
}

impl fmt::Display for MemberType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The permissions of one holder's members of one type.
struct Rule {
    /// Of `PUT` and `DELETE …/{holderId}/{members}/{memberId}`; `None`: not offered.
    assign: Option<&'static str>,
    /// Of `POST …/{holderId}/{members}/search`.
    search: &'static str,
}

/// The description's operations on memberships, with their `x-required-permissions`;
/// `None` for a pair it has none for.
fn rule(holder: Holder, member: MemberType) -> Option<Rule> {
    use Holder as H;
    use MemberType as M;
    let (assign, search) = match (holder, member) {
        (H::Role, M::User | M::Client | M::Group) => (Some("ROLE:UPDATE"), "ROLE:READ"),
        (H::Role, M::MappingRule) => (Some("ROLE:UPDATE"), "MAPPING_RULE:READ"),
        (H::Group, M::User | M::Client) => (Some("GROUP:UPDATE"), "GROUP:READ"),
        (H::Group, M::MappingRule) => (Some("GROUP:UPDATE"), "MAPPING_RULE:READ"),
        // A group's roles are assigned through the role.
        (H::Group, M::Role) => (None, "ROLE:READ"),
        (H::Tenant, M::User | M::Client | M::Group) => (Some("TENANT:UPDATE"), "TENANT:READ"),
        (H::Tenant, M::Role) => (Some("TENANT:UPDATE"), "ROLE:READ"),
        (H::Tenant, M::MappingRule) => (Some("TENANT:UPDATE"), "MAPPING_RULE:READ"),
        (H::Role, M::Role) | (H::Group, M::Group) => return None,
    };
    Some(Rule { assign, search })
}

impl Client {
    /// `PUT /{holders}/{holderId}/{members}/{memberId}`: assigns the member.
    pub async fn assign_member(
        &self,
        holder: Holder,
        holder_id: &str,
        member: MemberType,
        member_id: &str,
    ) -> Result<(), Error> {
        self.change_membership(Method::PUT, holder, holder_id, member, member_id)
            .await
    }

    /// `DELETE /{holders}/{holderId}/{members}/{memberId}`: unassigns the member.
    pub async fn unassign_member(
        &self,
        holder: Holder,
        holder_id: &str,
        member: MemberType,
        member_id: &str,
    ) -> Result<(), Error> {
        self.change_membership(Method::DELETE, holder, holder_id, member, member_id)
            .await
    }

    /// `POST /{holders}/{holderId}/{members}/search`, every page: the ids of the holder's
    /// members of that type.
    pub async fn search_members(
        &self,
        holder: Holder,
        holder_id: &str,
        member: MemberType,
    ) -> Result<Vec<String>, Error> {
        let rule = rule(holder, member).ok_or_else(|| unsupported(holder, member))?;
        let segments = [holder.segment(), holder_id, member.segment(), "search"];
        let items: Vec<Value> = self
            .search_all(&segments, None, Op::repeatable(rule.search))
            .await?;
        items
            .iter()
            .map(|item| {
                let id = item.get(member.id_field()).and_then(Value::as_str);
                id.map(str::to_owned).ok_or_else(|| {
                    let call = Call {
                        method: Method::POST,
                        path: format!("/v2/{}", segments.join("/")),
                    };
                    Error::invalid_response(
                        &call,
                        format!("a member without `{}`", member.id_field()),
                    )
                })
            })
            .collect()
    }

    async fn change_membership(
        &self,
        method: Method,
        holder: Holder,
        holder_id: &str,
        member: MemberType,
        member_id: &str,
    ) -> Result<(), Error> {
        let permission = rule(holder, member)
            .and_then(|rule| rule.assign)
            .ok_or_else(|| unsupported(holder, member))?;
        let segments = [holder.segment(), holder_id, member.segment(), member_id];
        self.act(method, &segments, Op::repeatable(permission))
            .await
    }
}

fn unsupported(holder: Holder, member: MemberType) -> Error {
    let assignable: Vec<&str> = holder.assignable().iter().map(|m| m.as_str()).collect();
    Error::Unsupported(format!(
        "members of type {member} cannot be assigned to a {holder}; a {holder} takes {}",
        assignable.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_holder_takes_the_member_types_of_the_description() {
        use MemberType as M;
        assert_eq!(
            Holder::Role.assignable(),
            [M::User, M::Client, M::Group, M::MappingRule]
        );
        assert_eq!(
            Holder::Group.assignable(),
            [M::User, M::Client, M::MappingRule]
        );
        assert_eq!(Holder::Tenant.assignable(), M::ALL);
        for member in M::ALL {
            assert_eq!(MemberType::parse(member.as_str()), Some(member));
        }
    }

    #[test]
    fn an_assignment_the_api_lacks_says_what_the_holder_takes() {
        let text = unsupported(Holder::Group, MemberType::Role).to_string();
        assert!(
            text.contains("ROLE cannot be assigned to a group")
                && text.contains("USER, CLIENT, MAPPING_RULE"),
            "{text}"
        );
    }
}
