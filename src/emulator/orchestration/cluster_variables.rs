//! Cluster variables (8.9 and later): named values of the whole cluster (global) or of
//! one tenant, a name unique within its scope. A value may be any JSON value although the
//! description declares an object; it is kept, and answered, as JSON text, as the engine
//! does. Searches cut long values unless asked with `truncateValues=false`. A tenant's
//! variable can only be created while the tenant exists.
//!
//! Stored by key: `global/{name}` or `tenant/{tenantId}/{name}`, the form that the admin
//! paths take too (names and tenant ids hold no `/`).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::Query as UrlQuery;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value, json};

use super::access::Call;
use super::search::{self, Found, Query, StringFilter};
use super::store::{Identity, Kind, When};
use super::{Operations, Permission, ids};
use crate::emulator::body::{OptionalJson, StrictJson};
use crate::emulator::error::{ApiError, ApiResult};

/// The most characters of a value that a search answers unless asked for whole values
/// (the engine's limit of a variable value's preview).
const TRUNCATED_LENGTH: usize = 8191;

/// The most metadata entries a variable holds (`maxProperties`).
const MAX_METADATA: usize = 100;

pub(super) fn add_routes(ops: &mut Operations) {
    let needs = |operation| {
        Some(Permission {
            resource: "CLUSTER_VARIABLE",
            operation,
        })
    };
    for scope in [
        "/cluster-variables/global",
        "/cluster-variables/tenants/{tenantId}",
    ] {
        let one = format!("{scope}/{{name}}");
        ops.add("POST", scope, create, needs("CREATE"));
        ops.add("GET", &one, get, needs("READ"));
        ops.add("PUT", &one, update, needs("UPDATE"));
        ops.add("DELETE", &one, delete, needs("DELETE"));
    }
    ops.add("POST", "/cluster-variables/search", search, needs("READ"));
}

/// Where a variable lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Global,
    /// By tenant id.
    Tenant(String),
}

impl Scope {
    /// The scope a call's path names, its tenant id checked.
    fn of(call: &Call) -> ApiResult<Self> {
        match call.try_param("tenantId") {
            None => Ok(Scope::Global),
            Some(tenant_id) => {
                ids::check(Kind::Tenant, tenant_id)?;
                Ok(Scope::Tenant(tenant_id.to_string()))
            }
        }
    }

    /// The key of its variable `name`.
    fn key(&self, name: &str) -> String {
        match self {
            Scope::Global => format!("global/{name}"),
            Scope::Tenant(tenant_id) => format!("tenant/{tenant_id}/{name}"),
        }
    }

    fn tenant_id(&self) -> Option<&str> {
        match self {
            Scope::Global => None,
            Scope::Tenant(tenant_id) => Some(tenant_id),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Global => write!(f, "the global scope"),
            Scope::Tenant(tenant_id) => write!(f, "tenant '{tenant_id}'"),
        }
    }
}

/// A variable as it is kept.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterVariable {
    name: String,
    /// Set for a tenant's variable.
    tenant_id: Option<String>,
    /// The value as JSON text.
    value: String,
    kind: VariableKind,
    metadata: Metadata,
}

/// `ClusterVariableKindEnum`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum VariableKind {
    #[default]
    Json,
    SecretReference,
}

impl VariableKind {
    fn name(self) -> &'static str {
        match self {
            VariableKind::Json => "JSON",
            VariableKind::SecretReference => "SECRET_REFERENCE",
        }
    }
}

/// Metadata values are strings or numbers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum MetadataValue {
    Text(String),
    Number(Number),
}

type Metadata = BTreeMap<String, MetadataValue>;

fn checked_metadata(metadata: Option<Metadata>) -> ApiResult<Option<Metadata>> {
    match metadata {
        Some(m) if m.len() > MAX_METADATA => Err(ApiError::bad_request(format!(
            "The metadata holds {} entries; at most {MAX_METADATA} are allowed.",
            m.len()
        ))),
        metadata => Ok(metadata),
    }
}

/// `CreateClusterVariableRequest`: `value` may be any JSON value, `null` included, but
/// not left out.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewVariable {
    name: String,
    value: Value,
    metadata: Option<Metadata>,
    kind: Option<VariableKind>,
}

/// `UpdateClusterVariableRequest`: a new value; metadata left out stays as it is.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VariableChange {
    value: Value,
    metadata: Option<Metadata>,
}

impl ClusterVariable {
    fn scope_name(&self) -> &'static str {
        match self.tenant_id {
            None => "GLOBAL",
            Some(_) => "TENANT",
        }
    }

    /// `ClusterVariableResult`.
    fn answer(&self) -> Value {
        json!({
            "name": self.name,
            "scope": self.scope_name(),
            "tenantId": self.tenant_id,
            "value": self.value,
            "kind": self.kind,
            "metadata": self.metadata,
        })
    }

    fn matches(&self, filter: &VariableFilter) -> bool {
        let holds = |f: &Option<StringFilter>, value: Option<&str>| {
            f.as_ref().is_none_or(|f| f.matches(value))
        };
        holds(&filter.name, Some(&self.name))
            && holds(&filter.value, Some(&self.value))
            && holds(&filter.scope, Some(self.scope_name()))
            && holds(&filter.tenant_id, self.tenant_id.as_deref())
            && holds(&filter.kind, Some(self.kind.name()))
            // Values are kept whole here: none is truncated in storage.
            && filter.is_truncated.is_none_or(|truncated| !truncated)
    }
}

/// The scope and name a call's path names, checked.
fn named(call: &Call) -> ApiResult<(Scope, String)> {
    let scope = Scope::of(call)?;
    let name = call.param("name");
    ids::check_name("name", name)?;
    Ok((scope, name.to_string()))
}

async fn create(call: Call, StrictJson(body): StrictJson<NewVariable>) -> ApiResult<Json<Value>> {
    let scope = Scope::of(&call)?;
    ids::check_name("name", &body.name)?;
    let variable = ClusterVariable {
        tenant_id: scope.tenant_id().map(str::to_owned),
        value: body.value.to_string(),
        kind: body.kind.unwrap_or_default(),
        metadata: checked_metadata(body.metadata)?.unwrap_or_default(),
        name: body.name,
    };
    call.change(|identity, when| {
        let name = &variable.name;
        if let Scope::Tenant(tenant_id) = &scope
            && !identity.exists(Kind::Tenant, tenant_id)
        {
            return Err(ApiError::not_found(format!(
                "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to create cluster variable with name '{name}' for tenant '{tenant_id}', but a tenant with this ID does not exist."
            )));
        }
        let key = scope.key(name);
        if identity.cluster_variables.current(&key).is_some() {
            return Err(ApiError::conflict(format!(
                "Command 'CREATE' rejected with code 'ALREADY_EXISTS': Expected to create cluster variable with name '{name}' in {scope}, but a cluster variable with this name already exists."
            )));
        }
        let answer = variable.answer();
        identity.cluster_variables.set(key, Some(variable), when);
        Ok(Json(answer))
    })
    .await
}

async fn get(call: Call) -> ApiResult<Json<Value>> {
    let (scope, name) = named(&call)?;
    call.read(|identity, at| {
        identity
            .cluster_variables
            .visible(&scope.key(&name), at)
            .map(|variable| Json(variable.answer()))
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "Cluster variable with name '{name}' not found in {scope}"
                ))
            })
    })
}

async fn update(
    call: Call,
    StrictJson(body): StrictJson<VariableChange>,
) -> ApiResult<Json<Value>> {
    let (scope, name) = named(&call)?;
    call.change(|identity, when| apply_update(identity, &scope, &name, body, when))
        .await
        .map(Json)
}

async fn delete(call: Call) -> ApiResult<StatusCode> {
    let (scope, name) = named(&call)?;
    call.change(|identity, when| apply_delete(identity, &scope, &name, when))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The 404 of a write that finds no variable, in the engine's words.
fn rejected(command: &str, scope: &Scope, name: &str) -> ApiError {
    ApiError::not_found(format!(
        "Command '{command}' rejected with code 'NOT_FOUND': Expected to {} cluster variable with name '{name}' in {scope}, but a cluster variable with this name does not exist.",
        command.to_lowercase()
    ))
}

/// Gives a variable the value (and metadata, if given) of an update body; its answer.
pub fn apply_update(
    identity: &mut Identity,
    scope: &Scope,
    name: &str,
    body: VariableChange,
    when: When,
) -> ApiResult<Value> {
    let key = scope.key(name);
    let table = &mut identity.cluster_variables;
    let current = table
        .current(&key)
        .ok_or_else(|| rejected("UPDATE", scope, name))?;
    let metadata = checked_metadata(body.metadata)?;
    let changed = ClusterVariable {
        value: body.value.to_string(),
        metadata: metadata.unwrap_or_else(|| current.metadata.clone()),
        ..current.clone()
    };
    let answer = changed.answer();
    table.set(key, Some(changed), when);
    Ok(answer)
}

pub fn apply_delete(
    identity: &mut Identity,
    scope: &Scope,
    name: &str,
    when: When,
) -> ApiResult<()> {
    let key = scope.key(name);
    let table = &mut identity.cluster_variables;
    if table.current(&key).is_none() {
        return Err(rejected("DELETE", scope, name));
    }
    table.set(key, None, when);
    Ok(())
}

/// Every variable as it is now, as reads answer it.
pub fn all_current(identity: &Identity) -> Vec<Value> {
    identity
        .cluster_variables
        .all_current()
        .map(|(_, variable)| variable.answer())
        .collect()
}

/// `ClusterVariableSearchQueryFilterRequest`, without the filter by metadata.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VariableFilter {
    name: Option<StringFilter>,
    /// On the value's JSON text.
    value: Option<StringFilter>,
    scope: Option<StringFilter>,
    tenant_id: Option<StringFilter>,
    is_truncated: Option<bool>,
    kind: Option<StringFilter>,
}

/// `ClusterVariableSearchQuerySortRequest`'s fields.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VariableField {
    Name,
    Value,
    TenantId,
    Scope,
}

/// The search's query parameter.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Truncation {
    truncate_values: Option<bool>,
}

async fn search(
    call: Call,
    UrlQuery(truncation): UrlQuery<Truncation>,
    OptionalJson(query): OptionalJson<Query<VariableFilter, VariableField>>,
) -> ApiResult<Json<Value>> {
    let truncate = truncation.truncate_values.unwrap_or(true);
    call.read(|identity, at| {
        let found = identity
            .cluster_variables
            .all_visible(at)
            .filter(|(_, variable)| query.filter.as_ref().is_none_or(|f| variable.matches(f)))
            .map(|(key, variable)| Listed {
                key,
                variable,
                truncate,
            })
            .collect();
        search::answer(found, &query.sort, &query.page)
    })
    .map(Json)
}

/// A variable in a search's answer (`ClusterVariableSearchResult`).
struct Listed<'a> {
    key: &'a str,
    variable: &'a ClusterVariable,
    /// Whether long values are cut.
    truncate: bool,
}

impl Found for Listed<'_> {
    type Field = VariableField;

    fn sort_value(&self, field: VariableField) -> Option<&str> {
        let variable = self.variable;
        match field {
            VariableField::Name => Some(&variable.name),
            VariableField::Value => Some(&variable.value),
            VariableField::TenantId => variable.tenant_id.as_deref(),
            VariableField::Scope => Some(variable.scope_name()),
        }
    }

    fn id(&self) -> &str {
        self.key
    }

    fn answer(&self) -> Value {
        let mut answer = self.variable.answer();
        let value = &self.variable.value;
        let cut = self.truncate && value.chars().count() > TRUNCATED_LENGTH;
        if cut {
            answer["value"] = json!(value.chars().take(TRUNCATED_LENGTH).collect::<String>());
        }
        answer["isTruncated"] = json!(cut);
        answer
    }
}
