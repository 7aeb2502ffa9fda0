//! `camunda_group_member`: one member of a group inside a Camunda 8.8+ cluster. It is served as a
//! membership (`machinery::membership`): this file says what the group takes.

use crate::provider::machinery::membership::member_kind;

member_kind! {
    GroupMember: Group { group_id },
    type_name: "camunda_group_member",
    member_types: ["USER", "CLIENT", "MAPPING_RULE"],
    description: "One member of a group inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a \
         user, client or mapping rule in the group. It manages this one assignment only: \
         the group's other members are left alone. Every argument replaces it when it \
         changes. Import it by `<group_id>/<member_type>/<member_id>`.",
}
