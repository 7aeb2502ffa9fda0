//! `camunda_role`: a role inside a Camunda 8.8+ cluster (SaaS or Self-Managed).
//! Served as a named object (`machinery::named`), and listed by `camunda_roles`
//! (`machinery::named_list`): this file says which calls of the Orchestration Cluster API
//! it is.

use crate::provider::machinery::named::named_kind;
use crate::tf::validators::identifier;

named_kind! {
    Role { role_id },
    type_name: "camunda_role", what: "role",
    id_rule: identifier(256, "_~@.+-"),
    calls: (create_role, update_role),
    description: "A role inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a set of \
         authorizations that its members (users, clients, groups, mapping rules) are \
         given. Its ID replaces it when it changes; its name and description change in \
         place. Import it by its ID.",
}
