//! `camunda_cluster_secure_connectivity` through Terraform against the emulator: created
//! once its endpoint service is ready, replaced when what it allows changes, drift,
//! import, checks at plan time, and a destroy that turns it off.

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const ADDRESS: &str = "camunda_cluster_secure_connectivity.private";

struct Setup {
    emulator: TestEmulator,
    ws: Workspace,
    cluster_id: String,
}

fn setup() -> Setup {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("private");
    Setup {
        emulator,
        ws,
        cluster_id,
    }
}

fn config(cluster_id: &str, arguments: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

provider "camunda" {{}}

resource "camunda_cluster_secure_connectivity" "private" {{
  cluster_id = "{cluster_id}"
{arguments}
}}
"#
    )
}

fn connectivity_at(emulator: &TestEmulator, cluster_id: &str) -> Json {
    let (status, answer) = emulator.api(
        "GET",
        &format!("/clusters/{cluster_id}/secure-connectivity"),
    );
    assert_eq!(status, 200, "{answer}");
    answer["status"].clone()
}

const FIRST: &str = r#"  allowed_principals = ["arn:aws:iam::123456789012:root"]
  allowed_regions    = ["eu-west-1", "eu-central-1"]"#;

#[test]
fn the_endpoint_service_is_ready_replaced_on_change_and_turned_off() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(&cluster_id, FIRST));
    ws.apply().ok();
    ws.assert_no_changes();

    let state = ws.resource(ADDRESS);
    assert_eq!(state["status"], "Ready", "{state}");
    assert_eq!(state["id"], cluster_id.as_str());
    let at_emulator = connectivity_at(&emulator, &cluster_id);
    assert_eq!(
        state["service_name"],
        at_emulator["status"]["endpoint"]["serviceName"]
    );
    assert!(
        state["private_dns_name"]
            .as_str()
            .is_some_and(|n| n.contains(&cluster_id))
    );
    assert_eq!(
        at_emulator["spec"]["allowedRegions"],
        json!(["eu-central-1", "eu-west-1"])
    );

    // What the service allows cannot change: a change replaces it.
    ws.config(&config(
        &cluster_id,
        r#"  allowed_principals = ["arn:aws:iam::210987654321:root"]"#,
    ));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[ADDRESS], ["delete", "create"], "{actions:?}");
    ws.apply().ok();
    let at_emulator = connectivity_at(&emulator, &cluster_id);
    assert_eq!(
        at_emulator["spec"]["allowedPrincipals"],
        json!(["arn:aws:iam::210987654321:root"])
    );
    assert_eq!(at_emulator["spec"]["allowedRegions"], json!([]));
    ws.assert_no_changes();

    // Turned off out of band: planned again.
    let (status, _) = emulator.api(
        "DELETE",
        &format!("/clusters/{cluster_id}/secure-connectivity"),
    );
    assert_eq!(status, 204);
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["create"]);
    ws.apply().ok();

    ws.run(&["state", "rm", ADDRESS]).ok();
    let output = ws.import(ADDRESS, "no-such-cluster").failed().output();
    assert!(
        output.contains("No Secure Connectivity to import"),
        "{output}"
    );
    ws.import(ADDRESS, &cluster_id).ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    assert_eq!(connectivity_at(&emulator, &cluster_id), json!({}));
}

#[test]
fn bad_arguments_fail_at_plan_time_and_a_service_on_already_at_apply() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(&cluster_id, "  allowed_principals = []"));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("No principals"), "{output}");
    ws.config(&config(
        &cluster_id,
        r#"  allowed_principals = ["arn:aws:iam::123456789012:root"]
  allowed_regions    = ["Frankfurt"]"#,
    ));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("\"Frankfurt\" is not a region code"),
        "{output}"
    );

    let (status, _) = emulator.api_json(
        "POST",
        &format!("/clusters/{cluster_id}/secure-connectivity"),
        Some(
            json!({"allowedPrincipals": ["arn:aws:iam::123456789012:root"], "allowedRegions": []}),
        ),
    );
    assert_eq!(status, 204);
    ws.config(&config(&cluster_id, FIRST));
    let output = ws.apply().failed().output();
    assert!(
        output.contains("Secure Connectivity is on already"),
        "{output}"
    );
    assert!(output.contains("terraform import"), "{output}");
}
