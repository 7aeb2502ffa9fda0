//! Authorizations inside a cluster, through Terraform against the emulator's Self-Managed
//! cluster, whose reads lag its writes: permissions change in place and drift both ways;
//! a create whose answer was lost is made once; one that overlaps an authorization made
//! outside Terraform names it; bad values fail the plan with the valid ones; the data
//! source filters; many refresh with one search; one by property (8.9+) is made, read
//! back the same, imported and destroyed; the guide "Access as code" applies in one go and
//! its review runs with a read-only client.

use serde_json::{Value as Json, json};

use crate::support::cluster::{self, config, self_managed as setup};
use crate::support::emulator::{TestEmulator, test_config};

const ADDRESS: &str = "camunda_authorization.developer";
const CREATE: &str = "POST /v2/authorizations";

/// The developer role's authorization on the order process, with `permissions`.
fn developer(permissions: &str) -> String {
    config(&format!(
        r#"
resource "camunda_role" "developer" {{
  role_id = "developer"
  name    = "Developer"
}}

resource "camunda_authorization" "developer" {{
  owner_type       = "ROLE"
  owner_id         = camunda_role.developer.role_id
  resource_type    = "PROCESS_DEFINITION"
  resource_id      = "order-process"
  permission_types = [{permissions}]
}}
"#
    ))
}

/// The authorizations at the emulator whose owner is `owner_id`.
fn held_by(emulator: &TestEmulator, owner_id: &str) -> Vec<Json> {
    emulator
        .cluster_objects("authorizations")
        .into_iter()
        .filter(|a| a["ownerId"] == owner_id)
        .collect()
}

fn permissions(authorization: &Json) -> Vec<String> {
    let mut found: Vec<String> = authorization["permissionTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    found.sort();
    found
}

#[test]
fn permissions_change_in_place_drift_both_ways_and_a_lost_create_is_made_once() {
    let (emulator, ws) = setup();
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": CREATE, "count": 1, "answer": "close"})),
    );
    ws.config(&developer(
        r#""READ_PROCESS_DEFINITION", "CREATE_PROCESS_INSTANCE""#,
    ));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(emulator.answers_lost(CREATE), 1);
    let held = held_by(&emulator, "developer");
    assert_eq!(held.len(), 1, "no second authorization: {held:?}");
    let key = held[0]["authorizationKey"].as_str().unwrap().to_owned();
    assert_eq!(ws.resource(ADDRESS)["id"], key);
    assert_eq!(
        permissions(&held[0]),
        ["CREATE_PROCESS_INSTANCE", "READ_PROCESS_DEFINITION"]
    );

    // Another permission: the same authorization, updated in place.
    ws.config(&developer(
        r#""READ_PROCESS_DEFINITION", "CREATE_PROCESS_INSTANCE", "READ_PROCESS_INSTANCE""#,
    ));
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    ws.apply().ok();
    ws.assert_no_changes();
    let held = held_by(&emulator, "developer");
    assert_eq!(held[0]["authorizationKey"], key.as_str());
    assert_eq!(held[0]["permissionTypes"].as_array().unwrap().len(), 3);

    // A permission added outside Terraform, then one removed: each shows in the next plan.
    let out_of_band = |permissions: Json| {
        let body = json!({
            "ownerId": "developer", "ownerType": "ROLE", "resourceType": "PROCESS_DEFINITION",
            "resourceId": "order-process", "permissionTypes": permissions,
        });
        let path = format!("/orchestration/self-managed/authorizations/{key}");
        emulator.admin("PUT", &path, Some(body));
        cluster::wait_for_lag();
    };
    out_of_band(json!([
        "READ_PROCESS_DEFINITION",
        "CREATE_PROCESS_INSTANCE",
        "READ_PROCESS_INSTANCE",
        "CANCEL_PROCESS_INSTANCE"
    ]));
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    out_of_band(json!(["READ_PROCESS_DEFINITION"]));
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(permissions(&held_by(&emulator, "developer")[0]).len(), 3);

    // Deleted outside Terraform: planned again. Imported by its key.
    let path = format!("/orchestration/self-managed/authorizations/{key}");
    emulator.admin("DELETE", &path, None);
    cluster::wait_for_lag();
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["create"]);
    ws.apply().ok();
    let key = ws.resource(ADDRESS)["id"].as_str().unwrap().to_owned();
    ws.run(&["state", "rm", ADDRESS]).ok();
    let missing = ws.import(ADDRESS, "2251799813000000").failed().output();
    assert!(missing.contains("No authorization to import"), "{missing}");
    ws.import(ADDRESS, &key).ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    assert!(held_by(&emulator, "developer").is_empty());
}

/// Camunda 8.9's authorization by property: every user task whose `assignee` names the
/// owner. Made, read back the same by a refresh, imported by its key with the property
/// and no resource ID, and destroyed.
#[test]
fn an_authorization_by_property_lives_refreshes_imports_and_is_destroyed() {
    let (emulator, ws) = setup();
    ws.config(&config(
        r#"
resource "camunda_authorization" "assignee" {
  owner_type             = "USER"
  owner_id               = "jane"
  resource_type          = "USER_TASK"
  resource_property_name = "assignee"
  permission_types       = ["READ", "UPDATE"]
}
"#,
    ));
    ws.apply().ok();
    let held = held_by(&emulator, "jane");
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0]["resourcePropertyName"], "assignee", "{held:?}");
    assert_eq!(held[0]["resourceId"], Json::Null, "{held:?}");
    assert_eq!(permissions(&held[0]), ["READ", "UPDATE"]);
    let key = held[0]["authorizationKey"].as_str().unwrap().to_owned();
    const ASSIGNEE: &str = "camunda_authorization.assignee";
    assert_eq!(ws.resource(ASSIGNEE)["id"], key);
    ws.assert_no_changes();

    ws.run(&["state", "rm", ASSIGNEE]).ok();
    ws.import(ASSIGNEE, &key).ok();
    let imported = ws.resource(ASSIGNEE);
    assert_eq!(imported["resource_property_name"], "assignee", "{imported}");
    assert_eq!(imported["resource_id"], Json::Null, "{imported}");
    ws.assert_no_changes();

    ws.destroy().ok();
    assert!(held_by(&emulator, "jane").is_empty());
}

#[test]
fn an_overlapping_authorization_made_elsewhere_is_named_with_how_to_import_it() {
    let (emulator, ws) = setup();
    let (status, made) = emulator.cluster_api(
        "POST",
        "/v2/authorizations",
        Some(json!({
            "ownerId": "developer", "ownerType": "ROLE", "resourceType": "PROCESS_DEFINITION",
            "resourceId": "order-process", "permissionTypes": ["READ_PROCESS_DEFINITION"],
        })),
    );
    assert_eq!(status, 201, "{made}");
    let key = made["authorizationKey"].as_str().unwrap();
    ws.config(&developer(
        r#""READ_PROCESS_DEFINITION", "CREATE_PROCESS_INSTANCE""#,
    ));
    let output = ws.apply().failed().output();
    assert!(
        output.contains(&format!(
            "terraform import camunda_authorization.<NAME> {key}"
        )),
        "{output}"
    );
    assert_eq!(held_by(&emulator, "developer").len(), 1);

    // The same permissions: adopted, not made twice.
    ws.config(&developer(r#""READ_PROCESS_DEFINITION""#));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(ws.resource(ADDRESS)["id"], key);
    assert_eq!(held_by(&emulator, "developer").len(), 1);
}

#[test]
fn bad_values_fail_the_plan_with_the_valid_ones() {
    let (emulator, ws) = setup();
    let plan = |resource_type: &str, resource: &str, permissions: &str| {
        ws.config(&config(&format!(
            r#"
resource "camunda_authorization" "bad" {{
  owner_type       = "ROLE"
  owner_id         = "developer"
  resource_type    = "{resource_type}"
  {resource}
  permission_types = [{permissions}]
}}
"#
        )));
        ws.run(&["plan", "-no-color"]).failed().output()
    };
    let output = plan("PROCESS", r#"resource_id = "*""#, r#""READ""#);
    assert!(output.contains("\"PROCESS\" is not allowed"), "{output}");
    assert!(output.contains("\"PROCESS_DEFINITION\""), "{output}");
    let output = plan(
        "USER",
        r#"resource_id = "*""#,
        r#""CREATE_PROCESS_INSTANCE""#,
    );
    assert!(
        output.contains("CREATE_PROCESS_INSTANCE is not a permission on USER"),
        "{output}"
    );
    assert!(
        output.contains("it takes CREATE, READ, UPDATE, DELETE"),
        "{output}"
    );
    let output = plan("USER", r#"resource_id = "*""#, r#""READ", "DANCE""#);
    assert!(output.contains("\"DANCE\" not allowed"), "{output}");
    let both = r#"resource_id = "*"
  resource_property_name = "assignee""#;
    let output = plan("USER_TASK", both, r#""READ""#);
    assert!(
        output.contains("Both `resource_id` and `resource_property_name` are set"),
        "{output}"
    );
    assert!(
        emulator
            .cluster_objects("authorizations")
            .iter()
            .all(|a| a["ownerId"] != "developer")
    );
}

#[test]
fn sixty_authorizations_refresh_with_one_search_and_the_data_source_filters() {
    let (emulator, ws) = setup();
    ws.config(&config(
        r#"
resource "camunda_authorization" "many" {
  count            = 60
  owner_type       = "USER"
  owner_id         = "user-${count.index}"
  resource_type    = "PROCESS_DEFINITION"
  resource_id      = "process-${count.index}"
  permission_types = ["READ_PROCESS_DEFINITION"]
}

data "camunda_authorizations" "of_user_7" {
  owner_type = "USER"
  owner_id   = "user-7"
  depends_on = [camunda_authorization.many]
}

output "of_user_7" {
  value = data.camunda_authorizations.of_user_7.authorizations
}
"#,
    ));
    ws.apply().ok();
    emulator.reset_counters();
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(0), "{}", plan.output());
    let counters = emulator.counters();
    // In one refreshing plan: one search for the resources, one for the data source's filter.
    assert_eq!(
        emulator.calls("POST /v2/authorizations/search"),
        2,
        "{counters}"
    );
    assert_eq!(
        emulator.calls("GET /v2/authorizations/{authorizationKey}"),
        0,
        "{counters}"
    );
    let listed = ws.output("of_user_7");
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["resource_id"], "process-7");
    assert_eq!(
        listed[0]["id"],
        ws.resource("camunda_authorization.many[7]")["id"]
    );
}

/// The guide's configuration, applied from an empty state in one go; its review: a plan
/// with a read-only client works, and that client's apply names the permission it lacks.
#[test]
fn the_access_as_code_guide_applies_and_its_review_runs_read_only() {
    let (emulator, ws) = setup();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/guides/access-as-code/main.tf");
    let guide = std::fs::read_to_string(path).unwrap();
    ws.config(&guide);
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(held_by(&emulator, "operator").len(), 2);
    assert_eq!(held_by(&emulator, "developer").len(), 1);
    let grants = ws.output("grants");
    assert!(
        grants
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == "ROLE developer: CREATE_PROCESS_INSTANCE, READ_PROCESS_DEFINITION, READ_PROCESS_INSTANCE on PROCESS_DEFINITION order-process"),
        "{grants}"
    );

    let client = &test_config().self_managed.client_id;
    emulator.admin(
        "PUT",
        &format!("/orchestration/self-managed/read-only/{client}"),
        None,
    );
    ws.config(&guide.replace(
        "\"READ_DECISION_DEFINITION\", \"READ_DECISION_INSTANCE\"",
        "\"READ_DECISION_DEFINITION\"",
    ));
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(2), "{}", plan.output());
    let output = ws.apply().failed().output();
    assert!(output.contains("AUTHORIZATION:UPDATE"), "{output}");
}
