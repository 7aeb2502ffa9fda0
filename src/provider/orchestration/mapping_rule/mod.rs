//! `camunda_mapping_rule`: a rule of a Camunda 8.8+ cluster that maps the holders of a claim
//! in the identity provider's tokens (`groups` = `ops`) to a principal, which roles, groups,
//! tenants and authorizations then name (`member_type` or `owner_type` `MAPPING_RULE`).
//! Listed by `camunda_mapping_rules` (`list.rs`).
//!
//! - `mapping_rule_id` replaces the rule when it changes; `name`, `claim_name` and
//!   `claim_value` change in place.
//! - A create is made exactly once and every write waits until reads show it
//!   (`machinery::keyed`); a refresh reads every rule with one search per process.

mod list;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use list::MappingRules;

use crate::orchestration::{MappingRule as Found, MappingRuleUpdate};
use crate::provider::machinery::Object;
use crate::provider::machinery::keyed::{Keyed, Kind};
use crate::tf::validators::{identifier, not_blank};
use crate::tf::{Attr, Attribute, Block, Resource, Schema, call};

/// `camunda_mapping_rule`.
pub struct MappingRule;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MappingRuleModel {
    mapping_rule_id: Attr<String>,
    name: Attr<String>,
    claim_name: Attr<String>,
    claim_value: Attr<String>,
    id: Attr<String>,
}

impl MappingRuleModel {
    fn of(found: &Found) -> MappingRuleModel {
        MappingRuleModel {
            mapping_rule_id: found.mapping_rule_id.as_str().into(),
            name: found.name.as_str().into(),
            claim_name: found.claim_name.as_str().into(),
            claim_value: found.claim_value.as_str().into(),
            id: found.mapping_rule_id.as_str().into(),
        }
    }

    /// What the configuration asks for, as a read shows it.
    fn asked(&self) -> Found {
        Found {
            mapping_rule_id: self.mapping_rule_id.as_str().to_owned(),
            name: self.name.as_str().to_owned(),
            claim_name: self.claim_name.as_str().to_owned(),
            claim_value: self.claim_value.as_str().to_owned(),
        }
    }
}

fn update_of(rule: &Found) -> MappingRuleUpdate {
    MappingRuleUpdate {
        name: rule.name.clone(),
        claim_name: rule.claim_name.clone(),
        claim_value: rule.claim_value.clone(),
    }
}

/// A mapping rule is keyed by its ID.
impl Keyed for MappingRule {
    const KIND: Kind = Kind {
        what: "mapping rule",
        type_name: "camunda_mapping_rule",
        id_attr: "mapping_rule_id",
    };
    type Found = Found;
    type Asked = Found;

    fn shows(found: &Found, asked: &Found) -> bool {
        found == asked
    }
}

#[async_trait]
impl Resource for Object<MappingRule> {
    type Model = MappingRuleModel;

    const TYPE_NAME: &'static str = MappingRule::KIND.type_name;

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "A mapping rule of a Camunda 8.8+ cluster (SaaS or Self-Managed): whoever signs in \
                 with a token whose claim `claim_name` holds `claim_value` (for instance the \
                 identity provider's group claim) is this rule's principal. Roles, groups and \
                 tenants take it as a member (`member_type = \"MAPPING_RULE\"`), authorizations \
                 as an owner. Its ID replaces it when it changes; the rest changes in place. \
                 Import it by its ID.",
            )
            .attribute(
                Attribute::string("mapping_rule_id")
                    .required()
                    .requires_replace()
                    .validate(identifier(256, "_~@.+-"))
                    .description("The rule's ID, unique in the cluster. A change replaces it."),
            )
            .attribute(
                Attribute::string("name")
                    .required()
                    .validate(not_blank(usize::MAX))
                    .description("The rule's name; changes in place."),
            )
            .attribute(
                Attribute::string("claim_name")
                    .required()
                    .validate(not_blank(usize::MAX))
                    .description(
                        "The token claim that the rule reads, such as `groups`; changes in place.",
                    ),
            )
            .attribute(
                Attribute::string("claim_value")
                    .required()
                    .validate(not_blank(usize::MAX))
                    .description(
                        "The value the claim must hold (for a list claim, one of its values); \
                         changes in place.",
                    ),
            )
            .attribute(Attribute::kept_string("id").description("The import ID: the rule's ID.")),
        )
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<MappingRuleModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let asked = call.planned.asked();
        let id = asked.mapping_rule_id.as_str();
        let send = || async { api.create_mapping_rule(&asked).await.map(drop) };
        let holds = |found: &Found| {
            format!(
                "the name {:?} and the claim {:?} = {:?}",
                found.name, found.claim_name, found.claim_value
            )
        };
        self.listed()
            .create(api, id, &asked, send, holds, call.diags)
            .await?;
        Some(MappingRuleModel::of(&asked))
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<MappingRuleModel> {
        let id = call.state.mapping_rule_id.as_str();
        self.listed()
            .refresh(call.state, id, MappingRuleModel::of, call.diags)
            .await
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> MappingRuleModel {
        let Some(api) = self.shared.cluster_api.get(call.diags) else {
            return call.prior.clone();
        };
        let asked = call.planned.asked();
        let id = asked.mapping_rule_id.as_str();
        let change = update_of(&asked);
        let send = async { api.update_mapping_rule(id, &change).await.map(drop) };
        if !self
            .listed()
            .update(api, id, &asked, send, call.diags)
            .await
        {
            return call.prior.clone();
        }
        MappingRuleModel::of(&asked)
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let id = call.prior.mapping_rule_id.as_str();
        self.listed().delete(id, call.diags).await;
    }

    async fn import(&self, call: call::Import<'_>) -> Option<MappingRuleModel> {
        let found = self.listed().import(call.id, call.diags).await?;
        Some(MappingRuleModel::of(&found))
    }
}
