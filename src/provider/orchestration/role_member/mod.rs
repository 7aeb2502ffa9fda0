//! `camunda_role_member`: one member of a role inside a Camunda 8.8+ cluster. It is served as a
//! membership (`machinery::membership`): this file says what the role takes.

use crate::provider::machinery::membership::member_kind;

member_kind! {
    RoleMember: Role { role_id },
    type_name: "camunda_role_member",
    member_types: ["USER", "CLIENT", "GROUP", "MAPPING_RULE"],
    description: "One member of a role inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a \
         user, client, group or mapping rule given the role. It manages this one \
         assignment only: the role's other members are left alone. Every argument \
         replaces it when it changes. Import it by `<role_id>/<member_type>/<member_id>`.",
}
