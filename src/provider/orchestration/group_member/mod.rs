//! `camunda_group_member`: one member of a group inside a Camunda 8.8+ cluster. It is served as a
//! membership (`machinery::membership`): this file says what the group takes.

use crate::orchestration::Holder;
use crate::provider::machinery::membership::{Member, Membership};

/// `camunda_group_member`.
pub type GroupMember = Member<Group>;

/// What members are assigned to: groups.
pub struct Group;

impl Membership for Group {
    const TYPE_NAME: &'static str = "camunda_group_member";
    const HOLDER_ID: &'static str = "group_id";
    const FIELDS: &'static [&'static str] = &["group_id", "member_type", "member_id", "id"];
    const HOLDER: Holder = Holder::Group;
    const MEMBER_TYPES: &'static [&'static str] = &["USER", "CLIENT", "MAPPING_RULE"];
    const DESCRIPTION: &'static str = "One member of a group inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a user, client or mapping rule in the group. It manages this one assignment only: the group's other members are left alone. Every argument replaces it when it changes. Import it by `<group_id>/<member_type>/<member_id>`.";
}
