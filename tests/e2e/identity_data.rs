//! The lists of tenants, roles and groups and the topology of the emulator's Self-Managed
//! cluster as data sources: objects made through the cluster's API show in the lists,
//! a cluster without any shows empty lists, and the topology is the standalone cluster's.

use serde_json::json;

use crate::support::cluster::self_managed as setup;

const LISTS: &str = r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}

provider "camunda" {}

data "camunda_tenants" "all" {}
data "camunda_roles" "all" {}
data "camunda_groups" "all" {}

output "tenants" { value = data.camunda_tenants.all.tenants }
output "roles" { value = data.camunda_roles.all.roles }
output "groups" { value = data.camunda_groups.all.groups }
"#;

#[test]
fn the_lists_are_empty_in_a_cluster_without_objects() {
    let (_emulator, ws) = setup();
    ws.config(LISTS);
    ws.apply().ok();
    for list in ["tenants", "roles", "groups"] {
        assert_eq!(ws.output(list), json!([]), "{list}");
    }
}

#[test]
fn the_lists_show_the_objects_made_through_the_api() {
    let (emulator, ws) = setup();
    for (path, body) in [
        ("/v2/tenants", json!({"tenantId": "emea", "name": "EMEA"})),
        (
            "/v2/roles",
            json!({"roleId": "auditor", "name": "Auditor", "description": "Reads everything"}),
        ),
        (
            "/v2/roles",
            json!({"roleId": "operator", "name": "Operator"}),
        ),
        (
            "/v2/groups",
            json!({"groupId": "ops", "name": "Operations"}),
        ),
    ] {
        let (status, answer) = emulator.cluster_api("POST", path, Some(body));
        assert!((200..300).contains(&status), "{path}: {status} {answer}");
    }
    // The cluster's reads lag its writes by 0.7 s.
    std::thread::sleep(std::time::Duration::from_secs(1));
    ws.config(LISTS);
    ws.apply().ok();

    assert_eq!(
        ws.output("tenants"),
        json!([{"tenant_id": "emea", "name": "EMEA", "description": null}])
    );
    let mut roles = ws.output("roles").as_array().cloned().unwrap();
    roles.sort_by_key(|role| role["role_id"].as_str().unwrap_or_default().to_owned());
    assert_eq!(
        roles,
        [
            json!({"role_id": "auditor", "name": "Auditor", "description": "Reads everything"}),
            json!({"role_id": "operator", "name": "Operator", "description": null}),
        ]
    );
    assert_eq!(
        ws.output("groups"),
        json!([{"group_id": "ops", "name": "Operations", "description": null}])
    );
    ws.assert_no_changes();
}

#[test]
fn the_topology_is_the_standalone_clusters() {
    let (_emulator, ws) = setup();
    ws.config(
        r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}

provider "camunda" {}

data "camunda_topology" "cluster" {}

output "topology" { value = data.camunda_topology.cluster }
"#,
    );
    ws.apply().ok();
    let topology = ws.output("topology");
    assert_eq!(topology["cluster_size"], 1, "{topology}");
    assert_eq!(topology["partitions_count"], 1, "{topology}");
    assert_eq!(topology["replication_factor"], 1, "{topology}");
    assert_eq!(topology["gateway_version"], "8.10.0", "{topology}");
    assert_eq!(
        topology["brokers"],
        json!([{
            "node_id": 0,
            "host": "camunda-zeebe-0",
            "port": 26501,
            "version": "8.10.0",
            "partitions": [{"partition_id": 1, "role": "leader", "health": "healthy"}],
        }]),
        "{topology}"
    );
}
