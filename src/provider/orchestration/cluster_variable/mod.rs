//! `camunda_cluster_variable`: a named JSON value that the process models of a Camunda
//! 8.9+ cluster read, for the whole cluster or for one tenant.
//!
//! - `name` and `tenant_id` replace the variable when they change; `value` changes in
//!   place. Values are compared as JSON: other spacing or key order is no change, in a
//!   plan or in a refresh.
//! - A create is made exactly once and every write waits until reads show it
//!   (`machinery::keyed`); a refresh reads every variable with one search per process.

use std::fmt;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::orchestration::{
    ClusterVariable as Found, ClusterVariableKey as VariableKey, ClusterVariableScope as Scope,
};
use crate::provider::machinery::Object;
use crate::provider::machinery::keyed::{Keyed, Kind};
use crate::tf::validators::{identifier, json, not_blank};
use crate::tf::{Attr, Attribute, Block, Change, Resource, Schema, call};

/// `camunda_cluster_variable`.
pub struct ClusterVariable;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterVariableModel {
    name: Attr<String>,
    value: Attr<String>,
    tenant_id: Attr<String>,
    id: Attr<String>,
}

/// A variable's key displays as the import ID: `global/<name>` or
/// `tenant/<tenant_id>/<name>`.
impl fmt::Display for VariableKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scope {
            Scope::Global => write!(f, "global/{}", self.name),
            Scope::Tenant(tenant) => write!(f, "tenant/{tenant}/{}", self.name),
        }
    }
}

impl ClusterVariableModel {
    fn key(&self) -> VariableKey {
        let scope = match self.tenant_id.get() {
            Some(tenant) => Scope::Tenant(tenant.clone()),
            None => Scope::Global,
        };
        VariableKey {
            scope,
            name: self.name.as_str().to_owned(),
        }
    }

    /// The planned value as JSON (a validated configuration's value parses).
    fn json(&self) -> Json {
        parse(self.value.as_str()).unwrap_or(Json::Null)
    }

    /// This variable with the value `found` holds: this one's text while it means the
    /// same JSON, so that formatting never shows as a change.
    fn with_value(&self, found: &Json) -> ClusterVariableModel {
        let same = parse(self.value.as_str()).is_ok_and(|kept| &kept == found);
        ClusterVariableModel {
            value: if same {
                self.value.clone()
            } else {
                found.to_string().into()
            },
            id: self.key().to_string().into(),
            ..self.clone()
        }
    }
}

fn parse(text: &str) -> Result<Json, serde_json::Error> {
    serde_json::from_str(text)
}

/// A cluster variable is keyed by its scope and name.
impl Keyed for ClusterVariable {
    const KIND: Kind = Kind {
        what: "cluster variable",
        type_name: "camunda_cluster_variable",
        id_attr: "id",
    };
    type Found = Found;
    type Asked = Json;

    fn shows(found: &Found, value: &Json) -> bool {
        &found.value == value
    }
}

#[async_trait]
impl Resource for Object<ClusterVariable> {
    type Model = ClusterVariableModel;

    const TYPE_NAME: &'static str = ClusterVariable::KIND.type_name;

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "A cluster variable of a Camunda 8.9+ cluster (SaaS or Self-Managed): a named JSON \
                 value that process models read, for the whole cluster or for one tenant. The \
                 name and the tenant replace the variable when they change; the value changes in \
                 place. Import it by `global/<name>` or `tenant/<tenant_id>/<name>`.",
            )
            .attribute(
                Attribute::string("name")
                    .required()
                    .requires_replace()
                    .validate(identifier(256, "_~@.+-"))
                    .description("The variable's name, unique in its scope. A change replaces it."),
            )
            .attribute(
                Attribute::string("value")
                    .required()
                    .validate(json())
                    .description(
                        "The value: JSON text of any JSON value, as `jsonencode(...)` makes it. \
                         Compared as JSON, so other spacing or key order is no change. Changes \
                         in place.",
                    ),
            )
            .attribute(
                Attribute::string("tenant_id")
                    .optional()
                    .requires_replace()
                    .validate(not_blank(31))
                    .description(
                        "The tenant whose processes read the variable; unset, the variable is \
                         global. A change replaces it.",
                    ),
            )
            .attribute(
                Attribute::kept_string("id")
                    .description("The import ID: `global/<name>` or `tenant/<tenant_id>/<name>`."),
            ),
        )
    }

    /// A value that means the JSON of the prior one is no change: the prior text stays.
    async fn modify_plan(&self, call: call::ModifyPlan<'_, Self::Model>) {
        if let Change::Update { prior, planned, .. } = call.plan.change() {
            let same = |a: &Attr<String>, b: &Attr<String>| match (a.get(), b.get()) {
                (Some(a), Some(b)) => parse(a).ok().is_some_and(|a| parse(b).ok() == Some(a)),
                _ => false,
            };
            if same(&prior.value, &planned.value) {
                planned.value = prior.value.clone();
            }
        }
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<ClusterVariableModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let (key, value) = (call.planned.key(), call.planned.json());
        let send = || async {
            api.create_cluster_variable(&key.scope, &key.name, &value)
                .await
                .map(drop)
        };
        let holds = |_: &Found| "another value".to_owned();
        self.listed()
            .create(api, &key, &value, send, holds, call.diags)
            .await?;
        Some(call.planned.with_value(&value))
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<ClusterVariableModel> {
        let key = call.state.key();
        let model = |found: &Found| call.state.with_value(&found.value);
        self.listed()
            .refresh(call.state, &key, model, call.diags)
            .await
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> ClusterVariableModel {
        let Some(api) = self.shared.cluster_api.get(call.diags) else {
            return call.prior.clone();
        };
        let (key, value) = (call.planned.key(), call.planned.json());
        let send = async {
            api.update_cluster_variable(&key.scope, &key.name, &value)
                .await
                .map(drop)
        };
        if !self
            .listed()
            .update(api, &key, &value, send, call.diags)
            .await
        {
            return call.prior.clone();
        }
        call.planned.with_value(&value)
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        self.listed().delete(&call.prior.key(), call.diags).await;
    }

    async fn import(&self, call: call::Import<'_>) -> Option<ClusterVariableModel> {
        let id = call.id;
        let (tenant_id, name) = match id.split('/').collect::<Vec<_>>().as_slice() {
            ["global", name] if !name.is_empty() => (None, *name),
            ["tenant", tenant, name] if !tenant.is_empty() && !name.is_empty() => {
                (Some(tenant.to_string()), *name)
            }
            _ => {
                call.diags.error(
                    "Invalid import ID",
                    format!(
                        "{id:?} names no cluster variable: the import ID is `global/<name>` or \
                         `tenant/<tenant_id>/<name>`."
                    ),
                );
                return None;
            }
        };
        let base = ClusterVariableModel {
            name: name.into(),
            tenant_id: tenant_id.into(),
            ..ClusterVariableModel::default()
        };
        let found = self.listed().import(&base.key(), call.diags).await?;
        Some(base.with_value(&found.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variable(value: &str, tenant: Option<&str>) -> ClusterVariableModel {
        ClusterVariableModel {
            name: "limits".into(),
            value: value.into(),
            tenant_id: tenant.map(str::to_owned).into(),
            id: Attr::Null,
        }
    }

    #[test]
    fn a_value_that_means_the_same_json_keeps_its_text() {
        let kept = variable(r#"{ "b": [1, 2], "a": "x" }"#, None);
        let same = kept.with_value(&serde_json::json!({"a": "x", "b": [1, 2]}));
        assert_eq!(same.value, kept.value);
        assert_eq!(same.id, Attr::from("global/limits"));
        let other = kept.with_value(&serde_json::json!({"a": "y"}));
        assert_eq!(other.value, Attr::from(r#"{"a":"y"}"#));
        let tenant = variable("1", Some("emea")).with_value(&serde_json::json!(1));
        assert_eq!(tenant.id, Attr::from("tenant/emea/limits"));
    }
}
