//! `camunda_connector_secret` and `camunda_connector_secrets`, through Terraform against the
//! emulator: the value's life (in place updates, drift, import, destroy), the write-only
//! value on Terraform 1.11 (never in a plan, the state or a log), the refresh's one list
//! call, the API's 409s and its deletion lag, and plan-time checks.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{HEADER, Workspace, camunda_plugin, terraform_at_least, terraform_older_than};
use camunda_provider::emulator::Config;

const ADDRESS: &str = "camunda_connector_secret.api_key";
const LIST: &str = "GET /clusters/{clusterUuid}/secrets";
const CREATE: &str = "POST /clusters/{clusterUuid}/secrets";
const UPDATE: &str = "PUT /clusters/{clusterUuid}/secrets/{secretName}";
const DELETE: &str = "DELETE /clusters/{clusterUuid}/secrets/{secretName}";

/// An emulator with one Healthy cluster, and a workspace pointed at it.
struct Setup {
    emulator: TestEmulator,
    ws: Workspace,
    cluster_id: String,
}

fn setup_with(config: Config) -> Setup {
    let emulator = TestEmulator::start(config);
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("secrets");
    Setup {
        emulator,
        ws,
        cluster_id,
    }
}

fn setup() -> Setup {
    setup_with(test_config())
}

/// `camunda_connector_secret.api_key` named `API_KEY`, with `body` for its value.
fn config(cluster_id: &str, body: &str) -> String {
    format!(
        r#"{HEADER}
resource "camunda_connector_secret" "api_key" {{
  cluster_id = "{cluster_id}"
  name       = "API_KEY"
{body}
}}
"#
    )
}

/// The cluster's secrets as the API lists them, by name.
fn listed(emulator: &TestEmulator, cluster_id: &str) -> BTreeMap<String, String> {
    let (status, secrets) = emulator.api("GET", &format!("/clusters/{cluster_id}/secrets"));
    assert_eq!(status, 200, "{secrets}");
    serde_json::from_value(secrets).unwrap()
}

impl Setup {
    fn listed(&self) -> BTreeMap<String, String> {
        listed(&self.emulator, &self.cluster_id)
    }

    /// Changes (`PUT`) or deletes (`DELETE`) a secret out of band, as the Console would.
    fn admin_secret(&self, method: &str, name: &str, value: Option<&str>) {
        let path = format!("/clusters/{}/secrets/{name}", self.cluster_id);
        self.emulator
            .admin(method, &path, value.map(|v| json!({"value": v})));
    }
}

fn one(name: &str, value: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(name.to_owned(), value.to_owned())])
}

fn only(address: &str, actions: &[&str]) -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([(
        address.to_owned(),
        actions.iter().map(|a| a.to_string()).collect(),
    )])
}

#[test]
fn value_updates_in_place_and_drift_import_and_destroy_are_handled() {
    let s = setup();
    let ws = &s.ws;
    ws.config(&config(&s.cluster_id, r#"  value = "v1""#));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(s.listed(), one("API_KEY", "v1"));
    let values = ws.resource(ADDRESS);
    assert_eq!(values["id"], format!("{}/API_KEY", s.cluster_id));
    assert_eq!(values["value"], "v1");

    // A new value: updated in place, with one PUT and no DELETE.
    ws.config(&config(&s.cluster_id, r#"  value = "v2""#));
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["update"]));
    s.emulator.reset_counters();
    ws.apply().ok();
    assert_eq!(s.listed(), one("API_KEY", "v2"));
    assert_eq!(
        (
            s.emulator.calls(UPDATE),
            s.emulator.calls(DELETE),
            s.emulator.calls(CREATE)
        ),
        (1, 0, 0),
        "{}",
        s.emulator.counters()
    );
    ws.assert_no_changes();

    // Changed in the Console: an in-place update puts it back.
    s.admin_secret("PUT", "API_KEY", Some("changed-by-hand"));
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["update"]));
    ws.apply().ok();
    assert_eq!(s.listed(), one("API_KEY", "v2"));

    // Deleted in the Console: it leaves the state, and the plan creates it again.
    s.admin_secret("DELETE", "API_KEY", None);
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["create"]));
    ws.apply().ok();
    assert_eq!(s.listed(), one("API_KEY", "v2"));

    // Import reads the value back: the plan after it is empty.
    ws.run(&["state", "rm", ADDRESS]).ok();
    let output = ws.import(ADDRESS, "no-slash").failed().output();
    assert!(output.contains("<cluster_id>/<name>"), "{output}");
    let output = ws
        .import(ADDRESS, &format!("{}/MISSING", s.cluster_id))
        .failed()
        .output();
    assert!(
        output.contains("no connector secret named \"MISSING\""),
        "{output}"
    );
    ws.import(ADDRESS, &format!("{}/API_KEY", s.cluster_id))
        .ok();
    assert_eq!(ws.resource(ADDRESS)["value"], "v2");
    ws.assert_no_changes();

    ws.destroy().ok();
    assert!(s.listed().is_empty());
    assert_eq!(ws.state()["values"], Json::Null, "nothing left in state");
}

#[test]
fn fifty_secrets_refresh_with_one_list_call_and_the_data_source_shows_names_only() {
    let s = setup();
    let hcl = format!(
        r#"{HEADER}
resource "camunda_connector_secret" "many" {{
  count      = 50
  cluster_id = "{cluster}"
  name       = "SECRET_${{count.index}}"
  value      = "value-${{count.index}}"
}}

data "camunda_connector_secrets" "all" {{
  cluster_id = "{cluster}"
  depends_on = [camunda_connector_secret.many]
}}

output "names" {{
  value = data.camunda_connector_secrets.all.names
}}
"#,
        cluster = s.cluster_id
    );
    s.ws.config(&hcl);
    s.emulator.reset_counters();
    s.ws.apply().ok();
    assert_eq!(s.listed().len(), 50);
    // One list per provider process, the plan's (for the data source) and the apply's:
    // the creates share one look at the cluster's secrets, each amending what it listed.
    assert_eq!(s.emulator.calls(LIST), 2, "{}", s.emulator.counters());

    s.emulator.reset_counters();
    let plan = s.ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(0), "{}", plan.output());
    assert_eq!(s.emulator.calls(LIST), 1, "{}", s.emulator.counters());

    let names = s.ws.output("names");
    let mut expected: Vec<String> = (0..50).map(|i| format!("SECRET_{i}")).collect();
    expected.sort();
    assert_eq!(names, json!(expected));
    assert!(!names.to_string().contains("value-"), "{names}");

    // One deleted in the Console is found missing by that one list call.
    s.admin_secret("DELETE", "SECRET_7", None);
    s.emulator.reset_counters();
    assert_eq!(
        s.ws.planned_actions(&[]),
        only("camunda_connector_secret.many[7]", &["create"])
    );
    assert_eq!(s.emulator.calls(LIST), 1, "{}", s.emulator.counters());
}

#[test]
fn conflicts_with_changes_in_progress_are_retried() {
    let s = setup_with(Config {
        faults: camunda_provider::emulator::Faults {
            secret_busy: Duration::from_millis(150),
            ..Default::default()
        },
        ..test_config()
    });
    // Five creates at once on one cluster: each one keeps the secrets busy for a while.
    let hcl = format!(
        r#"{HEADER}
resource "camunda_connector_secret" "many" {{
  count      = 5
  cluster_id = "{}"
  name       = "BUSY_${{count.index}}"
  value      = "v-${{count.index}}"
}}
"#,
        s.cluster_id
    );
    s.ws.config(&hcl);
    s.ws.apply().ok();
    assert_eq!(s.listed().len(), 5);
    assert!(
        s.emulator.calls(CREATE) > 5,
        "some creates met a change in progress: {}",
        s.emulator.counters()
    );
    s.ws.assert_no_changes();

    // The same for an update: the API answers 409 twice, and the third PUT succeeds.
    s.emulator.admin("PUT", "/faults", Some(json!({})));
    s.emulator.admin(
        "POST",
        "/faults/next",
        Some(json!({"route": UPDATE, "status": 409, "count": 2})),
    );
    s.emulator.reset_counters();
    s.ws.config(&hcl.replace("\"v-${count.index}\"", "\"w-${count.index}\""));
    s.ws.run(&["apply", "-auto-approve", "-no-color", "-parallelism=1"])
        .ok();
    assert_eq!(s.emulator.calls(UPDATE), 5 + 2, "{}", s.emulator.counters());
    assert!(s.listed().values().all(|v| v.starts_with("w-")));
}

#[test]
fn a_deletion_still_showing_neither_fails_a_create_nor_shows_drift() {
    let s = setup_with(Config {
        faults: camunda_provider::emulator::Faults {
            secret_delete_lag: Duration::from_millis(1500),
            ..Default::default()
        },
        ..test_config()
    });
    let ws = &s.ws;
    ws.config(&config(&s.cluster_id, r#"  value = "v1""#));
    ws.apply().ok();

    // Replacing deletes, then creates the same name while the deletion still shows.
    s.emulator.reset_counters();
    ws.run(&[
        "apply",
        "-auto-approve",
        "-no-color",
        &format!("-replace={ADDRESS}"),
    ])
    .ok();
    assert!(
        s.emulator.calls(CREATE) >= 2,
        "the create met the deletion still in progress: {}",
        s.emulator.counters()
    );
    assert_eq!(s.listed(), one("API_KEY", "v1"));
    ws.assert_no_changes();

    // Destroyed, the secret is still listed for a while; the plan right after is to create it,
    // and the create waits the lag out.
    ws.destroy().ok();
    assert_eq!(
        s.listed(),
        one("API_KEY", "v1"),
        "the deletion has not shown yet"
    );
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["create"]));
    ws.apply().ok();
    assert_eq!(s.listed(), one("API_KEY", "v1"));
    ws.assert_no_changes();
}

#[test]
fn a_name_taken_outside_terraform_says_to_import_it() {
    let s = setup();
    s.admin_secret("PUT", "API_KEY", Some("made-by-hand"));
    s.ws.config(&config(&s.cluster_id, r#"  value = "v1""#));
    let output = s.ws.apply().failed().output();
    assert!(
        output.contains("already has a connector secret named \"API_KEY\""),
        "{output}"
    );
    assert!(output.contains("terraform import"), "{output}");
    assert_eq!(s.listed(), one("API_KEY", "made-by-hand"));
}

#[test]
fn invalid_arguments_fail_at_plan_time() {
    let s = setup();
    for (body, needles) in [
        ("", vec!["No value for the connector secret", "value_wo"]),
        (
            "  value            = \"v\"\n  value_wo_version = 1",
            vec!["`value_wo_version` without `value_wo`"],
        ),
    ] {
        s.ws.config(&config(&s.cluster_id, body));
        let output = s.ws.run(&["plan", "-no-color"]).failed().output();
        for needle in needles {
            assert!(output.contains(needle), "{needle}: {output}");
        }
    }
    for (name, needle) in [("HAS SPACE", "whitespace"), (&"N".repeat(50), "1 to 49")] {
        s.ws.config(
            &config(&s.cluster_id, r#"  value = "v""#).replace("\"API_KEY\"", &format!("{name:?}")),
        );
        let output = s.ws.run(&["plan", "-no-color"]).failed().output();
        assert!(output.contains("Invalid value for name"), "{output}");
        assert!(output.contains(needle), "{output}");
    }
    assert_eq!(s.emulator.calls(CREATE), 0);
}

// --- The write-only value (Terraform 1.11 and later) -------------------------------------

/// The write-only configuration: the value comes from an ephemeral variable, so that
/// Terraform itself keeps it out of the plan (a literal would show in the plan's
/// configuration section, whatever the provider does).
fn write_only_config(cluster_id: &str, version: u32) -> String {
    format!(
        r#"{HEADER}
variable "api_key" {{
  type      = string
  sensitive = true
  ephemeral = true
}}

resource "camunda_connector_secret" "api_key" {{
  cluster_id       = "{cluster_id}"
  name             = "API_KEY"
  value_wo         = var.api_key
  value_wo_version = {version}
}}
"#
    )
}

#[test]
fn a_write_only_value_is_in_no_plan_state_or_log_and_its_version_updates_it() {
    let Some(terraform) = terraform_at_least(11) else {
        crate::support::skip(
            "a_write_only_value_is_in_no_plan_state_or_log_and_its_version_updates_it",
            "write-only attributes need Terraform 1.11 or later, and none was found",
        );
        return;
    };
    let Setup {
        emulator,
        mut ws,
        cluster_id,
    } = setup();
    let log = ws.path().join("terraform.log");
    ws.use_terraform(terraform)
        .env("TF_LOG", "trace")
        .env("TF_LOG_PATH", &log)
        .env("TF_VAR_api_key", "wo-first-5d1c7e");
    ws.config(&write_only_config(&cluster_id, 1));
    ws.apply().ok();
    assert_eq!(
        listed(&emulator, &cluster_id),
        one("API_KEY", "wo-first-5d1c7e")
    );
    ws.assert_no_changes();
    let values = ws.resource(ADDRESS);
    assert_eq!(values["value"], Json::Null);
    assert_eq!(values["value_wo"], Json::Null);
    assert_eq!(values["value_wo_version"], 1);

    // Another value under the same version is not seen; a new version sends it, in place.
    ws.env("TF_VAR_api_key", "wo-second-a83f02");
    ws.assert_no_changes();
    ws.config(&write_only_config(&cluster_id, 2));
    let plan = ws.plan_json(&[]);
    assert_eq!(
        plan["resource_changes"][0]["change"]["actions"],
        json!(["update"]),
        "{plan}"
    );
    emulator.reset_counters();
    ws.apply().ok();
    assert_eq!(
        listed(&emulator, &cluster_id),
        one("API_KEY", "wo-second-a83f02")
    );
    assert_eq!(
        (emulator.calls(UPDATE), emulator.calls(DELETE)),
        (1, 0),
        "{}",
        emulator.counters()
    );
    ws.assert_no_changes();

    let plan = ws.plan_json(&[]).to_string();
    let state = ws.state().to_string();
    let state_file = std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap();
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(
        log_text.contains("Console API answer body"),
        "the provider's trace lines reach the log"
    );
    for value in ["wo-first-5d1c7e", "wo-second-a83f02"] {
        for (what, text) in [
            ("the plan JSON", &plan),
            ("the state JSON", &state),
            ("the state file", &state_file),
            ("the trace log", &log_text),
        ] {
            assert!(!text.contains(value), "{value} is in {what}");
        }
    }

    // Import (value read back), then one in-place update that drops it from the state again.
    ws.run(&["state", "rm", ADDRESS]).ok();
    ws.import(ADDRESS, &format!("{cluster_id}/API_KEY")).ok();
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["update"]));
    ws.apply().ok();
    assert_eq!(ws.resource(ADDRESS)["value"], Json::Null);
    ws.assert_no_changes();

    ws.destroy().ok();
    assert!(listed(&emulator, &cluster_id).is_empty());
}

#[test]
fn a_write_only_value_on_an_older_terraform_says_it_needs_1_11() {
    let Some(terraform) = terraform_older_than(11) else {
        crate::support::skip(
            "a_write_only_value_on_an_older_terraform_says_it_needs_1_11",
            "it needs a Terraform older than 1.11: run `tools/install-terraform`",
        );
        return;
    };
    let mut s = setup();
    s.ws.use_terraform(terraform);
    // From a variable: Terraform quotes the configuration's line in its error.
    let hcl = config(
        &s.cluster_id,
        "  value_wo         = var.api_key\n  value_wo_version = 1",
    );
    s.ws.config(&format!(
        "{hcl}\nvariable \"api_key\" {{\n  default   = \"s3cr3t\"\n  sensitive = true\n}}\n"
    ));
    let output = s.ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("`value_wo` needs Terraform 1.11 or later"),
        "{output}"
    );
    assert!(output.contains("set `value` instead"), "{output}");
    assert!(!output.contains("s3cr3t"), "{output}");
    assert_eq!(s.emulator.calls(CREATE), 0);
}
