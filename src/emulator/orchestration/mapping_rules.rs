//! Mapping rules: an id, a name, and the claim (name and value) of the tokens they map.

use serde::{Deserialize, Serialize};

use super::ids;
use super::objects::Object;
use super::search::equals;
use super::store::{Kind, Table};
use crate::emulator::error::{ApiError, ApiResult};

/// A mapping rule as the API answers it (`MappingRuleResult`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingRule {
    pub mapping_rule_id: String,
    pub claim_name: String,
    pub claim_value: String,
    pub name: String,
}

/// `MappingRuleCreateRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewMappingRule {
    mapping_rule_id: String,
    claim_name: String,
    claim_value: String,
    name: String,
}

/// `MappingRuleUpdateRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MappingRuleChange {
    claim_name: String,
    claim_value: String,
    name: String,
}

impl MappingRuleChange {
    fn checked(self) -> ApiResult<Self> {
        ids::check_given("claimName", &self.claim_name)?;
        ids::check_given("claimValue", &self.claim_value)?;
        ids::check_given("name", &self.name)?;
        Ok(self)
    }
}

/// `MappingRuleFilter`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MappingRuleFilter {
    claim_name: Option<String>,
    claim_value: Option<String>,
    name: Option<String>,
    mapping_rule_id: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MappingRuleField {
    MappingRuleId,
    ClaimName,
    ClaimValue,
    Name,
}

impl Object for MappingRule {
    const KIND: Kind = Kind::MappingRule;
    type Create = NewMappingRule;
    type Update = MappingRuleChange;
    type Filter = MappingRuleFilter;
    type SortField = MappingRuleField;

    fn id(&self) -> &str {
        &self.mapping_rule_id
    }

    fn create(body: NewMappingRule) -> ApiResult<Self> {
        ids::check(Kind::MappingRule, &body.mapping_rule_id)?;
        let rule = Self {
            mapping_rule_id: body.mapping_rule_id,
            claim_name: String::new(),
            claim_value: String::new(),
            name: String::new(),
        };
        rule.update(MappingRuleChange {
            claim_name: body.claim_name,
            claim_value: body.claim_value,
            name: body.name,
        })
    }

    fn update(&self, body: MappingRuleChange) -> ApiResult<Self> {
        let body = body.checked()?;
        Ok(Self {
            mapping_rule_id: self.mapping_rule_id.clone(),
            claim_name: body.claim_name,
            claim_value: body.claim_value,
            name: body.name,
        })
    }

    fn matches(&self, filter: &MappingRuleFilter) -> bool {
        equals(&filter.claim_name, Some(&self.claim_name))
            && equals(&filter.claim_value, Some(&self.claim_value))
            && equals(&filter.name, Some(&self.name))
            && equals(&filter.mapping_rule_id, Some(&self.mapping_rule_id))
    }

    fn sort_value(&self, field: MappingRuleField) -> Option<&str> {
        Some(match field {
            MappingRuleField::MappingRuleId => &self.mapping_rule_id,
            MappingRuleField::ClaimName => &self.claim_name,
            MappingRuleField::ClaimValue => &self.claim_value,
            MappingRuleField::Name => &self.name,
        })
    }

    /// The engine keeps one rule per claim.
    fn clash(&self, table: &Table<String, Self>) -> Option<ApiError> {
        let same_claim = table.all_current().any(|(_, rule)| {
            rule.claim_name == self.claim_name && rule.claim_value == self.claim_value
        });
        same_claim.then(|| {
            ApiError::conflict(format!(
                "Command 'CREATE' rejected with code 'ALREADY_EXISTS': Expected to create mapping rule with claimName '{}' and claimValue '{}', but a mapping rule with this claim already exists.",
                self.claim_name, self.claim_value
            ))
        })
    }
}
