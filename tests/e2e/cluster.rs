//! The `camunda_cluster` resource through Terraform 1.0.3 against the emulator: create and
//! wait, in-place changes, replacement and deletion protection, drift, import, plan-time
//! id checks, create timeouts, upgrades and auto-update.

use std::time::Duration;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

/// Ids from the emulator's creation parameters.
struct Ids {
    channel: String,
    /// The channel's oldest generation: neither its default nor the next one.
    oldest_generation: String,
    /// A generation between the oldest and the default.
    middle_generation: String,
    default_generation: String,
    region: String,
    other_region: String,
    plan_type: String,
}

fn ids(emulator: &TestEmulator) -> Ids {
    let (status, params) = emulator.api("GET", "/clusters/parameters");
    assert_eq!(status, 200, "{params}");
    let channel = params["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["allowedGenerations"].as_array().unwrap().len() >= 3)
        .expect("a channel with three generations");
    let generations = channel["allowedGenerations"].as_array().unwrap();
    let default = channel["defaultGeneration"]["uuid"].as_str().unwrap();
    let others: Vec<&str> = generations
        .iter()
        .map(|g| g["uuid"].as_str().unwrap())
        .filter(|g| *g != default)
        .collect();
    let uuid = |v: &Json| v["uuid"].as_str().unwrap().to_owned();
    Ids {
        channel: uuid(channel),
        oldest_generation: others[0].to_owned(),
        middle_generation: others[1].to_owned(),
        default_generation: default.to_owned(),
        region: uuid(&params["regions"][0]),
        other_region: uuid(&params["regions"][1]),
        plan_type: uuid(&params["clusterPlanTypes"][0]),
    }
}

fn start(config: camunda_provider::emulator::Config) -> (TestEmulator, Workspace, Ids) {
    let emulator = TestEmulator::start(config);
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let ids = ids(&emulator);
    (emulator, ws, ids)
}

/// A configuration of `camunda_cluster` resources, each given as (name, body).
fn config(resources: &[(&str, String)]) -> String {
    let mut hcl = String::from(
        "terraform {\n  required_providers {\n    camunda = { source = \"camunda/camunda\" }\n  }\n}\n",
    );
    for (name, body) in resources {
        hcl.push_str(&format!(
            "\nresource \"camunda_cluster\" \"{name}\" {{\n{body}\n}}\n"
        ));
    }
    hcl
}

/// The body of a cluster on the test channel's default generation, plus `extra` lines.
fn cluster(ids: &Ids, name: &str, region: &str, extra: &str) -> String {
    format!(
        "  name = \"{name}\"\n  channel_id = \"{}\"\n  region_id = \"{region}\"\n  \
         plan_type_id = \"{}\"\n{extra}",
        ids.channel, ids.plan_type
    )
}

fn one(ids: &Ids, name: &str, region: &str, extra: &str) -> String {
    config(&[("x", cluster(ids, name, region, extra))])
}

fn cluster_status(emulator: &TestEmulator, id: &str) -> u16 {
    emulator.api("GET", &format!("/clusters/{id}")).0
}

#[test]
fn create_waits_for_healthy_then_renames_in_place_and_destroy_waits_for_404() {
    let (emulator, ws, ids) = start(test_config());
    ws.config(&one(&ids, "orders", &ids.region, ""));
    ws.apply().ok();
    let created = ws.resource("camunda_cluster.x");
    assert_eq!(created["status"], "Healthy");
    assert_eq!(created["generation_id"], ids.default_generation.as_str());
    assert_eq!(created["deletion_protection"], false);
    // Not configured: the API's default is read back, and plans no change.
    assert_eq!(created["encryption_type"], "Provider");
    assert!(created["links"]["zeebe"].is_string(), "{created}");
    // The SaaS form, from the gRPC link: the emulator's first region is Belgium, `bru-2`.
    assert_eq!(
        created["rest_address"],
        format!(
            "https://bru-2.zeebe.camunda.io/{}",
            created["id"].as_str().unwrap()
        )
    );
    assert_eq!(created["channel_name"], "Stable");
    ws.assert_no_changes();

    emulator.reset_counters();
    ws.config(&one(
        &ids,
        "orders-eu",
        &ids.region,
        "  stage_label = \"prod\"\n",
    ));
    let plan = ws.plan_json(&[]);
    let change = &plan["resource_changes"][0]["change"];
    assert_eq!(change["actions"], json!(["update"]));
    // The update waits until the cluster is Healthy again, so the plan can say so.
    assert_eq!(change["after"]["status"], "Healthy");
    ws.apply().ok();
    assert!(emulator.calls("PATCH /clusters/{clusterUuid}") >= 1);
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 0);
    let renamed = ws.resource("camunda_cluster.x");
    assert_eq!(renamed["id"], created["id"]);
    assert_eq!(renamed["name"], "orders-eu");
    assert_eq!(renamed["stage_label"], "prod");
    ws.assert_no_changes();

    let id = renamed["id"].as_str().unwrap().to_owned();
    ws.destroy().ok();
    // Without the wait, the cluster would still answer for deleted_after.
    assert_eq!(cluster_status(&emulator, &id), 404);
}

#[test]
fn deletion_protection_refuses_replacement_and_destroy() {
    let (emulator, ws, ids) = start(test_config());
    ws.config(&one(&ids, "protected", &ids.region, ""));
    ws.apply().ok();

    ws.config(&one(&ids, "protected", &ids.other_region, ""));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions["camunda_cluster.x"], ["delete", "create"]);

    let protect = "  deletion_protection = true\n";
    ws.config(&one(&ids, "protected", &ids.region, protect));
    emulator.reset_counters();
    ws.apply().ok();
    assert_eq!(emulator.calls("PATCH /clusters/{clusterUuid}"), 0);
    ws.assert_no_changes();

    ws.config(&one(&ids, "protected", &ids.other_region, protect));
    let refused = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        refused.contains("Cluster is protected from replacement"),
        "{refused}"
    );
    assert!(refused.contains("deletion_protection = false"), "{refused}");

    ws.config(&one(&ids, "protected", &ids.region, protect));
    emulator.reset_counters();
    let refused = ws.destroy().failed().output();
    assert!(refused.contains("deletion_protection is true"), "{refused}");
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 0);

    ws.config(&one(&ids, "protected", &ids.region, ""));
    ws.apply().ok();
    ws.destroy().ok();
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 1);
}

#[test]
fn changes_outside_terraform_are_planned_back() {
    let (emulator, ws, ids) = start(test_config());
    ws.config(&one(&ids, "drifting", &ids.region, ""));
    ws.apply().ok();
    let id = ws.resource("camunda_cluster.x")["id"]
        .as_str()
        .unwrap()
        .to_owned();

    emulator.admin(
        "PATCH",
        &format!("/clusters/{id}"),
        Some(json!({"name": "renamed-in-console"})),
    );
    assert_eq!(ws.planned_actions(&[])["camunda_cluster.x"], ["update"]);
    ws.apply().ok();
    assert_eq!(ws.resource("camunda_cluster.x")["name"], "drifting");

    emulator.admin("DELETE", &format!("/clusters/{id}"), None);
    assert_eq!(ws.planned_actions(&[])["camunda_cluster.x"], ["create"]);
}

#[test]
fn import_by_id_then_plan_nothing_and_unknown_ids_fail_clearly() {
    let (emulator, ws, ids) = start(test_config());
    let body = one(&ids, "imported", &ids.region, "  stage_label = \"dev\"\n");
    ws.config(&body);
    ws.apply().ok();
    let id = ws.resource("camunda_cluster.x")["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut other = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut other);
    other.config(&body);
    other.import("camunda_cluster.x", &id).ok();
    let imported = other.resource("camunda_cluster.x");
    assert_eq!(imported["name"], "imported");
    assert_eq!(imported["region_id"], ids.region.as_str());
    assert_eq!(imported["deletion_protection"], false);
    assert_eq!(imported["encryption_type"], "Provider");
    other.assert_no_changes();

    let mut third = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut third);
    third.config(&body);
    let missing = "00000000-0000-4000-8000-000000000000";
    let failed = third.import("camunda_cluster.x", missing).failed().output();
    assert!(failed.contains("does not exist"), "{failed}");
    assert!(failed.contains(missing), "{failed}");
}

#[test]
fn invalid_ids_fail_the_plan_and_parameters_are_fetched_once() {
    let (emulator, ws, ids) = start(test_config());
    ws.config(&config(&[
        ("a", cluster(&ids, "a", &ids.region, "")),
        ("b", cluster(&ids, "b", &ids.other_region, "")),
        ("c", cluster(&ids, "c", "no-such-region", "")),
    ]));
    emulator.reset_counters();
    let failed = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(failed.contains("Unknown region id"), "{failed}");
    assert!(
        failed.contains("\"no-such-region\" is not a region id"),
        "{failed}"
    );
    assert!(failed.contains("region_id"), "{failed}");
    // The valid regions are listed by name and id.
    assert!(failed.contains(&format!("({})", ids.region)), "{failed}");
    assert!(failed.contains("Belgium, Europe"), "{failed}");
    // Three plans and their checks in one provider process: one fetch.
    assert_eq!(emulator.calls("GET /clusters/parameters"), 1);
    assert_eq!(emulator.calls("POST /clusters"), 0);

    // validate needs neither the network nor credentials.
    emulator.reset_counters();
    ws.validate().ok();
    assert_eq!(emulator.counters()["routes"], json!({}));
}

/// The generation was left to the channel: a new channel replaces the cluster on the new
/// channel's default, not on the old channel's generation that the state holds.
#[test]
fn a_new_channel_replaces_the_cluster_on_that_channels_default_generation() {
    let (emulator, ws, ids) = start(test_config());
    ws.config(&one(&ids, "orders", &ids.region, ""));
    ws.apply().ok();
    let before = ws.resource("camunda_cluster.x");
    let (_, params) = emulator.api("GET", "/clusters/parameters");
    let other = params["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["uuid"] != ids.channel.as_str())
        .unwrap();
    let channel = other["uuid"].as_str().unwrap();
    ws.config(&one(&ids, "orders", &ids.region, "").replace(&ids.channel, channel));
    let plan = ws.plan_json(&[]);
    let change = &plan["resource_changes"][0]["change"];
    assert_eq!(change["actions"], json!(["delete", "create"]), "{change}");
    ws.apply().ok();
    let after = ws.resource("camunda_cluster.x");
    assert_ne!(after["id"], before["id"]);
    assert_eq!(after["channel_id"], channel);
    assert_eq!(after["generation_id"], other["defaultGeneration"]["uuid"]);
    ws.assert_no_changes();
}

#[test]
fn a_backup_region_must_be_one_that_the_region_offers() {
    let (emulator, ws, ids) = start(test_config());
    let (_, params) = emulator.api("GET", "/clusters/parameters");
    let region = params["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["uuid"] == ids.region.as_str())
        .unwrap();
    let offered = &region["backups"][0]["regions"][0];
    let offered_id = offered["id"].as_str().unwrap();

    // A region is no backup region of itself.
    let own = format!("  backup_region_id = \"{}\"\n", ids.region);
    ws.config(&one(&ids, "orders", &ids.region, &own));
    let failed = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(failed.contains("Unknown backup region id"), "{failed}");
    assert!(failed.contains("backup_region_id"), "{failed}");
    let label = offered["label"].as_str().unwrap();
    assert!(
        failed.contains(&format!("{label} ({offered_id})")),
        "{failed}"
    );
    assert_eq!(emulator.calls("POST /clusters"), 0);

    let chosen = format!("  backup_region_id = \"{offered_id}\"\n");
    ws.config(&one(&ids, "orders", &ids.region, &chosen));
    ws.apply().ok();
    let created = ws.resource("camunda_cluster.x");
    assert_eq!(created["backup_region_id"], offered_id);
    let (_, cluster) = emulator.api(
        "GET",
        &format!("/clusters/{}", created["id"].as_str().unwrap()),
    );
    assert_eq!(cluster["backupRegion"]["uuid"], offered_id);
    ws.assert_no_changes();
}

#[test]
fn a_create_that_times_out_leaves_a_tainted_cluster_in_the_state() {
    let (emulator, ws, ids) = start(camunda_provider::emulator::Config {
        healthy_after: Duration::from_secs(30),
        ..test_config()
    });
    ws.config(&one(
        &ids,
        "slow",
        &ids.region,
        "  timeouts {\n    create = \"1s\"\n  }\n",
    ));
    let failed = ws.apply().failed().output();
    assert!(
        failed.contains("Cluster created but not Healthy"),
        "{failed}"
    );
    assert!(failed.contains("tainted"), "{failed}");
    // The time waited as it passed, not rounded down to whole seconds ("after 0 s").
    let waited = failed
        .split_once("the timeout passed after ")
        .and_then(|(_, rest)| rest.split_once(" while waiting"))
        .map(|(waited, _)| waited)
        .unwrap_or_else(|| panic!("the message says how long it waited: {failed}"));
    let (amount, unit) = waited.split_once(' ').unwrap();
    let amount: f64 = amount.parse().unwrap();
    match unit {
        "ms" => assert!(amount > 0.0, "{waited}"),
        "s" => assert!(amount >= 1.0 && waited.contains('.'), "{waited}"),
        _ => panic!("a 1 s timeout passes in under a minute: {waited}"),
    }

    let state = ws.state();
    let resource = &state["values"]["root_module"]["resources"][0];
    assert_eq!(resource["tainted"], true, "{state}");
    let id = resource["values"]["id"]
        .as_str()
        .expect("the id is in the state");
    assert_eq!(resource["values"]["status"], "Creating");
    // Not orphaned: the cluster in the state is the one that exists.
    assert_eq!(cluster_status(&emulator, id), 200);
    let (_, listed) = emulator.api("GET", "/clusters");
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // The tainted cluster's name is its own: its replacement plans without a name error.
    let actions = ws.planned_actions(&[]);
    assert_eq!(
        actions["camunda_cluster.x"],
        ["delete", "create"],
        "{actions:?}"
    );
}

#[test]
fn a_name_that_another_cluster_holds_is_refused_unless_duplicates_are_allowed() {
    let (emulator, ws, ids) = start(test_config());
    let existing = emulator.create_cluster("taken");
    ws.config(&one(&ids, "taken", &ids.region, ""));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    for needle in [
        "A cluster with this name exists",
        &format!("terraform import camunda_cluster.<NAME> {existing}"),
        &format!("id = \"{existing}\""),
        "allow_duplicate_name = true",
    ] {
        assert!(output.contains(needle), "{needle:?} missing from: {output}");
    }
    assert_eq!(
        emulator.calls("POST /clusters"),
        1,
        "only the existing cluster was created"
    );

    ws.config(&one(
        &ids,
        "taken",
        &ids.region,
        "  allow_duplicate_name = true\n",
    ));
    ws.apply().ok();
    ws.assert_no_changes();
    let (_, listed) = emulator.api("GET", "/clusters");
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // The opt-in is Terraform's own setting: turning it off changes nothing remote, and a
    // replacement (here of the region) keeps the cluster's own name free.
    ws.config(&one(&ids, "taken", &ids.region, ""));
    assert_eq!(ws.planned_actions(&[])["camunda_cluster.x"], ["update"]);
    ws.apply().ok();
    ws.config(&one(&ids, "unique", &ids.region, ""));
    ws.apply().ok();
    ws.config(&one(&ids, "unique", &ids.other_region, ""));
    let actions = ws.planned_actions(&[]);
    assert_eq!(
        actions["camunda_cluster.x"],
        ["delete", "create"],
        "{actions:?}"
    );
    ws.apply().ok();
    ws.assert_no_changes();
    let (_, listed) = emulator.api("GET", "/clusters");
    assert_eq!(listed.as_array().unwrap().len(), 2);
}

#[test]
fn upgrades_in_place_refuses_other_generations_and_accepts_auto_updates() {
    let (emulator, ws, ids) = start(test_config());
    let on = |generation: &str| format!("  generation_id = \"{generation}\"\n");
    let both = |x: &str, y: &str| {
        config(&[
            ("x", cluster(&ids, "upgraded", &ids.region, &on(x))),
            ("y", cluster(&ids, "auto", &ids.region, &on(y))),
        ])
    };
    ws.config(&both(&ids.oldest_generation, &ids.oldest_generation));
    ws.apply().ok();
    assert_eq!(
        ws.resource("camunda_cluster.x")["generation_id"],
        ids.oldest_generation.as_str()
    );

    // A generation that the upgrade does not reach is refused, saying what is reachable.
    ws.config(&both(&ids.middle_generation, &ids.oldest_generation));
    let refused = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        refused.contains("Generation cannot be changed in place"),
        "{refused}"
    );
    assert!(refused.contains("generation_id"), "{refused}");
    assert!(refused.contains(&ids.default_generation), "{refused}");

    // The channel's default generation is an in-place upgrade.
    ws.config(&both(&ids.default_generation, &ids.oldest_generation));
    assert_eq!(ws.planned_actions(&[])["camunda_cluster.x"], ["update"]);
    emulator.reset_counters();
    ws.apply().ok();
    assert_eq!(emulator.calls("PUT /clusters/{clusterUuid}/upgrade"), 1);
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 0);
    let upgraded = ws.resource("camunda_cluster.x");
    assert_eq!(upgraded["generation_id"], ids.default_generation.as_str());
    assert_eq!(upgraded["status"], "Healthy");
    ws.assert_no_changes();

    // Camunda's auto-update moves y forward: a warning, not a diff.
    let y = ws.resource("camunda_cluster.y")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator.admin(
        "PATCH",
        &format!("/clusters/{y}"),
        Some(json!({"generation": ids.middle_generation})),
    );
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(0), "{}", plan.output());
    let output = plan.output();
    assert!(output.contains("auto-update"), "{output}");
    assert!(output.contains(&ids.middle_generation), "{output}");
    assert!(output.contains(&ids.oldest_generation), "{output}");

    // With auto-update on, a generation that does not exist is an error that lists the
    // valid ones, not an auto-update that nothing did.
    ws.config(&both(&ids.default_generation, "bogus-gen"));
    let refused = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(refused.contains("\"bogus-gen\""), "{refused}");
    assert!(refused.contains("generation_id"), "{refused}");
    assert!(refused.contains(&ids.default_generation), "{refused}");
    assert!(
        !refused.contains("moved to a newer generation"),
        "{refused}"
    );

    // Nor is another generation of the channel: the default one is an upgrade.
    ws.config(&both(&ids.default_generation, &ids.default_generation));
    assert_eq!(ws.planned_actions(&[])["camunda_cluster.y"], ["update"]);
}

#[test]
fn a_description_is_created_changed_in_place_kept_against_drift_and_removed() {
    let (emulator, ws, ids) = start(test_config());
    let described = |text: &str| {
        one(
            &ids,
            "described",
            &ids.region,
            &format!("  description = \"{text}\"\n"),
        )
    };
    let api_description =
        |id: &str| emulator.api("GET", &format!("/clusters/{id}")).1["description"].clone();
    ws.config(&described("Orders, EU"));
    ws.apply().ok();
    let created = ws.resource("camunda_cluster.x");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["description"], "Orders, EU");
    assert_eq!(api_description(&id), "Orders, EU");
    ws.assert_no_changes();

    emulator.reset_counters();
    ws.config(&described("Orders and invoices, EU"));
    assert_eq!(ws.planned_actions(&[])["camunda_cluster.x"], ["update"]);
    ws.apply().ok();
    assert_eq!(emulator.calls("PATCH /clusters/{clusterUuid}"), 1);
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 0);
    assert_eq!(emulator.calls("POST /clusters"), 0);
    assert_eq!(api_description(&id), "Orders and invoices, EU");
    assert_eq!(ws.resource("camunda_cluster.x")["id"], id.as_str());
    ws.assert_no_changes();

    // Edited in the Console: the refresh sees it, and the plan sets it back in place.
    emulator.admin(
        "PATCH",
        &format!("/clusters/{id}"),
        Some(json!({"description": "edited in the Console"})),
    );
    let plan = ws.plan_json(&[]);
    let change = &plan["resource_changes"][0]["change"];
    assert_eq!(change["actions"], json!(["update"]));
    assert_eq!(change["before"]["description"], "edited in the Console");
    assert_eq!(change["after"]["description"], "Orders and invoices, EU");
    ws.apply().ok();
    assert_eq!(api_description(&id), "Orders and invoices, EU");

    // An empty description removes it; the API then leaves it out.
    ws.config(&described(""));
    ws.apply().ok();
    assert_eq!(api_description(&id), Json::Null);
    assert_eq!(ws.resource("camunda_cluster.x")["description"], "");
    ws.assert_no_changes();
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 0);
    assert_eq!(emulator.calls("POST /clusters"), 0);
}

#[test]
fn a_description_over_150_characters_is_refused_at_plan_time() {
    let (emulator, ws, ids) = start(test_config());
    let long = "d".repeat(151);
    ws.config(&one(
        &ids,
        "described",
        &ids.region,
        &format!("  description = \"{long}\"\n"),
    ));
    let refused = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        refused.contains("Invalid value for description"),
        "{refused}"
    );
    assert!(
        refused.contains("has 151 characters; at most 150 are allowed"),
        "{refused}"
    );
    assert_eq!(emulator.calls("POST /clusters"), 0);
}
