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

/// A data source makes Terraform validate the provider block it uses.
const LOOKUP: &str = r#"
data "camunda_region" "europe" {
  name = "Belgium, Europe (europe-west1)"
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
    ws.config(&(CONFIG.to_owned() + LOOKUP));
    ws.validate().ok();
    ws.config(CONFIG);
    let plan = ws.run(&["plan", "-no-color"]).ok();
    assert!(plan.stdout.contains("No changes"), "{}", plan.stdout);
}

#[test]
fn an_invalid_url_is_an_error_naming_the_attribute() {
    let ws = workspace_without_credentials();
    ws.config(&(CONFIG.replace("http://127.0.0.1:9", "ftp://example") + LOOKUP));
    let output = ws.validate().failed().output();
    assert!(output.contains("Invalid value for api_url"), "{output}");
    assert!(
        output.contains("\"ftp://example\" is not an http or https URL"),
        "{output}"
    );
}
