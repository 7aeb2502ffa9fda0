//! Mistakes a new user makes, through Terraform against the emulator, and the errors they
//! get: a cluster ID that names no cluster, blank IDs and invalid names at plan time, an
//! API URL nothing listens on, API and token URLs of a server that never answers, and
//! `-replace` of a protected cluster.

use std::time::{Duration, Instant};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{HEADER as PROVIDER, Workspace, camunda_plugin};

const NO_SUCH_CLUSTER: &str = "5e0c1a9d-0000-4000-8000-000000000000";

/// Data sources that read the Console API, with a call each that runs at the same time.
const READS: &str = r#"
data "camunda_channel" "stable" {
  name = "Stable"
}

data "camunda_region" "belgium" {
  name = "Belgium, Europe (europe-west1)"
}

data "camunda_clusters" "all" {}
"#;

fn start() -> (TestEmulator, Workspace) {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    (emulator, ws)
}

/// Asserts that `output` says the cluster does not exist, on the `cluster_id` (or, for
/// the cluster data source, `id`) argument, without the raw HTTP answer.
fn assert_names_the_missing_cluster(output: &str, argument: &str) {
    assert!(output.contains("Cluster not found"), "{output}");
    assert!(
        output.contains(&format!(
            "No cluster with the ID \"{NO_SUCH_CLUSTER}\" exists"
        )),
        "{output}"
    );
    assert!(output.contains(&format!("{argument} = ")), "{output}");
    assert!(!output.contains("HTTP 404"), "{output}");
}

#[test]
fn a_cluster_id_that_names_no_cluster_says_so() {
    let (emulator, ws) = start();
    let cases = [
        (
            format!(
                "resource \"camunda_zeebe_client\" \"app\" {{\n  cluster_id = \"{NO_SUCH_CLUSTER}\"\n  name = \"app\"\n}}\n"
            ),
            "cluster_id",
        ),
        (
            format!(
                "data \"camunda_zeebe_clients\" \"all\" {{\n  cluster_id = \"{NO_SUCH_CLUSTER}\"\n}}\n"
            ),
            "cluster_id",
        ),
        (
            format!(
                "data \"camunda_zeebe_client\" \"one\" {{\n  cluster_id = \"{NO_SUCH_CLUSTER}\"\n  client_id = \"abc\"\n}}\n"
            ),
            "cluster_id",
        ),
        (
            format!("data \"camunda_cluster\" \"one\" {{\n  id = \"{NO_SUCH_CLUSTER}\"\n}}\n"),
            "id",
        ),
    ];
    for (body, argument) in cases {
        ws.config(&format!("{PROVIDER}\n{body}"));
        let output = ws.apply().failed().output();
        assert_names_the_missing_cluster(&output, argument);
    }
    let (_, clusters) = emulator.api("GET", "/clusters");
    assert_eq!(clusters, serde_json::json!([]));
}

#[test]
fn blank_ids_invalid_names_and_labels_fail_at_plan_time_on_their_attribute() {
    let (emulator, ws) = start();
    let too_long = "x".repeat(51);
    let cases: [(String, String, &str); 6] = [
        (
            "resource \"camunda_zeebe_client\" \"app\" {\n  cluster_id = \"\"\n  name = \"app\"\n}\n".into(),
            "cluster_id = \"\"".into(),
            "is empty",
        ),
        (
            "data \"camunda_zeebe_clients\" \"all\" {\n  cluster_id = \" \"\n}\n".into(),
            "cluster_id = \" \"".into(),
            "is empty",
        ),
        (cluster_named(""), "name         = \"\"".into(), "is empty"),
        (
            cluster_named(&too_long),
            format!("name         = \"{too_long}\""),
            "has 51 characters; at most 50 are allowed",
        ),
        (
            cluster_named("x").replace("\n}", "\n  stage_label = \"qa\"\n}"),
            "stage_label = \"qa\"".into(),
            "\"qa\" is not allowed; use one of \"dev\", \"test\", \"stage\", \"prod\"",
        ),
        (
            format!(
                "resource \"camunda_zeebe_client\" \"app\" {{\n  cluster_id = \"c\"\n  \
                 name = \"{too_long}\"\n}}\n"
            ),
            format!("name = \"{too_long}\""),
            "has 51 characters; it must have 1 to 50",
        ),
    ];
    for (body, line, why) in cases {
        ws.config(&format!("{PROVIDER}\n{body}"));
        let output = ws.run(&["plan", "-no-color"]).failed().output();
        assert!(output.contains(why), "{output}");
        assert!(
            output.contains(&line),
            "the error points at {line}: {output}"
        );
    }
    assert_eq!(
        emulator.token_requests(),
        0,
        "plan-time checks need no API call"
    );
}

fn cluster_named(name: &str) -> String {
    format!(
        r#"
resource "camunda_cluster" "x" {{
  name         = "{name}"
  channel_id   = "any"
  region_id    = "any"
  plan_type_id = "any"
}}
"#
    )
}

#[test]
fn an_unreachable_api_url_fails_at_once_and_says_which_setting_to_fix() {
    let (_emulator, mut ws) = start();
    // Nothing listens on the discard port of the loopback address.
    ws.env("CAMUNDA_CONSOLE_BASE_URL", "http://127.0.0.1:9");
    ws.config(&format!("{PROVIDER}{READS}"));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    let full = "cannot connect to http://127.0.0.1:9: Connection refused";
    assert_eq!(output.matches(full).count(), 1, "{output}");
    assert_eq!(
        output
            .matches("Check the provider attribute `api_url` (environment variable CAMUNDA_CONSOLE_BASE_URL)")
            .count(),
        1,
        "{output}"
    );
    assert!(
        !output.contains("failed before a complete answer"),
        "{output}"
    );
}

/// A server on the loopback address that takes connections and never answers.
fn silent_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for socket in listener.incoming() {
            held.push(socket);
        }
    });
    url
}

/// Points the setting `attribute` (through its variable `env_var`) at a server that never
/// answers, with `path` after its address, and asserts that a plan fails in time, with
/// one error that names the URL, the setting and how long it waited.
fn assert_a_silent_url_fails_and_says_which_setting_to_fix(
    attribute: &str,
    env_var: &str,
    path: &str,
) {
    let (_emulator, mut ws) = start();
    let url = format!("{}{path}", silent_server());
    ws.env(env_var, &url);
    ws.config(&format!("{PROVIDER}{READS}"));
    let started = Instant::now();
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    let took = started.elapsed();
    // Far above the provider's limits, so that only a missing limit fails it.
    assert!(took < Duration::from_secs(120), "took {took:?}: {output}");
    let full = format!("no answer from {url} after ");
    assert_eq!(output.matches(&full).count(), 1, "{output}");
    let check =
        format!("Check the provider attribute `{attribute}` (environment variable {env_var})");
    assert_eq!(output.matches(&check).count(), 1, "{output}");
    let waited: f64 = output
        .split(&full)
        .nth(1)
        .unwrap()
        .split(" s")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(waited > 0.0 && waited <= took.as_secs_f64(), "{output}");
}

#[test]
fn a_silent_api_url_fails_in_time_and_says_which_setting_to_fix() {
    assert_a_silent_url_fails_and_says_which_setting_to_fix(
        "api_url",
        "CAMUNDA_CONSOLE_BASE_URL",
        "",
    );
}

#[test]
fn a_silent_oauth_url_fails_in_time_and_says_which_setting_to_fix() {
    assert_a_silent_url_fails_and_says_which_setting_to_fix(
        "oauth_url",
        "CAMUNDA_OAUTH_URL",
        "/oauth/token",
    );
}

#[test]
fn replace_of_a_protected_cluster_plans_and_is_refused_at_apply_before_any_delete() {
    let (emulator, ws) = start();
    let (_, params) = emulator.api("GET", "/clusters/parameters");
    let channel = &params["channels"][0];
    ws.config(&format!(
        r#"{PROVIDER}
resource "camunda_cluster" "x" {{
  name                = "protected"
  channel_id          = "{}"
  region_id           = "{}"
  plan_type_id        = "{}"
  deletion_protection = true
}}
"#,
        channel["uuid"].as_str().unwrap(),
        params["regions"][0]["uuid"].as_str().unwrap(),
        params["clusterPlanTypes"][0]["uuid"].as_str().unwrap(),
    ));
    ws.apply().ok();
    let id = ws.resource("camunda_cluster.x")["id"].clone();

    // Terraform does not tell the provider that -replace asked for the replacement.
    let actions = ws.planned_actions(&["-replace=camunda_cluster.x"]);
    assert_eq!(actions["camunda_cluster.x"], ["delete", "create"]);

    emulator.reset_counters();
    let refused = ws
        .run(&[
            "apply",
            "-auto-approve",
            "-no-color",
            "-replace=camunda_cluster.x",
        ])
        .failed()
        .output();
    assert!(refused.contains("deletion_protection is true"), "{refused}");
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 0);
    assert_eq!(emulator.calls("POST /clusters"), 0);
    assert_eq!(ws.resource("camunda_cluster.x")["id"], id);
    let (_, clusters) = emulator.api("GET", "/clusters");
    assert_eq!(clusters.as_array().unwrap().len(), 1, "{clusters}");
}

/// Every way to get a duration wrong: an error on `timeouts.create` that names the value and
/// says what a duration looks like, from `validate` and from `plan`, and also when the value
/// comes from a variable (known only at plan time). Never a provider bug.
#[test]
fn a_bad_timeout_is_an_error_on_its_attribute_that_shows_the_accepted_forms() {
    let (emulator, ws) = start();
    for bad in ["banana", "", "-5m", "1d", "5"] {
        let literal = cluster_with_create_timeout(&format!("{bad:?}"));
        let from_variable = format!(
            "variable \"create_timeout\" {{\n  default = {bad:?}\n}}\n{}",
            cluster_with_create_timeout("var.create_timeout")
        );
        for (config, commands) in [
            (
                literal,
                &[&["validate", "-no-color"][..], &["plan", "-no-color"]][..],
            ),
            (from_variable, &[&["plan", "-no-color"][..]][..]),
        ] {
            ws.config(&format!("{PROVIDER}\n{config}"));
            for command in commands {
                let output = ws.run(command).failed().output();
                assert!(!output.contains("bug in the provider"), "{output}");
                assert_eq!(output.matches("Error: ").count(), 1, "{output}");
                assert!(output.contains("Invalid value for create"), "{output}");
                assert!(output.contains("create = "), "points at the line: {output}");
                assert!(
                    output.contains(&format!("{bad:?} is not a duration")),
                    "{output}"
                );
                for form in [
                    "\"30s\"",
                    "\"20m\"",
                    "\"1h30m\"",
                    "\"ms\", \"s\", \"m\" and \"h\"",
                ] {
                    assert!(output.contains(form), "{form}: {output}");
                }
            }
        }
    }
    assert_eq!(
        emulator.token_requests(),
        0,
        "plan-time checks need no API call"
    );
}

fn cluster_with_create_timeout(create: &str) -> String {
    format!(
        r#"
resource "camunda_cluster" "x" {{
  name         = "timed"
  channel_id   = "any"
  region_id    = "any"
  plan_type_id = "any"
  timeouts {{
    create = {create}
  }}
}}
"#
    )
}
