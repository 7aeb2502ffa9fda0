//! The provider block through Terraform 1.0.3: validate and plan need no credentials and
//! no network, and the configuration's attributes are checked.

mod support;

use support::{Workspace, camunda_plugin};

const CONFIG: &str = r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}

provider "camunda" {
  api_url = "http://127.0.0.1:9"
}
"#;

fn workspace_without_credentials() -> Workspace {
    let mut ws = Workspace::new(&[camunda_plugin()]);
    for name in ["CAMUNDA_CONSOLE_CLIENT_ID", "CAMUNDA_CONSOLE_CLIENT_SECRET"] {
        ws.env(name, "");
    }
    ws
}

#[test]
fn validate_and_plan_need_no_credentials_or_network() {
    let ws = workspace_without_credentials();
    ws.config(CONFIG);
    ws.validate().ok();
    let plan = ws.run(&["plan", "-no-color"]).ok();
    assert!(plan.stdout.contains("No changes"), "{}", plan.stdout);
}

#[test]
fn an_invalid_url_is_an_error_naming_the_attribute() {
    let ws = workspace_without_credentials();
    ws.config(&CONFIG.replace("http://127.0.0.1:9", "ftp://example"));
    let output = ws.validate().failed().output();
    assert!(output.contains("api_url"), "{output}");
}
