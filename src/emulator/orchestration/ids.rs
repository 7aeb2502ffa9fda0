//! The id checks of the spec: most ids match `^[a-zA-Z0-9_~@.+-]+$` with at most 256
//! characters; tenant ids match `^(<default>|[\w\.\-]{1,31})$`; a group named as a member
//! of a role or tenant is only checked for its length, as the spec leaves its pattern out
//! so that identity providers' group ids fit. Cluster variables' names follow the first
//! pattern.

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
    let rule = match kind {
        Kind::Tenant if id == "<default>" => return Ok(()),
        Kind::Tenant => TENANT_ID,
        _ => COMMON_ID,
    };
    check_with(kind.id_param(), id, rule, length_only)
}

/// Checks a name that `field` holds against the common id pattern (a cluster variable's
/// name follows it too).
pub fn check_name(field: &str, name: &str) -> ApiResult<()> {
    check_with(field, name, COMMON_ID, false)
}

/// The longest id and the characters it may hold.
struct Rule {
    max: usize,
    pattern: &'static str,
    allowed: fn(char) -> bool,
}

const COMMON_ID: Rule = Rule {
    max: MAX_ID_LEN,
    pattern: ID_PATTERN,
    allowed: |c| c.is_ascii_alphanumeric() || "_~@.+-".contains(c),
};

const TENANT_ID: Rule = Rule {
    max: MAX_TENANT_ID_LEN,
    pattern: TENANT_ID_PATTERN,
    allowed: |c| c.is_ascii_alphanumeric() || "_.-".contains(c),
};

fn check_with(field: &str, id: &str, rule: Rule, length_only: bool) -> ApiResult<()> {
    if id.is_empty() {
        return Err(ApiError::bad_request(format!("No {field} provided.")));
    }
    let max = rule.max;
    if id.chars().count() > max {
        return Err(ApiError::bad_request(format!(
            "The provided {field} exceeds the limit of {max} characters."
        )));
    }
    if !length_only && !id.chars().all(rule.allowed) {
        return Err(ApiError::bad_request(format!(
            "The provided {field} contains illegal characters. It must match the pattern '{}'.",
            rule.pattern
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
        assert!(check_name("name", &"v".repeat(256)).is_ok());
        assert!(check_name("name", &"v".repeat(257)).is_err());
        assert!(check_name("name", "a/b").is_err());
        let error = format!("{:?}", check(Kind::MappingRule, "").unwrap_err());
        assert!(error.contains("No mappingRuleId provided."), "{error}");
    }
}
