//! The `import {}` blocks that the docs' Import sections show (Terraform 1.5 and later),
//! through Terraform against the emulator: objects made outside Terraform are imported
//! by `apply`, nothing is created, and the next plan is empty.

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin, terraform_version};

#[test]
fn import_blocks_in_the_documented_form_import_clusters_and_zeebe_clients() {
    if terraform_version() < (1, 5) {
        eprintln!(
            "skipped: import blocks need Terraform 1.5 or later, this is {:?}",
            terraform_version()
        );
        return;
    }
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("imported");
    let (status, client) = emulator.api_json(
        "POST",
        &format!("/clusters/{cluster_id}/clients"),
        Some(serde_json::json!({"clientName": "imported-worker"})),
    );
    assert!((200..300).contains(&status), "{client}");
    let client_id = client["clientId"].as_str().unwrap();
    let (_, cluster) = emulator.api("GET", &format!("/clusters/{cluster_id}"));
    let uuid = |field: &str| cluster[field]["uuid"].as_str().unwrap().to_owned();

    ws.config(&format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

import {{
  to = camunda_cluster.orders
  id = "{cluster_id}"
}}

import {{
  to = camunda_zeebe_client.worker
  id = "{cluster_id}/{client_id}"
}}

resource "camunda_cluster" "orders" {{
  name         = "imported"
  channel_id   = "{channel}"
  region_id    = "{region}"
  plan_type_id = "{plan_type}"
}}

resource "camunda_zeebe_client" "worker" {{
  cluster_id = camunda_cluster.orders.id
  name       = "imported-worker"
}}
"#,
        channel = uuid("channel"),
        region = uuid("region"),
        plan_type = uuid("planType"),
    ));
    emulator.reset_counters();
    let output = ws.apply().ok().output();
    assert!(
        output.contains("2 imported, 0 added, 0 changed, 0 destroyed"),
        "{output}"
    );
    assert_eq!(emulator.calls("POST /clusters"), 0);
    assert_eq!(emulator.calls("POST /clusters/{clusterUuid}/clients"), 0);
    assert_eq!(ws.resource("camunda_cluster.orders")["id"], cluster_id);
    assert_eq!(
        ws.resource("camunda_zeebe_client.worker")["client_id"],
        client_id
    );
    ws.assert_no_changes();
}
