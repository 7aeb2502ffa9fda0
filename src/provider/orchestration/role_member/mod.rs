//! `camunda_role_member`: one member of a role inside a Camunda 8.8+ cluster. It is served as a
//! membership (`machinery::membership`): this file says what the role takes.

use crate::orchestration::Holder;
use crate::provider::machinery::membership::{Member, Membership};

/// `camunda_role_member`.
pub type RoleMember = Member<Role>;

/// What members are assigned to: roles.
pub struct Role;

impl Membership for Role {
    const TYPE_NAME: &'static str = "camunda_role_member";
    const HOLDER_ID: &'static str = "role_id";
    const FIELDS: &'static [&'static str] = &["role_id", "member_type", "member_id", "id"];
    const HOLDER: Holder = Holder::Role;
    const MEMBER_TYPES: &'static [&'static str] = &["USER", "CLIENT", "GROUP", "MAPPING_RULE"];
    const DESCRIPTION: &'static str = "One member of a role inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a user, client, group or mapping rule given the role. It manages this one assignment only: the role's other members are left alone. Every argument replaces it when it changes. Import it by `<role_id>/<member_type>/<member_id>`.";
}
