//! External Monitoring through Terraform against the emulator: `camunda_cluster_monitoring`
//! and `camunda_cluster_monitoring_client`, and the life of the client's one-time password
//! (kept after a failure, rotated in place by `keepers`, never logged).

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const MONITORING: &str = "camunda_cluster_monitoring.metrics";
const CLIENT: &str = "camunda_cluster_monitoring_client.prometheus";
const CLIENTS_ROUTE: &str = "GET /clusters/{clusterUuid}/monitoring/clients";

struct Setup {
    emulator: TestEmulator,
    ws: Workspace,
    cluster_id: String,
}

fn setup() -> Setup {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("monitored");
    Setup {
        emulator,
        ws,
        cluster_id,
    }
}

fn config(cluster_id: &str, body: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

provider "camunda" {{}}

locals {{
  cluster_id = "{cluster_id}"
}}
{body}
"#
    )
}

const MONITORING_HCL: &str = r#"
resource "camunda_cluster_monitoring" "metrics" {
  cluster_id = local.cluster_id
}
"#;

fn client(keeper: &str) -> String {
    format!(
        r#"
resource "camunda_cluster_monitoring_client" "prometheus" {{
  cluster_id = local.cluster_id
  username   = "prometheus"
  keepers    = {{ rotated = "{keeper}" }}
}}
"#
    )
}

fn monitoring_at(emulator: &TestEmulator, cluster_id: &str) -> Json {
    let (status, monitoring) =
        emulator.api("GET", &format!("/clusters/{cluster_id}/monitoring/clients"));
    assert_eq!(status, 200, "{monitoring}");
    monitoring
}

#[test]
fn monitoring_and_a_client_with_rotation_drift_and_import() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(
        &cluster_id,
        &(MONITORING_HCL.to_owned() + &client("1")),
    ));
    ws.apply().ok();
    ws.assert_no_changes();

    let monitoring = ws.resource(MONITORING);
    let endpoint = monitoring["metrics_endpoint"].as_str().unwrap().to_owned();
    assert!(endpoint.starts_with("https://"), "{monitoring}");
    assert_eq!(monitoring["id"], cluster_id.as_str());
    let created = ws.resource(CLIENT);
    let password = created["password"].as_str().unwrap().to_owned();
    assert!(!password.is_empty());
    assert_eq!(created["metrics_endpoint"], endpoint.as_str());
    let at_emulator = monitoring_at(&emulator, &cluster_id);
    assert!(
        at_emulator["status"]["metricsEndpoint"].is_object(),
        "{at_emulator}"
    );
    assert_eq!(at_emulator["clients"][0]["uuid"], created["client_id"]);

    // A keepers change rotates the password in place: same client, new password.
    ws.config(&config(
        &cluster_id,
        &(MONITORING_HCL.to_owned() + &client("2")),
    ));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[CLIENT], ["update"], "{actions:?}");
    ws.apply().ok();
    let rotated = ws.resource(CLIENT);
    assert_eq!(rotated["client_id"], created["client_id"]);
    assert_ne!(rotated["password"].as_str().unwrap(), password);
    assert_eq!(
        emulator.calls("POST /clusters/{clusterUuid}/monitoring/clients/{clientUuid}/rotate"),
        1
    );
    assert_eq!(
        emulator.calls("POST /clusters/{clusterUuid}/monitoring/clients"),
        1
    );
    ws.assert_no_changes();

    // Removed out of band: both are planned again.
    let client_id = rotated["client_id"].as_str().unwrap();
    let (status, _) = emulator.api(
        "DELETE",
        &format!("/clusters/{cluster_id}/monitoring/clients/{client_id}"),
    );
    assert_eq!(status, 204);
    let (status, _) = emulator.api("DELETE", &format!("/clusters/{cluster_id}/monitoring"));
    assert_eq!(status, 204);
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[MONITORING], ["create"], "{actions:?}");
    assert_eq!(actions[CLIENT], ["create"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();

    // Imported: the client has no password until keepers rotate it.
    let client_id = ws.resource(CLIENT)["client_id"]
        .as_str()
        .unwrap()
        .to_owned();
    ws.run(&["state", "rm", MONITORING, CLIENT]).ok();
    ws.import(MONITORING, &cluster_id).ok();
    let output = ws
        .import(CLIENT, &format!("{cluster_id}/{client_id}"))
        .ok()
        .output();
    assert!(
        output.contains("`password` is null after import"),
        "{output}"
    );
    assert!(ws.resource(CLIENT)["password"].is_null());
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions.get(MONITORING), None, "{actions:?}");
    assert_eq!(actions[CLIENT], ["update"], "{actions:?}");
    ws.apply().ok();
    assert!(ws.resource(CLIENT)["password"].as_str().is_some());
    ws.assert_no_changes();

    ws.destroy().ok();
    let after = monitoring_at(&emulator, &cluster_id);
    assert_eq!(after, json!({"clients": [], "status": {}}));
}

#[test]
fn a_failed_look_makes_no_client_and_nothing_fails_after_the_password() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    let (status, _) = emulator.api("POST", &format!("/clusters/{cluster_id}/monitoring"));
    assert_eq!(status, 204);
    // The look before the create fails: nothing is made, and the apply says why.
    emulator.admin(
        "POST",
        "/faults/next",
        Some(json!({"route": CLIENTS_ROUTE, "status": 429, "count": 50})),
    );
    ws.config(&config(&cluster_id, &client("1")));
    let output = ws.apply().failed().output();
    assert!(output.contains("429"), "{output}");
    emulator.admin("PUT", "/faults", Some(json!({})));
    let clients = |emulator: &TestEmulator| {
        monitoring_at(emulator, &cluster_id)["clients"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert_eq!(clients(&emulator), Vec::<Json>::new(), "no client was made");

    // Monitoring was on at the look before the create, which gave the endpoint: the create
    // is the last call, so nothing can fail between its answer and the state.
    emulator.reset_counters();
    ws.apply().ok();
    assert_eq!(
        emulator.calls("POST /clusters/{clusterUuid}/monitoring/clients"),
        1
    );
    let saved = ws.resource(CLIENT);
    assert!(saved["metrics_endpoint"].as_str().is_some(), "{saved}");
    let made = clients(&emulator);
    assert_eq!(made.len(), 1);
    let check = emulator.admin(
        "POST",
        &format!(
            "/clusters/{cluster_id}/monitoring/clients/{}/password-check",
            made[0]["uuid"].as_str().unwrap()
        ),
        Some(json!({"password": saved["password"]})),
    );
    assert_eq!(
        check["valid"], true,
        "the password in the state is the one issued"
    );
    ws.assert_no_changes();
}

#[test]
fn the_password_never_reaches_the_logs() {
    let Setup {
        emulator: _emulator,
        mut ws,
        cluster_id,
    } = setup();
    let log_path = ws.path().join("terraform.log");
    ws.env("TF_LOG", "trace").env("TF_LOG_PATH", &log_path);
    let password = |ws: &Workspace| {
        let state: Json = serde_json::from_str(
            &std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap(),
        )
        .unwrap();
        let resources = state["resources"].as_array().unwrap();
        let client = resources
            .iter()
            .find(|r| r["type"] == "camunda_cluster_monitoring_client")
            .unwrap();
        client["instances"][0]["attributes"]["password"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    ws.config(&config(
        &cluster_id,
        &(MONITORING_HCL.to_owned() + &client("1")),
    ));
    let mut combined = ws.apply().ok().output();
    let first = password(&ws);
    ws.config(&config(
        &cluster_id,
        &(MONITORING_HCL.to_owned() + &client("2")),
    ));
    combined += &ws.apply().ok().output();
    let second = password(&ws);
    combined += &ws.run(&["plan", "-no-color"]).ok().output();
    combined += &ws.destroy().ok().output();
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("Console API answer body"),
        "the provider's trace lines reach TF_LOG_PATH"
    );
    combined += &log;
    for secret in [first, second] {
        assert!(!combined.contains(&secret), "a password occurs in the logs");
    }
}
