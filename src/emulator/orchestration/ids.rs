//! The id checks of the spec: most ids match `^[a-zA-Z0-9_~@.+-]+$` with at most 256
//! characters; tenant ids match `^(<default>|[\w\.\-]{1,31})$`; a group named as a member
//! of a role or tenant is only checked for its length, as the spec leaves its pattern out
//! so that identity providers' group ids fit.

use super::store::Kind;
use crate::emulator::error::{ApiError, ApiResult};

const MAX_ID_LEN: usize = 256;
const MAX_TENANT_ID_LEN: usize = 31;
const ID_PATTERN: &str = "^[a-zA-Z0-9_~@.+-]+$";
const TENANT_ID_PATTERN: &str = r"^(<default>|[\w\.\-]{1,31})$";

/// Checks the id of an object of `kind` that a body or path names.
pub fn check(kind: Kind, id: &str) -> ApiResult<()> {
    check_as(kind, id, false)
}

/// Checks the id of a member; a group as a member is only checked for its length.
pub fn check_member(kind: Kind, id: &str) -> ApiResult<()> {
    check_as(kind, id, kind == Kind::Group)
}

fn check_as(kind: Kind, id: &str, length_only: bool) -> ApiResult<()> {
    let field = kind.id_param();
    if id.is_empty() {
        return Err(ApiError::bad_request(format!("No {field} provided.")));
    }
    let (max, pattern, allowed): (usize, &str, fn(char) -> bool) = match kind {
        Kind::Tenant if id == "<default>" => return Ok(()),
        Kind::Tenant => (MAX_TENANT_ID_LEN, TENANT_ID_PATTERN, |c| {
            c.is_ascii_alphanumeric() || "_.-".contains(c)
        }),
        _ => (MAX_ID_LEN, ID_PATTERN, |c| {
            c.is_ascii_alphanumeric() || "_~@.+-".contains(c)
        }),
    };
    if id.chars().count() > max {
        return Err(ApiError::bad_request(format!(
            "The provided {field} exceeds the limit of {max} characters."
        )));
    }
    if !length_only && !id.chars().all(allowed) {
        return Err(ApiError::bad_request(format!(
            "The provided {field} contains illegal characters. It must match the pattern '{pattern}'."
        )));
    }
    Ok(())
}

/// Required text must not be blank.
pub fn check_given(field: &str, value: &str) -> ApiResult<()> {
    if value.trim().is_empty() {
        return Err(ApiError::bad_request(format!("No {field} provided.")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_patterns_of_their_kind() {
        assert!(check(Kind::Role, "admin_1@x.y+z~-").is_ok());
        assert!(check(Kind::Role, "a b").is_err());
        assert!(check(Kind::Role, &"a".repeat(257)).is_err());
        assert!(check(Kind::Tenant, "<default>").is_ok());
        assert!(check(Kind::Tenant, &"t".repeat(31)).is_ok());
        assert!(check(Kind::Tenant, &"t".repeat(32)).is_err());
        assert!(check(Kind::Tenant, "a@b").is_err());
        assert!(check(Kind::Group, "a/b").is_err());
        assert!(check_member(Kind::Group, "a/b").is_ok());
        assert!(check_member(Kind::User, "a/b").is_err());
        let error = format!("{:?}", check(Kind::MappingRule, "").unwrap_err());
        assert!(error.contains("No mappingRuleId provided."), "{error}");
    }
}
