//! `camunda_mapping_rules`: every mapping rule of the cluster, read through the same one
//! search per process as the resources' refresh.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::MappingRule;
use crate::provider::machinery::Object;
use crate::provider::machinery::keyed::Listing;
use crate::tf::{Attr, Attribute, Block, DataSource, Schema, Type, call};

/// `camunda_mapping_rules`.
pub struct MappingRules;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MappingRulesModel {
    mapping_rules: Attr<Vec<Entry>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Entry {
    mapping_rule_id: String,
    name: String,
    claim_name: String,
    claim_value: String,
}

#[async_trait]
impl DataSource for Object<MappingRules> {
    type Model = MappingRulesModel;

    const TYPE_NAME: &'static str = "camunda_mapping_rules";

    fn schema() -> Schema {
        let fields = ["mapping_rule_id", "name", "claim_name", "claim_value"];
        let entry = Type::object(fields.map(|f| (f, Type::String)));
        Schema::new(
            Block::new(
                "Lists every mapping rule inside a Camunda 8.8+ cluster (SaaS or Self-Managed), \
                 through the provider's `orchestration_api`.",
            )
            .attribute(
                Attribute::new("mapping_rules", Type::list(entry))
                    .computed()
                    .description("Every mapping rule of the cluster.")
                    .describe_field("mapping_rule_id", "The rule's ID.")
                    .describe_field("name", "The rule's name.")
                    .describe_field("claim_name", "The token claim that the rule reads.")
                    .describe_field("claim_value", "The value the claim must hold."),
            ),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<MappingRulesModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let rules = Listing::<MappingRule>::new(&self.shared)
            .every(api, call.diags)
            .await?;
        let entries = rules.iter().map(|rule| Entry {
            mapping_rule_id: rule.mapping_rule_id.clone(),
            name: rule.name.clone(),
            claim_name: rule.claim_name.clone(),
            claim_value: rule.claim_value.clone(),
        });
        Some(MappingRulesModel {
            mapping_rules: entries.collect(),
        })
    }
}
