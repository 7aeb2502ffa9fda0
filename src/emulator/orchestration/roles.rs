//! Roles: an id, a name and a description.

use super::named::named_object;

named_object! {
    Role { role_id: String },
    create: NewRole, filter: RoleFilter, sort: RoleField { RoleId },
}
