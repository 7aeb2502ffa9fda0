//! Suspended clusters through Terraform against the emulator: the cluster's `status`
//! shows it, a plan leaves it suspended, and an apply that needs it running (a new Zeebe
//! client, a connector secret, a backup, an in-place change of the cluster) wakes it once
//! and says so.

use serde_json::json;

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const WAKE: &str = "PUT /clusters/{clusterUuid}/wake";
const CREATE_CLIENT: &str = "POST /clusters/{clusterUuid}/clients";
const PATCH_CLUSTER: &str = "PATCH /clusters/{clusterUuid}";

const ZEEBE_CLIENT: &str = r#"
resource "camunda_zeebe_client" "app" {
  cluster_id = camunda_cluster.main.id
  name       = "app"
}
"#;

const BACKUP: &str = r#"
resource "camunda_cluster_backup" "now" {
  cluster_id = camunda_cluster.main.id
}
"#;

/// A cluster described as `description`, and the resources in `more`.
fn config(description: &str, more: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

data "camunda_channel" "stable" {{ name = "Stable" }}
data "camunda_region" "europe" {{ name = "Belgium, Europe (europe-west1)" }}
data "camunda_cluster_plan_type" "trial" {{ name = "Trial Package" }}

resource "camunda_cluster" "main" {{
  name         = "trial"
  description  = "{description}"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.europe.id
  plan_type_id = data.camunda_cluster_plan_type.trial.id
}}
{more}"#
    )
}

/// An emulator, and a workspace whose cluster was created Healthy and then suspended, as
/// Camunda suspends trial clusters after hours without activity.
fn suspended() -> (TestEmulator, Workspace, String) {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.config(&config("a trial", ""));
    ws.apply().ok();
    let id = ws.resource("camunda_cluster.main")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator.admin(
        "PUT",
        &format!("/clusters/{id}/health"),
        Some(json!({"status": "Suspended"})),
    );
    emulator.reset_counters();
    (emulator, ws, id)
}

fn status(emulator: &TestEmulator, id: &str) -> String {
    let (_, cluster) = emulator.api("GET", &format!("/clusters/{id}"));
    cluster["status"]["ready"].as_str().unwrap().to_owned()
}

#[test]
fn an_apply_that_adds_a_zeebe_client_wakes_the_cluster_and_a_plan_does_not() {
    let (emulator, ws, id) = suspended();
    ws.config(&config("a trial", ZEEBE_CLIENT));

    // A refresh shows the suspension; neither it nor a plan wakes the cluster.
    ws.run(&["apply", "-refresh-only", "-auto-approve", "-no-color"])
        .ok();
    assert_eq!(ws.resource("camunda_cluster.main")["status"], "Suspended");
    let plan = ws.run(&["plan", "-no-color"]).ok();
    let output = plan.output();
    assert!(
        output.contains("camunda_zeebe_client.app will be created"),
        "{output}"
    );
    assert!(!output.contains("woken"), "{output}");
    assert_eq!(emulator.calls(WAKE), 0);
    assert_eq!(emulator.calls(CREATE_CLIENT), 0);
    assert_eq!(status(&emulator, &id), "Suspended");

    let apply = ws.apply().ok();
    let output = apply.output();
    assert!(output.contains("Suspended cluster woken"), "{output}");
    assert!(output.contains(&id), "{output}");
    assert_eq!(emulator.calls(WAKE), 1);
    assert_eq!(emulator.calls(CREATE_CLIENT), 1);
    assert_eq!(status(&emulator, &id), "Healthy");
    let client = ws.resource("camunda_zeebe_client.app");
    let clients = emulator.clients(&id);
    assert_eq!(clients.len(), 1, "{clients:?}");
    assert_eq!(clients[0]["clientId"], client["client_id"]);
    assert!(client["client_secret"].is_string(), "{client}");
    ws.assert_no_changes();
}

#[test]
fn an_in_place_change_of_a_suspended_cluster_wakes_it_first() {
    let (emulator, ws, id) = suspended();
    ws.config(&config("a trial, extended", ""));
    let apply = ws.apply().ok();
    let output = apply.output();
    assert!(output.contains("Suspended cluster woken"), "{output}");
    assert_eq!(emulator.calls(WAKE), 1);
    assert_eq!(emulator.calls(PATCH_CLUSTER), 1);
    assert_eq!(status(&emulator, &id), "Healthy");
    let cluster = ws.resource("camunda_cluster.main");
    assert_eq!(cluster["status"], "Healthy");
    assert_eq!(cluster["description"], "a trial, extended");
    ws.assert_no_changes();
}

#[test]
fn a_backup_of_a_suspended_cluster_wakes_it_first() {
    let (emulator, ws, id) = suspended();
    ws.config(&config("a trial", BACKUP));
    let apply = ws.apply().ok();
    let output = apply.output();
    assert!(output.contains("Suspended cluster woken"), "{output}");
    assert_eq!(emulator.calls(WAKE), 1);
    assert_eq!(
        ws.resource("camunda_cluster_backup.now")["status"],
        "Complete"
    );
    let (_, backups) = emulator.api("GET", &format!("/clusters/{id}/backups"));
    assert_eq!(backups.as_array().unwrap().len(), 1, "{backups}");
}

#[test]
fn a_change_outside_the_cluster_leaves_it_suspended() {
    let (emulator, ws, id) = suspended();
    ws.config(&config("a trial", "").replace(
        "  plan_type_id",
        "  deletion_protection = true\n  plan_type_id",
    ));
    ws.apply().ok();
    assert_eq!(emulator.calls(WAKE), 0);
    assert_eq!(status(&emulator, &id), "Suspended");
    assert_eq!(ws.resource("camunda_cluster.main")["status"], "Suspended");
}

#[test]
fn changes_of_one_apply_on_a_suspended_cluster_wake_it_once() {
    let (emulator, ws, id) = suspended();
    let secrets = r#"
resource "camunda_connector_secret" "one" {
  cluster_id = camunda_cluster.main.id
  name       = "ONE"
  value      = "first"
}

resource "camunda_connector_secret" "two" {
  cluster_id = camunda_cluster.main.id
  name       = "TWO"
  value      = "second"
}
"#;
    ws.config(&config("a trial", &format!("{ZEEBE_CLIENT}{secrets}")));
    let output = ws.apply().ok().output();
    assert!(output.contains("Suspended cluster woken"), "{output}");
    assert_eq!(emulator.calls(WAKE), 1, "one wake for the three creates");
    assert_eq!(emulator.calls(CREATE_CLIENT), 1);
    assert_eq!(emulator.calls("POST /clusters/{clusterUuid}/secrets"), 2);
    assert_eq!(status(&emulator, &id), "Healthy");
    ws.assert_no_changes();

    // A value changed while the cluster sleeps again wakes it again, in place.
    emulator.admin(
        "PUT",
        &format!("/clusters/{id}/health"),
        Some(json!({"status": "Suspended"})),
    );
    emulator.reset_counters();
    ws.config(&config(
        "a trial",
        &format!(
            "{ZEEBE_CLIENT}{}",
            secrets.replace("\"first\"", "\"changed\"")
        ),
    ));
    let output = ws.apply().ok().output();
    assert!(output.contains("Suspended cluster woken"), "{output}");
    assert_eq!(emulator.calls(WAKE), 1);
    assert_eq!(
        emulator.calls("PUT /clusters/{clusterUuid}/secrets/{secretName}"),
        1
    );
    let (_, listed) = emulator.api("GET", &format!("/clusters/{id}/secrets"));
    assert_eq!(listed["ONE"], "changed");
}
