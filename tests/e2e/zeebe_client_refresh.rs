//! The refresh of many Zeebe clients, through Terraform against the emulator: the clients
//! of one cluster share one list call per provider process, and that sharing never hides a
//! change: a client deleted out of band is still found missing, clusters are not mixed up,
//! each command lists again, and a list is asked again after a create in the same process.

use std::collections::BTreeMap;

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{HEADER, Workspace, camunda_plugin};

const LIST_ROUTE: &str = "GET /clusters/{clusterUuid}/clients";
const DETAILS_ROUTE: &str = "GET /clusters/{clusterUuid}/clients/{clientId}";

/// `count` clients named `worker-0`… on the cluster, as `camunda_zeebe_client.<resource>`.
fn clients(resource: &str, cluster_id: &str, count: usize) -> String {
    format!(
        r#"
resource "camunda_zeebe_client" "{resource}" {{
  count      = {count}
  cluster_id = "{cluster_id}"
  name       = "worker-${{count.index}}"
}}
"#
    )
}

fn setup() -> (TestEmulator, Workspace) {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    (emulator, ws)
}

/// Deletes the client behind a resource instance out of band, as someone in the Console would.
fn delete_out_of_band(emulator: &TestEmulator, ws: &Workspace, address: &str) {
    let client = ws.resource(address);
    let path = format!(
        "/clusters/{}/clients/{}",
        client["cluster_id"].as_str().unwrap(),
        client["client_id"].as_str().unwrap()
    );
    emulator.admin("DELETE", &path, None);
}

fn only(address: &str, actions: &[&str]) -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([(
        address.to_owned(),
        actions.iter().map(|a| a.to_string()).collect(),
    )])
}

#[test]
fn five_clients_refresh_with_one_list_call_per_plan_and_a_deletion_is_still_found() {
    let (emulator, ws) = setup();
    let cluster_id = emulator.healthy_cluster("refresh-one");
    ws.config(&(HEADER.to_owned() + &clients("worker", &cluster_id, 5)));
    ws.apply().ok();

    emulator.reset_counters();
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(0), "{}", plan.output());
    assert_eq!(emulator.calls(LIST_ROUTE), 1, "{}", emulator.counters());
    // The connection details are in the state already: no per-client call either.
    assert_eq!(emulator.calls(DETAILS_ROUTE), 0, "{}", emulator.counters());

    // The next command is a new provider process: it lists again, and so sees the deletion.
    delete_out_of_band(&emulator, &ws, "camunda_zeebe_client.worker[3]");
    emulator.reset_counters();
    assert_eq!(
        ws.planned_actions(&[]),
        only("camunda_zeebe_client.worker[3]", &["create"])
    );
    assert_eq!(emulator.calls(LIST_ROUTE), 1, "{}", emulator.counters());
}

#[test]
fn clients_of_two_clusters_with_the_same_names_do_not_mix() {
    let (emulator, ws) = setup();
    let blue = emulator.healthy_cluster("refresh-blue");
    let green = emulator.healthy_cluster("refresh-green");
    ws.config(&(HEADER.to_owned() + &clients("blue", &blue, 3) + &clients("green", &green, 3)));
    ws.apply().ok();
    let blue_ids: Vec<_> = (0..3)
        .map(|i| ws.resource(&format!("camunda_zeebe_client.blue[{i}]"))["client_id"].clone())
        .collect();

    // The same name on the other cluster must not stand in for the deleted client.
    delete_out_of_band(&emulator, &ws, "camunda_zeebe_client.green[1]");
    emulator.reset_counters();
    assert_eq!(
        ws.planned_actions(&[]),
        only("camunda_zeebe_client.green[1]", &["create"])
    );
    assert_eq!(emulator.calls(LIST_ROUTE), 2, "{}", emulator.counters());

    ws.apply().ok();
    ws.assert_no_changes();
    for (i, id) in blue_ids.iter().enumerate() {
        let client = ws.resource(&format!("camunda_zeebe_client.blue[{i}]"));
        assert_eq!(&client["client_id"], id, "blue[{i}] was replaced");
    }
    let recreated = ws.resource("camunda_zeebe_client.green[1]");
    assert_eq!(recreated["cluster_id"], green.as_str());
    let (status, listed) = emulator.api("GET", &format!("/clusters/{green}/clients"));
    assert_eq!(status, 200);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["clientId"] == recreated["client_id"]),
        "{listed}"
    );
}

/// In one apply (one provider process): a data source lists the cluster's clients, a client
/// is created after it, and a second data source must find that new client, so the create
/// cannot leave the earlier list in place.
#[test]
fn a_create_in_the_same_process_lists_the_cluster_again() {
    let (emulator, ws) = setup();
    let cluster_id = emulator.healthy_cluster("refresh-create");
    let config = format!(
        r#"{HEADER}
resource "camunda_zeebe_client" "first" {{
  cluster_id = "{cluster_id}"
  name       = "first"
}}

# Read during apply, after `first` is created: lists the cluster's clients.
data "camunda_zeebe_client" "first" {{
  cluster_id = "{cluster_id}"
  client_id  = camunda_zeebe_client.first.client_id
}}

resource "camunda_zeebe_client" "second" {{
  cluster_id = "{cluster_id}"
  name       = "second-after-${{data.camunda_zeebe_client.first.name}}"
}}

data "camunda_zeebe_client" "second" {{
  cluster_id = "{cluster_id}"
  client_id  = camunda_zeebe_client.second.client_id
}}

output "second" {{
  value = data.camunda_zeebe_client.second.name
}}
"#
    );
    ws.config(&config);
    ws.apply().ok();
    assert_eq!(ws.output("second"), "second-after-first");
}
