//! `camunda_group`: a group inside a Camunda 8.8+ cluster (SaaS or Self-Managed).
//! Served as a named object (`machinery::named`), and listed by `camunda_groups`
//! (`machinery::named_list`): this file says which calls of the Orchestration Cluster API
//! it is.

use crate::provider::machinery::named::named_kind;
use crate::tf::validators::name;

named_kind! {
    Group { group_id },
    type_name: "camunda_group", what: "group",
    id_rule: name(1, 256),
    calls: (create_group, update_group),
    description: "A group inside a Camunda 8.8+ cluster (SaaS or Self-Managed): users, clients and \
         mapping rules that get the group's roles and authorizations together. Its ID \
         replaces it when it changes; its name and description change in place. Import it \
         by its ID.",
}
