//! Tenants, roles and groups inside a cluster, through Terraform against the emulator's
//! Self-Managed cluster, whose reads lag its writes (as every test's emulator's do): an
//! apply is followed at once by a plan without changes; names and descriptions change in
//! place; changes and deletes made outside Terraform show in the next plan; a create whose
//! answer was lost, or whose object exists already, converges when the object is the one
//! asked for; import; and refreshing many objects costs one search per kind.

use serde_json::{Value as Json, json};

use camunda_provider::emulator::AuthMode;

use crate::support::cluster::{self, config, self_managed as setup};
use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const IDENTITY: &str = r#"
resource "camunda_tenant" "emea" {
  tenant_id = "emea"
  name      = "EMEA"
}

resource "camunda_role" "auditor" {
  role_id     = "auditor"
  name        = "Auditor"
  description = "Reads everything"
}

resource "camunda_group" "ops" {
  group_id = "ops"
  name     = "Operations"
}
"#;

/// The ids of the objects of `kind` at the emulator, sorted.
fn ids(emulator: &TestEmulator, kind: &str, id_field: &str) -> Vec<String> {
    let mut ids: Vec<String> = emulator
        .cluster_objects(kind)
        .iter()
        .map(|o| o[id_field].as_str().unwrap_or_default().to_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn tenants_roles_and_groups_live_change_in_place_drift_and_import() {
    let (emulator, ws) = setup();
    ws.config(&config(IDENTITY));
    ws.apply().ok();
    // Reads lag writes by 0.7 s in every test: the apply waited for its writes to show.
    ws.assert_no_changes();
    assert_eq!(ids(&emulator, "tenants", "tenantId"), ["emea"]);
    assert_eq!(ids(&emulator, "roles", "roleId"), ["auditor"]);
    assert_eq!(ids(&emulator, "groups", "groupId"), ["ops"]);
    let role = ws.resource("camunda_role.auditor");
    assert_eq!(role["id"], "auditor");
    assert_eq!(role["description"], "Reads everything");

    // Name and description change in place.
    ws.config(&config(&IDENTITY.replace("Reads everything", "Reads all")));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions["camunda_role.auditor"], ["update"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    let roles = emulator.cluster_objects("roles");
    assert_eq!(roles[0]["description"], "Reads all", "{roles:?}");

    // Changed and deleted outside Terraform: the next plan puts them back.
    emulator.admin(
        "PUT",
        "/orchestration/self-managed/groups/ops",
        Some(json!({"name": "Ops (renamed)", "description": ""})),
    );
    emulator.admin("DELETE", "/orchestration/self-managed/tenants/emea", None);
    cluster::wait_for_lag();
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions["camunda_group.ops"], ["update"], "{actions:?}");
    assert_eq!(actions["camunda_tenant.emea"], ["create"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(ids(&emulator, "tenants", "tenantId"), ["emea"]);

    // Imported by id; an id that names no object says so.
    ws.run(&["state", "rm", "camunda_role.auditor", "camunda_group.ops"])
        .ok();
    ws.import("camunda_role.auditor", "auditor").ok();
    let missing = ws.import("camunda_group.ops", "nope").failed().output();
    assert!(missing.contains("No group to import"), "{missing}");
    ws.import("camunda_group.ops", "ops").ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    for (kind, field) in [
        ("tenants", "tenantId"),
        ("roles", "roleId"),
        ("groups", "groupId"),
    ] {
        assert!(ids(&emulator, kind, field).is_empty(), "{kind} left behind");
    }
}

/// A tenant, a role and a group named `name`, each with `description` when one is given.
fn named_objects(name: &str, description: Option<&str>) -> String {
    let description = description
        .map(|d| format!("  description = {d:?}\n"))
        .unwrap_or_default();
    [
        ("camunda_tenant", "tenant_id"),
        ("camunda_role", "role_id"),
        ("camunda_group", "group_id"),
    ]
    .iter()
    .map(|(kind, id)| {
        format!("resource \"{kind}\" \"plain\" {{\n  {id} = \"plain\"\n  name = {name:?}\n{description}}}\n")
    })
    .collect()
}

/// Asserts, for each kind, that the state holds no description and the cluster `""`, as
/// 8.8 keeps none.
fn assert_no_description(emulator: &TestEmulator, ws: &Workspace) {
    for (kind, collection) in [
        ("camunda_tenant", "tenants"),
        ("camunda_role", "roles"),
        ("camunda_group", "groups"),
    ] {
        let state = ws.resource(&format!("{kind}.plain"));
        assert_eq!(state["description"], Json::Null, "{kind}: {state}");
        let objects = emulator.cluster_objects(collection);
        assert_eq!(objects[0]["description"], "", "{collection}: {objects:?}");
    }
}

#[test]
fn no_description_is_sent_as_empty_and_read_back_as_none() {
    let (emulator, ws) = setup();
    // Without a description: the writes show at once in reads, which answer "".
    ws.config(&config(&named_objects("Plain", None)));
    let output = ws.apply().ok().output();
    assert!(!output.contains("does not show yet"), "{output}");
    ws.assert_no_changes();
    assert_no_description(&emulator, &ws);

    // Renamed in place: the update carries the description that 8.8 requires.
    ws.config(&config(&named_objects("Renamed", None)));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions.len(), 3, "{actions:?}");
    assert!(actions.values().all(|a| a == &["update"]), "{actions:?}");
    let output = ws.apply().ok().output();
    assert!(!output.contains("does not show yet"), "{output}");
    ws.assert_no_changes();
    assert_no_description(&emulator, &ws);
    assert_eq!(emulator.cluster_objects("roles")[0]["name"], "Renamed");

    // A description given, then left out: it is removed.
    ws.config(&config(&named_objects("Renamed", Some("For tests"))));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(
        emulator.cluster_objects("groups")[0]["description"],
        "For tests"
    );
    ws.config(&config(&named_objects("Renamed", None)));
    let actions = ws.planned_actions(&[]);
    assert!(actions.values().all(|a| a == &["update"]), "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    assert_no_description(&emulator, &ws);

    // An empty description, which would read back as none, is refused before any call.
    emulator.reset_counters();
    ws.config(&config(&named_objects("Renamed", Some(""))));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("leave the attribute out"), "{output}");
    assert_eq!(emulator.calls("PUT /v2/roles/{roleId}"), 0);
}

/// Settings that are set but cannot work are reported by a plan, not taken for settings
/// that only the apply will know: a plan never passes without having reached the cluster.
#[test]
fn invalid_settings_from_the_environment_fail_the_plan_naming_the_setting() {
    let (emulator, mut ws) = setup();
    ws.config(&config(IDENTITY));
    ws.apply().ok();
    ws.env("CAMUNDA_AUTH_STRATEGY", "oauth2");
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("Invalid orchestration_api settings"),
        "{output}"
    );
    assert!(output.contains("CAMUNDA_AUTH_STRATEGY"), "{output}");
    assert!(output.contains("OAUTH, BASIC, NONE"), "{output}");
    // The state is kept: nothing is forgotten over settings that are wrong.
    assert_eq!(ws.resource("camunda_tenant.emea")["tenant_id"], "emea");
    assert_eq!(ids(&emulator, "tenants", "tenantId"), ["emea"]);
}

#[test]
fn a_lost_answer_or_an_existing_id_converges_when_the_object_is_the_one_asked_for() {
    let (emulator, ws) = setup();
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": "POST /v2/roles", "count": 1, "answer": "close"})),
    );
    // The group exists already, as this configuration asks for it.
    let (status, _) = emulator.cluster_api(
        "POST",
        "/v2/groups",
        Some(json!({"groupId": "ops", "name": "Operations"})),
    );
    assert_eq!(status, 201);
    ws.config(&config(IDENTITY));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(emulator.answers_lost("POST /v2/roles"), 1);
    assert_eq!(ids(&emulator, "roles", "roleId"), ["auditor"]);
    assert_eq!(ids(&emulator, "groups", "groupId"), ["ops"]);

    // An object under the id that is not the one asked for is left alone, with an error.
    let (status, _) = emulator.cluster_api(
        "POST",
        "/v2/roles",
        Some(json!({"roleId": "admin", "name": "Someone else's"})),
    );
    assert_eq!(status, 201);
    ws.config(&config(&format!(
        "{IDENTITY}\nresource \"camunda_role\" \"admin\" {{\n  role_id = \"admin\"\n  name = \"Admin\"\n}}\n"
    )));
    let output = ws.apply().failed().output();
    assert!(output.contains("A role with this ID exists"), "{output}");
    assert!(
        output.contains("terraform import camunda_role.<NAME> admin"),
        "{output}"
    );
    let roles = emulator.cluster_objects("roles");
    let admin: Vec<&Json> = roles.iter().filter(|r| r["roleId"] == "admin").collect();
    assert_eq!(admin[0]["name"], "Someone else's");
}

#[test]
fn fifty_roles_and_fifty_groups_refresh_with_one_search_each() {
    let (emulator, ws) = setup();
    ws.config(&config(
        r#"
resource "camunda_role" "many" {
  count   = 50
  role_id = "role-${count.index}"
  name    = "Role ${count.index}"
}

resource "camunda_group" "many" {
  count    = 50
  group_id = "group-${count.index}"
  name     = "Group ${count.index}"
}
"#,
    ));
    ws.apply().ok();
    emulator.reset_counters();
    ws.assert_no_changes();
    let counters = emulator.counters();
    assert_eq!(emulator.calls("POST /v2/roles/search"), 1, "{counters}");
    assert_eq!(emulator.calls("POST /v2/groups/search"), 1, "{counters}");
    assert_eq!(emulator.calls("GET /v2/roles/{roleId}"), 0, "{counters}");
    assert_eq!(emulator.calls("GET /v2/groups/{groupId}"), 0, "{counters}");
}

#[test]
fn a_read_only_client_plans_and_its_apply_names_the_permission_it_lacks() {
    let (emulator, ws) = setup();
    ws.config(&config(IDENTITY));
    ws.apply().ok();
    let client = &test_config().self_managed.client_id;
    emulator.admin(
        "PUT",
        &format!("/orchestration/self-managed/read-only/{client}"),
        None,
    );
    // Reads are allowed: the refresh and the plan work.
    ws.config(&config(&format!(
        "{IDENTITY}\nresource \"camunda_role\" \"admin\" {{\n  role_id = \"admin\"\n  name = \"Admin\"\n}}\n"
    )));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions["camunda_role.admin"], ["create"], "{actions:?}");
    let output = ws.apply().failed().output();
    assert!(output.contains("ROLE:CREATE"), "{output}");
    assert_eq!(ids(&emulator, "roles", "roleId"), ["auditor"]);
}

/// The configuration of `docs/guides/a-cluster-and-its-identity.md` (`""`) or its
/// Self-Managed variant (`"self-managed"`).
fn guide(variant: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/guides/a-cluster-and-its-identity")
        .join(variant)
        .join("main.tf");
    std::fs::read_to_string(path).unwrap()
}

/// The guide: one apply from an empty state makes a SaaS cluster, a Zeebe client, and the
/// cluster's tenants, roles and groups through an aliased provider that reads the client's
/// attributes, unknown until the client exists.
#[test]
fn a_cluster_its_client_and_its_identity_in_one_apply() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.config(&guide(""));
    ws.apply().ok();
    ws.assert_no_changes();
    let cluster_id = ws.resource("camunda_cluster.orders")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (kind, field, id) in [
        ("tenants", "tenantId", "emea"),
        ("roles", "roleId", "auditor"),
        ("groups", "groupId", "operations"),
    ] {
        let listed = emulator.admin("GET", &format!("/orchestration/{cluster_id}/{kind}"), None);
        assert_eq!(listed["count"], 1, "{listed}");
        assert_eq!(listed["items"][0][field], id, "{listed}");
        assert!(
            emulator.cluster_objects(kind).is_empty(),
            "the cluster's own API was used, not the Self-Managed one"
        );
    }
    ws.destroy().ok();
    assert_eq!(emulator.clusters(), Vec::<Json>::new());
}

/// The guide's Self-Managed variant, with HTTP basic authentication.
#[test]
fn the_guide_on_a_self_managed_cluster_with_basic_auth() {
    let (emulator, mut ws) = cluster::self_managed_with(AuthMode::Basic);
    ws.config(&guide("self-managed"));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(ids(&emulator, "roles", "roleId"), ["auditor"]);
    assert_eq!(ids(&emulator, "groups", "groupId"), ["operations"]);
    ws.env("CAMUNDA_BASIC_AUTH_PASSWORD", "wrong");
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("credentials were not accepted"), "{output}");
}

/// The guide's Self-Managed variant with OIDC: tokens from the identity provider (the
/// emulator's token endpoint), memberships of the identity provider's client.
#[test]
fn the_guide_on_a_self_managed_cluster_with_oidc() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure_self_managed(&mut ws);
    ws.config(&guide("self-managed-oidc"));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(ids(&emulator, "tenants", "tenantId"), ["emea"]);
    assert_eq!(ids(&emulator, "roles", "roleId"), ["deployer"]);
    let (status, members) =
        emulator.cluster_api("POST", "/v2/roles/deployer/clients/search", Some(json!({})));
    assert_eq!(status, 200, "{members}");
    assert_eq!(members["items"][0]["clientId"], "deployer", "{members}");
    // A wrong secret is an error that says where the secret comes from.
    ws.env("CAMUNDA_CLIENT_SECRET", "not-the-secret");
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    let refused = "refused the client credentials";
    assert!(output.contains(refused), "{output}");
    assert!(
        output.contains("(environment variable CAMUNDA_CLIENT_SECRET)"),
        "{output}"
    );
    ws.env(
        "CAMUNDA_CLIENT_SECRET",
        emulator.config.self_managed.client_secret.expose(),
    );
    ws.destroy().ok();
    assert!(ids(&emulator, "roles", "roleId").is_empty());
}
