//! `camunda_tenant_member`: one member of a tenant inside a Camunda 8.8+ cluster. It is served as a
//! membership (`machinery::membership`): this file says what the tenant takes.

use crate::orchestration::Holder;
use crate::provider::machinery::membership::{Member, Membership};

/// `camunda_tenant_member`.
pub type TenantMember = Member<Tenant>;

/// What members are assigned to: tenants.
pub struct Tenant;

impl Membership for Tenant {
    const TYPE_NAME: &'static str = "camunda_tenant_member";
    const HOLDER_ID: &'static str = "tenant_id";
    const FIELDS: &'static [&'static str] = &["tenant_id", "member_type", "member_id", "id"];
    const HOLDER: Holder = Holder::Tenant;
    const MEMBER_TYPES: &'static [&'static str] =
        &["USER", "CLIENT", "GROUP", "ROLE", "MAPPING_RULE"];
    const DESCRIPTION: &'static str = "One member of a tenant inside a Camunda 8.8+ cluster (SaaS or Self-Managed): a user, client, group, role or mapping rule given access to the tenant. It manages this one assignment only: the tenant's other members are left alone. Every argument replaces it when it changes. Import it by `<tenant_id>/<member_type>/<member_id>`.";
}
