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
