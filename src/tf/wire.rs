//! Conversions between the data model and the tfplugin6 messages.

use crate::proto::tfplugin6 as pb;

use super::diagnostics::{Diagnostic, Diagnostics, Severity};
use super::handler::ClientCapabilities;
use super::path::{Path, Step};
use super::schema::{Attribute, Block, NestedBlock, Nesting, Schema};
use super::types::Type;
use super::value::Value;
use super::{json, msgpack};

pub fn schema(schema: &Schema) -> pb::Schema {
    pb::Schema {
        version: schema.version,
        block: Some(block(&schema.block, schema.version)),
    }
}

fn block(block: &Block, version: i64) -> pb::schema::Block {
    pb::schema::Block {
        version,
        attributes: block.attributes.iter().map(attribute).collect(),
        block_types: block.blocks.iter().map(nested_block).collect(),
        description: block.description.clone(),
        description_kind: pb::StringKind::Markdown.into(),
        deprecated: block.deprecated,
    }
}

fn attribute(attribute: &Attribute) -> pb::schema::Attribute {
    pb::schema::Attribute {
        name: attribute.name.clone(),
        r#type: attribute.ty.to_json_bytes(),
        description: attribute.description.clone(),
        required: attribute.required,
        optional: attribute.optional,
        computed: attribute.computed,
        sensitive: attribute.sensitive,
        description_kind: pb::StringKind::Markdown.into(),
        deprecated: attribute.deprecated,
        write_only: attribute.write_only,
        ..Default::default()
    }
}

fn nested_block(nested: &NestedBlock) -> pb::schema::NestedBlock {
    use pb::schema::nested_block::NestingMode;
    let nesting = match nested.nesting {
        Nesting::Single => NestingMode::Single,
        Nesting::List => NestingMode::List,
        Nesting::Set => NestingMode::Set,
        Nesting::Map => NestingMode::Map,
        Nesting::Group => NestingMode::Group,
    };
    pb::schema::NestedBlock {
        type_name: nested.type_name.clone(),
        block: Some(block(&nested.block, 0)),
        nesting: nesting.into(),
        min_items: nested.min_items,
        max_items: nested.max_items,
    }
}

/// What the request says Terraform can do; an older Terraform says nothing, so nothing.
pub fn client_capabilities(capabilities: Option<&pb::ClientCapabilities>) -> ClientCapabilities {
    ClientCapabilities {
        write_only_attributes: capabilities.is_some_and(|c| c.write_only_attributes_allowed),
    }
}

pub fn diagnostics(diags: Diagnostics) -> Vec<pb::Diagnostic> {
    diags.into_iter().map(diagnostic).collect()
}

fn diagnostic(d: Diagnostic) -> pb::Diagnostic {
    let severity = match d.severity {
        Severity::Error => pb::diagnostic::Severity::Error,
        Severity::Warning => pb::diagnostic::Severity::Warning,
    };
    pb::Diagnostic {
        severity: severity.into(),
        summary: d.summary,
        detail: d.detail,
        attribute: d.attribute.as_ref().map(path),
    }
}

pub fn path(path: &Path) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    pb::AttributePath {
        steps: path
            .steps()
            .iter()
            .map(|step| pb::attribute_path::Step {
                selector: Some(match step {
                    Step::Attribute(name) => Selector::AttributeName(name.clone()),
                    Step::Key(key) => Selector::ElementKeyString(key.clone()),
                    Step::Index(index) => Selector::ElementKeyInt(*index),
                }),
            })
            .collect(),
    }
}

/// Decodes a value Terraform sent; an absent value is null.
pub fn decode(value: Option<&pb::DynamicValue>, ty: &Type, diags: &mut Diagnostics) -> Value {
    let Some(value) = value else {
        return Value::Null;
    };
    let decoded = if !value.msgpack.is_empty() {
        msgpack::decode(&value.msgpack, ty).map_err(|e| e.to_string())
    } else if !value.json.is_empty() {
        json::decode(&value.json, ty).map_err(|e| e.to_string())
    } else {
        Ok(Value::Null)
    };
    decoded.unwrap_or_else(|error| {
        diags.error(
            "Invalid value from Terraform",
            format!("The provider could not decode a value: {error}."),
        );
        Value::Null
    })
}

pub fn encode(value: &Value, ty: &Type, diags: &mut Diagnostics) -> Option<pb::DynamicValue> {
    match msgpack::encode(value, ty) {
        Ok(msgpack) => Some(pb::DynamicValue {
            msgpack,
            json: Vec::new(),
        }),
        Err(error) => {
            diags.error(
                "Provider produced a value that does not fit its schema",
                format!("This is a bug in the provider: {error}."),
            );
            None
        }
    }
}
