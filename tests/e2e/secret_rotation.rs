//! Rotating a Zeebe client's secret with no moment without a valid one, as
//! `docs/guides/rotating-client-secrets.md` shows it: `name_prefix`, `keepers` and
//! `create_before_destroy`, applied through Terraform against the emulator.

use std::path::Path;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const ADDRESS: &str = "camunda_zeebe_client.worker";

fn guide_config() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/guides/rotating-client-secrets/main.tf");
    std::fs::read_to_string(path).unwrap()
}

fn zeebe_token_works(emulator: &TestEmulator, client: &Json) -> bool {
    let (status, _) = emulator.token_request(json!({
        "grant_type": "client_credentials",
        "audience": "zeebe.camunda.io",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }));
    status == 200
}

/// The sequence numbers of the logged requests whose method and path are given.
fn logged(emulator: &TestEmulator, method: &str, path: &str) -> Vec<u64> {
    emulator
        .admin("GET", "/requests", None)
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == method && r["path"] == path && r["status"].as_u64() < Some(300))
        .map(|r| r["seq"].as_u64().unwrap())
        .collect()
}

#[test]
fn the_guide_rotates_a_secret_with_the_new_client_created_before_the_old_is_deleted() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.config(&guide_config());
    ws.apply().ok();
    ws.assert_no_changes();

    let old = ws.resource(ADDRESS);
    let cluster_id = old["cluster_id"].as_str().unwrap().to_owned();
    let old_name = old["name"].as_str().unwrap();
    let suffix = old_name.strip_prefix("order-worker-").expect("the prefix");
    assert_eq!(suffix.len(), 10, "{old_name}");
    assert!(zeebe_token_works(&emulator, &old));

    ws.run(&[
        "apply",
        "-auto-approve",
        "-no-color",
        "-var",
        "secret_version=2",
    ])
    .ok();
    let new = ws.resource(ADDRESS);
    assert_ne!(new["client_id"], old["client_id"]);
    assert_ne!(new["name"], old["name"]);
    assert!(new["name"].as_str().unwrap().starts_with("order-worker-"));
    assert!(zeebe_token_works(&emulator, &new), "the new secret works");
    assert!(
        !zeebe_token_works(&emulator, &old),
        "the old client is gone"
    );

    // Create before delete: at every moment one of the two secrets was valid.
    let clients = format!("/clusters/{cluster_id}/clients");
    let creates = logged(&emulator, "POST", &clients);
    let old_path = format!("{clients}/{}", old["client_id"].as_str().unwrap());
    let deletes = logged(&emulator, "DELETE", &old_path);
    assert_eq!(
        (creates.len(), deletes.len()),
        (2, 1),
        "{creates:?} {deletes:?}"
    );
    assert!(creates[1] < deletes[0], "the new client came first");

    // No orphan and no duplicate: the emulator holds just the client in the state.
    let (_, listed) = emulator.api("GET", &clients);
    let ids: Vec<&Json> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["clientId"])
        .collect();
    assert_eq!(ids, [&new["client_id"]]);
    ws.run(&[
        "plan",
        "-no-color",
        "-detailed-exitcode",
        "-var",
        "secret_version=2",
    ])
    .ok();
}

#[test]
fn exactly_one_of_name_and_name_prefix_is_required() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("prefixes");
    let client = |body: &str| {
        format!(
            "terraform {{\n  required_providers {{\n    camunda = {{ source = \"camunda/camunda\" }}\n  }}\n}}\n\n\
             resource \"camunda_zeebe_client\" \"app\" {{\n  cluster_id = \"{cluster_id}\"\n{body}\n}}\n"
        )
    };
    for (body, error) in [
        ("", "Neither `name` nor `name_prefix` is set"),
        (
            "  name = \"app\"\n  name_prefix = \"app-\"",
            "Both `name` and `name_prefix` are set",
        ),
        (
            "  name_prefix = \"this-prefix-is-far-too-long-for-a-suffix-\"",
            "has 41 characters; it must have 1 to 40",
        ),
    ] {
        ws.config(&client(body));
        let output = ws.validate().failed().output();
        assert!(output.contains(error), "{output}");
    }
    let (_, listed) = emulator.api("GET", &format!("/clusters/{cluster_id}/clients"));
    assert_eq!(listed, json!([]));
}

#[test]
fn a_state_written_before_name_prefix_existed_plans_no_change() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("older-state");
    ws.config(&format!(
        "terraform {{\n  required_providers {{\n    camunda = {{ source = \"camunda/camunda\" }}\n  }}\n}}\n\n\
         resource \"camunda_zeebe_client\" \"app\" {{\n  cluster_id = \"{cluster_id}\"\n  name = \"app\"\n}}\n"
    ));
    ws.apply().ok();
    let path = ws.path().join("terraform.tfstate");
    let mut state: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let attributes = &mut state["resources"][0]["instances"][0]["attributes"];
    assert!(
        attributes
            .as_object_mut()
            .unwrap()
            .remove("name_prefix")
            .is_some()
    );
    std::fs::write(&path, state.to_string()).unwrap();
    ws.assert_no_changes();
}
