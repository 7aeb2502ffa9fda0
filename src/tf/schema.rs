//! Schemas: what Terraform is told about each block, plus the plan behaviour of each
//! attribute (replacement, defaults, keeping state for unknowns, validation), which
//! stays on the provider's side of the wire.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::path::Path;
use super::types::Type;
use super::value::Value;

#[derive(Clone, Debug)]
pub struct Schema {
    /// Bumped when the stored state's shape changes; older states are upgraded.
    pub version: i64,
    pub block: Block,
}

impl Schema {
    pub fn new(block: Block) -> Schema {
        Schema { version: 0, block }
    }

    pub fn version(mut self, version: i64) -> Schema {
        self.version = version;
        self
    }

    pub fn value_type(&self) -> Type {
        self.block.value_type()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub description: String,
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    pub deprecated: bool,
}

impl Block {
    pub fn new(description: impl Into<String>) -> Block {
        Block {
            description: description.into(),
            ..Block::default()
        }
    }

    pub fn attribute(mut self, attribute: Attribute) -> Block {
        self.attributes.push(attribute);
        self
    }

    pub fn block(mut self, block: NestedBlock) -> Block {
        self.blocks.push(block);
        self
    }

    /// The object type of this block's values.
    pub fn value_type(&self) -> Type {
        let attributes = self
            .attributes
            .iter()
            .map(|a| (a.name.as_str(), a.ty.clone()));
        let blocks = self
            .blocks
            .iter()
            .map(|b| (b.type_name.as_str(), b.value_type()));
        Type::object(attributes.chain(blocks))
    }

    pub fn find_attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    Single,
    List,
    Set,
    Map,
    /// Like `Single`, but never null: an absent block is an object of nulls.
    Group,
}

#[derive(Clone, Debug)]
pub struct NestedBlock {
    pub type_name: String,
    pub block: Block,
    pub nesting: Nesting,
    pub min_items: i64,
    pub max_items: i64,
}

impl NestedBlock {
    pub fn new(type_name: &str, nesting: Nesting, block: Block) -> NestedBlock {
        NestedBlock {
            type_name: type_name.to_owned(),
            block,
            nesting,
            min_items: 0,
            max_items: 0,
        }
    }

    pub fn value_type(&self) -> Type {
        let object = self.block.value_type();
        match self.nesting {
            Nesting::Single | Nesting::Group => object,
            Nesting::List => Type::list(object),
            Nesting::Set => Type::set(object),
            Nesting::Map => Type::map(object),
        }
    }
}

/// Checks one known, non-null value; the error says what would be valid.
pub type Check = Arc<dyn Fn(&Value) -> Result<(), String> + Send + Sync>;

#[derive(Clone)]
pub struct Validator {
    /// What a valid value looks like, for the docs.
    pub description: String,
    pub check: Check,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Validator").field(&self.description).finish()
    }
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: String,
    pub ty: Type,
    pub description: String,
    pub required: bool,
    pub optional: bool,
    pub computed: bool,
    pub sensitive: bool,
    pub deprecated: bool,
    /// A change of this attribute replaces the resource.
    pub requires_replace: bool,
    /// While unset in configuration, the prior value carries over instead of becoming
    /// unknown when something else changes.
    pub use_state_for_unknown: bool,
    /// While unset in configuration, the prior value carries over even when it is null:
    /// for arguments that the API decides once, at create, and that replace the object
    /// when they change.
    pub keep_when_unset: bool,
    /// The planned value when the configuration leaves the attribute unset.
    pub default: Option<Value>,
    pub validators: Vec<Validator>,
    /// Descriptions of the attributes of an object type (or of a collection of objects),
    /// by their path below this attribute: `zeebe`, `allowed_generations.id`. For the docs.
    pub field_descriptions: BTreeMap<String, String>,
    /// Set in configuration only (Terraform 1.11 and later): Terraform keeps it out of plans
    /// and state, and the provider answers null for it everywhere. Never computed, and never
    /// inside a set.
    pub write_only: bool,
    /// The attribute that a Terraform older than 1.11 can use instead, named in the error it
    /// gets when the configuration sets this write-only one.
    pub write_only_fallback: Option<String>,
}

/// Builder methods that each turn on the attribute's flag of the same name.
macro_rules! flags {
    ($($flag:ident)*) => {$(
        pub fn $flag(mut self) -> Attribute {
            self.$flag = true;
            self
        }
    )*};
}

impl Attribute {
    pub fn new(name: &str, ty: Type) -> Attribute {
        Attribute {
            name: name.to_owned(),
            ty,
            description: String::new(),
            required: false,
            optional: false,
            computed: false,
            sensitive: false,
            deprecated: false,
            requires_replace: false,
            use_state_for_unknown: false,
            keep_when_unset: false,
            default: None,
            validators: Vec::new(),
            field_descriptions: BTreeMap::new(),
            write_only: false,
            write_only_fallback: None,
        }
    }

    pub fn string(name: &str) -> Attribute {
        Attribute::new(name, Type::String)
    }

    /// A computed string that plans keep from the state: what the API sets once, such as
    /// an ID.
    pub fn kept_string(name: &str) -> Attribute {
        Attribute::string(name).computed().use_state_for_unknown()
    }

    pub fn bool(name: &str) -> Attribute {
        Attribute::new(name, Type::Bool)
    }

    pub fn description(mut self, text: impl Into<String>) -> Attribute {
        self.description = text.into();
        self
    }

    /// Describes the attribute at `path` inside this one's object type (see
    /// [`Attribute::field_descriptions`]).
    pub fn describe_field(mut self, path: &str, text: impl Into<String>) -> Attribute {
        self.field_descriptions.insert(path.to_owned(), text.into());
        self
    }

    /// Describes this one's object fields as the `attributes` of the same names are
    /// described, nested fields included: for a list of objects that a data source also
    /// serves one at a time.
    pub fn describe_fields_as<'a>(
        mut self,
        attributes: impl IntoIterator<Item = &'a Attribute>,
    ) -> Attribute {
        for attribute in attributes {
            let name = &attribute.name;
            for (path, text) in &attribute.field_descriptions {
                self.field_descriptions
                    .insert(format!("{name}.{path}"), text.clone());
            }
            self.field_descriptions
                .insert(name.clone(), attribute.description.clone());
        }
        self
    }

    flags! {
        required optional computed sensitive requires_replace use_state_for_unknown
        keep_when_unset
    }

    /// A default makes the attribute optional and computed, as Terraform requires of
    /// an attribute whose planned value may differ from an unset configuration.
    pub fn default(mut self, value: impl Into<Value>) -> Attribute {
        self.default = Some(value.into());
        self.optional = true;
        self.computed = true;
        self
    }

    pub fn validate(mut self, validator: Validator) -> Attribute {
        self.validators.push(validator);
        self
    }

    /// Makes the attribute write-only; `fallback` names the attribute that older Terraform
    /// versions can use instead, if there is one.
    pub fn write_only(mut self, fallback: Option<&str>) -> Attribute {
        self.write_only = true;
        self.write_only_fallback = fallback.map(str::to_owned);
        self
    }
}

impl Block {
    /// The write-only attributes of this block and the blocks nested in it, with their
    /// paths in `value` (a value of this block), where `value` sets them (not null).
    pub fn write_only_values(&self, value: &Value) -> Vec<(Path, &Attribute)> {
        let mut found = Vec::new();
        self.visit_write_only(value, &Path::root(), &mut |path, attribute, value| {
            if !value.is_null() {
                found.push((path, attribute));
            }
        });
        found
    }

    /// Sets every write-only attribute in `value` (a value of this block) to null.
    pub fn null_write_only(&self, value: &mut Value) {
        for path in self
            .write_only_values(value)
            .into_iter()
            .map(|(path, _)| path)
        {
            value.set_at(&path, Value::Null);
        }
    }

    fn visit_write_only<'s>(
        &'s self,
        value: &Value,
        path: &Path,
        found: &mut dyn FnMut(Path, &'s Attribute, &Value),
    ) {
        for attribute in self.attributes.iter().filter(|a| a.write_only) {
            found(
                path.then_attr(&attribute.name),
                attribute,
                value.attr(&attribute.name),
            );
        }
        for (nested, object, path) in self.nested_objects(value, path) {
            // Terraform allows no write-only attribute inside a set.
            if nested.nesting != Nesting::Set {
                nested.block.visit_write_only(object, &path, found);
            }
        }
    }

    /// The objects of the nested blocks in `value` (a value of this block), each with its
    /// nested block and its path. The elements of a set have no path Terraform can follow:
    /// they get the set's.
    fn nested_objects<'s, 'v>(
        &'s self,
        value: &'v Value,
        path: &Path,
    ) -> Vec<(&'s NestedBlock, &'v Value, Path)> {
        let mut objects = Vec::new();
        for nested in &self.blocks {
            let value = value.attr(&nested.type_name);
            let path = path.then_attr(&nested.type_name);
            let elements = value.elements().iter();
            match nested.nesting {
                Nesting::Single | Nesting::Group => objects.push((nested, value, path)),
                Nesting::List => objects.extend(
                    elements
                        .enumerate()
                        .map(|(i, element)| (nested, element, path.then_index(i))),
                ),
                Nesting::Set => {
                    objects.extend(elements.map(|element| (nested, element, path.clone())))
                }
                Nesting::Map => objects.extend(
                    value
                        .entries()
                        .into_iter()
                        .flatten()
                        .map(|(key, element)| (nested, element, path.then_key(key))),
                ),
            }
        }
        objects
    }

    /// Runs the attribute validators over a value of this block, skipping values that are
    /// unknown or null (Terraform checks required-ness itself).
    pub fn validate(
        &self,
        value: &Value,
        path: &Path,
        diags: &mut super::diagnostics::Diagnostics,
    ) {
        for attribute in &self.attributes {
            let value = value.attr(&attribute.name);
            if value.is_null() || value.is_unknown() {
                continue;
            }
            for validator in &attribute.validators {
                if let Err(problem) = (validator.check)(value) {
                    diags.attribute_error(
                        path.then_attr(&attribute.name),
                        format!("Invalid value for {}", attribute.name),
                        problem,
                    );
                }
            }
        }
        for (nested, object, path) in self.nested_objects(value, path) {
            if nested.nesting != Nesting::Set {
                nested.block.validate(object, &path, diags);
                continue;
            }
            // Errors inside a set element name the set, as the element's path does.
            let mut inner = super::diagnostics::Diagnostics::new();
            nested.block.validate(object, &path, &mut inner);
            for mut diagnostic in inner {
                diagnostic.attribute = Some(path.clone());
                diags.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::diagnostics::Diagnostics;

    #[test]
    fn errors_in_set_elements_name_the_set_and_in_list_elements_the_element() {
        let only_a = Validator {
            description: "a".into(),
            check: Arc::new(|v| match v.as_str() {
                Some("a") => Ok(()),
                _ => Err("not a".into()),
            }),
        };
        let element = Block::new("e").attribute(Attribute::string("x").validate(only_a));
        let block = Block::new("b")
            .block(NestedBlock::new("set", Nesting::Set, element.clone()))
            .block(NestedBlock::new("list", Nesting::List, element));
        let item = |x: &str| Value::object([("x", Value::from(x))]);
        let value = Value::object([
            ("set", Value::Set(vec![item("a"), item("b")])),
            ("list", Value::List(vec![item("a"), item("b")])),
        ]);
        let mut diags = Diagnostics::new();
        block.validate(&value, &Path::root(), &mut diags);
        let paths: Vec<_> = diags.iter().map(|d| d.attribute.clone()).collect();
        assert_eq!(
            paths,
            [
                Some(Path::attr("set")),
                Some(Path::attr("list").then_index(1).then_attr("x")),
            ]
        );
    }
}
