//! The cluster variable endpoints (8.9 and later), global or of one tenant: one method per
//! operation, each with the permission the description lists for it.
//!
//! A variable's name is the caller's, unique within its scope, so a repeated create
//! answers 409. Its value may be any JSON value, although the description declares an
//! object; answers carry it as JSON text ([`ClusterVariable::value`] decodes it). Reads
//! and searches are eventually consistent, as the identity objects' are.

use reqwest::Method;
use serde_json::{Value, json};

use super::client::{Client, Op};
use super::collection::{Collection, Searchable};
use super::error::Error;
use super::model::{
    ClusterVariable, ClusterVariableFilter, ClusterVariableKey, ClusterVariableScope,
};

impl ClusterVariableScope {
    /// The path of the scope's variables: `cluster-variables/global` or
    /// `cluster-variables/tenants/{tenantId}`.
    fn segments(&self) -> Vec<&str> {
        match self {
            ClusterVariableScope::Global => vec!["cluster-variables", "global"],
            ClusterVariableScope::Tenant(tenant_id) => {
                vec!["cluster-variables", "tenants", tenant_id]
            }
        }
    }

    /// The path of one variable of the scope.
    fn variable<'a>(&'a self, name: &'a str) -> Vec<&'a str> {
        let mut segments = self.segments();
        segments.push(name);
        segments
    }
}

/// Variables of both scopes; a search gives their values whole, which it would cut if
/// long unless told not to.
impl Searchable for ClusterVariable {
    type Filter = ClusterVariableFilter;
    const READ: &'static str = "CLUSTER_VARIABLE:READ";
    const SEARCH: &'static [&'static str] = &["cluster-variables", "search"];
    const SEARCH_QUERY: &'static [(&'static str, &'static str)] = &[("truncateValues", "false")];
}

impl Collection for ClusterVariable {
    type Key = ClusterVariableKey;
    const DELETE: &'static str = "CLUSTER_VARIABLE:DELETE";

    fn path(key: &ClusterVariableKey) -> Vec<&str> {
        key.scope.variable(&key.name)
    }

    /// A global variable's tenant is unset or empty.
    fn is(&self, key: &ClusterVariableKey) -> bool {
        let tenant = match &key.scope {
            ClusterVariableScope::Global => None,
            ClusterVariableScope::Tenant(tenant) => Some(tenant.as_str()),
        };
        self.name == key.name && self.tenant_id.as_deref().filter(|t| !t.is_empty()) == tenant
    }
}

impl Client {
    /// `POST /cluster-variables/global` or `POST /cluster-variables/tenants/{tenantId}`
    /// (404 when the tenant does not exist); [`Error::is_conflict`] when the scope has a
    /// variable of this name.
    pub async fn create_cluster_variable(
        &self,
        scope: &ClusterVariableScope,
        name: &str,
        value: &Value,
    ) -> Result<ClusterVariable, Error> {
        let op = Op::create("CLUSTER_VARIABLE:CREATE");
        let body = json!({"name": name, "value": value});
        self.fetch(Method::POST, &scope.segments(), Some(body), op)
            .await
    }

    /// `PUT /cluster-variables/global/{name}` or `…/tenants/{tenantId}/{name}`: a new value.
    pub async fn update_cluster_variable(
        &self,
        scope: &ClusterVariableScope,
        name: &str,
        value: &Value,
    ) -> Result<ClusterVariable, Error> {
        let op = Op::repeatable("CLUSTER_VARIABLE:UPDATE");
        let body = json!({"value": value});
        self.fetch(Method::PUT, &scope.variable(name), Some(body), op)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_names_its_path() {
        assert_eq!(
            ClusterVariableScope::Global.variable("flags"),
            ["cluster-variables", "global", "flags"]
        );
        let tenant = ClusterVariableScope::Tenant("emea".into());
        assert_eq!(tenant.segments(), ["cluster-variables", "tenants", "emea"]);
        assert_eq!(
            tenant.variable("flags"),
            ["cluster-variables", "tenants", "emea", "flags"]
        );
    }
}
