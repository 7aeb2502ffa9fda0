//! The generic plan rules, proved through Terraform with the test-only `planrules`
//! provider: create, empty plans, in-place update, replacement, unknown computed
//! values, private state, import and destroy.

use std::path::PathBuf;

use crate::support::{Plugin, Workspace};

fn planrules_plugin() -> Plugin {
    // Example targets sit beside the test binaries' directory.
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let binary: PathBuf = deps
        .parent()
        .unwrap()
        .join("examples/terraform-provider-planrules");
    assert!(
        binary.is_file(),
        "{} is missing; `cargo test` builds it",
        binary.display()
    );
    Plugin {
        source: "test/planrules",
        type_name: "planrules",
        binary,
    }
}

fn workspace() -> (Workspace, tempfile::TempDir) {
    let store = tempfile::tempdir().unwrap();
    let mut ws = Workspace::new(&[planrules_plugin()]);
    ws.env("PLANRULES_STORE", store.path());
    (ws, store)
}

fn config(name: &str, zone: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    planrules = {{ source = "test/planrules" }}
  }}
}}

resource "planrules_thing" "x" {{
  name = "{name}"
  zone = "{zone}"
  tags = {{ team = "core" }}
}}
"#
    )
}

fn stored_objects(store: &tempfile::TempDir) -> usize {
    std::fs::read_dir(store.path()).unwrap().count()
}

#[test]
fn create_update_replace_import_destroy() {
    let (ws, store) = workspace();
    ws.config(&config("one", "eu"));

    // Create: computed values are unknown in the plan, the default is planned.
    let plan = ws.plan_json(&[]);
    let change = &plan["resource_changes"][0]["change"];
    assert_eq!(change["actions"], serde_json::json!(["create"]));
    assert_eq!(change["after_unknown"]["id"], true);
    assert_eq!(change["after_unknown"]["revision"], true);
    assert_eq!(change["after"]["enabled"], true);

    ws.apply().ok();
    let created = ws.resource("planrules_thing.x");
    assert_eq!(created["revision"], "1");
    assert_eq!(created["enabled"], true);
    ws.assert_no_changes();

    // In-place update: the id carries over, the revision is unknown until applied.
    ws.config(&config("two", "eu"));
    let plan = ws.plan_json(&[]);
    let change = &plan["resource_changes"][0]["change"];
    assert_eq!(change["actions"], serde_json::json!(["update"]));
    assert_eq!(change["after"]["id"], created["id"]);
    assert_eq!(change["after_unknown"]["revision"], true);
    ws.apply().ok();
    let updated = ws.resource("planrules_thing.x");
    assert_eq!(updated["id"], created["id"]);
    assert_eq!(updated["revision"], "2");
    ws.assert_no_changes();

    // A requires-replace attribute: delete and create.
    ws.config(&config("two", "us"));
    let plan = ws.plan_json(&[]);
    assert_eq!(
        plan["resource_changes"][0]["change"]["actions"],
        serde_json::json!(["delete", "create"])
    );
    assert_eq!(
        plan["resource_changes"][0]["action_reason"],
        "replace_because_cannot_update"
    );
    ws.apply().ok();
    let replaced = ws.resource("planrules_thing.x");
    assert_ne!(replaced["id"], created["id"]);
    assert_eq!(stored_objects(&store), 1);

    // Import into a fresh state: the same attributes, then an empty plan.
    let id = replaced["id"].as_str().unwrap().to_owned();
    std::fs::remove_file(ws.path().join("terraform.tfstate")).unwrap();
    ws.import("planrules_thing.x", &id).ok();
    let imported = ws.resource("planrules_thing.x");
    for attribute in ["id", "name", "zone", "revision"] {
        assert_eq!(imported[attribute], replaced[attribute], "{attribute}");
    }
    // Tags and the default live only in configuration, so the first plan sets them.
    ws.apply().ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    assert_eq!(stored_objects(&store), 0);
}

#[test]
fn a_resource_deleted_outside_terraform_is_planned_again() {
    let (ws, store) = workspace();
    ws.config(&config("one", "eu"));
    ws.apply().ok();
    for entry in std::fs::read_dir(store.path()).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions["planrules_thing.x"], vec!["create"]);
}

#[test]
fn attribute_validators_name_the_attribute_and_the_valid_values() {
    let (ws, _store) = workspace();
    ws.config(&config("one", "eu").replace("zone = \"eu\"", "zone = \"eu\"\n  size = \"huge\""));
    let run = ws.validate().failed();
    let output = run.output();
    assert!(output.contains("Invalid value for size"), "{output}");
    assert!(
        output.contains("\"huge\" is not allowed; use one of \"small\", \"large\"."),
        "{output}"
    );
    assert!(
        output.contains("size = \"huge\""),
        "the error points at the attribute: {output}"
    );
}

#[test]
fn state_from_an_older_schema_version_is_upgraded() {
    let (ws, _store) = workspace();
    ws.config(&config("one", "eu"));
    ws.apply().ok();

    // Rewrite the stored state as version 0 of the schema wrote it.
    let path = ws.path().join("terraform.tfstate");
    let mut state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let instance = &mut state["resources"][0]["instances"][0];
    assert_eq!(instance["schema_version"], 1);
    instance["schema_version"] = 0.into();
    let attributes = instance["attributes"].as_object_mut().unwrap();
    let name = attributes.remove("name").unwrap();
    attributes.insert("title".into(), name);
    std::fs::write(&path, state.to_string()).unwrap();

    ws.assert_no_changes();
    // Terraform stores the upgraded state at the next apply.
    ws.run(&["apply", "-refresh-only", "-auto-approve", "-no-color"])
        .ok();
    assert_eq!(ws.resource("planrules_thing.x")["name"], "one");
}
