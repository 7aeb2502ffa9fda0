//! The "Schema" section of a page: arguments grouped as Required, Optional and
//! Read-Only, then one "Nested Schema" section per nested block or object attribute,
//! each with an anchor the summary line links to.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::types::{object_attributes, type_name};
use crate::tf::{Attribute, Block, NestedBlock, Nesting, Type};

/// The whole section, starting with its `## Schema` heading.
pub fn render(block: &Block) -> String {
    let mut out = String::from("## Schema\n\n");
    write_block(&mut out, &[], block, true);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Required,
    Optional,
    ReadOnly,
}

impl Group {
    fn of_attribute(attribute: &Attribute) -> Group {
        if attribute.required {
            Group::Required
        } else if attribute.computed && !attribute.optional {
            Group::ReadOnly
        } else {
            Group::Optional
        }
    }

    /// A block with a minimum is required; one whose every leaf is read-only is
    /// read-only; any other is optional.
    fn of_block(nested: &NestedBlock) -> Group {
        if nested.min_items > 0 {
            Group::Required
        } else if nested.max_items == 0 && is_read_only(&nested.block) {
            Group::ReadOnly
        } else {
            Group::Optional
        }
    }

    fn title(self, root: bool) -> &'static str {
        match (self, root) {
            (Group::Required, true) => "### Required",
            (Group::Optional, true) => "### Optional",
            (Group::ReadOnly, true) => "### Read-Only",
            (Group::Required, false) => "Required:",
            (Group::Optional, false) => "Optional:",
            (Group::ReadOnly, false) => "Read-Only:",
        }
    }
}

fn is_read_only(block: &Block) -> bool {
    let has_leaves = !block.attributes.is_empty() || !block.blocks.is_empty();
    has_leaves
        && block
            .attributes
            .iter()
            .all(|a| Group::of_attribute(a) == Group::ReadOnly)
        && block
            .blocks
            .iter()
            .all(|b| Group::of_block(b) == Group::ReadOnly)
}

enum Member<'a> {
    Attribute(&'a Attribute),
    Block(&'a NestedBlock),
}

/// A section still to write below the summary lines that link to it.
struct Section<'a> {
    anchor: String,
    path: Vec<String>,
    body: Body<'a>,
}

enum Body<'a> {
    Block(&'a Block),
    /// An object type's attributes carry no flags; they are listed under the group of
    /// the attribute that holds them.
    Object(Object<'a>),
}

/// The attributes of an object type, inside the attribute `owner` at `within` (a dotted
/// path, empty at the top), whose `field_descriptions` describe them.
struct Object<'a> {
    attributes: &'a BTreeMap<String, Type>,
    group: Group,
    owner: &'a Attribute,
    within: String,
}

fn write_block(out: &mut String, parents: &[String], block: &Block, root: bool) {
    let mut members: Vec<(Group, &str, Member)> = block
        .attributes
        .iter()
        .map(|a| {
            (
                Group::of_attribute(a),
                a.name.as_str(),
                Member::Attribute(a),
            )
        })
        .chain(
            block
                .blocks
                .iter()
                .map(|b| (Group::of_block(b), b.type_name.as_str(), Member::Block(b))),
        )
        .collect();
    members.sort_by_key(|(group, name, _)| (*group, *name));

    let mut sections = Vec::new();
    let mut current = None;
    for (group, name, member) in &members {
        if current != Some(*group) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = write!(out, "{}\n\n", group.title(root));
            current = Some(*group);
        }
        let path = child_path(parents, name);
        let section = match member {
            Member::Attribute(attribute) => write_attribute(out, path, attribute, *group),
            Member::Block(nested) => Some(write_nested_block(out, path, nested)),
        };
        sections.extend(section);
    }
    if current.is_some() {
        out.push('\n');
    }
    write_sections(out, sections);
}

fn child_path(parents: &[String], name: &str) -> Vec<String> {
    let mut path = parents.to_vec();
    path.push(name.to_owned());
    path
}

fn write_attribute<'a>(
    out: &mut String,
    path: Vec<String>,
    attribute: &'a Attribute,
    group: Group,
) -> Option<Section<'a>> {
    let mut flags = vec![type_name(&attribute.ty)];
    if attribute.sensitive {
        flags.push("Sensitive".to_owned());
    }
    if attribute.write_only {
        flags.push("Write-only, Terraform 1.11 and later".to_owned());
    }
    if attribute.deprecated {
        flags.push("Deprecated".to_owned());
    }
    // Validators are not listed: the description states what is valid, in its own words.
    let texts = std::iter::once(attribute.description.as_str());
    let section = object_attributes(&attribute.ty).map(|attributes| Section {
        anchor: anchor("nestedatt", &path),
        path: path.clone(),
        body: Body::Object(Object {
            attributes,
            group,
            owner: attribute,
            within: String::new(),
        }),
    });
    write_line(out, &path, &flags.join(", "), texts, section.as_ref());
    section
}

fn write_nested_block<'a>(
    out: &mut String,
    path: Vec<String>,
    nested: &'a NestedBlock,
) -> Section<'a> {
    let section = Section {
        anchor: anchor("nestedblock", &path),
        path: path.clone(),
        body: Body::Block(&nested.block),
    };
    let label = block_label(nested);
    let texts = std::iter::once(nested.block.description.as_str());
    write_line(out, &path, &label, texts, Some(&section));
    section
}

/// `Block, Optional` for a single block, `Block List, Min: 1, Max: 3` for a collection.
fn block_label(nested: &NestedBlock) -> String {
    let mut label = match nested.nesting {
        Nesting::Single | Nesting::Group => match Group::of_block(nested) {
            Group::Required => "Block, Required",
            Group::Optional => "Block, Optional",
            Group::ReadOnly => "Block, Read-only",
        },
        Nesting::List => "Block List",
        Nesting::Set => "Block Set",
        Nesting::Map => "Block Map",
    }
    .to_owned();
    let collection = !matches!(nested.nesting, Nesting::Single | Nesting::Group);
    if collection && nested.min_items > 0 {
        let _ = write!(label, ", Min: {}", nested.min_items);
    }
    if nested.max_items > 0 {
        let _ = write!(label, ", Max: {}", nested.max_items);
    }
    if nested.block.deprecated {
        label.push_str(", Deprecated");
    }
    label
}

/// One summary line: ``- `name` (flags) Description (see below …)``.
fn write_line<'t>(
    out: &mut String,
    path: &[String],
    flags: &str,
    texts: impl Iterator<Item = &'t str>,
    section: Option<&Section>,
) {
    let name = path.last().map(String::as_str).unwrap_or_default();
    let _ = write!(out, "- `{name}` ({flags})");
    for text in texts.map(inline).filter(|t| !t.is_empty()) {
        let _ = write!(out, " {text}");
    }
    if let Some(section) = section {
        let _ = write!(out, " (see [below for nested schema](#{}))", section.anchor);
    }
    out.push('\n');
}

fn write_sections(out: &mut String, sections: Vec<Section>) {
    for section in sections {
        let _ = write!(
            out,
            "<a id=\"{}\"></a>\n### Nested Schema for `{}`\n\n",
            section.anchor,
            section.path.join(".")
        );
        match section.body {
            Body::Block(block) => write_block(out, &section.path, block, false),
            Body::Object(object) => write_object(out, &section.path, object),
        }
    }
}

fn write_object(out: &mut String, parents: &[String], object: Object) {
    let _ = write!(out, "{}\n\n", object.group.title(false));
    let mut sections = Vec::new();
    for (name, ty) in object.attributes {
        let path = child_path(parents, name);
        let within = match object.within.as_str() {
            "" => name.clone(),
            parent => format!("{parent}.{name}"),
        };
        let description = object.owner.field_descriptions.get(&within);
        let section = object_attributes(ty).map(|attributes| Section {
            anchor: anchor("nestedobjatt", &path),
            path: path.clone(),
            body: Body::Object(Object {
                attributes,
                group: object.group,
                owner: object.owner,
                within: within.clone(),
            }),
        });
        write_line(
            out,
            &path,
            &type_name(ty),
            description.map(String::as_str).into_iter(),
            section.as_ref(),
        );
        sections.extend(section);
    }
    out.push('\n');
    write_sections(out, sections);
}

fn anchor(kind: &str, path: &[String]) -> String {
    format!("{kind}--{}", path.join("--"))
}

/// A description on one list item: trimmed, paragraphs kept apart by Markdown hard
/// line breaks rather than blank lines, which would end the list.
fn inline(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|paragraph| paragraph.trim_matches('\n'))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("  \n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::validators;

    fn cluster_like() -> Block {
        let links = Type::object([("name", Type::String), ("url", Type::String)]);
        let timeouts = Block::new("How long operations may take.")
            .attribute(
                Attribute::string("create")
                    .optional()
                    .description("For creation."),
            )
            .attribute(Attribute::string("delete").optional());
        Block::new("A cluster.")
            .attribute(
                Attribute::string("name")
                    .required()
                    .description("The name."),
            )
            .attribute(
                Attribute::string("id")
                    .computed()
                    .description("The cluster ID."),
            )
            .attribute(
                Attribute::string("secret")
                    .computed()
                    .sensitive()
                    .description("A secret."),
            )
            .attribute(
                Attribute::new("tags", Type::set(Type::String))
                    .optional()
                    .description("Tags.")
                    .validate(validators::one_of(&["a", "b"])),
            )
            .attribute(
                Attribute::new("links", Type::list(links))
                    .computed()
                    .description("Where to reach it.")
                    .describe_field("url", "Its URL."),
            )
            .block(NestedBlock::new("timeouts", Nesting::Single, timeouts))
    }

    #[test]
    fn groups_attributes_and_spells_out_nested_schemas() {
        let expected = "\
## Schema

### Required

- `name` (String) The name.

### Optional

- `tags` (Set of String) Tags.
- `timeouts` (Block, Optional) How long operations may take. (see [below for nested schema](#nestedblock--timeouts))

### Read-Only

- `id` (String) The cluster ID.
- `links` (List of Object) Where to reach it. (see [below for nested schema](#nestedatt--links))
- `secret` (String, Sensitive) A secret.

<a id=\"nestedblock--timeouts\"></a>
### Nested Schema for `timeouts`

Optional:

- `create` (String) For creation.
- `delete` (String)

<a id=\"nestedatt--links\"></a>
### Nested Schema for `links`

Read-Only:

- `name` (String)
- `url` (String) Its URL.
";
        assert_eq!(render(&cluster_like()), expected);
    }

    #[test]
    fn nested_objects_and_blocks_get_paths_in_their_anchors() {
        let inner = Type::object([("port", Type::Number)]);
        let endpoint = Type::object([("host", Type::String), ("inner", inner)]);
        let rule = Block::new("")
            .attribute(Attribute::bool("enabled").required())
            .attribute(Attribute::new("endpoint", endpoint).optional());
        let block = Block::new("").block({
            let mut rules = NestedBlock::new("rule", Nesting::List, rule);
            rules.min_items = 1;
            rules.max_items = 3;
            rules
        });
        let out = render(&block);
        assert!(out.contains(
            "### Required\n\n- `rule` (Block List, Min: 1, Max: 3) (see [below for nested schema](#nestedblock--rule))\n"
        ));
        assert!(out.contains(
            "<a id=\"nestedblock--rule\"></a>\n### Nested Schema for `rule`\n\nRequired:\n\n- `enabled` (Boolean)\n\nOptional:\n\n- `endpoint` (Object) (see [below for nested schema](#nestedatt--rule--endpoint))\n"
        ));
        assert!(out.contains(
            "<a id=\"nestedatt--rule--endpoint\"></a>\n### Nested Schema for `rule.endpoint`\n\nOptional:\n\n- `host` (String)\n- `inner` (Object) (see [below for nested schema](#nestedobjatt--rule--endpoint--inner))\n"
        ));
        assert!(out.contains(
            "<a id=\"nestedobjatt--rule--endpoint--inner\"></a>\n### Nested Schema for `rule.endpoint.inner`\n\nOptional:\n\n- `port` (Number)\n"
        ));
    }

    #[test]
    fn a_block_of_read_only_leaves_is_read_only() {
        let status = Block::new("").attribute(Attribute::string("phase").computed());
        let block = Block::new("").block(NestedBlock::new("status", Nesting::Single, status));
        assert!(render(&block).contains("### Read-Only\n\n- `status` (Block, Read-only)"));
    }

    #[test]
    fn paragraphs_of_a_description_stay_in_the_list_item() {
        let block = Block::new("").attribute(
            Attribute::string("plan")
                .optional()
                .description("First paragraph.\n\n\nSecond one.\n"),
        );
        assert!(render(&block).contains("- `plan` (String) First paragraph.  \nSecond one.\n"));
    }
}
