//! What deployments made: process definitions, decision requirements with their decision
//! definitions, and forms, kept in one table by key, each kind read and searched as the
//! API answers it. Versions count per kind, tenant and id, and are never given twice,
//! even after a deletion. Deleting decision requirements deletes their decisions; a
//! process definition with running instances is not deleted. A deleted process definition
//! stays in the reads as `DELETED` (its history), unless the deletion asked to delete its
//! history too; the other kinds have no state and leave the reads.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::header;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::access::{Call, capitalized};
use super::search::{self, Found, Query, Sort, StringFilter};
use super::store::{Identity, When};
use super::{Operations, Permission};
use crate::emulator::body::OptionalJson;
use crate::emulator::error::{ApiError, ApiResult};

/// The kinds of definitions a deployment makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefinitionKind {
    Process,
    DecisionRequirements,
    Decision,
    Form,
}

/// What a search filters or sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Key,
    Id,
    Name,
    Version,
    VersionTag,
    ResourceName,
    TenantId,
    RequirementsKey,
    RequirementsId,
    RequirementsName,
    RequirementsVersion,
    /// Only the latest version of each id.
    IsLatestVersion,
    /// A process definition's `state`.
    State,
}

impl DefinitionKind {
    pub const ALL: [DefinitionKind; 4] = [
        DefinitionKind::Process,
        DefinitionKind::DecisionRequirements,
        DefinitionKind::Decision,
        DefinitionKind::Form,
    ];

    /// Its path segment, in the API and the admin paths.
    pub fn plural(self) -> &'static str {
        match self {
            DefinitionKind::Process => "process-definitions",
            DefinitionKind::DecisionRequirements => "decision-requirements",
            DefinitionKind::Decision => "decision-definitions",
            DefinitionKind::Form => "forms",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            DefinitionKind::Process => "process definition",
            DefinitionKind::DecisionRequirements => "decision requirements",
            DefinitionKind::Decision => "decision definition",
            DefinitionKind::Form => "form",
        }
    }

    /// The name of its key in paths.
    fn key_param(self) -> &'static str {
        match self {
            DefinitionKind::Process => "processDefinitionKey",
            DefinitionKind::DecisionRequirements => "decisionRequirementsKey",
            DefinitionKind::Decision => "decisionDefinitionKey",
            DefinitionKind::Form => "formKey",
        }
    }

    /// The permission its reads need.
    fn read_permission(self) -> Permission {
        let (resource, operation) = match self {
            DefinitionKind::Process => ("PROCESS_DEFINITION", "READ_PROCESS_DEFINITION"),
            DefinitionKind::DecisionRequirements => ("DECISION_REQUIREMENTS_DEFINITION", "READ"),
            DefinitionKind::Decision => ("DECISION_DEFINITION", "READ_DECISION_DEFINITION"),
            DefinitionKind::Form => ("RESOURCE", "READ"),
        };
        Permission {
            resource,
            operation,
        }
    }

    /// The fields its searches filter and sort by, as the description names them.
    fn fields(self) -> &'static [(&'static str, Field)] {
        match self {
            DefinitionKind::Process => &[
                ("processDefinitionKey", Field::Key),
                ("processDefinitionId", Field::Id),
                ("name", Field::Name),
                ("version", Field::Version),
                ("versionTag", Field::VersionTag),
                ("resourceName", Field::ResourceName),
                ("tenantId", Field::TenantId),
                ("isLatestVersion", Field::IsLatestVersion),
                ("state", Field::State),
            ],
            DefinitionKind::DecisionRequirements => &[
                ("decisionRequirementsKey", Field::Key),
                ("decisionRequirementsId", Field::Id),
                ("decisionRequirementsName", Field::Name),
                ("version", Field::Version),
                ("resourceName", Field::ResourceName),
                ("tenantId", Field::TenantId),
            ],
            DefinitionKind::Decision => &[
                ("decisionDefinitionKey", Field::Key),
                ("decisionDefinitionId", Field::Id),
                ("name", Field::Name),
                ("version", Field::Version),
                ("decisionRequirementsKey", Field::RequirementsKey),
                ("decisionRequirementsId", Field::RequirementsId),
                ("decisionRequirementsName", Field::RequirementsName),
                ("decisionRequirementsVersion", Field::RequirementsVersion),
                ("tenantId", Field::TenantId),
                ("isLatestVersion", Field::IsLatestVersion),
            ],
            DefinitionKind::Form => &[],
        }
    }

    fn field(self, name: &str) -> ApiResult<Field> {
        self.fields()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Unknown field '{name}' for a search of {}s.",
                    self.noun()
                ))
            })
    }
}

/// The decision requirements a decision belongs to.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirements {
    pub key: String,
    pub id: String,
    pub name: Option<String>,
    pub version: i64,
}

/// One deployed definition.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Definition {
    pub kind: DefinitionKind,
    pub key: String,
    pub id: String,
    pub name: Option<String>,
    pub version: i64,
    pub resource_name: String,
    pub tenant_id: String,
    /// The file's text; empty for a decision, whose file is its requirements'.
    pub content: String,
    /// A decision's requirements.
    pub requirements: Option<Requirements>,
    /// A process definition deleted from the runtime state whose history the reads keep:
    /// writes no longer find it.
    #[serde(default)]
    pub deleted: bool,
}

impl Definition {
    fn requirements(&self) -> &Requirements {
        self.requirements
            .as_ref()
            .expect("a decision has its requirements")
    }

    /// A process definition's `state` (`DRAINING` never: a definition with running
    /// instances is not deleted).
    fn state(&self) -> &'static str {
        if self.deleted { "DELETED" } else { "ACTIVE" }
    }

    /// As reads answer it.
    pub fn answer(&self) -> Value {
        match self.kind {
            DefinitionKind::Process => json!({
                "processDefinitionKey": self.key,
                "processDefinitionId": self.id,
                "name": self.name,
                "version": self.version,
                "versionTag": null,
                "resourceName": self.resource_name,
                "tenantId": self.tenant_id,
                "hasStartForm": false,
                "state": self.state(),
            }),
            DefinitionKind::DecisionRequirements => json!({
                "decisionRequirementsKey": self.key,
                "decisionRequirementsId": self.id,
                "decisionRequirementsName": self.name.as_deref().unwrap_or_default(),
                "version": self.version,
                "resourceName": self.resource_name,
                "tenantId": self.tenant_id,
            }),
            DefinitionKind::Decision => {
                let requirements = self.requirements();
                json!({
                    "decisionDefinitionKey": self.key,
                    "decisionDefinitionId": self.id,
                    "name": self.name.as_deref().unwrap_or_default(),
                    "version": self.version,
                    "decisionRequirementsKey": requirements.key,
                    "decisionRequirementsId": requirements.id,
                    "decisionRequirementsName": requirements.name.as_deref().unwrap_or_default(),
                    "decisionRequirementsVersion": requirements.version,
                    "tenantId": self.tenant_id,
                })
            }
            DefinitionKind::Form => json!({
                "formKey": self.key,
                "formId": self.id,
                "version": self.version,
                "tenantId": self.tenant_id,
                "schema": self.content,
            }),
        }
    }

    /// As a deployment's answer lists it (`DeploymentMetadataResult`): every field
    /// there, those of other kinds null.
    pub fn deployed(&self) -> Value {
        let mut item = json!({
            "processDefinition": null,
            "decisionDefinition": null,
            "decisionRequirements": null,
            "form": null,
            "resource": null,
        });
        let (field, value) = match self.kind {
            DefinitionKind::Process => (
                "processDefinition",
                json!({
                    "processDefinitionId": self.id,
                    "processDefinitionVersion": self.version,
                    "processDefinitionKey": self.key,
                    "resourceName": self.resource_name,
                    "tenantId": self.tenant_id,
                }),
            ),
            DefinitionKind::DecisionRequirements => (
                "decisionRequirements",
                json!({
                    "decisionRequirementsId": self.id,
                    "decisionRequirementsName": self.name.as_deref().unwrap_or_default(),
                    "version": self.version,
                    "decisionRequirementsKey": self.key,
                    "resourceName": self.resource_name,
                    "tenantId": self.tenant_id,
                }),
            ),
            DefinitionKind::Decision => {
                let requirements = self.requirements();
                (
                    "decisionDefinition",
                    json!({
                        "decisionDefinitionId": self.id,
                        "version": self.version,
                        "decisionDefinitionKey": self.key,
                        "decisionRequirementsId": requirements.id,
                        "decisionRequirementsKey": requirements.key,
                        "name": self.name.as_deref().unwrap_or_default(),
                        "tenantId": self.tenant_id,
                    }),
                )
            }
            DefinitionKind::Form => (
                "form",
                json!({
                    "formId": self.id,
                    "version": self.version,
                    "formKey": self.key,
                    "resourceName": self.resource_name,
                    "tenantId": self.tenant_id,
                }),
            ),
        };
        item[field] = value;
        item
    }

    /// The text of a field, for filters and sorting; versions padded so that they sort
    /// as numbers.
    fn text(&self, field: Field) -> Option<String> {
        let padded = |version: i64| format!("{version:020}");
        match field {
            Field::Key => Some(self.key.clone()),
            Field::Id => Some(self.id.clone()),
            Field::Name => self.name.clone(),
            Field::Version => Some(padded(self.version)),
            Field::VersionTag | Field::IsLatestVersion => None,
            Field::State => Some(self.state().to_string()),
            Field::ResourceName => Some(self.resource_name.clone()),
            Field::TenantId => Some(self.tenant_id.clone()),
            Field::RequirementsKey => self.requirements.as_ref().map(|r| r.key.clone()),
            Field::RequirementsId => self.requirements.as_ref().map(|r| r.id.clone()),
            Field::RequirementsName => self.requirements.as_ref().and_then(|r| r.name.clone()),
            Field::RequirementsVersion => self.requirements.as_ref().map(|r| padded(r.version)),
        }
    }

    /// Whether it was made from this very file: deploying it again makes no new version.
    pub fn is_from(&self, resource_name: &str, content: &str) -> bool {
        self.resource_name == resource_name && self.content == content
    }
}

/// The key under which the highest version of a kind, tenant and id is kept.
fn series(kind: DefinitionKind, tenant_id: &str, id: &str) -> String {
    format!("{}/{tenant_id}/{id}", kind.plural())
}

impl Identity {
    /// A definition in the runtime state, as writes see it: not deleted.
    pub fn live_definition(&self, key: &str) -> Option<&Definition> {
        self.definitions.current(key).filter(|d| !d.deleted)
    }

    /// Every definition in the runtime state, as writes see them.
    pub fn live_definitions(&self) -> impl Iterator<Item = &Definition> {
        self.definitions
            .all_current()
            .map(|(_, d)| d)
            .filter(|d| !d.deleted)
    }

    /// The latest version of a kind, tenant and id, as writes see it.
    pub fn latest_definition(
        &self,
        kind: DefinitionKind,
        tenant_id: &str,
        id: &str,
    ) -> Option<&Definition> {
        self.live_definitions()
            .filter(|d| d.kind == kind && d.tenant_id == tenant_id && d.id == id)
            .max_by_key(|d| d.version)
    }

    /// The next version of a kind, tenant and id: one above the highest ever given.
    pub fn next_version(&mut self, kind: DefinitionKind, tenant_id: &str, id: &str) -> i64 {
        let highest = self
            .versions
            .entry(series(kind, tenant_id, id))
            .or_default();
        *highest += 1;
        *highest
    }

    /// The definitions of a kind as they are now, deleted process definitions with their
    /// history included, as reads answer them.
    pub fn all_definitions(&self, kind: DefinitionKind) -> Vec<Value> {
        self.definitions
            .all_current()
            .filter(|(_, d)| d.kind == kind)
            .map(|(_, d)| d.answer())
            .collect()
    }
}

/// Removes a definition from the runtime state (decision requirements with their
/// decisions): a process definition stays in the reads as `DELETED` unless its history
/// goes too (`delete_history`).
fn remove(identity: &mut Identity, definition: &Definition, delete_history: bool, when: When) {
    let table = &mut identity.definitions;
    if definition.kind == DefinitionKind::Process && !delete_history {
        let deleted = Definition {
            deleted: true,
            ..definition.clone()
        };
        table.set(definition.key.clone(), Some(deleted), when);
        return;
    }
    if definition.kind == DefinitionKind::DecisionRequirements {
        let decisions: Vec<String> = table
            .all_current()
            .filter(|(_, d)| {
                d.requirements
                    .as_ref()
                    .is_some_and(|r| r.key == definition.key)
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in decisions {
            table.set(key, None, when);
        }
    }
    table.set(definition.key.clone(), None, when);
}

/// Deletes a definition of `kind` out of band, whatever runs, as a deletion that keeps
/// the history does; 404 when there is none.
pub fn delete_of_kind(
    identity: &mut Identity,
    kind: DefinitionKind,
    key: &str,
    when: When,
) -> ApiResult<()> {
    let definition = identity
        .live_definition(key)
        .filter(|d| d.kind == kind)
        .cloned()
        .ok_or_else(|| not_found(kind, key))?;
    remove(identity, &definition, false, when);
    Ok(())
}

/// `POST /resources/{resourceKey}/deletion`: a process definition, decision requirements
/// or form. A decision's own key names no resource.
pub fn delete_resource(
    identity: &mut Identity,
    key: &str,
    delete_history: bool,
    when: When,
) -> ApiResult<()> {
    let definition = identity
        .live_definition(key)
        .filter(|d| d.kind != DefinitionKind::Decision)
        .cloned()
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Command 'DELETE' rejected with code 'NOT_FOUND': Expected to delete resource but no resource found with key `{key}`"
            ))
        })?;
    let running = identity
        .process_instances
        .all_current()
        .any(|(_, i)| i.process_definition_key == key);
    if running {
        return Err(ApiError::conflict(format!(
            "Command 'DELETE' rejected with code 'INVALID_STATE': Expected to delete resource but there are running instances of process '{}' version {}",
            definition.id, definition.version
        )));
    }
    remove(identity, &definition, delete_history, when);
    Ok(())
}

fn not_found(kind: DefinitionKind, key: &str) -> ApiError {
    ApiError::not_found(format!(
        "{} with key '{key}' not found",
        capitalized(kind.noun())
    ))
}

pub(super) fn add_routes(ops: &mut Operations) {
    for kind in DefinitionKind::ALL {
        let plural = kind.plural();
        let needs = Some(kind.read_permission());
        let one = format!("/{plural}/{{{}}}", kind.key_param());
        if kind != DefinitionKind::Form {
            let search = move |call: Call, OptionalJson(query): OptionalJson<DefinitionQuery>| async move {
                search(&call, kind, query).map(Json)
            };
            ops.add("POST", &format!("/{plural}/search"), search, needs);
        }
        let read = move |call: Call| async move { get(&call, kind).map(|d| Json(d.answer())) };
        ops.add("GET", &one, read, needs);
        if matches!(
            kind,
            DefinitionKind::Process | DefinitionKind::DecisionRequirements
        ) {
            let xml = move |call: Call| async move {
                let definition = get(&call, kind)?;
                Ok::<_, ApiError>(
                    ([(header::CONTENT_TYPE, "text/xml")], definition.content).into_response(),
                )
            };
            ops.add("GET", &format!("{one}/xml"), xml, needs);
        }
    }
    let deletion = Permission {
        resource: "RESOURCE",
        operation: "DELETE_PROCESS, DELETE_DRD or DELETE_FORM",
    };
    ops.add(
        "POST",
        "/resources/{resourceKey}/deletion",
        delete,
        Some(deletion),
    );
}

/// One definition of `kind` that reads see.
fn get(call: &Call, kind: DefinitionKind) -> ApiResult<Definition> {
    let key = call.param(kind.key_param());
    call.read(|identity, at| {
        identity
            .definitions
            .visible(key, at)
            .filter(|d| d.kind == kind)
            .cloned()
            .ok_or_else(|| not_found(kind, key))
    })
}

/// `DeleteResourceRequest`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Deletion {
    #[serde(rename = "operationReference")]
    _operation_reference: Option<i64>,
    delete_history: Option<bool>,
}

async fn delete(
    call: Call,
    OptionalJson(deletion): OptionalJson<Deletion>,
) -> ApiResult<Json<Value>> {
    let key = call.param("resourceKey").to_string();
    let delete_history = deletion.delete_history.unwrap_or(false);
    call.change(|identity, when| delete_resource(identity, &key, delete_history, when))
        .await?;
    Ok(Json(json!({"resourceKey": key, "batchOperation": null})))
}

/// A search of definitions: its filter's and sort's fields depend on the kind.
type DefinitionQuery = Query<Map<String, Value>, String>;

/// The states of a process definition that a filter may ask for.
const STATES: [&str; 3] = ["ACTIVE", "DRAINING", "DELETED"];

/// A filter's condition on one field.
enum Condition {
    Text(Field, StringFilter),
    Number(Field, i64),
    Latest(bool),
}

fn conditions(kind: DefinitionKind, filter: &Map<String, Value>) -> ApiResult<Vec<Condition>> {
    let invalid = |name: &str, value: &Value| {
        ApiError::bad_request(format!(
            "The value {value} of the filter field '{name}' is not valid."
        ))
    };
    filter
        .iter()
        .map(|(name, value)| {
            let field = kind.field(name)?;
            Ok(match (field, value) {
                (Field::IsLatestVersion, Value::Bool(latest)) => Condition::Latest(*latest),
                (Field::Version | Field::RequirementsVersion, Value::Number(n)) => {
                    Condition::Number(field, n.as_i64().ok_or_else(|| invalid(name, value))?)
                }
                (Field::Key | Field::RequirementsKey, Value::Number(n)) => {
                    Condition::Text(field, StringFilter::Equals(n.to_string()))
                }
                // A plain value of the enum, not a string filter.
                (Field::State, Value::String(state)) if STATES.contains(&state.as_str()) => {
                    Condition::Text(field, StringFilter::Equals(state.clone()))
                }
                (
                    Field::IsLatestVersion
                    | Field::Version
                    | Field::RequirementsVersion
                    | Field::State,
                    _,
                ) => {
                    return Err(invalid(name, value));
                }
                _ => Condition::Text(
                    field,
                    serde_json::from_value(value.clone()).map_err(|_| invalid(name, value))?,
                ),
            })
        })
        .collect()
}

fn search(call: &Call, kind: DefinitionKind, query: DefinitionQuery) -> ApiResult<Value> {
    let conditions = conditions(kind, query.filter.as_ref().unwrap_or(&Map::new()))?;
    let sort_fields: Vec<Field> = query
        .sort
        .iter()
        .map(|s| kind.field(&s.field))
        .collect::<ApiResult<_>>()?;
    let sort: Vec<Sort<usize>> = query
        .sort
        .iter()
        .enumerate()
        .map(|(i, s)| Sort {
            field: i,
            order: s.order,
        })
        .collect();
    call.read(|identity, at| {
        let visible: Vec<&Definition> = identity
            .definitions
            .all_visible(at)
            .map(|(_, d)| d)
            .filter(|d| d.kind == kind)
            .collect();
        let latest: BTreeMap<String, i64> = visible.iter().fold(BTreeMap::new(), |mut m, d| {
            let highest = m.entry(series(kind, &d.tenant_id, &d.id)).or_default();
            *highest = (*highest).max(d.version);
            m
        });
        let is_latest =
            |d: &Definition| latest.get(&series(kind, &d.tenant_id, &d.id)) == Some(&d.version);
        let holds = |d: &Definition| {
            conditions.iter().all(|c| match c {
                Condition::Text(field, filter) => filter.matches(d.text(*field).as_deref()),
                Condition::Number(field, n) => d.text(*field) == Some(format!("{n:020}")),
                Condition::Latest(latest) => !latest || is_latest(d),
            })
        };
        let found: Vec<Listed> = visible
            .into_iter()
            .filter(|d| holds(d))
            .map(|definition| Listed {
                sort: sort_fields.iter().map(|f| definition.text(*f)).collect(),
                definition,
            })
            .collect();
        search::answer(found, &sort, &query.page)
    })
}

/// A definition in a search's answer, with the texts of the fields it is sorted by.
struct Listed<'a> {
    definition: &'a Definition,
    sort: Vec<Option<String>>,
}

impl Found for Listed<'_> {
    /// The position of the field in the search's sort.
    type Field = usize;

    fn sort_value(&self, field: usize) -> Option<&str> {
        self.sort[field].as_deref()
    }

    /// The key: the one id that is unique among definitions.
    #[allow(clippy::misnamed_getters)]
    fn id(&self) -> &str {
        &self.definition.key
    }

    fn answer(&self) -> Value {
        self.definition.answer()
    }
}
