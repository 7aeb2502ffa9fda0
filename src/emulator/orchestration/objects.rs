//! What every kind of object offers: create (with the id the caller chooses, 409 when it
//! is taken; or with a key the cluster picks), get, update, delete (with the object's
//! memberships), and search. Each kind says how its bodies make and change it, how it
//! filters and sorts, and what it answers.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::access::{Call, not_found};
use super::ids;
use super::search::{self, Found, Query};
use super::store::{Identity, Kind, Stored, Table, When};
use crate::emulator::body::{OptionalJson, StrictJson};
use crate::emulator::error::{ApiError, ApiResult};

/// A kind of object of the API.
pub trait Object: Stored + Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    const KIND: Kind;
    /// Whether its update answers with the object (200) rather than with nothing (204).
    const UPDATE_ANSWERS: bool = true;
    /// The body of its create.
    type Create: DeserializeOwned + Send + 'static;
    /// The body of its update.
    type Update: DeserializeOwned + Send + 'static;
    type Filter: DeserializeOwned + Send + 'static;
    type SortField: DeserializeOwned + Copy + Send + 'static;

    fn id(&self) -> &str;
    /// Checks a create body and makes the object.
    fn create(body: Self::Create) -> ApiResult<Self>;
    /// Checks an update body and gives the changed object.
    fn update(&self, body: Self::Update) -> ApiResult<Self>;
    fn matches(&self, filter: &Self::Filter) -> bool;
    fn sort_value(&self, field: Self::SortField) -> Option<&str>;

    /// The object as the API answers it.
    fn answer(&self) -> Value {
        serde_json::to_value(self).expect("an object serializes")
    }

    /// What its create answers.
    fn created(&self) -> Value {
        self.answer()
    }

    /// A new object with its id, for kinds whose ids the cluster rather than the caller
    /// picks.
    fn keyed(self, _identity: &mut Identity) -> Self {
        self
    }

    /// Another object that this one may not exist beside, besides one with its id.
    fn clash(&self, _table: &Table<String, Self>) -> Option<ApiError> {
        None
    }
}

pub async fn create<O: Object>(
    call: Call,
    StrictJson(body): StrictJson<O::Create>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let object = O::create(body)?;
    call.change(|identity, when| {
        let table = O::table(identity);
        let id = object.id();
        if table.current(id).is_some() {
            let noun = O::KIND.noun();
            return Err(ApiError::conflict(format!(
                "Command 'CREATE' rejected with code 'ALREADY_EXISTS': Expected to create {noun} with {} '{id}', but a {noun} with this {} already exists.",
                O::KIND.id_param(),
                O::KIND.id_param()
            )));
        }
        if let Some(clash) = object.clash(table) {
            return Err(clash);
        }
        let object = object.keyed(identity);
        let answer = object.created();
        O::table_mut(identity).set(object.id().to_string(), Some(object), when);
        Ok((StatusCode::CREATED, Json(answer)))
    })
    .await
}

pub async fn get<O: Object>(call: Call) -> ApiResult<Json<Value>> {
    let id = call.param(O::KIND.id_param());
    call.read(|identity, at| {
        O::table(identity)
            .visible(id, at)
            .map(|object| Json(object.answer()))
            .ok_or_else(|| not_found(O::KIND, id))
    })
}

pub async fn update<O: Object>(
    call: Call,
    StrictJson(body): StrictJson<O::Update>,
) -> ApiResult<Response> {
    let id = call.param(O::KIND.id_param()).to_string();
    let answer = call
        .change(|identity, when| apply_update::<O>(identity, &id, body, when))
        .await?;
    Ok(if O::UPDATE_ANSWERS {
        Json(answer).into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    })
}

/// Changes an object as its update body says; gives its answer.
pub fn apply_update<O: Object>(
    identity: &mut Identity,
    id: &str,
    body: O::Update,
    when: When,
) -> ApiResult<Value> {
    let table = O::table_mut(identity);
    let changed = table
        .current(id)
        .ok_or_else(|| rejected("UPDATE", O::KIND, id))?
        .update(body)?;
    let answer = changed.answer();
    table.set(id.to_string(), Some(changed), when);
    Ok(answer)
}

pub async fn delete<O: Object>(call: Call) -> ApiResult<StatusCode> {
    let id = call.param(O::KIND.id_param()).to_string();
    call.change(|identity, when| apply_delete::<O>(identity, &id, when))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes an object and its memberships.
pub fn apply_delete<O: Object>(identity: &mut Identity, id: &str, when: When) -> ApiResult<()> {
    let table = O::table_mut(identity);
    if table.current(id).is_none() {
        return Err(rejected("DELETE", O::KIND, id));
    }
    table.set(id.to_string(), None, when);
    identity.forget_memberships(O::KIND, id, when);
    Ok(())
}

/// The 404 of a write that finds no object, in the engine's words.
pub fn rejected(command: &str, kind: Kind, id: &str) -> ApiError {
    let noun = kind.noun();
    ApiError::not_found(format!(
        "Command '{command}' rejected with code 'NOT_FOUND': Expected to {} {noun} with {} '{id}', but a {noun} with this {} does not exist.",
        command.to_lowercase(),
        kind.id_param(),
        kind.id_param()
    ))
}

pub async fn search<O: Object>(
    call: Call,
    OptionalJson(query): OptionalJson<Query<O::Filter, O::SortField>>,
) -> ApiResult<Json<Value>> {
    call.read(|identity, at| search_where::<O>(identity, at, &query, |_| true))
        .map(Json)
}

/// Searches the objects that reads see at `at` and that `keep` keeps.
pub fn search_where<O: Object>(
    identity: &Identity,
    at: u64,
    query: &Query<O::Filter, O::SortField>,
    keep: impl Fn(&str) -> bool,
) -> ApiResult<Value> {
    let found: Vec<Listed<O>> = O::table(identity)
        .all_visible(at)
        .map(|(_, object)| object)
        .filter(|object| keep(object.id()))
        .filter(|object| query.filter.as_ref().is_none_or(|f| object.matches(f)))
        .map(Listed)
        .collect();
    search::answer(found, &query.sort, &query.page)
}

/// An object in a search's answer.
struct Listed<'a, O>(&'a O);

impl<O: Object> Found for Listed<'_, O> {
    type Field = O::SortField;

    fn sort_value(&self, field: O::SortField) -> Option<&str> {
        self.0.sort_value(field)
    }

    fn id(&self) -> &str {
        self.0.id()
    }

    fn answer(&self) -> Value {
        self.0.answer()
    }
}

/// The update body of roles, groups and tenants: a new name and description.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renaming {
    pub name: String,
    pub description: Option<String>,
}

impl Renaming {
    /// The checked name and description. The API's description requires only the name;
    /// a description left out (or null) is none, which the records keep as `""`.
    pub fn checked(self) -> ApiResult<(String, String)> {
        ids::check_given("name", &self.name)?;
        Ok((self.name, self.description.unwrap_or_default()))
    }
}
