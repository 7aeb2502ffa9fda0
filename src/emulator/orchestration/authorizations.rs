//! Authorizations: permissions of an owner (a user, client, role, group or mapping rule)
//! on a resource, named by its id (`*` for all) or by a property of it. Unlike the other
//! kinds, the cluster picks the key, so a create that is repeated makes another one,
//! unless its permissions overlap: an owner may hold a permission on a resource once, and
//! the engine answers 409 on a grant that overlaps one it holds. The owner, resource and
//! permission types, and which permissions each resource type allows, are the client's
//! facts (`crate::orchestration::permissions`).

use std::marker::PhantomData;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use super::ids;
use super::objects::Object;
use super::search::equals;
use super::store::{Identity, Kind, Table};
use crate::emulator::error::{ApiError, ApiResult};
/// An authorization as the API answers it: the client's reading of it.
pub use crate::orchestration::Authorization;
use crate::orchestration::permissions::{
    OWNER_TYPES, PERMISSION_TYPES, RESOURCE_TYPES, permissions_of,
};

/// One of the API's enumerations.
trait Enumeration {
    const NAME: &'static str;
    const VALUES: &'static [&'static str];
}

#[derive(Debug)]
struct OwnerType;
#[derive(Debug)]
struct ResourceType;
#[derive(Debug)]
struct PermissionType;

impl Enumeration for OwnerType {
    const NAME: &'static str = "owner type";
    const VALUES: &'static [&'static str] = OWNER_TYPES;
}

impl Enumeration for ResourceType {
    const NAME: &'static str = "resource type";
    const VALUES: &'static [&'static str] = RESOURCE_TYPES;
}

impl Enumeration for PermissionType {
    const NAME: &'static str = "permission type";
    const VALUES: &'static [&'static str] = PERMISSION_TYPES;
}

/// A value of enumeration `E`, checked as the body is read, so that the 400 names the field.
#[derive(Debug)]
struct OneOf<E>(String, PhantomData<E>);

impl<'de, E: Enumeration> Deserialize<'de> for OneOf<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = String::deserialize(d)?;
        if E::VALUES.contains(&value.as_str()) {
            Ok(Self(value, PhantomData))
        } else {
            Err(D::Error::custom(format!(
                "'{value}' is not a valid {}; valid values are: {}",
                E::NAME,
                E::VALUES.join(", ")
            )))
        }
    }
}

/// `AuthorizationRequest`: the id-based or the property-based form, both of create and
/// of update.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizationRequest {
    owner_id: String,
    owner_type: OneOf<OwnerType>,
    resource_type: OneOf<ResourceType>,
    resource_id: Option<String>,
    resource_property_name: Option<String>,
    permission_types: Vec<OneOf<PermissionType>>,
}

impl AuthorizationRequest {
    /// The checked authorization, with `key`.
    fn checked(self, key: String) -> ApiResult<Authorization> {
        ids::check_given("ownerId", &self.owner_id)?;
        match (&self.resource_id, &self.resource_property_name) {
            (Some(id), None) => ids::check_given("resourceId", id)?,
            (None, Some(name)) => ids::check_given("resourcePropertyName", name)?,
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "Only one of resourceId or resourcePropertyName can be provided.",
                ));
            }
            (None, None) => {
                return Err(ApiError::bad_request(
                    "No resourceId or resourcePropertyName provided.",
                ));
            }
        }
        let resource_type = self.resource_type.0;
        let mut permission_types: Vec<String> = Vec::new();
        for OneOf(permission, _) in self.permission_types {
            if !permission_types.contains(&permission) {
                permission_types.push(permission);
            }
        }
        if permission_types.is_empty() {
            return Err(ApiError::bad_request("No permissionTypes provided."));
        }
        if let Some(allowed) = permissions_of(&resource_type) {
            let refused: Vec<&str> = permission_types
                .iter()
                .map(String::as_str)
                .filter(|p| !allowed.contains(p))
                .collect();
            if !refused.is_empty() {
                return Err(ApiError::bad_request(format!(
                    "Expected to create authorization with permission types '{}' and resource type '{resource_type}', but these permissions are not supported. Supported permission types are: '{}'",
                    refused.join(", "),
                    allowed.join(", ")
                )));
            }
        }
        Ok(Authorization {
            authorization_key: key,
            owner_id: self.owner_id,
            owner_type: self.owner_type.0,
            resource_type,
            resource_id: self.resource_id,
            resource_property_name: self.resource_property_name,
            permission_types,
        })
    }
}

/// `AuthorizationFilter`: a list matches any of its values.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizationFilter {
    owner_id: Option<String>,
    owner_type: Option<OneOf<OwnerType>>,
    resource_type: Option<OneOf<ResourceType>>,
    resource_ids: Option<Vec<String>>,
    resource_property_names: Option<Vec<String>>,
}

/// `AuthorizationSearchQuerySortRequest`'s fields.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AuthorizationField {
    OwnerId,
    OwnerType,
    ResourceId,
    ResourcePropertyName,
    ResourceType,
}

/// Whether `value` is the filter's, when one is given.
fn is<E>(filter: &Option<OneOf<E>>, value: &str) -> bool {
    filter.as_ref().is_none_or(|f| f.0 == value)
}

/// Whether `value` is one of `list`, when a list is given.
fn among(list: &Option<Vec<String>>, value: Option<&str>) -> bool {
    list.as_ref()
        .is_none_or(|list| value.is_some_and(|v| list.iter().any(|x| x == v)))
}

impl Authorization {
    /// The same owner and resource as `other`'s.
    fn same_grant(&self, other: &Self) -> bool {
        self.owner_type == other.owner_type
            && self.owner_id == other.owner_id
            && self.resource_type == other.resource_type
            && self.resource_id == other.resource_id
            && self.resource_property_name == other.resource_property_name
    }

    fn resource(&self) -> &str {
        self.resource_id
            .as_deref()
            .or(self.resource_property_name.as_deref())
            .unwrap_or_default()
    }
}

impl Object for Authorization {
    const KIND: Kind = Kind::Authorization;
    const UPDATE_ANSWERS: bool = false;
    type Create = AuthorizationRequest;
    type Update = AuthorizationRequest;
    type Filter = AuthorizationFilter;
    type SortField = AuthorizationField;

    fn id(&self) -> &str {
        &self.authorization_key
    }

    /// Without a key until [`Object::keyed`] gives it one.
    fn create(body: AuthorizationRequest) -> ApiResult<Self> {
        body.checked(String::new())
    }

    fn update(&self, body: AuthorizationRequest) -> ApiResult<Self> {
        body.checked(self.authorization_key.clone())
    }

    fn matches(&self, filter: &AuthorizationFilter) -> bool {
        equals(&filter.owner_id, Some(&self.owner_id))
            && is(&filter.owner_type, &self.owner_type)
            && is(&filter.resource_type, &self.resource_type)
            && among(&filter.resource_ids, self.resource_id.as_deref())
            && among(
                &filter.resource_property_names,
                self.resource_property_name.as_deref(),
            )
    }

    fn sort_value(&self, field: AuthorizationField) -> Option<&str> {
        match field {
            AuthorizationField::OwnerId => Some(&self.owner_id),
            AuthorizationField::OwnerType => Some(&self.owner_type),
            AuthorizationField::ResourceId => self.resource_id.as_deref(),
            AuthorizationField::ResourcePropertyName => self.resource_property_name.as_deref(),
            AuthorizationField::ResourceType => Some(&self.resource_type),
        }
    }

    /// `AuthorizationCreateResult`.
    fn created(&self) -> Value {
        json!({"authorizationKey": self.authorization_key})
    }

    fn keyed(self, identity: &mut Identity) -> Self {
        Self {
            authorization_key: identity.issue_key(),
            ..self
        }
    }

    /// An owner holds a permission on a resource once.
    fn clash(&self, table: &Table<String, Self>) -> Option<ApiError> {
        table.all_current().find_map(|(key, held)| {
            let overlap: Vec<&str> = self
                .permission_types
                .iter()
                .filter(|p| held.same_grant(self) && held.permission_types.contains(p))
                .map(String::as_str)
                .collect();
            (!overlap.is_empty()).then(|| {
                ApiError::conflict(format!(
                    "Command 'CREATE' rejected with code 'ALREADY_EXISTS': Expected to add permissions '{}' for resource type '{}' and resource '{}' to {} '{}', but authorization '{key}' already holds them.",
                    overlap.join(", "),
                    self.resource_type,
                    self.resource(),
                    self.owner_type,
                    self.owner_id
                ))
            })
        })
    }
}
