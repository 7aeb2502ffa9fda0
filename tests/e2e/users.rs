//! Users of a Self-Managed cluster with HTTP basic authentication, through Terraform: the
//! password is checked by signing in with it; it changes in place, from `password` or from
//! the write-only `password_wo` when `password_wo_version` changes; name and email change
//! in place and drift shows; a lost create converges; import sets the password on the next
//! apply; and no password reaches a log.

use serde_json::json;

use camunda_provider::emulator::AuthMode;

use crate::support::cluster::{self, with_provider};
use crate::support::emulator::TestEmulator;
use crate::support::{Workspace, skip, terraform_at_least};

const ADDRESS: &str = "camunda_user.jane";

fn setup() -> (TestEmulator, Workspace) {
    cluster::self_managed_with(AuthMode::Basic)
}

/// A configuration with user `jane` whose arguments are `body`.
fn config(body: &str) -> String {
    let basic = "    auth_strategy = \"BASIC\"\n    username      = \"demo\"\n";
    with_provider(
        basic,
        &format!("resource \"camunda_user\" \"jane\" {{\n  username = \"jane\"\n{body}\n}}\n"),
    )
}

/// The usernames at the emulator besides the one it starts with.
fn usernames(emulator: &TestEmulator) -> Vec<String> {
    let mut names: Vec<String> = emulator
        .cluster_objects("users")
        .iter()
        .filter_map(|u| u["username"].as_str().map(str::to_owned))
        .filter(|u| u != "demo")
        .collect();
    names.sort();
    names
}

#[test]
fn a_user_signs_in_changes_in_place_drifts_imports_and_leaves_no_password_in_logs() {
    let (emulator, mut ws) = setup();
    let log = ws.path().join("terraform.log");
    ws.env("TF_LOG", "trace").env("TF_LOG_PATH", &log);
    let first = r#"  name = "Jane Doe"
  email = "jane@example.com"
  password = "first-pass-91c3""#;
    ws.config(&config(first));
    let mut output = ws.apply().ok().output();
    ws.assert_no_changes();
    assert_eq!(usernames(&emulator), ["jane"]);
    assert!(emulator.signs_in("jane", "first-pass-91c3"));
    let user = ws.resource(ADDRESS);
    assert_eq!(
        (&user["id"], &user["email"]),
        (&json!("jane"), &json!("jane@example.com"))
    );

    // A new password and name: in place, and the old password no longer works.
    let second = first
        .replace("first-pass-91c3", "second-pass-5e07")
        .replace("Jane Doe", "Jane Roe");
    ws.config(&config(&second));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[ADDRESS], ["update"], "{actions:?}");
    output += &ws.apply().ok().output();
    ws.assert_no_changes();
    assert!(emulator.signs_in("jane", "second-pass-5e07"));
    assert!(!emulator.signs_in("jane", "first-pass-91c3"));
    assert_eq!(
        emulator
            .cluster_objects("users")
            .iter()
            .find(|u| u["username"] == "jane")
            .unwrap()["name"],
        "Jane Roe"
    );

    // Changed, then deleted, outside Terraform: the next plans put it back.
    emulator.admin(
        "PUT",
        "/orchestration/self-managed/users/jane",
        Some(json!({"name": "Jane Roe", "email": "other@example.com"})),
    );
    cluster::wait_for_lag();
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    emulator.admin("DELETE", "/orchestration/self-managed/users/jane", None);
    cluster::wait_for_lag();
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["create"]);
    output += &ws.apply().ok().output();
    ws.assert_no_changes();
    assert!(emulator.signs_in("jane", "second-pass-5e07"));

    // Imported by username: no read shows the password, so the next apply sets it.
    ws.run(&["state", "rm", ADDRESS]).ok();
    ws.import(ADDRESS, "jane").ok();
    assert_eq!(ws.resource(ADDRESS)["password"], json!(null));
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    output += &ws.apply().ok().output();
    ws.assert_no_changes();

    output += &ws.destroy().ok().output();
    assert!(usernames(&emulator).is_empty());
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("Orchestration Cluster API request body"),
        "trace lines reach the log"
    );
    for password in ["first-pass-91c3", "second-pass-5e07"] {
        assert!(
            !log.contains(password) && !output.contains(password),
            "{password} in a log"
        );
    }
}

#[test]
fn a_write_only_password_is_sent_when_its_version_changes() {
    let Some(terraform) = terraform_at_least(11) else {
        skip(
            "a_write_only_password_is_sent_when_its_version_changes",
            "write-only attributes need Terraform 1.11 or later, and none was found",
        );
        return;
    };
    let (emulator, mut ws) = setup();
    ws.use_terraform(terraform)
        .env("TF_VAR_password", "wo-first-2b7d");
    let body = |version: u32| {
        format!(
            "  password_wo = var.password\n  password_wo_version = {version}\n}}\n\nvariable \"password\" {{\n  type      = string\n  sensitive = true\n  ephemeral = true"
        )
    };
    ws.config(&config(&body(1)));
    ws.apply().ok();
    ws.assert_no_changes();
    assert!(emulator.signs_in("jane", "wo-first-2b7d"));
    let user = ws.resource(ADDRESS);
    assert_eq!(
        (&user["password"], &user["password_wo"]),
        (&json!(null), &json!(null))
    );
    let state = std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap();
    assert!(!state.contains("wo-first-2b7d"));

    // Another password under the same version is not seen; a new version sends it.
    ws.env("TF_VAR_password", "wo-second-80aa");
    ws.assert_no_changes();
    ws.config(&config(&body(2)));
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    ws.apply().ok();
    ws.assert_no_changes();
    assert!(emulator.signs_in("jane", "wo-second-80aa"));
    assert!(!emulator.signs_in("jane", "wo-first-2b7d"));
}

#[test]
fn a_lost_create_converges_and_a_user_asked_otherwise_is_left_alone() {
    let (emulator, ws) = setup();
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": "POST /v2/users", "count": 1, "answer": "close"})),
    );
    ws.config(&config(
        "  name = \"Jane\"\n  password = \"lost-pass-4410\"",
    ));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(emulator.answers_lost("POST /v2/users"), 1);
    assert_eq!(usernames(&emulator), ["jane"]);
    assert!(emulator.signs_in("jane", "lost-pass-4410"));

    // A user under another username with another name: an error, and the user untouched.
    let (status, _) = emulator.cluster_api(
        "POST",
        "/v2/users",
        Some(json!({"username": "john", "name": "Someone else", "password": "theirs-1"})),
    );
    assert_eq!(status, 201);
    ws.config(
        &config("  name = \"Jane\"\n  password = \"lost-pass-4410\"")
            .replace("username = \"jane\"", "username = \"john\""),
    );
    let output = ws.apply().failed().output();
    assert!(output.contains("A user with this ID exists"), "{output}");
    assert!(
        output.contains("terraform import camunda_user.<NAME> john"),
        "{output}"
    );
    assert!(emulator.signs_in("john", "theirs-1"));
}

#[test]
fn bad_arguments_fail_at_plan_time_naming_the_attribute() {
    let (emulator, ws) = setup();
    ws.config(&config("  name = \"Jane\""));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("No password for the user"), "{output}");
    assert!(output.contains("password_wo"), "{output}");
    ws.config(
        &config("  password = \"p\"\n  email = \"jane.example.com\"")
            .replace("username = \"jane\"", "username = \"jane doe\""),
    );
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("\"jane doe\" holds \" \""), "{output}");
    assert!(output.contains("is not an email address"), "{output}");
    // The cluster keeps no name as "", which would read back as none.
    ws.config(&config("  password = \"p\"\n  name = \"\""));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("leave the attribute out instead"),
        "{output}"
    );
    assert!(output.contains("name"), "{output}");
    assert!(usernames(&emulator).is_empty());
}
