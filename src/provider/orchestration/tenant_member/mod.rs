//! `camunda_tenant_member`: one member of a tenant inside a Camunda 8.8+ cluster. It is served as a
//! membership (`machinery::membership`): this file says what the tenant takes.

use crate::provider::machinery::membership::member_kind;

member_kind! {
    TenantMember: Tenant { tenant_id },
    type_name: "camunda_tenant_member",
    member_types: ["USER", "CLIENT", "GROUP", "ROLE", "MAPPING_RULE"],
    description: "One member of a tenant inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a \
         user, client, group, role or mapping rule given access to the tenant. It manages \
         this one assignment only: the tenant's other members are left alone. Every \
         argument replaces it when it changes. Import it by \
         `<tenant_id>/<member_type>/<member_id>`.",
}
