//! Process instances, just enough to hold a process definition in use: a created instance
//! stays active (nothing runs) until it is cancelled, and its definition cannot be
//! deleted meanwhile.

use axum::Json;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::access::Call;
use super::definitions::{Definition, DefinitionKind};
use super::deployments::DEFAULT_TENANT;
use super::{Operations, Permission};
use crate::emulator::body::{OptionalJson, StrictJson};
use crate::emulator::error::{ApiError, ApiResult};

/// An active instance.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessInstance {
    pub process_instance_key: String,
    pub process_definition_key: String,
    pub process_definition_id: String,
    pub process_definition_version: i64,
    pub tenant_id: String,
}

pub(super) fn add_routes(ops: &mut Operations) {
    let needs = |operation| {
        Some(Permission {
            resource: "PROCESS_DEFINITION",
            operation,
        })
    };
    ops.add(
        "POST",
        "/process-instances",
        create,
        needs("CREATE_PROCESS_INSTANCE"),
    );
    ops.add(
        "POST",
        "/process-instances/{processInstanceKey}/cancellation",
        cancel,
        needs("CANCEL_PROCESS_INSTANCE"),
    );
}

/// `ProcessInstanceCreationInstruction`, by key or by id; what else it may hold (start
/// instructions, tags, ...) has nothing to act on here and is left.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Creation {
    process_definition_key: Option<Value>,
    process_definition_id: Option<String>,
    /// `-1` or left out: the latest.
    process_definition_version: Option<i64>,
    tenant_id: Option<String>,
    variables: Option<Map<String, Value>>,
}

async fn create(call: Call, StrictJson(body): StrictJson<Creation>) -> ApiResult<Json<Value>> {
    let key = match &body.process_definition_key {
        None => None,
        Some(Value::String(key)) => Some(key.clone()),
        Some(Value::Number(key)) => Some(key.to_string()),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "The processDefinitionKey {other} is not a key."
            )));
        }
    };
    call.change(|identity, when| {
        let definition = match (&key, &body.process_definition_id) {
            (Some(key), None) => identity
                .live_definition(key)
                .filter(|d| d.kind == DefinitionKind::Process)
                .cloned()
                .ok_or_else(|| {
                    ApiError::not_found(format!(
                        "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '{key}', but none found"
                    ))
                })?,
            (None, Some(id)) => {
                let tenant_id = body.tenant_id.as_deref().unwrap_or(DEFAULT_TENANT);
                by_id(identity.live_definitions(), id, tenant_id, body.process_definition_version)
                    .cloned()
                    .ok_or_else(|| {
                        ApiError::not_found(format!(
                            "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '{id}', but none found"
                        ))
                    })?
            }
            _ => {
                return Err(ApiError::bad_request(
                    "Exactly one of processDefinitionKey or processDefinitionId is required.",
                ));
            }
        };
        let instance = ProcessInstance {
            process_instance_key: identity.issue_key(),
            process_definition_key: definition.key,
            process_definition_id: definition.id,
            process_definition_version: definition.version,
            tenant_id: definition.tenant_id,
        };
        let answer = json!({
            "processDefinitionId": instance.process_definition_id,
            "processDefinitionVersion": instance.process_definition_version,
            "tenantId": instance.tenant_id,
            "variables": body.variables.clone().unwrap_or_default(),
            "processDefinitionKey": instance.process_definition_key,
            "processInstanceKey": instance.process_instance_key,
            "tags": [],
            "businessId": null,
        });
        let key = instance.process_instance_key.clone();
        identity.process_instances.set(key, Some(instance), when);
        Ok(Json(answer))
    })
    .await
}

/// The process definition of an id and tenant: of the version given, else the latest.
fn by_id<'a>(
    definitions: impl Iterator<Item = &'a Definition>,
    id: &str,
    tenant_id: &str,
    version: Option<i64>,
) -> Option<&'a Definition> {
    let wanted = version.filter(|v| *v >= 0);
    definitions
        .filter(|d| d.kind == DefinitionKind::Process && d.id == id && d.tenant_id == tenant_id)
        .filter(|d| wanted.is_none_or(|v| d.version == v))
        .max_by_key(|d| d.version)
}

async fn cancel(call: Call, OptionalJson(_): OptionalJson<Value>) -> ApiResult<StatusCode> {
    let key = call.param("processInstanceKey").to_string();
    call.change(|identity, when| {
        if identity.process_instances.current(&key).is_none() {
            return Err(ApiError::not_found(format!(
                "Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '{key}', but no such process was found"
            )));
        }
        identity.process_instances.set(key.clone(), None, when);
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
