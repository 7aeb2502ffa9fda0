//! `POST /deployments`: a multipart body of files (`resources` parts, named by their file
//! names) and an optional `tenantId` part. All or nothing: a file that cannot be read, or
//! an id that two files define, refuses the whole deployment with the engine's 400. A
//! file byte-identical to the one the latest version of its id came from makes no new
//! version; every deployment gets a new key.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::access::Call;
use super::definitions::{Definition, DefinitionKind, Requirements};
use super::form_data;
use super::resources::{self, Contents, Named};
use super::store::{Identity, Kind, When};
use super::{Operations, Permission, ids};
use crate::emulator::error::{ApiError, ApiResult};

/// The tenant of a deployment that names none.
pub const DEFAULT_TENANT: &str = "<default>";

pub(super) fn add_routes(ops: &mut Operations) {
    let needs = Permission {
        resource: "RESOURCE",
        operation: "CREATE",
    };
    ops.add("POST", "/deployments", deploy, Some(needs));
}

/// A file of a deployment, read.
struct File {
    name: String,
    text: String,
    contents: Contents,
}

async fn deploy(call: Call, headers: HeaderMap, body: Bytes) -> ApiResult<Json<Value>> {
    let mut tenant_id = DEFAULT_TENANT.to_string();
    let mut files = Vec::new();
    for part in form_data::parse(&headers, &body)? {
        if part.name == "tenantId" {
            tenant_id = String::from_utf8(part.content)
                .map_err(|_| ApiError::bad_request("The tenantId is not UTF-8 text."))?;
            continue;
        }
        let name = part.filename.ok_or_else(|| {
            ApiError::bad_request(format!(
                "The part '{}' is not a file: each resource needs a file name.",
                part.name
            ))
        })?;
        files.push((name, part.content));
    }
    if files.is_empty() {
        return Err(ApiError::bad_request("No resources provided."));
    }
    ids::check(Kind::Tenant, &tenant_id)?;
    let files = read_all(files)?;
    call.change(|identity, when| {
        if tenant_id != DEFAULT_TENANT && !identity.exists(Kind::Tenant, &tenant_id) {
            return Err(ApiError::bad_request(format!(
                "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy resources for tenant '{tenant_id}', but no such tenant exists."
            )));
        }
        let deployment_key = identity.issue_key();
        let mut items = Vec::new();
        for file in &files {
            items.extend(place(identity, file, &tenant_id, when));
        }
        Ok(Json(json!({
            "deploymentKey": deployment_key,
            "tenantId": tenant_id,
            "deployments": items,
        })))
    })
    .await
}

/// Reads every file, or refuses them all with every error found, each after its file's
/// name, as the engine does.
fn read_all(files: Vec<(String, Vec<u8>)>) -> ApiResult<Vec<File>> {
    let mut errors = Vec::new();
    let mut read = Vec::new();
    // Per kind and id, the file that defines it first.
    let mut defined: BTreeMap<(&'static str, String), String> = BTreeMap::new();
    for (name, content) in files {
        let contents = match resources::read(&name, &content) {
            Ok(contents) => contents,
            Err(error) => {
                errors.push(format!("'{name}': {error}"));
                continue;
            }
        };
        for (noun, id) in ids_of(&contents) {
            if let Some(first) = defined.insert((noun, id.clone()), name.clone()) {
                errors.push(format!(
                    "'{name}': Duplicated {noun} id '{id}' in resources '{first}' and '{name}'"
                ));
            }
        }
        let text = String::from_utf8_lossy(&content).into_owned();
        read.push(File {
            name,
            text,
            contents,
        });
    }
    if errors.is_empty() {
        Ok(read)
    } else {
        Err(ApiError::bad_request(format!(
            "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n{}",
            errors.join("\n")
        )))
    }
}

/// The ids a file defines, with what they name.
fn ids_of(contents: &Contents) -> Vec<(&'static str, String)> {
    match contents {
        Contents::Processes(processes) => processes
            .iter()
            .map(|p| ("process", p.id.clone()))
            .collect(),
        Contents::Decisions {
            requirements,
            decisions,
        } => std::iter::once(("decision requirements", requirements.id.clone()))
            .chain(decisions.iter().map(|d| ("decision", d.id.clone())))
            .collect(),
        Contents::Form(id) => vec![("form", id.clone())],
    }
}

/// Stores what a file defines, unless it is the file that the latest versions came
/// from; the deployment's items for it.
fn place(identity: &mut Identity, file: &File, tenant_id: &str, when: When) -> Vec<Value> {
    let mut placed = Placing {
        identity,
        file,
        tenant_id,
        when,
    };
    let definitions = match &file.contents {
        Contents::Processes(processes) => processes
            .iter()
            .map(|p| placed.reused_or_new(DefinitionKind::Process, p))
            .collect(),
        Contents::Decisions {
            requirements,
            decisions,
        } => placed.decisions(requirements, decisions),
        Contents::Form(id) => {
            let form = Named {
                id: id.clone(),
                name: None,
            };
            vec![placed.reused_or_new(DefinitionKind::Form, &form)]
        }
    };
    definitions.iter().map(Definition::deployed).collect()
}

/// The definitions of one file being placed.
struct Placing<'a> {
    identity: &'a mut Identity,
    file: &'a File,
    tenant_id: &'a str,
    when: When,
}

impl Placing<'_> {
    /// The latest definition of this id when it came from this file.
    fn reused(&self, kind: DefinitionKind, id: &str) -> Option<Definition> {
        self.identity
            .latest_definition(kind, self.tenant_id, id)
            .filter(|d| d.is_from(&self.file.name, &self.file.text))
            .cloned()
    }

    fn reused_or_new(&mut self, kind: DefinitionKind, named: &Named) -> Definition {
        self.reused(kind, &named.id)
            .unwrap_or_else(|| self.stored(kind, named, self.file.text.clone(), None))
    }

    /// Decision requirements and their decisions: all as they are when the file is the
    /// same, else all new versions.
    fn decisions(&mut self, requirements: &Named, decisions: &[Named]) -> Vec<Definition> {
        let kind = DefinitionKind::DecisionRequirements;
        if let Some(drd) = self.reused(kind, &requirements.id) {
            let mut found = vec![drd.clone()];
            found.extend(decisions.iter().filter_map(|d| {
                self.identity
                    .latest_definition(DefinitionKind::Decision, self.tenant_id, &d.id)
                    .filter(|d| d.requirements.as_ref().is_some_and(|r| r.key == drd.key))
                    .cloned()
            }));
            return found;
        }
        let drd = self.stored(kind, requirements, self.file.text.clone(), None);
        let of = Requirements {
            key: drd.key.clone(),
            id: drd.id.clone(),
            name: drd.name.clone(),
            version: drd.version,
        };
        let mut made = vec![drd];
        for decision in decisions {
            // The file is kept once, with the requirements.
            made.push(self.stored(
                DefinitionKind::Decision,
                decision,
                String::new(),
                Some(of.clone()),
            ));
        }
        made
    }

    /// A new version with a new key, stored.
    fn stored(
        &mut self,
        kind: DefinitionKind,
        named: &Named,
        content: String,
        requirements: Option<Requirements>,
    ) -> Definition {
        let identity = &mut *self.identity;
        let definition = Definition {
            kind,
            key: identity.issue_key(),
            id: named.id.clone(),
            name: named.name.clone(),
            version: identity.next_version(kind, self.tenant_id, &named.id),
            resource_name: self.file.name.clone(),
            tenant_id: self.tenant_id.to_string(),
            content,
            requirements,
            deleted: false,
        };
        identity
            .definitions
            .set(definition.key.clone(), Some(definition.clone()), self.when);
        definition
    }
}
