//! One create of each kind whose answer is lost after the server acted, through Terraform
//! against the emulator: the first apply converges, the next plan has nothing to do, the
//! emulator holds exactly the objects of the state, and every credential in the state is
//! the one issued. (Clusters and Zeebe clients: `faults`.) Also: creates on a cluster that
//! does not exist fail at plan time, on `cluster_id`.

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin, skip, terraform_at_least};

fn setup() -> (TestEmulator, Workspace, String) {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("lost");
    (emulator, ws, cluster_id)
}

fn config(cluster_id: &str, body: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

locals {{
  cluster_id = "{cluster_id}"
}}
{body}
"#
    )
}

/// The emulator serves the next call of `route` and then loses its answer.
fn lose_next(emulator: &TestEmulator, route: &str, answer: Json) {
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": route, "count": 1, "answer": answer})),
    );
}

/// Applies `body` with the next answer of `route` lost: one apply converges and the next
/// plan is empty.
fn apply_losing(
    ws: &Workspace,
    emulator: &TestEmulator,
    cluster_id: &str,
    route: &str,
    body: &str,
) {
    ws.config(&config(cluster_id, body));
    lose_next(emulator, route, json!("close"));
    ws.apply().ok();
    assert_eq!(
        emulator.answers_lost(route),
        1,
        "the answer of {route} was lost"
    );
    ws.assert_no_changes();
}

fn get(emulator: &TestEmulator, path: &str) -> Json {
    let (status, answer) = emulator.api("GET", path);
    assert_eq!(status, 200, "GET {path}: {answer}");
    answer
}

#[test]
fn a_connector_secret_whose_answer_was_lost_is_adopted() {
    let (emulator, ws, cluster_id) = setup();
    let route = "POST /clusters/{clusterUuid}/secrets";
    let body = r#"
resource "camunda_connector_secret" "db" {
  cluster_id = local.cluster_id
  name       = "DB_PASSWORD"
  value      = "s3cr3t"
}
"#;
    apply_losing(&ws, &emulator, &cluster_id, route, body);
    assert_eq!(emulator.calls(route), 1, "adopted, not sent again");
    let secrets = get(&emulator, &format!("/clusters/{cluster_id}/secrets"));
    assert_eq!(secrets, json!({"DB_PASSWORD": "s3cr3t"}));
    assert_eq!(
        ws.resource("camunda_connector_secret.db")["value"],
        "s3cr3t"
    );

    // A name that a secret made outside Terraform holds fails the apply, saying how to
    // import it; the secret is left as it was.
    emulator.admin(
        "PUT",
        &format!("/clusters/{cluster_id}/secrets/API_KEY"),
        Some(json!({"value": "theirs"})),
    );
    ws.config(&config(
        &cluster_id,
        &format!(
            "{body}\nresource \"camunda_connector_secret\" \"api\" {{\n  cluster_id = local.cluster_id\n  name = \"API_KEY\"\n  value = \"ours\"\n}}\n"
        ),
    ));
    let output = ws.apply().failed().output();
    assert!(
        output.contains("A connector secret with this name exists"),
        "{output}"
    );
    assert!(output.contains("terraform import"), "{output}");
    assert!(
        output.contains("with camunda_connector_secret.api"),
        "{output}"
    );
    let secrets = get(&emulator, &format!("/clusters/{cluster_id}/secrets"));
    assert_eq!(secrets["API_KEY"], "theirs", "left as it was");
}

#[test]
fn monitoring_whose_answer_was_lost_is_on_once() {
    let (emulator, ws, cluster_id) = setup();
    let route = "POST /clusters/{clusterUuid}/monitoring";
    let body = r#"
resource "camunda_cluster_monitoring" "metrics" {
  cluster_id = local.cluster_id
}
"#;
    apply_losing(&ws, &emulator, &cluster_id, route, body);
    // Sent again after the lost answer; the second found it on (409) and took it over.
    assert_eq!(emulator.calls(route), 2);
    let monitoring = get(
        &emulator,
        &format!("/clusters/{cluster_id}/monitoring/clients"),
    );
    let endpoint = &ws.resource("camunda_cluster_monitoring.metrics")["metrics_endpoint"];
    assert!(
        endpoint.as_str().is_some_and(|e| !e.is_empty()),
        "{monitoring}"
    );
}

#[test]
fn a_monitoring_client_whose_answer_was_lost_is_made_again_with_its_password() {
    let (emulator, ws, cluster_id) = setup();
    let route = "POST /clusters/{clusterUuid}/monitoring/clients";
    let body = r#"
resource "camunda_cluster_monitoring" "metrics" {
  cluster_id = local.cluster_id
}

resource "camunda_cluster_monitoring_client" "prometheus" {
  cluster_id = camunda_cluster_monitoring.metrics.cluster_id
  username   = "prometheus"
}
"#;
    apply_losing(&ws, &emulator, &cluster_id, route, body);
    // The client the lost answer made was deleted, since only that answer had its password.
    assert_eq!(emulator.calls(route), 2);
    assert_eq!(
        emulator.calls("DELETE /clusters/{clusterUuid}/monitoring/clients/{clientUuid}"),
        1
    );
    let clients = get(
        &emulator,
        &format!("/clusters/{cluster_id}/monitoring/clients"),
    );
    let clients = clients["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 1, "no orphan, no duplicate: {clients:?}");
    let state = ws.resource("camunda_cluster_monitoring_client.prometheus");
    assert_eq!(state["client_id"], clients[0]["uuid"]);
    let check = emulator.admin(
        "POST",
        &format!(
            "/clusters/{cluster_id}/monitoring/clients/{}/password-check",
            clients[0]["uuid"].as_str().unwrap()
        ),
        Some(json!({"password": state["password"]})),
    );
    assert_eq!(
        check["valid"], true,
        "the password in the state is the one issued"
    );
}

#[test]
fn a_backup_whose_answer_was_lost_is_adopted() {
    let (emulator, ws, cluster_id) = setup();
    let route = "POST /clusters/{clusterUuid}/backups";
    let body = r#"
resource "camunda_cluster_backup" "nightly" {
  cluster_id = local.cluster_id
}
"#;
    apply_losing(&ws, &emulator, &cluster_id, route, body);
    assert_eq!(emulator.calls(route), 1, "one backup taken");
    let backups = get(&emulator, &format!("/clusters/{cluster_id}/backups"));
    let backups = backups.as_array().unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let state = ws.resource("camunda_cluster_backup.nightly");
    assert_eq!(state["backup_id"], backups[0]["uuid"]);
    assert_eq!(state["status"], "Complete");
}

#[test]
fn secure_connectivity_whose_answer_was_lost_is_adopted() {
    let (emulator, ws, cluster_id) = setup();
    let route = "POST /clusters/{clusterUuid}/secure-connectivity";
    let body = r#"
resource "camunda_cluster_secure_connectivity" "private" {
  cluster_id         = local.cluster_id
  allowed_principals = ["arn:aws:iam::123456789012:root"]
}
"#;
    apply_losing(&ws, &emulator, &cluster_id, route, body);
    assert_eq!(emulator.calls(route), 1, "adopted, not sent again");
    let state = ws.resource("camunda_cluster_secure_connectivity.private");
    assert_eq!(state["status"], "Ready", "{state}");
}

/// Creates that set one state (an invitation, a schedule, an allowlist) are repeated
/// after a lost answer: the repeat sets the same state.
#[test]
fn writes_that_set_one_state_are_repeated_after_a_lost_answer() {
    let (emulator, ws, cluster_id) = setup();
    let routes = [
        "POST /members/{email}",
        "PUT /clusters/{clusterUuid}/backups/schedule",
        "PUT /clusters/{clusterUuid}/ipallowlist",
    ];
    ws.config(&config(
        &cluster_id,
        r#"
resource "camunda_organization_member" "ada" {
  email = "ada@example.com"
  roles = ["developer"]
}

resource "camunda_cluster_backup_schedule" "nightly" {
  cluster_id = local.cluster_id
  schedule   = "0 2 * * *"
}

resource "camunda_cluster_ip_allowlist" "office" {
  cluster_id = local.cluster_id
  rule {
    ip = "203.0.113.0/24"
  }
}
"#,
    ));
    for route in routes {
        lose_next(&emulator, route, json!(502));
    }
    ws.apply().ok();
    ws.assert_no_changes();
    for route in routes {
        assert_eq!(emulator.answers_lost(route), 1, "{route}");
        assert_eq!(emulator.calls(route), 2, "{route}: sent again once");
    }
    let members = get(&emulator, "/members");
    let invited: Vec<&Json> = members
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["email"] == "ada@example.com")
        .collect();
    assert_eq!(invited.len(), 1, "one invitation: {members}");
    let schedule = get(
        &emulator,
        &format!("/clusters/{cluster_id}/backups/schedule"),
    );
    assert_eq!(schedule["schedule"], "0 2 * * *", "{schedule}");
    let cluster = get(&emulator, &format!("/clusters/{cluster_id}"));
    assert_eq!(
        cluster["ipallowlist"],
        json!([{"ip": "203.0.113.0/24", "description": ""}]),
        "{cluster}"
    );
}

#[test]
fn an_ephemeral_zeebe_client_whose_answer_was_lost_leaves_no_client() {
    let test = "an_ephemeral_zeebe_client_whose_answer_was_lost_leaves_no_client";
    let Some(terraform) = terraform_at_least(10) else {
        skip(
            test,
            "ephemeral resources need Terraform 1.10 or later, and none was found",
        );
        return;
    };
    let (emulator, mut ws, cluster_id) = setup();
    ws.use_terraform(terraform);
    let route = "POST /clusters/{clusterUuid}/clients";
    ws.config(&config(
        &cluster_id,
        r#"
ephemeral "camunda_zeebe_client" "worker" {
  cluster_id = local.cluster_id
}

ephemeral "camunda_access_token" "worker" {
  client_id     = ephemeral.camunda_zeebe_client.worker.client_id
  client_secret = ephemeral.camunda_zeebe_client.worker.client_secret
}
"#,
    ));
    lose_next(&emulator, route, json!(504));
    ws.run(&["plan", "-no-color"]).ok();
    assert_eq!(emulator.answers_lost(route), 1);
    // The lost one was deleted and made again; that one got a token and was closed.
    assert_eq!(emulator.calls(route), 2);
    assert_eq!(
        emulator.calls("DELETE /clusters/{clusterUuid}/clients/{clientId}"),
        2
    );
    assert_eq!(
        emulator.clients(&cluster_id),
        Vec::<Json>::new(),
        "no client outlives the run"
    );
}

#[test]
fn a_cluster_that_does_not_exist_fails_the_plan_on_cluster_id() {
    let (_emulator, ws, _) = setup();
    ws.config(&config(
        "no-such-cluster",
        r#"
resource "camunda_zeebe_client" "worker" {
  cluster_id = local.cluster_id
  name       = "worker"
}

resource "camunda_connector_secret" "db" {
  cluster_id = local.cluster_id
  name       = "DB_PASSWORD"
  value      = "s3cr3t"
}

resource "camunda_cluster_monitoring" "metrics" {
  cluster_id = local.cluster_id
}
"#,
    ));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert_eq!(
        output.matches("Error: Cluster not found").count(),
        3,
        "{output}"
    );
    for address in [
        "camunda_zeebe_client.worker",
        "camunda_connector_secret.db",
        "camunda_cluster_monitoring.metrics",
    ] {
        let on_cluster_id = format!("with {address}, on main.tf");
        assert!(output.contains(&on_cluster_id), "{address}: {output}");
    }
    assert_eq!(
        output.matches("cluster_id = local.cluster_id").count(),
        3,
        "{output}"
    );
    assert!(output.contains("\"no-such-cluster\""), "{output}");
}
