//! `--debug`: the provider serves without Terraform's handshake and prints the
//! TF_REATTACH_PROVIDERS value with which Terraform then uses that very process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::support::Workspace;
use crate::support::emulator::{TestEmulator, test_config};

/// Starts the provider with `--debug` and the environment variables `env`; gives the
/// process and its TF_REATTACH_PROVIDERS value.
fn start_debug(env: &[(&str, String)]) -> (Child, String) {
    let mut provider = Command::new(env!("CARGO_BIN_EXE_terraform-provider-camunda"))
        .arg("--debug")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(provider.stdout.take().unwrap());
    let line = stdout
        .lines()
        .map(Result::unwrap)
        .find(|line| line.contains("TF_REATTACH_PROVIDERS="))
        .expect("the reattach line");
    let value = line
        .split_once("TF_REATTACH_PROVIDERS='")
        .unwrap()
        .1
        .trim_end_matches('\'')
        .to_owned();
    (provider, value)
}

#[test]
fn terraform_attaches_to_a_provider_started_with_debug() {
    let (mut provider, value) = start_debug(&[]);
    let value = value.as_str();
    let reattach: serde_json::Value = serde_json::from_str(value).expect("reattach JSON");
    let entry = &reattach["registry.terraform.io/camunda/camunda"];
    assert_eq!(entry["ProtocolVersion"], 6);
    assert_eq!(entry["Pid"], provider.id());
    assert_eq!(entry["Test"], true);

    let mut ws = Workspace::new(&[]);
    ws.env("TF_REATTACH_PROVIDERS", value);
    ws.config(
        r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}
provider "camunda" {}
"#,
    );
    ws.validate().ok();
    let plan = ws.run(&["plan", "-no-color"]).ok();
    assert!(plan.stdout.contains("No changes"), "{}", plan.stdout);
    // Terraform leaves an attached provider running; it is still serving.
    assert!(
        provider.try_wait().unwrap().is_none(),
        "the provider exited after Terraform detached"
    );
    provider.kill().unwrap();
    provider.wait().unwrap();
}

#[test]
fn a_provider_started_with_debug_reads_camunda_variables_from_its_own_environment() {
    let emulator = TestEmulator::start(test_config());
    let config = &emulator.config;
    let (mut provider, value) = start_debug(&[
        ("CAMUNDA_CONSOLE_BASE_URL", emulator.base_url()),
        (
            "CAMUNDA_OAUTH_URL",
            format!("{}/oauth/token", emulator.base_url()),
        ),
        ("CAMUNDA_CONSOLE_CLIENT_ID", config.client_id.clone()),
        (
            "CAMUNDA_CONSOLE_CLIENT_SECRET",
            config.client_secret.expose().to_owned(),
        ),
        ("CAMUNDA_TOKEN_DISK_CACHE_DISABLE", "true".to_owned()),
    ]);
    // Terraform's own environment has none of them, and the plan works.
    let mut ws = Workspace::new(&[]);
    ws.env("TF_REATTACH_PROVIDERS", &value);
    ws.config(
        r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}
provider "camunda" {}
data "camunda_clusters" "all" {}
"#,
    );
    ws.run(&["plan", "-no-color"]).ok();
    assert_eq!(emulator.calls("GET /clusters"), 1);
    provider.kill().unwrap();
    provider.wait().unwrap();
}
