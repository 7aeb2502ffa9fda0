//! The plan rules, written once for every resource, in the order Terraform's own
//! framework applies them:
//!
//! 1. start from Terraform's `proposed_new_state` (config, with prior values for
//!    computed attributes left unset);
//! 2. unset attributes with a default take it;
//! 3. when anything differs from the prior state, computed attributes left unset
//!    become unknown, unless they keep their prior value ("use state for unknown");
//! 4. the resource refines the plan;
//! 5. attributes marked `requires_replace` that differ from the prior state replace it.

use super::diagnostics::Diagnostics;
use super::path::Path;
use super::resource::{Ctx, Resource};
use super::schema::{Attribute, Block, Nesting};
use super::value::Value;

/// A planned change, as the resource sees it while refining it.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Null when the resource is being created.
    pub prior: Value,
    /// Null when the resource is being destroyed.
    pub config: Value,
    /// Null when the resource is being destroyed.
    pub planned: Value,
    /// Attributes whose change replaces the resource.
    pub requires_replace: Vec<Path>,
}

impl Plan {
    pub fn is_create(&self) -> bool {
        self.prior.is_null()
    }

    pub fn is_destroy(&self) -> bool {
        self.planned.is_null()
    }

    /// Whether a top-level attribute's planned value differs from its prior one.
    pub fn changes(&self, attribute: &str) -> bool {
        self.prior.attr(attribute) != self.planned.attr(attribute)
    }

    pub fn replaces(&self) -> bool {
        !self.requires_replace.is_empty()
    }
}

/// Plans one resource instance's change.
pub async fn plan_change(
    resource: &dyn Resource,
    block: &Block,
    ctx: &Ctx,
    prior: Value,
    proposed: Value,
    config: Value,
    diags: &mut Diagnostics,
) -> Plan {
    let mut plan = Plan {
        planned: apply_schema_rules(block, &prior, proposed, &config),
        prior,
        config,
        requires_replace: Vec::new(),
    };
    resource.modify_plan(ctx, &mut plan, diags).await;
    if !plan.is_create() && !plan.is_destroy() {
        plan.requires_replace
            .extend(replaced_paths(block, &plan.prior, &plan.planned));
    }
    plan
}

/// Rules 1–3: defaults, then unknowns for computed attributes when anything changes.
pub fn apply_schema_rules(block: &Block, prior: &Value, proposed: Value, config: &Value) -> Value {
    let mut planned = proposed;
    if planned.is_null() {
        return planned;
    }
    visit(
        block,
        &Path::root(),
        &mut planned,
        config,
        prior,
        &mut |attribute, _, slot, config, _| {
            if let (Some(default), true) = (&attribute.default, config.is_null()) {
                *slot = default.clone();
            }
        },
    );
    if !prior.is_null() && planned == *prior {
        return planned;
    }
    visit(
        block,
        &Path::root(),
        &mut planned,
        config,
        prior,
        &mut |attribute, _, slot, config, prior| {
            let unset = config.is_null() && attribute.default.is_none();
            let keeps_prior = attribute.use_state_for_unknown && !prior.is_null();
            if attribute.computed && unset && !keeps_prior {
                *slot = Value::Unknown;
            }
        },
    );
    planned
}

/// Rule 5: the `requires_replace` attributes whose planned value differs from the prior.
pub fn replaced_paths(block: &Block, prior: &Value, planned: &Value) -> Vec<Path> {
    let mut paths = Vec::new();
    let mut planned = planned.clone();
    visit(
        block,
        &Path::root(),
        &mut planned,
        &Value::Null,
        prior,
        &mut |attribute, path, slot, _, prior| {
            if attribute.requires_replace && slot != prior {
                paths.push(path.clone());
            }
        },
    );
    paths
}

type Visitor<'a> = dyn FnMut(&Attribute, &Path, &mut Value, &Value, &Value) + 'a;

/// Calls `f` for each attribute of `block` in `planned` (an object), with the matching
/// configuration and prior values, descending into nested blocks that can be matched
/// element by element (single, group and list nesting).
fn visit(
    block: &Block,
    path: &Path,
    planned: &mut Value,
    config: &Value,
    prior: &Value,
    f: &mut Visitor<'_>,
) {
    let Value::Object(attrs) = planned else {
        return;
    };
    for attribute in &block.attributes {
        if let Some(slot) = attrs.get_mut(&attribute.name) {
            let name = attribute.name.as_str();
            f(
                attribute,
                &path.then_attr(name),
                slot,
                config.attr(name),
                prior.attr(name),
            );
        }
    }
    for nested in &block.blocks {
        let name = nested.type_name.as_str();
        let Some(value) = attrs.get_mut(name) else {
            continue;
        };
        let (config, prior, path) = (config.attr(name), prior.attr(name), path.then_attr(name));
        match (nested.nesting, value) {
            (Nesting::Single | Nesting::Group, value) => {
                visit(&nested.block, &path, value, config, prior, f)
            }
            (Nesting::List, Value::List(elements)) => {
                for (i, element) in elements.iter_mut().enumerate() {
                    let at = |v: &Value| v.elements().get(i).cloned().unwrap_or(Value::Null);
                    visit(
                        &nested.block,
                        &path.then_index(i),
                        element,
                        &at(config),
                        &at(prior),
                        f,
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::schema::NestedBlock;

    fn block() -> Block {
        Block::new("test")
            .attribute(Attribute::string("name").required())
            .attribute(Attribute::string("region").required().requires_replace())
            .attribute(Attribute::string("id").computed().use_state_for_unknown())
            .attribute(Attribute::string("status").computed())
            .attribute(Attribute::bool("protect").default(false))
            .block(NestedBlock::new(
                "timeouts",
                Nesting::Single,
                Block::new("t").attribute(Attribute::string("create").optional()),
            ))
    }

    fn state(name: &str, region: &str) -> Value {
        Value::object([
            ("name", Value::from(name)),
            ("region", region.into()),
            ("id", "x-1".into()),
            ("status", "Healthy".into()),
            ("protect", false.into()),
            ("timeouts", Value::Null),
        ])
    }

    fn config(name: &str, region: &str) -> Value {
        Value::object([
            ("name", Value::from(name)),
            ("region", region.into()),
            ("id", Value::Null),
            ("status", Value::Null),
            ("protect", Value::Null),
            ("timeouts", Value::Null),
        ])
    }

    /// Terraform's proposed new state: config, with prior values for unset computed ones.
    fn proposed(prior: &Value, config: &Value) -> Value {
        let mut proposed = config.clone();
        for name in ["id", "status", "protect"] {
            proposed.set_at(&Path::attr(name), prior.attr(name).clone());
        }
        proposed
    }

    #[test]
    fn create_plans_unknown_computed_values_and_defaults() {
        let cfg = config("a", "eu");
        let planned =
            apply_schema_rules(&block(), &Value::Null, proposed(&Value::Null, &cfg), &cfg);
        assert!(planned.attr("id").is_unknown());
        assert!(planned.attr("status").is_unknown());
        assert_eq!(planned.attr("protect"), &Value::Bool(false));
        assert_eq!(planned.attr("name"), &Value::from("a"));
    }

    #[test]
    fn unchanged_config_plans_the_prior_state() {
        let prior = state("a", "eu");
        let cfg = config("a", "eu");
        let planned = apply_schema_rules(&block(), &prior, proposed(&prior, &cfg), &cfg);
        assert_eq!(planned, prior);
        assert!(replaced_paths(&block(), &prior, &planned).is_empty());
    }

    #[test]
    fn a_change_makes_computed_values_unknown_except_kept_ones() {
        let prior = state("a", "eu");
        let cfg = config("b", "eu");
        let planned = apply_schema_rules(&block(), &prior, proposed(&prior, &cfg), &cfg);
        assert_eq!(planned.attr("id"), &Value::from("x-1"));
        assert!(planned.attr("status").is_unknown());
        assert!(replaced_paths(&block(), &prior, &planned).is_empty());
    }

    #[test]
    fn requires_replace_counts_only_changed_attributes() {
        let prior = state("a", "eu");
        let cfg = config("a", "us");
        let planned = apply_schema_rules(&block(), &prior, proposed(&prior, &cfg), &cfg);
        assert_eq!(
            replaced_paths(&block(), &prior, &planned),
            vec![Path::attr("region")]
        );
    }

    #[test]
    fn destroy_plans_null() {
        let prior = state("a", "eu");
        assert!(apply_schema_rules(&block(), &prior, Value::Null, &Value::Null).is_null());
    }
}
