//! `camunda_cluster_ip_allowlist` through Terraform against the emulator: the whole list
//! written in place, drift, import, a destroy that empties the list, plan-time checks of
//! addresses, and one allowlist per cluster.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{HEADER, Workspace, camunda_plugin};

const ADDRESS: &str = "camunda_cluster_ip_allowlist.office";
const PUT: &str = "PUT /clusters/{clusterUuid}/ipallowlist";
const PUT_DEPRECATED: &str = "PUT /clusters/{clusterUuid}/ipwhitelist";

fn setup() -> (TestEmulator, Workspace) {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    (emulator, ws)
}

/// `camunda_cluster_ip_allowlist.<name>` on the cluster, with these `rule` blocks.
fn allowlist(name: &str, cluster_id: &str, rules: &[(&str, Option<&str>)]) -> String {
    let rules: String = rules
        .iter()
        .map(|(ip, description)| {
            let description = description
                .map(|d| format!("\n    description = \"{d}\""))
                .unwrap_or_default();
            format!("\n  rule {{\n    ip = \"{ip}\"{description}\n  }}\n")
        })
        .collect();
    format!(
        r#"
resource "camunda_cluster_ip_allowlist" "{name}" {{
  cluster_id = "{cluster_id}"
{rules}}}
"#
    )
}

/// The cluster's allowlist as the API shows it, sorted by address.
fn rules(emulator: &TestEmulator, cluster_id: &str) -> Vec<Json> {
    let (status, cluster) = emulator.api("GET", &format!("/clusters/{cluster_id}"));
    assert_eq!(status, 200, "{cluster}");
    let mut rules = cluster["ipallowlist"].as_array().unwrap().clone();
    rules.sort_by_key(|r| r["ip"].as_str().unwrap().to_owned());
    rules
}

fn rule(ip: &str, description: &str) -> Json {
    json!({"ip": ip, "description": description})
}

fn only(address: &str, actions: &[&str]) -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([(
        address.to_owned(),
        actions.iter().map(|a| a.to_string()).collect(),
    )])
}

#[test]
fn the_list_is_written_whole_in_place_and_emptied_by_destroy() {
    let (emulator, ws) = setup();
    let cluster = emulator.healthy_cluster("allowlisted");
    let first = [("10.0.0.0/8", Some("office")), ("203.0.113.7", None)];
    ws.config(&(HEADER.to_owned() + &allowlist("office", &cluster, &first)));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(
        rules(&emulator, &cluster),
        [rule("10.0.0.0/8", "office"), rule("203.0.113.7", "")]
    );
    let values = ws.resource(ADDRESS);
    assert_eq!(values["id"], cluster.as_str());

    // Another rule and a new description: one PUT of the whole list, in place.
    let second = [
        ("10.0.0.0/8", Some("head office")),
        ("203.0.113.7", None),
        ("2001:db8::/32, 198.51.100.0/24", Some("vpn")),
    ];
    ws.config(&(HEADER.to_owned() + &allowlist("office", &cluster, &second)));
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["update"]));
    emulator.reset_counters();
    ws.apply().ok();
    assert_eq!(emulator.calls(PUT), 1, "{}", emulator.counters());
    assert_eq!(rules(&emulator, &cluster).len(), 3);
    ws.assert_no_changes();

    // A rule added in the Console is removed again: the resource holds the whole list.
    let mut drifted = rules(&emulator, &cluster);
    drifted.push(rule("192.0.2.1", "added by hand"));
    emulator.admin(
        "PUT",
        &format!("/clusters/{cluster}/ipallowlist"),
        Some(json!({"ipallowlist": drifted})),
    );
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["update"]));
    ws.apply().ok();
    assert_eq!(rules(&emulator, &cluster).len(), 3);

    // Emptied in the Console: the resource is gone, and the plan creates it again.
    emulator.admin(
        "PUT",
        &format!("/clusters/{cluster}/ipallowlist"),
        Some(json!({"ipallowlist": []})),
    );
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["create"]));
    ws.apply().ok();
    assert_eq!(rules(&emulator, &cluster).len(), 3);

    // Import by cluster id, then an empty plan.
    ws.run(&["state", "rm", ADDRESS]).ok();
    let output = ws.import(ADDRESS, "no-such-cluster").failed().output();
    assert!(output.contains("no cluster with the ID"), "{output}");
    ws.import(ADDRESS, &cluster).ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    assert_eq!(
        rules(&emulator, &cluster),
        Vec::<Json>::new(),
        "destroy empties the list"
    );
    assert_eq!(emulator.calls(PUT_DEPRECATED), 0);
    assert_eq!(ws.state()["values"], Json::Null);

    // Nothing left to import.
    let output = ws.import(ADDRESS, &cluster).failed().output();
    assert!(output.contains("no IP allowlist rules"), "{output}");
}

/// An API client that may write the allowlist but not see it: its cluster answers leave
/// the allowlist out, which says nothing of the rules.
#[test]
fn an_allowlist_that_the_client_may_not_see_is_kept_not_created_again() {
    let emulator = TestEmulator::start(test_config());
    let cluster = emulator.healthy_cluster("hidden");
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure_with_permissions(&mut ws, &["get:clusters", "update:ipallowlist"]);
    let office = [("10.0.0.0/8", Some("office"))];
    ws.config(&(HEADER.to_owned() + &allowlist("office", &cluster, &office)));
    ws.apply().ok();
    assert_eq!(rules(&emulator, &cluster), [rule("10.0.0.0/8", "office")]);

    emulator.reset_counters();
    let output = ws
        .run(&["plan", "-no-color", "-detailed-exitcode"])
        .ok()
        .output();
    assert!(output.contains("No changes."), "{output}");
    assert!(
        output.contains("The IP allowlist was not shown"),
        "{output}"
    );
    assert!(
        output.contains(&format!("answer for cluster {cluster} has no IP allowlist")),
        "{output}"
    );
    assert_eq!(ws.resource(ADDRESS)["rule"].as_array().unwrap().len(), 1);
    assert_eq!(emulator.calls(PUT), 0);
}

#[test]
fn a_bad_address_is_a_plan_error_on_the_rule() {
    let (emulator, ws) = setup();
    let cluster = emulator.healthy_cluster("strict");
    for (ip, named) in [
        ("10.0.0.0/33", "\"10.0.0.0/33\""),
        ("10.0.0.1, nowhere", "\"nowhere\""),
    ] {
        ws.config(
            &(HEADER.to_owned()
                + &allowlist("office", &cluster, &[("192.0.2.0/24", None), (ip, None)])),
        );
        let output = ws.run(&["plan", "-no-color"]).failed().output();
        assert!(output.contains("Invalid value for ip"), "{output}");
        assert!(output.contains(named), "{output}");
        assert!(output.contains("CIDR"), "{output}");
    }
    ws.config(
        &(HEADER.to_owned()
            + "resource \"camunda_cluster_ip_allowlist\" \"office\" {\n  cluster_id = \"x\"\n}\n"),
    );
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("rule"), "{output}");
    assert_eq!(emulator.calls(PUT), 0);
}

#[test]
fn one_allowlist_per_cluster_and_moving_one_to_another_cluster_empties_the_first() {
    let (emulator, ws) = setup();
    let blue = emulator.healthy_cluster("blue");
    let green = emulator.healthy_cluster("green");
    let office = [("10.0.0.0/8", Some("office"))];
    let vpn = [("198.51.100.0/24", Some("vpn"))];
    ws.config(
        &(HEADER.to_owned()
            + &allowlist("office", &blue, &office)
            + &allowlist("vpn", &blue, &vpn)),
    );
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("Two IP allowlists for one cluster"),
        "{output}"
    );
    assert!(output.contains(&blue), "{output}");

    // One each is fine, even with the same rules.
    ws.config(
        &(HEADER.to_owned()
            + &allowlist("office", &blue, &office)
            + &allowlist("vpn", &green, &office)),
    );
    ws.apply().ok();
    ws.assert_no_changes();

    // Moving the first one to the second's cluster is refused; to a new cluster, a replacement.
    ws.config(
        &(HEADER.to_owned()
            + &allowlist("office", &green, &office)
            + &allowlist("vpn", &green, &office)),
    );
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("Two IP allowlists for one cluster"),
        "{output}"
    );
    let third = emulator.healthy_cluster("third");
    ws.config(
        &(HEADER.to_owned()
            + &allowlist("office", &third, &office)
            + &allowlist("vpn", &green, &office)),
    );
    assert_eq!(
        ws.planned_actions(&[]),
        only(ADDRESS, &["delete", "create"])
    );
    ws.apply().ok();
    assert_eq!(rules(&emulator, &blue), Vec::<Json>::new());
    assert_eq!(rules(&emulator, &third), [rule("10.0.0.0/8", "office")]);
    ws.assert_no_changes();
}
