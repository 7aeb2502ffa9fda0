//! The data sources through Terraform 1.0.3 against the emulator: the creation
//! parameters and their lookups by name, and existing clusters by ID, by name and listed.

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const PROVIDER: &str = r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}
"#;

fn workspace(emulator: &TestEmulator) -> Workspace {
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws
}

fn config(body: &str) -> String {
    format!("{PROVIDER}\n{body}")
}

/// The emulator's creation parameters, as the API serves them.
fn parameters(emulator: &TestEmulator) -> Json {
    let (status, parameters) = emulator.api("GET", "/clusters/parameters");
    assert_eq!(status, 200);
    parameters
}

fn id_name(item: &Json) -> Json {
    json!({"id": item["uuid"], "name": item["name"]})
}

#[test]
fn parameters_list_the_apis_channels_regions_and_plan_types() {
    let emulator = TestEmulator::start(test_config());
    let ws = workspace(&emulator);
    ws.config(&config(
        r#"
data "camunda_cluster_parameters" "all" {}

output "channels" { value = data.camunda_cluster_parameters.all.channels }
output "regions" { value = data.camunda_cluster_parameters.all.regions }
output "plan_types" { value = data.camunda_cluster_parameters.all.plan_types }
"#,
    ));
    ws.apply().ok();

    let api = parameters(&emulator);
    let channels: Vec<Json> = api["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            json!({
                "id": c["uuid"],
                "name": c["name"],
                "default_generation_id": c["defaultGeneration"]["uuid"],
                "default_generation_name": c["defaultGeneration"]["name"],
                "allowed_generations": c["allowedGenerations"].as_array().unwrap().iter()
                    .map(id_name).collect::<Vec<_>>(),
            })
        })
        .collect();
    let regions: Vec<Json> = api["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| json!({"id": r["uuid"], "name": r["name"], "provider": r["provider"]}))
        .collect();
    let plan_types: Vec<Json> = api["clusterPlanTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_name)
        .collect();
    assert!(!channels.is_empty() && !regions.is_empty() && !plan_types.is_empty());
    assert_eq!(ws.output("channels"), Json::Array(channels));
    assert_eq!(ws.output("regions"), Json::Array(regions));
    assert_eq!(ws.output("plan_types"), Json::Array(plan_types));
}

#[test]
fn lookups_by_name_give_the_ids_and_a_plan_fetches_the_parameters_once() {
    let emulator = TestEmulator::start(test_config());
    let api = parameters(&emulator);
    let channel = &api["channels"][1];
    let region = &api["regions"][2];
    let plan_type = &api["clusterPlanTypes"][1];
    let ws = workspace(&emulator);
    ws.config(&config(&format!(
        r#"
data "camunda_cluster_parameters" "all" {{}}
data "camunda_channel" "c" {{ name = {channel} }}
data "camunda_region" "r" {{ name = {region} }}
data "camunda_cluster_plan_type" "p" {{ name = {plan_type} }}

output "channel" {{ value = data.camunda_channel.c }}
output "region" {{ value = data.camunda_region.r }}
output "plan_type" {{ value = data.camunda_cluster_plan_type.p }}
output "channel_count" {{ value = length(data.camunda_cluster_parameters.all.channels) }}
"#,
        channel = channel["name"],
        region = region["name"],
        plan_type = plan_type["name"],
    )));

    emulator.reset_counters();
    ws.run(&["plan", "-no-color"]).ok();
    assert_eq!(emulator.calls("GET /clusters/parameters"), 1);

    ws.apply().ok();
    assert_eq!(
        ws.output("channel"),
        json!({
            "name": channel["name"],
            "id": channel["uuid"],
            "default_generation_id": channel["defaultGeneration"]["uuid"],
            "default_generation_name": channel["defaultGeneration"]["name"],
            "allowed_generations": channel["allowedGenerations"].as_array().unwrap().iter()
                .map(id_name).collect::<Vec<_>>(),
        })
    );
    assert_eq!(
        ws.output("region"),
        json!({"name": region["name"], "id": region["uuid"], "provider": region["provider"]})
    );
    assert_eq!(ws.output("plan_type"), id_name(plan_type));
    assert_eq!(
        ws.output("channel_count"),
        json!(api["channels"].as_array().unwrap().len())
    );
}

#[test]
fn an_unknown_region_name_is_an_error_listing_the_valid_names() {
    let emulator = TestEmulator::start(test_config());
    let ws = workspace(&emulator);
    ws.config(&config(
        r#"
data "camunda_region" "r" { name = "Atlantis" }
"#,
    ));
    let run = ws.run(&["plan", "-no-color"]).failed();
    let output = run.output();
    assert!(output.contains("Unknown region name"), "{output}");
    assert!(
        output.contains(r#"There is no region named "Atlantis""#),
        "{output}"
    );
    for region in parameters(&emulator)["regions"].as_array().unwrap() {
        let name = region["name"].as_str().unwrap();
        assert!(
            output.contains(&format!("{name:?}")),
            "{name} missing: {output}"
        );
    }
    assert!(output.contains(r#"data "camunda_region" "r""#), "{output}");
}

#[test]
fn a_cluster_is_found_by_id_or_by_name_and_all_are_listed() {
    let emulator = TestEmulator::start(test_config());
    let alpha = emulator.create_cluster("alpha");
    let beta = emulator.create_cluster("beta");
    emulator.admin(
        "PATCH",
        &format!("/clusters/{alpha}"),
        Some(json!({"description": "Orders, EU"})),
    );
    let ws = workspace(&emulator);
    ws.config(&config(&format!(
        r#"
data "camunda_cluster" "by_id" {{ id = "{alpha}" }}
data "camunda_cluster" "by_name" {{ name = "beta" }}
data "camunda_clusters" "all" {{}}

output "by_id" {{ value = data.camunda_cluster.by_id }}
output "by_name" {{ value = data.camunda_cluster.by_name }}
output "all" {{ value = data.camunda_clusters.all.clusters }}
"#
    )));
    ws.apply().ok();

    let expected = |id: &str| {
        let (status, c) = emulator.api("GET", &format!("/clusters/{id}"));
        assert_eq!(status, 200);
        let links = [
            "zeebe",
            "operate",
            "tasklist",
            "optimize",
            "console",
            "connectors",
            "identity",
            "oauth",
        ]
        .map(|link| (link.to_owned(), c["links"][link].clone()));
        // The gRPC link is `<id>.<region>.zeebe.camunda.io:443`; the REST address is its
        // SaaS counterpart.
        let region = c["links"]["zeebe"]
            .as_str()
            .and_then(|zeebe| zeebe.strip_prefix(&format!("{id}.")))
            .and_then(|rest| rest.strip_suffix(".zeebe.camunda.io:443"))
            .expect("a SaaS gRPC link");
        json!({
            "id": c["uuid"], "name": c["name"], "status": c["status"]["ready"],
            "created": c["created"],
            "channel_id": c["channel"]["uuid"], "channel_name": c["channel"]["name"],
            "generation_id": c["generation"]["uuid"], "generation_name": c["generation"]["name"],
            "region_id": c["region"]["uuid"], "region_name": c["region"]["name"],
            "plan_type_id": c["planType"]["uuid"], "plan_type_name": c["planType"]["name"],
            "links": serde_json::Map::from_iter(links),
            "rest_address": format!("https://{region}.zeebe.camunda.io/{id}"),
            "stage_label": c["stageLabel"], "auto_update": c["autoUpdate"],
            "backup_region_id": c["backupRegion"]["uuid"], "description": c["description"],
            "encryption_type": c["encryption"]["type"],
        })
    };
    let by_id = ws.output("by_id");
    // The status moves on while Terraform runs; everything else is fixed.
    let mut wanted = expected(&alpha);
    wanted["status"] = by_id["status"].clone();
    assert_eq!(by_id, wanted);
    assert_eq!(by_id["description"], "Orders, EU");
    assert_eq!(ws.output("by_name")["id"], json!(beta));
    assert_eq!(ws.output("by_name")["name"], "beta");

    let mut listed: Vec<Json> = ws.output("all").as_array().unwrap().clone();
    listed.sort_by_key(|c| c["name"].as_str().unwrap().to_owned());
    let summary = |id: &str, status: &Json| {
        let full = expected(id);
        json!({
            "id": full["id"], "name": full["name"], "status": status,
            "channel_id": full["channel_id"], "generation_id": full["generation_id"],
            "region_id": full["region_id"], "plan_type_id": full["plan_type_id"],
        })
    };
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], summary(&alpha, &listed[0]["status"]));
    assert_eq!(listed[1], summary(&beta, &listed[1]["status"]));
}

#[test]
fn an_unknown_cluster_id_or_an_ambiguous_cluster_name_is_an_error() {
    let emulator = TestEmulator::start(test_config());
    let first = emulator.create_cluster("twin");
    let second = emulator.create_cluster("twin");
    let ws = workspace(&emulator);

    ws.config(&config(r#"data "camunda_cluster" "c" { name = "twin" }"#));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("Ambiguous cluster name"), "{output}");
    assert!(
        output.contains(&first) && output.contains(&second),
        "{output}"
    );

    ws.config(&config(
        r#"data "camunda_cluster" "c" { id = "00000000-0000-0000-0000-000000000000" }"#,
    ));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("Cluster not found"), "{output}");
}

#[test]
fn a_cluster_needs_exactly_one_of_id_and_name_checked_without_the_api() {
    // No emulator and no credentials: validation must not need the API.
    let ws = Workspace::new(&[camunda_plugin()]);
    ws.config(&config(
        r#"
data "camunda_cluster" "c" {
  id   = "x"
  name = "y"
}
"#,
    ));
    let output = ws.validate().failed().output();
    assert!(output.contains("Both `id` and `name` are set"), "{output}");

    ws.config(&config(r#"data "camunda_cluster" "c" {}"#));
    let output = ws.validate().failed().output();
    assert!(
        output.contains("Neither `id` nor `name` is set"),
        "{output}"
    );

    ws.config(&config(r#"data "camunda_cluster" "c" { name = "y" }"#));
    ws.validate().ok();
}
