//! Data source `camunda_ip_ranges` through Terraform against the emulator: read without
//! any credentials, as CIDR blocks per IP version, and filtered by service.

use serde_json::json;

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const ROUTE: &str = "GET /meta/ip-ranges";

fn config(arguments: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

provider "camunda" {{}}

data "camunda_ip_ranges" "all" {{
{arguments}
}}

output "ranges" {{
  value = data.camunda_ip_ranges.all
}}
"#
    )
}

/// A workspace that knows the emulator's URL but has no credentials at all.
fn anonymous(emulator: &TestEmulator) -> Workspace {
    let mut ws = Workspace::new(&[camunda_plugin()]);
    let cache = ws.path().join(".token-cache");
    ws.env("CAMUNDA_CONSOLE_BASE_URL", emulator.base_url())
        .env(
            "CAMUNDA_OAUTH_URL",
            format!("{}/oauth/token", emulator.base_url()),
        )
        .env("CAMUNDA_CONSOLE_CLIENT_ID", "")
        .env("CAMUNDA_CONSOLE_CLIENT_SECRET", "")
        .env("CAMUNDA_TOKEN_CACHE_DIR", cache);
    ws
}

#[test]
fn ranges_are_read_without_credentials_as_cidr_blocks() {
    let emulator = TestEmulator::start(test_config());
    let ws = anonymous(&emulator);
    ws.config(&config(""));
    ws.apply().ok();

    assert!(emulator.calls(ROUTE) >= 1);
    assert_eq!(emulator.token_requests(), 0, "no token was asked for");
    let ranges = ws.output("ranges");
    let (status, listed) = emulator.api("GET", "/meta/ip-ranges");
    assert_eq!(status, 200);
    assert_eq!(
        ranges["ranges"], listed,
        "every service, as the API lists it"
    );
    assert_eq!(
        ranges["cidr_blocks"],
        json!(["34.89.208.126/32", "34.159.150.0/28", "35.198.112.47/32"])
    );
    assert_eq!(
        ranges["ipv6_cidr_blocks"],
        json!(["2600:1900:4180:9a31::/64"])
    );
    ws.assert_no_changes();
}

#[test]
fn services_filter_the_blocks_and_an_unknown_one_lists_the_valid_ones() {
    let emulator = TestEmulator::start(test_config());
    let ws = anonymous(&emulator);
    ws.config(&config(r#"  services = ["web-modeler"]"#));
    ws.apply().ok();
    assert_eq!(
        ws.output("ranges")["cidr_blocks"].as_array().unwrap().len(),
        3
    );

    ws.config(&config(r#"  services = ["web-modeler", "zeebe-egress"]"#));
    let run = ws.run(&["plan", "-no-color"]).failed();
    let output = run.output();
    assert!(output.contains("Unknown service"), "{output}");
    assert!(output.contains("\"zeebe-egress\""), "{output}");
    assert!(output.contains("\"web-modeler\""), "{output}");
}
