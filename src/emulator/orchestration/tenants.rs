//! Tenants: an id, a name and a description. They have no key of their own here: sorting
//! by `key` sorts by the id.

use super::named::named_object;

named_object! {
    Tenant { tenant_id: String },
    create: NewTenant, filter: TenantFilter, sort: TenantField { TenantId, Key },
}
