//! `camunda_tenant`: a tenant inside a Camunda 8.8+ cluster (SaaS or Self-Managed).
//! Served as a named object (`machinery::named`), and listed by `camunda_tenants`
//! (`machinery::named_list`): this file says which calls of the Orchestration Cluster API
//! it is.

use crate::provider::machinery::named::named_kind;
use crate::tf::validators::identifier;

named_kind! {
    Tenant { tenant_id },
    type_name: "camunda_tenant", what: "tenant",
    id_rule: identifier(31, "_.-"),
    calls: (create_tenant, update_tenant),
    description: "A tenant inside a Camunda 8.8+ cluster (SaaS or Self-Managed): an isolated part \
         of the cluster's data, which its members may use. Its ID (at most 31 characters) \
         replaces it when it changes; its name and description change in place. Import it \
         by its ID.",
}
