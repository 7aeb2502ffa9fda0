//! Tenants: an id, a name and a description.

use serde::{Deserialize, Serialize};

use super::ids;
use super::objects::{Object, Renaming};
use super::search::equals;
use super::store::{Identity, Kind, Table};
use crate::emulator::error::ApiResult;

/// A tenant as the API answers it (`TenantResult`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub tenant_id: String,
    pub name: String,
    pub description: Option<String>,
}

/// `TenantCreateRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewTenant {
    tenant_id: String,
    name: String,
    description: Option<String>,
}

/// `TenantFilter`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenantFilter {
    tenant_id: Option<String>,
    name: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TenantField {
    /// Tenants have no key of their own here: it sorts as the id does.
    Key,
    Name,
    TenantId,
}

impl Object for Tenant {
    const KIND: Kind = Kind::Tenant;
    type Create = NewTenant;
    type Update = Renaming;
    type Filter = TenantFilter;
    type SortField = TenantField;

    fn table(identity: &Identity) -> &Table<String, Self> {
        &identity.tenants
    }

    fn table_mut(identity: &mut Identity) -> &mut Table<String, Self> {
        &mut identity.tenants
    }

    fn id(&self) -> &str {
        &self.tenant_id
    }

    fn create(body: NewTenant) -> ApiResult<Self> {
        ids::check(Kind::Tenant, &body.tenant_id)?;
        let (name, description) = Renaming {
            name: body.name,
            description: body.description,
        }
        .checked()?;
        Ok(Self {
            tenant_id: body.tenant_id,
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

    fn matches(&self, filter: &TenantFilter) -> bool {
        equals(&filter.tenant_id, Some(&self.tenant_id)) && equals(&filter.name, Some(&self.name))
    }

    fn sort_value(&self, field: TenantField) -> Option<&str> {
        Some(match field {
            TenantField::Name => &self.name,
            TenantField::Key | TenantField::TenantId => &self.tenant_id,
        })
    }
}
