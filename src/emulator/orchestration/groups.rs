//! Groups: an id, a name and a description.

use serde::{Deserialize, Serialize};

use super::ids;
use super::objects::{Object, Renaming};
use super::search::{StringFilter, equals};
use super::store::{Identity, Kind, Table};
use crate::emulator::error::ApiResult;

/// A group as the API answers it (`GroupResult`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub group_id: String,
    pub name: String,
    pub description: Option<String>,
}

/// `GroupCreateRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewGroup {
    group_id: String,
    name: String,
    description: Option<String>,
}

/// `GroupFilter`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupFilter {
    group_id: Option<StringFilter>,
    name: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GroupField {
    Name,
    GroupId,
}

impl Object for Group {
    const KIND: Kind = Kind::Group;
    type Create = NewGroup;
    type Update = Renaming;
    type Filter = GroupFilter;
    type SortField = GroupField;

    fn table(identity: &Identity) -> &Table<String, Self> {
        &identity.groups
    }

    fn table_mut(identity: &mut Identity) -> &mut Table<String, Self> {
        &mut identity.groups
    }

    fn id(&self) -> &str {
        &self.group_id
    }

    fn create(body: NewGroup) -> ApiResult<Self> {
        ids::check(Kind::Group, &body.group_id)?;
        let (name, description) = Renaming {
            name: body.name,
            description: body.description,
        }
        .checked()?;
        Ok(Self {
            group_id: body.group_id,
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

    fn matches(&self, filter: &GroupFilter) -> bool {
        filter
            .group_id
            .as_ref()
            .is_none_or(|f| f.matches(Some(&self.group_id)))
            && equals(&filter.name, Some(&self.name))
    }

    fn sort_value(&self, field: GroupField) -> Option<&str> {
        Some(match field {
            GroupField::Name => &self.name,
            GroupField::GroupId => &self.group_id,
        })
    }
}
