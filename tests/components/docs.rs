//! docs/ is exactly what `terraform-provider-camunda docs` generates from the current
//! schemas and examples/, so the documentation can never drift from the code.

use std::path::Path;

use camunda_provider::docs;
use camunda_provider::provider::CamundaProvider;
use camunda_provider::tf::provider;

#[test]
fn docs_match_the_schemas_and_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = docs::generate(&*provider::serve(CamundaProvider::new()), "camunda", root).unwrap();
    let drift = docs::check(root, &pages).unwrap();
    let problems: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "docs/ is out of date; run `cargo run -- docs` to regenerate it:\n{}",
        problems.join("\n")
    );
}

/// The generated pages, as the docs command would write them.
fn pages() -> Vec<docs::Page> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    docs::generate(&*provider::serve(CamundaProvider::new()), "camunda", root).unwrap()
}

#[test]
fn every_attribute_nested_ones_too_has_a_description_that_says_nothing_twice() {
    let mut problems = Vec::new();
    for page in pages() {
        if page.contents.matches("duration such as").count() > 1 {
            problems.push(format!(
                "{}: explains durations more than once",
                page.path.display()
            ));
        }
        for line in page.contents.lines().filter(|l| l.starts_with("- `")) {
            let Some((_, text)) = line.split_once(") ") else {
                problems.push(format!("{}: no description: {line}", page.path.display()));
                continue;
            };
            let text = text.split(" (see [below").next().unwrap();
            let mut sentences: Vec<&str> = text
                .split(". ")
                .map(|s| s.trim().trim_end_matches('.'))
                .filter(|s| !s.is_empty())
                .collect();
            let count = sentences.len();
            sentences.sort();
            sentences.dedup();
            if sentences.len() != count {
                problems.push(format!("{}: repeats itself: {line}", page.path.display()));
            }
            for phrase in ["characters", "duration such as"] {
                if text.matches(phrase).count() > 1 {
                    problems.push(format!(
                        "{}: says {phrase:?} twice: {line}",
                        page.path.display()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_import_section_shows_the_import_block_beside_the_command() {
    for page in pages().iter().filter(|p| p.contents.contains("## Import")) {
        let import = page.contents.split("## Import").nth(1).unwrap();
        let block = import.find("```terraform\nimport {\n  to = camunda_");
        let command = import.find("```shell");
        assert!(
            block.is_some() && command.is_some() && block < command,
            "{}: {import}",
            page.path.display()
        );
    }
}
