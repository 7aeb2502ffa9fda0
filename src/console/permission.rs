//! The permissions of Console API clients, and which one each call needs: an action (get,
//! create, update, delete) on an area (clusters, Zeebe clients, connector secrets, …), as
//! the Console's organization settings grant them. Access tokens carry them as scopes,
//! `<action>:<area>` (`get:clusters`). The client uses this to say which permission a
//! refused call lacked; the emulator, to refuse calls outside a token's scopes.

use std::fmt;

/// Areas below a cluster that have permissions of their own, as the third segment of a
/// path (`/clusters/{id}/clients/…`). Other paths belong to the area of their first
/// segment (`/clusters/…`, `/members/…`).
const CLUSTER_AREAS: &[&str] = &[
    "clients",
    "secrets",
    "ipallowlist",
    "backups",
    "monitoring",
    "secure-connectivity",
    "encryption",
];

/// One permission, such as `get:clients`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Permission {
    pub action: &'static str,
    pub area: String,
}

impl Permission {
    /// The permission that `method` on `path` needs. `path` may be a concrete path
    /// (`/clusters/abc/clients`) or a route template (`/clusters/{clusterUuid}/clients`).
    pub fn for_call(method: &str, path: &str) -> Permission {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let area = match segments.get(2) {
            Some(area) if segments[0] == "clusters" && CLUSTER_AREAS.contains(area) => area,
            _ => segments[0],
        };
        let action = match method.to_ascii_uppercase().as_str() {
            "GET" | "HEAD" => "get",
            "POST" => "create",
            "DELETE" => "delete",
            _ => "update",
        };
        Permission {
            action,
            area: area.to_owned(),
        }
    }

    /// The permission as a token scope: `get:clients`.
    pub fn scope(&self) -> String {
        format!("{}:{}", self.action, self.area)
    }

    /// Whether it only reads.
    pub fn is_read(&self) -> bool {
        self.action == "get"
    }

    /// How the Console's settings name it: `Zeebe clients: Get`.
    pub fn setting(&self) -> String {
        let area = match self.area.as_str() {
            "clusters" => "Clusters",
            "clients" => "Zeebe clients",
            "secrets" => "Connector secrets",
            "ipallowlist" => "IP allowlist",
            "backups" => "Backups",
            "members" => "Members",
            "monitoring" => "Monitoring",
            other => other,
        };
        let mut action = self.action.to_owned();
        action[..1].make_ascii_uppercase();
        format!("{area}: {action}")
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.scope())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(method: &str, path: &str) -> String {
        Permission::for_call(method, path).scope()
    }

    #[test]
    fn each_call_needs_the_permission_of_its_area_and_action() {
        assert_eq!(scope("GET", "/clusters"), "get:clusters");
        assert_eq!(scope("GET", "/clusters/parameters"), "get:clusters");
        assert_eq!(scope("POST", "/clusters"), "create:clusters");
        assert_eq!(scope("PATCH", "/clusters/{clusterUuid}"), "update:clusters");
        assert_eq!(scope("PUT", "/clusters/abc/upgrade"), "update:clusters");
        assert_eq!(scope("DELETE", "/clusters/abc"), "delete:clusters");
        assert_eq!(scope("GET", "/clusters/abc/clients"), "get:clients");
        assert_eq!(scope("GET", "/clusters/abc/clients/def"), "get:clients");
        assert_eq!(
            scope("POST", "/clusters/{clusterUuid}/clients"),
            "create:clients"
        );
        assert_eq!(
            scope("DELETE", "/clusters/abc/clients/def"),
            "delete:clients"
        );
        assert_eq!(scope("PUT", "/clusters/abc/secrets/name"), "update:secrets");
        assert_eq!(
            scope("PUT", "/clusters/abc/ipallowlist"),
            "update:ipallowlist"
        );
        assert_eq!(
            scope("GET", "/clusters/abc/backups/schedule"),
            "get:backups"
        );
        assert_eq!(scope("DELETE", "/members/a@b.c"), "delete:members");
    }

    #[test]
    fn settings_are_named_as_the_console_shows_them() {
        assert_eq!(
            Permission::for_call("GET", "/clusters/abc/clients").setting(),
            "Zeebe clients: Get"
        );
        assert_eq!(
            Permission::for_call("POST", "/clusters").setting(),
            "Clusters: Create"
        );
        assert!(Permission::for_call("GET", "/clusters").is_read());
        assert!(!Permission::for_call("DELETE", "/clusters/a").is_read());
    }
}
