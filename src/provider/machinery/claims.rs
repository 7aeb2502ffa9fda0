//! Resource types of which a configuration may hold one per object, such as the one
//! authoritative IP allowlist of a cluster. One provider process plans every resource of a
//! command, so a second resource planned for an object that another one already claimed in
//! this process is a second resource for that object: an error at plan time.
//!
//! One resource can be planned twice in a process: Terraform plans a replacement first as
//! an update that replaces, then as a create with no prior state. The first plan leaves a
//! ticket for the second, which the create takes instead of claiming again.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// What a plan is, for claiming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Planned {
    /// An update or a no-op of an existing object.
    Update,
    /// An update that replaces the object; Terraform then plans its create.
    Replace,
    /// A create, with no prior state.
    Create,
}

#[derive(Default)]
pub struct Claims {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    claimed: HashSet<(&'static str, String)>,
    /// Creates that replacements announced, by type, object and configuration.
    tickets: HashMap<(&'static str, String, String), usize>,
}

impl Claims {
    /// Claims `key` for a plan of a `type_name` resource whose configuration is
    /// `fingerprint`; false when another resource of that type claimed it already.
    pub fn claim(
        &self,
        type_name: &'static str,
        key: &str,
        fingerprint: &str,
        planned: Planned,
    ) -> bool {
        let mut inner = self.inner.lock().expect("claims lock");
        let ticket = (type_name, key.to_owned(), fingerprint.to_owned());
        if planned == Planned::Create
            && let Some(count) = inner.tickets.get_mut(&ticket)
            && *count > 0
        {
            *count -= 1;
            return true;
        }
        if planned == Planned::Replace {
            *inner.tickets.entry(ticket).or_default() += 1;
        }
        inner.claimed.insert((type_name, key.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "test_allowlist";

    #[test]
    fn a_second_resource_for_one_object_is_refused() {
        let claims = Claims::default();
        assert!(claims.claim(T, "c1", "a", Planned::Update));
        assert!(
            claims.claim(T, "c2", "a", Planned::Create),
            "another object"
        );
        assert!(
            claims.claim("other_type", "c1", "a", Planned::Create),
            "another type"
        );
        assert!(!claims.claim(T, "c1", "b", Planned::Create));
        assert!(!claims.claim(T, "c1", "a", Planned::Update));
    }

    #[test]
    fn the_create_that_completes_a_replacement_is_the_same_resource() {
        let claims = Claims::default();
        assert!(claims.claim(T, "c2", "cfg", Planned::Replace));
        assert!(claims.claim(T, "c2", "cfg", Planned::Create));
        assert!(
            !claims.claim(T, "c2", "cfg", Planned::Create),
            "the ticket is used up: an identical resource is a second one"
        );
    }
}
