//! `camunda_cluster_encryption` through Terraform against the emulator: keys set and
//! rotated in place once Ready, drift, import, statuses that are errors saying what to
//! fix, and the checks at plan time against the cluster.

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{HEADER, Workspace, camunda_plugin};

const ADDRESS: &str = "camunda_cluster_encryption.byok";
const CLUSTER: &str = "camunda_cluster.x";
const PUT_ROUTE: &str = "PUT /clusters/{clusterUuid}/encryption";

fn key(region: &str, id: &str) -> String {
    format!("arn:aws:kms:{region}:123456789012:key/{id}")
}

fn setup() -> (TestEmulator, Workspace) {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    (emulator, ws)
}

/// The emulator's creation parameters.
fn parameters(emulator: &TestEmulator) -> Json {
    let (status, parameters) = emulator.api("GET", "/clusters/parameters");
    assert_eq!(status, 200, "{parameters}");
    parameters
}

/// The uuid of the region whose name starts with `prefix`.
fn region(parameters: &Json, prefix: &str) -> Json {
    parameters["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"].as_str().unwrap().starts_with(prefix))
        .unwrap()["uuid"]
        .clone()
}

/// A cluster in Frankfurt with the given encryption type, backed up to Ireland when
/// `dual_region`; its id once Healthy.
fn cluster(emulator: &TestEmulator, encryption: &str, dual_region: bool) -> String {
    let parameters = parameters(emulator);
    let channel = &parameters["channels"][0];
    let mut body = json!({
        "name": format!("{encryption}-encrypted"),
        "channelId": channel["uuid"],
        "generationId": channel["defaultGeneration"]["uuid"],
        "regionId": region(&parameters, "Frankfurt"),
        "planTypeId": parameters["clusterPlanTypes"][0]["uuid"],
        "encryption": encryption,
    });
    if dual_region {
        body["backupRegionId"] = region(&parameters, "Ireland");
    }
    let (status, created) = emulator.api_json("POST", "/clusters", Some(body));
    assert_eq!(status, 200, "{created}");
    created["clusterId"].as_str().unwrap().to_owned()
}

/// The keys of the cluster that the expression `cluster_id` names.
fn keys(cluster_id: &str, arguments: &str) -> String {
    format!(
        r#"
resource "camunda_cluster_encryption" "byok" {{
  cluster_id = {cluster_id}
{arguments}
}}
"#
    )
}

fn config(cluster_id: &str, arguments: &str) -> String {
    format!("{HEADER}{}", keys(&format!("\"{cluster_id}\""), arguments))
}

/// `camunda_cluster.x` in Frankfurt with `arguments`, and its keys with `key_arguments`.
fn cluster_with_keys(emulator: &TestEmulator, arguments: &str, key_arguments: &str) -> String {
    let parameters = parameters(emulator);
    format!(
        r#"{HEADER}
resource "camunda_cluster" "x" {{
  name         = "byok"
  channel_id   = {}
  region_id    = {}
  plan_type_id = {}
{arguments}
}}
{}"#,
        parameters["channels"][0]["uuid"],
        region(&parameters, "Frankfurt"),
        parameters["clusterPlanTypes"][0]["uuid"],
        keys(&format!("{CLUSTER}.id"), key_arguments)
    )
}

fn primary(arn: &str) -> String {
    format!("  primary_key_arn = \"{arn}\"")
}

fn encryption_at(emulator: &TestEmulator, cluster_id: &str) -> Json {
    let (status, cluster) = emulator.api("GET", &format!("/clusters/{cluster_id}"));
    assert_eq!(status, 200, "{cluster}");
    cluster["encryption"].clone()
}

/// The configuration's own External cluster takes its keys in the same apply; the type
/// is the cluster's for life.
#[test]
fn a_cluster_created_external_takes_its_keys_in_the_same_apply() {
    let (emulator, ws) = setup();
    let key = key("eu-central-1", "1111aaaa-11aa-11aa-11aa-111111111111");
    let with_type = |line: &str| cluster_with_keys(&emulator, line, &primary(&key));
    ws.config(&with_type("  encryption_type = \"External\""));
    ws.apply().ok();
    ws.assert_no_changes();
    let cluster = ws.resource(CLUSTER);
    assert_eq!(cluster["encryption_type"], "External", "{cluster}");
    let cluster_id = cluster["id"].as_str().unwrap().to_owned();
    let at_emulator = encryption_at(&emulator, &cluster_id);
    assert_eq!(at_emulator["type"], "External");
    assert_eq!(at_emulator["primaryKeyArn"], key.as_str());
    assert_eq!(at_emulator["status"], "Ready");
    assert_eq!(ws.resource(ADDRESS)["status"], "Ready");

    // Left out later, the type the cluster was created with stands.
    ws.config(&with_type(""));
    ws.assert_no_changes();

    ws.config(&with_type("  encryption_type = \"Hardware\""));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[CLUSTER], ["delete", "create"], "{actions:?}");

    emulator.reset_counters();
    ws.config(&with_type("  encryption_type = \"Disk\""));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("Invalid value for encryption_type"),
        "{output}"
    );
    assert!(output.contains("\"Disk\" is not allowed"), "{output}");
    for valid in ["Software", "Hardware", "Provider", "External"] {
        assert!(output.contains(&format!("\"{valid}\"")), "{output}");
    }
    assert_eq!(emulator.calls("POST /clusters"), 0);
}

#[test]
fn keys_are_set_rotated_in_place_imported_and_left_in_use() {
    let (emulator, ws) = setup();
    let cluster_id = cluster(&emulator, "External", false);
    let first = key("eu-central-1", "1111aaaa-11aa-11aa-11aa-111111111111");
    ws.config(&config(&cluster_id, &primary(&first)));
    ws.apply().ok();
    ws.assert_no_changes();
    let state = ws.resource(ADDRESS);
    assert_eq!(state["status"], "Ready", "{state}");
    assert_eq!(state["id"], cluster_id.as_str());
    let at_emulator = encryption_at(&emulator, &cluster_id);
    assert_eq!(at_emulator["primaryKeyArn"], first.as_str());
    assert_eq!(at_emulator["status"], "Ready");

    let second = key("eu-central-1", "mrk-2222bbbb22bb22bb22bb222222222222");
    ws.config(&config(&cluster_id, &primary(&second)));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[ADDRESS], ["update"], "{actions:?}");
    ws.apply().ok();
    assert_eq!(
        encryption_at(&emulator, &cluster_id)["primaryKeyArn"],
        second.as_str()
    );
    assert_eq!(ws.resource(ADDRESS)["status"], "Ready");

    // Rotated outside Terraform: the next apply sets the configured key again.
    let (status, _) = emulator.api_json(
        "PUT",
        &format!("/clusters/{cluster_id}/encryption"),
        Some(json!({"primaryEncryptionKeyId": first})),
    );
    assert_eq!(status, 200);
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    ws.apply().ok();
    assert_eq!(
        encryption_at(&emulator, &cluster_id)["primaryKeyArn"],
        second.as_str()
    );

    ws.run(&["state", "rm", ADDRESS]).ok();
    ws.import(ADDRESS, &cluster_id).ok();
    ws.assert_no_changes();

    let output = ws.destroy().ok().output();
    assert!(output.contains("Encryption keys stay in use"), "{output}");
    assert_eq!(
        encryption_at(&emulator, &cluster_id)["primaryKeyArn"],
        second.as_str()
    );
}

#[test]
fn a_key_camunda_cannot_use_is_an_error_that_says_what_to_fix() {
    let (emulator, ws) = setup();
    let cluster_id = cluster(&emulator, "External", true);
    emulator.admin(
        "PUT",
        &format!("/clusters/{cluster_id}/encryption/outcome"),
        Some(json!({"status": "ProviderError"})),
    );
    let keys = format!(
        "{}\n  secondary_key_arn = \"{}\"",
        primary(&key("eu-central-1", "1111aaaa")),
        key("eu-west-1", "2222bbbb")
    );
    ws.config(&config(&cluster_id, &keys));
    let output = ws.apply().failed().output();
    assert!(
        output.contains("reports its customer-managed keys as ProviderError"),
        "{output}"
    );
    assert!(output.contains("key policy"), "{output}");
    assert_eq!(ws.resource(ADDRESS)["status"], "ProviderError");
    // Kept, tainted: the next apply sends the keys again, and this time they are Ready.
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["delete", "create"]);
    ws.apply().ok();
    assert_eq!(ws.resource(ADDRESS)["status"], "Ready");
    assert_eq!(
        encryption_at(&emulator, &cluster_id)["secondaryKeyArn"],
        key("eu-west-1", "2222bbbb").as_str()
    );
}

#[test]
fn keys_that_do_not_fit_the_cluster_fail_at_plan_time() {
    let (emulator, ws) = setup();
    let single = cluster(&emulator, "External", false);
    let dual = cluster(&emulator, "External", true);
    let provider_managed = cluster(&emulator, "Provider", false);
    let plan_error = |cluster_id: &str, arguments: &str| {
        ws.config(&config(cluster_id, arguments));
        ws.run(&["plan", "-no-color"]).failed().output()
    };
    let frankfurt = primary(&key("eu-central-1", "1111aaaa"));

    let output = plan_error(
        &single,
        &primary("arn:aws:kms:eu-central-1:123456789012:alias/orders"),
    );
    assert!(output.contains("not the ARN of an AWS KMS key"), "{output}");
    let output = plan_error(
        &single,
        &format!(
            "{frankfurt}\n  secondary_key_arn = \"{}\"",
            key("eu-west-1", "2222bbbb")
        ),
    );
    assert!(output.contains("Secondary key not allowed"), "{output}");
    let output = plan_error(&dual, &frankfurt);
    assert!(output.contains("Secondary key missing"), "{output}");
    let output = plan_error(&provider_managed, &frankfurt);
    assert!(
        output.contains("created with the Provider encryption type"),
        "{output}"
    );
    assert!(
        output.contains("encryption_type = \"External\""),
        "{output}"
    );
    assert_eq!(emulator.calls(PUT_ROUTE), 0);

    // A key in the wrong region is the API's to refuse, at apply.
    ws.config(&config(&single, &primary(&key("us-east-1", "1111aaaa"))));
    let output = ws.apply().failed().output();
    assert!(
        output.contains("The Console API refused the keys"),
        "{output}"
    );
    assert!(output.contains("\"eu-central-1\""), "{output}");
}

/// The key is set with a `PUT`, which sets one state: after a lost answer it is sent
/// again, and the apply converges with the key asked for.
#[test]
fn a_key_whose_answer_was_lost_is_set_once() {
    let (emulator, ws) = setup();
    let cluster_id = cluster(&emulator, "External", false);
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": PUT_ROUTE, "count": 1, "answer": "close"})),
    );
    let key = key("eu-central-1", "1111aaaa-11aa-11aa-11aa-111111111111");
    ws.config(&config(&cluster_id, &primary(&key)));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(emulator.answers_lost(PUT_ROUTE), 1);
    assert_eq!(emulator.calls(PUT_ROUTE), 2, "sent again once");
    assert_eq!(
        encryption_at(&emulator, &cluster_id)["primaryKeyArn"],
        key.as_str()
    );
    assert_eq!(ws.resource(ADDRESS)["status"], "Ready");
}
