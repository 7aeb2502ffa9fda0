//! API clients with chosen permissions, through Terraform against the emulator: a
//! read-only client plans but cannot apply, and a refused call names the permission that
//! is missing and where the Console grants it. (`tests/e2e/examples.rs` plans every example
//! with the read-only client.)

use serde_json::json;

use crate::support::emulator::{READER_ID, READER_SECRET, TestEmulator, test_config};
use crate::support::{HEADER as PROVIDER, Workspace, camunda_plugin};

const CLUSTER: &str = r#"
data "camunda_channel" "stable" {
  name = "Stable"
}

data "camunda_region" "belgium" {
  name = "Belgium, Europe (europe-west1)"
}

data "camunda_cluster_plan_type" "basic" {
  name = "Basic Package"
}

resource "camunda_cluster" "ci" {
  name         = "ci"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.belgium.id
  plan_type_id = data.camunda_cluster_plan_type.basic.id
}
"#;

#[test]
fn tokens_carry_the_client_permissions_as_scopes() {
    let emulator = TestEmulator::start(test_config());
    let (status, answer) = emulator.token_request(json!({
        "grant_type": "client_credentials",
        "audience": emulator.config.audience,
        "client_id": READER_ID,
        "client_secret": READER_SECRET,
    }));
    assert_eq!(status, 200, "{answer}");
    let scopes: Vec<&str> = answer["scope"].as_str().unwrap().split(' ').collect();
    assert!(
        scopes.contains(&"get:clusters") && scopes.contains(&"get:clients"),
        "{scopes:?}"
    );
    assert!(scopes.iter().all(|s| s.starts_with("get:")), "{scopes:?}");
}

#[test]
fn a_read_only_client_plans_but_its_apply_is_refused_naming_the_permission() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure_as(&mut ws, READER_ID, READER_SECRET);
    ws.config(&format!("{PROVIDER}{CLUSTER}"));

    let actions = ws.planned_actions(&[]);
    assert_eq!(actions["camunda_cluster.ci"], ["create"]);

    let output = ws.apply().failed().output();
    assert!(
        output.contains("POST /clusters needs the permission create:clusters (\"Clusters: Create\" in the Console)"),
        "{output}"
    );
    assert!(
        output.contains("grant it in Camunda Console under Organization → Administration API"),
        "{output}"
    );
    let (_, clusters) = emulator.api("GET", "/clusters");
    assert_eq!(clusters, json!([]));
    assert_eq!(
        emulator.calls("POST /clusters"),
        1,
        "the call was refused, once"
    );
}

#[test]
fn a_client_that_may_not_read_zeebe_clients_is_told_which_permission_it_lacks() {
    let emulator = TestEmulator::start(test_config());
    let cluster_id = emulator.healthy_cluster("permissions");
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure_with_permissions(&mut ws, &["get:clusters"]);
    ws.config(&format!(
        "{PROVIDER}\ndata \"camunda_cluster\" \"one\" {{\n  id = \"{cluster_id}\"\n}}\n\n\
         data \"camunda_zeebe_clients\" \"all\" {{\n  cluster_id = data.camunda_cluster.one.id\n}}\n"
    ));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains(&format!(
            "GET /clusters/{cluster_id}/clients needs the permission get:clients (\"Zeebe clients: Get\" in the Console)"
        )),
        "{output}"
    );
    assert_eq!(output.matches("Error:").count(), 1, "{output}");
}
