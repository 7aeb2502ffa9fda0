//! Roles: an id, a name and a description.

use serde::{Deserialize, Serialize};

use super::ids;
use super::objects::{Object, Renaming};
use super::search::equals;
use super::store::{Identity, Kind, Table};
use crate::emulator::error::ApiResult;

/// A role as the API answers it (`RoleResult`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub role_id: String,
    pub name: String,
    pub description: Option<String>,
}

/// `RoleCreateRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewRole {
    role_id: String,
    name: String,
    description: Option<String>,
}

/// `RoleFilter`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleFilter {
    role_id: Option<String>,
    name: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RoleField {
    Name,
    RoleId,
}

impl Object for Role {
    const KIND: Kind = Kind::Role;
    type Create = NewRole;
    type Update = Renaming;
    type Filter = RoleFilter;
    type SortField = RoleField;

    fn table(identity: &Identity) -> &Table<String, Self> {
        &identity.roles
    }

    fn table_mut(identity: &mut Identity) -> &mut Table<String, Self> {
        &mut identity.roles
    }

    fn id(&self) -> &str {
        &self.role_id
    }

    fn create(body: NewRole) -> ApiResult<Self> {
        ids::check(Kind::Role, &body.role_id)?;
        let (name, description) = Renaming {
            name: body.name,
            description: body.description,
        }
        .checked()?;
        Ok(Self {
            role_id: body.role_id,
            name,
            description,
        })
    }

    fn update(&self, body: Renaming) -> ApiResult<Self> {
        let (name, description) = body.checked()?;
        Ok(Self {
            name,
            description,
            ..self.clone()
        })
    }

    fn matches(&self, filter: &RoleFilter) -> bool {
        equals(&filter.role_id, Some(&self.role_id)) && equals(&filter.name, Some(&self.name))
    }

    fn sort_value(&self, field: RoleField) -> Option<&str> {
        Some(match field {
            RoleField::Name => &self.name,
            RoleField::RoleId => &self.role_id,
        })
    }
}
