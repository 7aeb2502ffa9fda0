//! `camunda_zeebe_client` and its data sources, through Terraform against the emulator:
//! the secret's life (create, faults, rotation, import, logs), drift, and plan-time checks.

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const ADDRESS: &str = "camunda_zeebe_client.app";
const DETAILS_ROUTE: &str = "GET /clusters/{clusterUuid}/clients/{clientId}";

/// An emulator with one Healthy cluster, and a workspace pointed at it.
struct Setup {
    emulator: TestEmulator,
    ws: Workspace,
    cluster_id: String,
}

fn setup() -> Setup {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("zeebe-client-tests");
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

resource "camunda_zeebe_client" "app" {{
  cluster_id = "{cluster_id}"
{body}
}}
"#
    )
}

/// Whether the emulator's token endpoint accepts the Zeebe client's credentials.
fn zeebe_token_works(emulator: &TestEmulator, client_id: &Json, secret: &Json) -> bool {
    let (status, _) = emulator.token_request(json!({
        "grant_type": "client_credentials",
        "audience": "zeebe.camunda.io",
        "client_id": client_id,
        "client_secret": secret,
    }));
    status == 200
}

fn set_of(value: &Json) -> Vec<String> {
    let mut items: Vec<String> = value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    items.sort();
    items
}

#[test]
fn create_keeps_the_issued_secret_and_data_sources_do_not_show_it() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    let data = r#"
data "camunda_zeebe_client" "app" {
  cluster_id = camunda_zeebe_client.app.cluster_id
  client_id  = camunda_zeebe_client.app.client_id
}

data "camunda_zeebe_clients" "all" {
  cluster_id = camunda_zeebe_client.app.cluster_id
}

output "one" {
  value = data.camunda_zeebe_client.app
}

output "all" {
  value = data.camunda_zeebe_clients.all
}
"#;
    ws.config(&(config(&cluster_id, r#"  name = "worker""#) + data));
    ws.apply().ok();
    ws.assert_no_changes();

    let state = ws.state();
    let resource = state["values"]["root_module"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == ADDRESS)
        .unwrap()
        .clone();
    // Terraform 1.0 marks schema-sensitive values in `show -json` of a plan (not yet of a state).
    let plan = ws.plan_json(&[]);
    let change = plan["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == ADDRESS)
        .unwrap();
    assert_eq!(change["change"]["actions"], json!(["no-op"]), "{change}");
    assert_eq!(
        change["change"]["after_sensitive"]["client_secret"], true,
        "{change}"
    );
    let values = &resource["values"];
    let client_id = &values["client_id"];
    assert_eq!(
        values["id"],
        format!("{cluster_id}/{}", client_id.as_str().unwrap())
    );
    assert!(zeebe_token_works(
        &emulator,
        client_id,
        &values["client_secret"]
    ));
    assert_eq!(
        set_of(&values["permissions"]),
        ["Operate", "Optimize", "Secrets", "Tasklist", "Zeebe"],
        "omitted permissions are what the API grants"
    );
    assert!(
        values["zeebe_address"]
            .as_str()
            .is_some_and(|a| !a.is_empty()),
        "{values}"
    );
    assert!(
        values["zeebe_authorization_server_url"].as_str().is_some(),
        "{values}"
    );

    // The emulator's connection details carry ZEEBE_REST_ADDRESS, its own cluster API.
    let rest_address = format!("{}/zeebe/{cluster_id}", emulator.base_url());
    assert_eq!(values["rest_address"], rest_address.as_str(), "{values}");

    let one = ws.output("one");
    assert_eq!(one["name"], "worker");
    assert_eq!(one["zeebe_address"], values["zeebe_address"]);
    assert_eq!(one["rest_address"], values["rest_address"]);
    assert_eq!(set_of(&one["permissions"]), set_of(&values["permissions"]));
    let all = ws.output("all");
    assert_eq!(all["clients"].as_array().unwrap().len(), 1, "{all}");
    assert_eq!(all["clients"][0]["client_id"], *client_id);
    let secret = values["client_secret"].as_str().unwrap();
    for output in [one, all] {
        assert!(!output.to_string().contains(secret), "{output}");
    }
}

/// The details call fails more often than create retries it: the apply still succeeds with
/// the secret in state, and the next refresh fills in the details.
fn details_fault_keeps_the_secret(status: u16) {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    emulator.admin(
        "POST",
        "/faults/next",
        Some(json!({"route": DETAILS_ROUTE, "status": status, "count": 50})),
    );
    ws.config(&config(&cluster_id, r#"  name = "early""#));
    let run = ws.apply().ok();
    assert!(
        run.output()
            .contains("created without its connection details"),
        "{}",
        run.output()
    );
    let values = ws.resource(ADDRESS);
    assert!(zeebe_token_works(
        &emulator,
        &values["client_id"],
        &values["client_secret"]
    ));
    assert!(values["zeebe_address"].is_null(), "{values}");

    emulator.admin("PUT", "/faults", Some(json!({})));
    ws.run(&["apply", "-refresh-only", "-auto-approve", "-no-color"])
        .ok();
    let refreshed = ws.resource(ADDRESS);
    assert!(refreshed["zeebe_address"].as_str().is_some(), "{refreshed}");
    assert!(
        refreshed["zeebe_authorization_server_url"]
            .as_str()
            .is_some(),
        "{refreshed}"
    );
    assert_eq!(refreshed["client_secret"], values["client_secret"]);
    // Not tainted: nothing to replace.
    ws.assert_no_changes();
}

#[test]
fn cluster_not_ready_for_details_keeps_the_secret() {
    details_fault_keeps_the_secret(412);
}

#[test]
fn server_errors_on_details_keep_the_secret() {
    details_fault_keeps_the_secret(503);
}

#[test]
fn refresh_keeps_state_while_not_ready_and_recreates_a_deleted_client() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(&cluster_id, r#"  name = "drifter""#));
    ws.apply().ok();
    let before = ws.resource(ADDRESS);
    let client_id = before["client_id"].as_str().unwrap();

    // A cluster that is not ready during refresh: prior values kept, with a warning.
    emulator.admin(
        "POST",
        "/faults/next",
        Some(json!({"route": "GET /clusters/{clusterUuid}/clients", "status": 412, "count": 1})),
    );
    let run = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(run.code, Some(0), "{}", run.output());
    assert!(
        run.output().contains("the cluster is not ready"),
        "{}",
        run.output()
    );

    emulator.admin(
        "DELETE",
        &format!("/clusters/{cluster_id}/clients/{client_id}"),
        None,
    );
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[ADDRESS], ["create"], "{actions:?}");
    ws.apply().ok();
    let after = ws.resource(ADDRESS);
    assert_ne!(after["client_id"], before["client_id"]);
    assert!(zeebe_token_works(
        &emulator,
        &after["client_id"],
        &after["client_secret"]
    ));
}

#[test]
fn keepers_change_rotates_the_secret_and_permissions_read_back() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    let body = |keeper: &str| {
        format!(
            "  name        = \"rotating\"\n  permissions = [\"Zeebe\", \"Secrets\"]\n  keepers     = {{ rotation = \"{keeper}\" }}"
        )
    };
    ws.config(&config(&cluster_id, &body("1")));
    ws.apply().ok();
    ws.assert_no_changes();
    let old = ws.resource(ADDRESS);
    assert_eq!(set_of(&old["permissions"]), ["Secrets", "Zeebe"]);
    let (_, listed) = emulator.api_json("GET", &format!("/clusters/{cluster_id}/clients"), None);
    assert_eq!(
        set_of(&listed[0]["permissions"]),
        ["Secrets", "Zeebe"],
        "{listed}"
    );

    ws.config(&config(&cluster_id, &body("2")));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[ADDRESS], ["delete", "create"], "{actions:?}");
    ws.apply().ok();
    let new = ws.resource(ADDRESS);
    assert_ne!(new["client_secret"], old["client_secret"]);
    assert!(zeebe_token_works(
        &emulator,
        &new["client_id"],
        &new["client_secret"]
    ));
    assert!(!zeebe_token_works(
        &emulator,
        &old["client_id"],
        &old["client_secret"]
    ));
    assert_eq!(set_of(&new["permissions"]), ["Secrets", "Zeebe"]);
}

#[test]
fn import_leaves_the_secret_null_and_checks_the_id() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    let (status, created) = emulator.api_json(
        "POST",
        &format!("/clusters/{cluster_id}/clients"),
        Some(json!({"clientName": "imported", "permissions": ["Zeebe", "Operate"]})),
    );
    assert_eq!(status, 200, "{created}");
    let client_id = created["clientId"].as_str().unwrap();
    ws.config(&config(&cluster_id, r#"  name = "imported""#));

    let run = ws.import(ADDRESS, "no-slash-here").failed();
    assert!(
        run.output().contains("<cluster_id>/<client_id>"),
        "{}",
        run.output()
    );
    let run = ws
        .import(ADDRESS, &format!("{cluster_id}/missing"))
        .failed();
    assert!(run.output().contains("not found"), "{}", run.output());

    let run = ws
        .import(ADDRESS, &format!("{cluster_id}/{client_id}"))
        .ok();
    let output = run.output();
    assert!(
        output.contains("`client_secret` is null after import"),
        "{output}"
    );
    assert!(output.contains("keepers"), "{output}");
    let values = ws.resource(ADDRESS);
    assert!(values["client_secret"].is_null(), "{values}");
    assert_eq!(values["name"], "imported");
    assert_eq!(set_of(&values["permissions"]), ["Operate", "Zeebe"]);
    assert!(values["zeebe_address"].as_str().is_some(), "{values}");
    ws.assert_no_changes();
}

#[test]
fn invalid_arguments_fail_at_plan_time() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(&cluster_id, r#"  name = "has space""#));
    let run = ws.run(&["plan", "-no-color"]).failed();
    let output = run.output();
    assert!(output.contains("whitespace"), "{output}");
    assert!(output.contains("name"), "{output}");

    ws.config(&config(
        &cluster_id,
        "  name        = \"ok\"\n  permissions = [\"Zeebe\", \"Admin\"]",
    ));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("\"Admin\""), "{output}");
    assert!(output.contains("Secrets"), "{output}");
    assert_eq!(emulator.calls("POST /clusters/{clusterUuid}/clients"), 0);
}

#[test]
fn a_name_that_another_client_holds_is_refused_at_plan_time_with_its_id() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    let (status, existing) = emulator.api_json(
        "POST",
        &format!("/clusters/{cluster_id}/clients"),
        Some(json!({"clientName": "taken"})),
    );
    assert_eq!(status, 200);
    let client_id = existing["clientId"].as_str().unwrap();
    ws.config(&config(&cluster_id, r#"  name = "taken""#));
    let output = ws.apply().failed().output();
    for needle in [
        "A Zeebe client with this name exists",
        &format!("Client {client_id} of cluster {cluster_id} already exists"),
        &format!("terraform import camunda_zeebe_client.<NAME> {cluster_id}/{client_id}"),
        "keepers",
    ] {
        assert!(output.contains(needle), "{needle:?} missing from: {output}");
    }
    assert_eq!(emulator.calls("POST /clusters/{clusterUuid}/clients"), 1);
}

#[test]
fn the_secret_never_reaches_the_logs() {
    let Setup {
        emulator: _emulator,
        mut ws,
        cluster_id,
    } = setup();
    let log_path = ws.path().join("terraform.log");
    ws.env("TF_LOG", "trace").env("TF_LOG_PATH", &log_path);
    ws.config(&config(&cluster_id, r#"  name = "quiet""#));
    let mut combined = ws.apply().ok().output();
    let state: Json = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap(),
    )
    .unwrap();
    let secret = state["resources"][0]["instances"][0]["attributes"]["client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    combined += &ws.run(&["plan", "-no-color"]).ok().output();
    combined += &ws.destroy().ok().output();
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("Console API answer body"),
        "the provider's trace lines reach TF_LOG_PATH"
    );
    combined += &log;
    assert!(
        !combined.contains(&secret),
        "the client secret occurs in the logs"
    );
}

#[test]
fn a_change_of_timeouts_alone_keeps_the_client_and_its_secret() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(&cluster_id, "  name = \"steady\""));
    ws.apply().ok();
    let before = ws.resource(ADDRESS);
    ws.config(&config(
        &cluster_id,
        "  name = \"steady\"\n  timeouts {\n    create = \"30m\"\n  }",
    ));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[ADDRESS], ["update"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    let after = ws.resource(ADDRESS);
    for attribute in [
        "client_id",
        "client_secret",
        "zeebe_address",
        "rest_address",
    ] {
        assert_eq!(after[attribute], before[attribute], "{attribute}");
    }
    assert_eq!(emulator.clients(&cluster_id).len(), 1);
}
