//! The plan rules, written once for every resource, in the order Terraform's own
//! framework applies them:
//!
//! 1. start from Terraform's `proposed_new_state` (config, with prior values for
//!    computed attributes left unset);
//! 2. unset attributes with a default take it (in set elements too, where "unset" is
//!    null in the element itself, as set elements have no configuration to match);
//! 3. when anything differs from the prior state, computed attributes left unset
//!    become unknown, unless they keep their prior value ("use state for unknown",
//!    "keep when unset");
//! 4. attributes marked `requires_replace` that differ from the prior state replace it;
//! 5. the resource refines the plan, knowing whether it replaces ([`Plan`]).

use super::path::Path;
use super::schema::{Attribute, Block, Nesting};
use super::value::Value;

/// A planned change, as the resource sees it while refining it.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan<M> {
    prior: Option<M>,
    config: Option<M>,
    planned: Option<M>,
    replace: Vec<Path>,
}

/// What a plan does, with the models the resource may read and the one it may refine.
pub enum Change<'p, M> {
    Create {
        config: &'p M,
        planned: &'p mut M,
    },
    Update {
        prior: &'p M,
        config: &'p M,
        planned: &'p mut M,
        /// Whether the change replaces the object (delete, then create).
        replacing: bool,
    },
    Destroy {
        prior: &'p M,
    },
}

impl<M> Plan<M> {
    /// A plan from its parts: `prior` is `None` on create, `config` and `planned` are
    /// `None` on destroy; `replace` holds the paths whose change replaces the object.
    pub fn new(
        prior: Option<M>,
        config: Option<M>,
        planned: Option<M>,
        replace: Vec<Path>,
    ) -> Plan<M> {
        Plan {
            prior,
            config,
            planned,
            replace,
        }
    }

    pub fn change(&mut self) -> Change<'_, M> {
        let replacing = !self.replace.is_empty();
        match (&self.prior, &self.config, &mut self.planned) {
            (None, Some(config), Some(planned)) => Change::Create { config, planned },
            (Some(prior), Some(config), Some(planned)) => Change::Update {
                prior,
                config,
                planned,
                replacing,
            },
            (Some(prior), _, None) => Change::Destroy { prior },
            _ => unreachable!("a plan has a prior state, a planned state, or both"),
        }
    }

    /// Whether the change replaces the object.
    pub fn replacing(&self) -> bool {
        !self.replace.is_empty()
    }

    /// The planned object when the apply creates one: a create, or a replacement.
    pub fn new_object(&self) -> Option<&M> {
        match (&self.prior, &self.planned) {
            (None, planned) => planned.as_ref(),
            (Some(_), Some(planned)) if self.replacing() => Some(planned),
            (Some(_), _) => None,
        }
    }

    /// Makes a change of `path` replace the object.
    pub fn require_replace(&mut self, path: Path) {
        if !self.replace.contains(&path) {
            self.replace.push(path);
        }
    }

    pub fn requires_replace(&self) -> &[Path] {
        &self.replace
    }

    /// The planned model, `None` on destroy.
    pub fn into_planned(self) -> Option<M> {
        self.planned
    }
}

/// Rules 1–3: defaults, then unknowns for computed attributes when anything changes.
pub fn apply_schema_rules(block: &Block, prior: &Value, proposed: Value, config: &Value) -> Value {
    let mut planned = proposed;
    if planned.is_null() {
        return planned;
    }
    // Both passes see every attribute, set elements included.
    let each = |planned: &mut Value, f: &mut Visitor<'_>| {
        visit(block, &Path::root(), planned, config, prior, Sets::Visit, f)
    };
    each(&mut planned, &mut |attribute, _, slot, config, _| {
        if let (Some(default), true) = (&attribute.default, config.is_null()) {
            *slot = default.clone();
        }
    });
    if !prior.is_null() && planned == *prior {
        return planned;
    }
    let exists = !prior.is_null();
    each(&mut planned, &mut |attribute, _, slot, config, prior| {
        let unset = config.is_null() && attribute.default.is_none();
        if !(attribute.computed && unset) {
            return;
        }
        if exists && attribute.keep_when_unset {
            *slot = prior.clone();
        } else if !attribute.use_state_for_unknown || prior.is_null() {
            *slot = Value::Unknown;
        }
    });
    planned
}

/// Rule 4: the `requires_replace` attributes whose planned value differs from the prior.
pub fn replaced_paths(block: &Block, prior: &Value, planned: &Value) -> Vec<Path> {
    let mut paths = Vec::new();
    let mut planned = planned.clone();
    visit(
        block,
        &Path::root(),
        &mut planned,
        &Value::Null,
        prior,
        Sets::Skip,
        &mut |attribute, path, slot, _, prior| {
            if attribute.requires_replace && slot != prior {
                paths.push(path.clone());
            }
        },
    );
    paths
}

type Visitor<'a> = dyn FnMut(&Attribute, &Path, &mut Value, &Value, &Value) + 'a;

/// Whether [`visit`] descends into set elements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sets {
    /// Each element stands for its own configuration, with no prior value: set elements
    /// cannot be matched with either.
    Visit,
    Skip,
}

/// Calls `f` for each attribute of `block` in `planned` (an object), with the matching
/// configuration and prior values, descending into nested blocks that can be matched
/// element by element (single, group and list nesting), and into sets as `sets` says.
fn visit(
    block: &Block,
    path: &Path,
    planned: &mut Value,
    config: &Value,
    prior: &Value,
    sets: Sets,
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
                visit(&nested.block, &path, value, config, prior, sets, f)
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
                        sets,
                        f,
                    );
                }
            }
            (Nesting::Set, Value::Set(elements)) if sets == Sets::Visit => {
                for element in elements.iter_mut() {
                    let own = element.clone();
                    visit(&nested.block, &path, element, &own, &Value::Null, sets, f);
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

    /// The plan from `prior` to `config`, as Terraform proposes it.
    fn planned(prior: &Value, config: &Value) -> Value {
        apply_schema_rules(&block(), prior, proposed(prior, config), config)
    }

    #[test]
    fn create_plans_unknown_computed_values_and_defaults() {
        let planned = planned(&Value::Null, &config("a", "eu"));
        assert!(planned.attr("id").is_unknown());
        assert!(planned.attr("status").is_unknown());
        assert_eq!(planned.attr("protect"), &Value::Bool(false));
        assert_eq!(planned.attr("name"), &Value::from("a"));
    }

    #[test]
    fn unchanged_config_plans_the_prior_state() {
        let prior = state("a", "eu");
        let planned = planned(&prior, &config("a", "eu"));
        assert_eq!(planned, prior);
        assert!(replaced_paths(&block(), &prior, &planned).is_empty());
    }

    #[test]
    fn a_change_makes_computed_values_unknown_except_kept_ones() {
        let prior = state("a", "eu");
        let planned = planned(&prior, &config("b", "eu"));
        assert_eq!(planned.attr("id"), &Value::from("x-1"));
        assert!(planned.attr("status").is_unknown());
        assert!(replaced_paths(&block(), &prior, &planned).is_empty());
    }

    #[test]
    fn requires_replace_counts_only_changed_attributes() {
        let prior = state("a", "eu");
        let planned = planned(&prior, &config("a", "us"));
        assert_eq!(
            replaced_paths(&block(), &prior, &planned),
            vec![Path::attr("region")]
        );
    }

    #[test]
    fn set_elements_take_defaults_from_their_own_values_and_never_replace() {
        let block = Block::new("test").block(NestedBlock::new(
            "rule",
            Nesting::Set,
            Block::new("r")
                .attribute(Attribute::string("ip").required().requires_replace())
                .attribute(Attribute::string("note").default("")),
        ));
        let rule = |ip: &str, note: Value| Value::object([("ip", Value::from(ip)), ("note", note)]);
        let rules = |items: Vec<Value>| Value::object([("rule", Value::Set(items))]);
        let config = rules(vec![rule("a", Value::Null), rule("b", "office".into())]);
        let planned = apply_schema_rules(&block, &Value::Null, config.clone(), &config);
        assert_eq!(
            planned,
            rules(vec![rule("a", "".into()), rule("b", "office".into())])
        );
        let prior = rules(vec![rule("a", "".into())]);
        assert!(replaced_paths(&block, &prior, &planned).is_empty());
    }

    #[test]
    fn destroy_plans_null() {
        let prior = state("a", "eu");
        assert!(apply_schema_rules(&block(), &prior, Value::Null, &Value::Null).is_null());
    }
}
