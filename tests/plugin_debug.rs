//! `--debug`: the provider serves without Terraform's handshake and prints the
//! TF_REATTACH_PROVIDERS value with which Terraform then uses that very process.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use support::Workspace;

#[test]
fn terraform_attaches_to_a_provider_started_with_debug() {
    let mut provider = Command::new(env!("CARGO_BIN_EXE_terraform-provider-camunda"))
        .arg("--debug")
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
        .trim_end_matches('\'');
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
