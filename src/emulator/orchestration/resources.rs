//! What a deployed file holds, read as the engine reads it, by the file name's extension:
//! a BPMN file's processes, a DMN file's decision requirements and decisions, a form's id.
//! Only what the emulator keeps is read; the XML must be well-formed, and the ids given.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;

/// An id and an optional name, as a file gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub name: Option<String>,
}

/// What one file defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contents {
    /// A BPMN file: one or more processes.
    Processes(Vec<Named>),
    /// A DMN file: its decision requirements (the `definitions` root) and its decisions.
    Decisions {
        requirements: Named,
        decisions: Vec<Named>,
    },
    /// A form: its id.
    Form(String),
}

/// Reads a file named `name`; the error says what is wrong with it, as the engine's
/// rejection does after the file's name.
pub fn read(name: &str, content: &[u8]) -> Result<Contents, String> {
    let lower = name.to_ascii_lowercase();
    let text =
        || std::str::from_utf8(content).map_err(|e| format!("The file is not UTF-8 text: {e}"));
    if lower.ends_with(".bpmn") || lower.ends_with(".bpmn20.xml") {
        read_bpmn(text()?)
    } else if lower.ends_with(".dmn") || lower.ends_with(".dmn11.xml") {
        read_dmn(text()?)
    } else if lower.ends_with(".form") {
        read_form(text()?)
    } else {
        Err(
            "Expected a BPMN (.bpmn), DMN (.dmn) or form (.form) resource, but the file \
             name has none of these extensions."
                .to_string(),
        )
    }
}

fn read_bpmn(text: &str) -> Result<Contents, String> {
    let mut processes = Vec::new();
    walk(text, |element, _| {
        if element.local_name().into_inner() == "process" {
            processes.push(identified(element, "process")?);
        }
        Ok(())
    })?;
    if processes.is_empty() {
        return Err("Must contain at least one executable process".to_string());
    }
    Ok(Contents::Processes(processes))
}

fn read_dmn(text: &str) -> Result<Contents, String> {
    let mut requirements = None;
    let mut decisions = Vec::new();
    walk(text, |element, depth| {
        match (depth, element.local_name().into_inner()) {
            (0, "definitions") => requirements = Some(identified(element, "definitions")?),
            (0, other) => {
                return Err(format!(
                    "Expected the root element to be 'definitions', but found '{}'",
                    other
                ));
            }
            (_, "decision") => decisions.push(identified(element, "decision")?),
            _ => {}
        }
        Ok(())
    })?;
    let requirements =
        requirements.ok_or_else(|| "Expected a 'definitions' root element".to_string())?;
    Ok(Contents::Decisions {
        requirements,
        decisions,
    })
}

fn read_form(text: &str) -> Result<Contents, String> {
    let form: Value =
        serde_json::from_str(text).map_err(|e| format!("Failed to parse the form JSON: {e}"))?;
    match form.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => Ok(Contents::Form(id.clone())),
        _ => Err("Expected the form to have a non-empty string 'id'".to_string()),
    }
}

/// Calls `visit` with every element that starts and its depth (0 for the root); fails on
/// XML that is not well-formed, or on what `visit` refuses.
fn walk(
    text: &str,
    mut visit: impl FnMut(&BytesStart<'_>, usize) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut roots = 0usize;
    let malformed = |position: u64, e: &dyn std::fmt::Display| {
        format!("The XML is not well-formed (at byte {position}): {e}")
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(reader.error_position(), &e))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                if depth == 0 {
                    roots += 1;
                    if roots > 1 {
                        let position = reader.buffer_position();
                        return Err(malformed(position, &"more than one root element"));
                    }
                }
                visit(element, depth)?;
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(ref content) if depth == 0 && !content.trim().is_empty() => {
                let position = reader.buffer_position();
                return Err(malformed(position, &"text outside the root element"));
            }
            Event::Eof if depth > 0 => {
                let position = reader.buffer_position();
                return Err(malformed(position, &"the file ends inside an element"));
            }
            Event::Eof if roots == 0 => return Err(malformed(0, &"there is no root element")),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The `id` (required) and `name` of an element named `what`.
fn identified(element: &BytesStart<'_>, what: &str) -> Result<Named, String> {
    let mut id = None;
    let mut name = None;
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|e| format!("The XML is not well-formed: {e}"))?;
        let value = |attribute: &Attribute<'_>| {
            attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .map_err(|e| format!("The XML is not well-formed: {e}"))
        };
        match attribute.key.into_inner() {
            "id" => id = Some(value(&attribute)?),
            "name" => name = Some(value(&attribute)?),
            _ => {}
        }
    }
    match id {
        Some(id) if !id.trim().is_empty() => Ok(Named { id, name }),
        _ => Err(format!(
            "Expected the element '{what}' to have an attribute 'id', but it has none"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str, name: Option<&str>) -> Named {
        Named {
            id: id.into(),
            name: name.map(str::to_owned),
        }
    }

    #[test]
    fn a_bpmn_file_gives_each_process_whatever_its_prefix() {
        let bpmn = r#"<?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
              <bpmn:process id="order" name="Order &amp; pay" isExecutable="true">
                <bpmn:startEvent id="start"/>
              </bpmn:process>
              <process id="refund"/>
            </bpmn:definitions>"#;
        assert_eq!(
            read("order.bpmn", bpmn.as_bytes()),
            Ok(Contents::Processes(vec![
                named("order", Some("Order & pay")),
                named("refund", None)
            ]))
        );
    }

    #[test]
    fn a_bpmn_file_must_be_well_formed_with_an_identified_process() {
        let cases = [
            (
                "<definitions><process id=\"a\"></definitions>",
                "not well-formed",
            ),
            ("<definitions><process id=\"a\">", "ends inside an element"),
            ("<definitions/><definitions/>", "more than one root"),
            ("", "no root element"),
            (
                "<definitions><process name=\"a\"/></definitions>",
                "attribute 'id'",
            ),
            ("<definitions/>", "at least one executable process"),
            (
                "<definitions><process id=\"a/></definitions>",
                "not well-formed",
            ),
        ];
        for (bpmn, expected) in cases {
            let error = read("a.bpmn", bpmn.as_bytes()).unwrap_err();
            assert!(error.contains(expected), "{bpmn}: {error}");
        }
        let error = read("a.bpmn", &[0xff, 0xfe]).unwrap_err();
        assert!(error.contains("UTF-8"), "{error}");
    }

    #[test]
    fn a_dmn_file_gives_its_requirements_and_decisions() {
        let dmn = r#"<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
                id="rules" name="Rules">
              <decision id="discount" name="Discount"><decisionTable id="t"/></decision>
              <decision id="shipping"/>
            </definitions>"#;
        assert_eq!(
            read("rules.dmn", dmn.as_bytes()),
            Ok(Contents::Decisions {
                requirements: named("rules", Some("Rules")),
                decisions: vec![named("discount", Some("Discount")), named("shipping", None)],
            })
        );
        let error = read("x.dmn", b"<model id=\"m\"/>").unwrap_err();
        assert!(error.contains("'definitions'"), "{error}");
        let error = read("x.dmn", b"<definitions name=\"n\"/>").unwrap_err();
        assert!(error.contains("attribute 'id'"), "{error}");
        let error = read("x.dmn", b"<definitions id=\"d\"><decision/></definitions>").unwrap_err();
        assert!(error.contains("'decision'"), "{error}");
    }

    #[test]
    fn a_form_is_a_json_object_with_a_string_id() {
        assert_eq!(
            read("review.form", br#"{"id": "review", "components": []}"#),
            Ok(Contents::Form("review".into()))
        );
        for (form, expected) in [
            (r#"{"components": []}"#, "'id'"),
            (r#"{"id": 3}"#, "'id'"),
            (r#"["id"]"#, "'id'"),
            ("{", "Failed to parse"),
        ] {
            let error = read("f.form", form.as_bytes()).unwrap_err();
            assert!(error.contains(expected), "{form}: {error}");
        }
    }

    #[test]
    fn other_extensions_are_refused() {
        let error = read("notes.txt", b"text").unwrap_err();
        assert!(error.contains(".bpmn"), "{error}");
        assert!(
            read(
                "ORDER.BPMN",
                b"<definitions><process id=\"a\"/></definitions>"
            )
            .is_ok()
        );
    }
}
