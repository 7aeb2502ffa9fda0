//! `camunda_organization_member` and `camunda_organization_members` through Terraform
//! against the emulator: invitations and roles changed in place, drift, import, destroy,
//! the owner whom nothing changes or removes, plan-time checks, and the refresh's one list
//! call.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{HEADER, Workspace, camunda_plugin};

const ADDRESS: &str = "camunda_organization_member.jane";
const LIST: &str = "GET /members";
const POST: &str = "POST /members/{email}";
const DELETE: &str = "DELETE /members/{email}";
const OWNER: &str = "owner@example.com";

fn setup() -> (TestEmulator, Workspace) {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    (emulator, ws)
}

/// `camunda_organization_member.<name>` for `email` with `roles` (HCL list syntax).
fn member(name: &str, email: &str, roles: &str) -> String {
    format!(
        r#"
resource "camunda_organization_member" "{name}" {{
  email = "{email}"
  roles = {roles}
}}
"#
    )
}

/// The organization's members as the API lists them, by email.
fn members(emulator: &TestEmulator) -> BTreeMap<String, Json> {
    let (status, members) = emulator.api("GET", "/members");
    assert_eq!(status, 200, "{members}");
    members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap().to_owned(), m.clone()))
        .collect()
}

fn only(address: &str, actions: &[&str]) -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([(
        address.to_owned(),
        actions.iter().map(|a| a.to_string()).collect(),
    )])
}

fn patch_member(emulator: &TestEmulator, email: &str, drift: Json) {
    emulator.admin("PATCH", &format!("/members/{email}"), Some(drift));
}

#[test]
fn a_member_is_invited_its_roles_changed_in_place_and_removed_by_destroy() {
    let (emulator, ws) = setup();
    ws.config(&(HEADER.to_owned() + &member("jane", "Jane@Example.com", r#"["analyst"]"#)));
    ws.apply().ok();
    ws.assert_no_changes();
    let listed = &members(&emulator)["jane@example.com"];
    assert_eq!(listed["roles"], json!(["analyst"]));
    assert_eq!(listed["invitePending"], true);
    let values = ws.resource(ADDRESS);
    assert_eq!(values["id"], "Jane@Example.com", "the configured address");
    assert_eq!(values["pending"], true);

    // The invitation is accepted: the refresh shows it, and nothing is to change.
    patch_member(
        &emulator,
        "jane@example.com",
        json!({"invite_pending": false, "name": "Jane Doe"}),
    );
    ws.run(&["apply", "-refresh-only", "-auto-approve", "-no-color"])
        .ok();
    let values = ws.resource(ADDRESS);
    assert_eq!(
        (&values["pending"], &values["name"]),
        (&json!(false), &json!("Jane Doe"))
    );
    ws.assert_no_changes();

    // New roles: one POST, no DELETE, in place.
    ws.config(
        &(HEADER.to_owned() + &member("jane", "Jane@Example.com", r#"["admin", "modeler"]"#)),
    );
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["update"]));
    emulator.reset_counters();
    ws.apply().ok();
    assert_eq!(
        (emulator.calls(POST), emulator.calls(DELETE)),
        (1, 0),
        "{}",
        emulator.counters()
    );
    assert_eq!(
        members(&emulator)["jane@example.com"]["roles"],
        json!(["admin", "modeler"])
    );
    assert_eq!(ws.resource(ADDRESS)["name"], "Jane Doe");
    ws.assert_no_changes();

    // Roles changed in the Console are set back; a removal in the Console invites again.
    patch_member(&emulator, "jane@example.com", json!({"roles": ["visitor"]}));
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["update"]));
    ws.apply().ok();
    assert_eq!(
        members(&emulator)["jane@example.com"]["roles"],
        json!(["admin", "modeler"])
    );
    emulator.admin("DELETE", "/members/jane@example.com", None);
    assert_eq!(ws.planned_actions(&[]), only(ADDRESS, &["create"]));
    ws.apply().ok();
    assert_eq!(
        members(&emulator)["jane@example.com"]["invitePending"],
        true
    );

    // Import by address, in any case, then an empty plan.
    ws.run(&["state", "rm", ADDRESS]).ok();
    let output = ws.import(ADDRESS, "not-an-address").failed().output();
    assert!(output.contains("not an email address"), "{output}");
    let output = ws.import(ADDRESS, "nobody@example.com").failed().output();
    assert!(output.contains("neither a member"), "{output}");
    ws.import(ADDRESS, "Jane@Example.com").ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    assert_eq!(members(&emulator).keys().collect::<Vec<_>>(), [OWNER]);
    assert_eq!(ws.state()["values"], Json::Null);
}

#[test]
fn twenty_members_refresh_with_one_list_call_and_the_data_source_lists_everyone() {
    let (emulator, ws) = setup();
    let hcl = format!(
        r#"{HEADER}
resource "camunda_organization_member" "team" {{
  count = 20
  email = "member-${{count.index}}@example.com"
  roles = ["modeler"]
}}

data "camunda_organization_members" "all" {{
  depends_on = [camunda_organization_member.team]
}}

output "members" {{
  value = data.camunda_organization_members.all.members
}}
"#
    );
    ws.config(&hcl);
    ws.apply().ok();
    assert_eq!(members(&emulator).len(), 21);

    emulator.reset_counters();
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(0), "{}", plan.output());
    assert_eq!(emulator.calls(LIST), 1, "{}", emulator.counters());

    let listed = ws.output("members");
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 21);
    assert_eq!(
        listed[0],
        json!({"email": OWNER, "name": "Organization Owner", "roles": ["owner"], "pending": false})
    );
    assert!(
        listed[1..]
            .iter()
            .all(|m| m["pending"] == true && m["roles"] == json!(["modeler"]))
    );
}

#[test]
fn the_owner_is_never_changed_or_removed() {
    let (emulator, ws) = setup();

    // Neither created nor imported.
    ws.config(&(HEADER.to_owned() + &member("jane", OWNER, r#"["admin"]"#)));
    let output = ws.apply().failed().output();
    assert!(output.contains("is the organization's owner"), "{output}");
    let output = ws.import(ADDRESS, OWNER).failed().output();
    assert!(
        output.contains("The organization's owner cannot be imported"),
        "{output}"
    );
    assert_eq!(emulator.calls(POST), 0);

    // A managed member who becomes the owner: a change of roles is a plan-time error...
    ws.config(&(HEADER.to_owned() + &member("jane", "jane@example.com", r#"["admin"]"#)));
    ws.apply().ok();
    patch_member(
        &emulator,
        "jane@example.com",
        json!({"invite_pending": false}),
    );
    emulator.admin("PUT", "/owner", Some(json!({"email": "jane@example.com"})));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("The organization's owner cannot be changed"),
        "{output}"
    );
    assert!(
        output.contains("Remove this resource from the configuration"),
        "{output}"
    );

    // ...and removing it from the configuration leaves the owner a member, with a warning.
    emulator.reset_counters();
    ws.config(HEADER);
    let output = ws.apply().ok().output();
    assert!(
        output.contains("The organization's owner stays a member"),
        "{output}"
    );
    assert_eq!(emulator.calls(DELETE), 0);
    assert_eq!(
        members(&emulator)["jane@example.com"]["roles"],
        json!(["owner"])
    );
    assert_eq!(ws.state()["values"], Json::Null);

    // The same for a destroy, even when the ownership moved after the last refresh.
    ws.config(&(HEADER.to_owned() + &member("bob", "bob@example.com", r#"["admin"]"#)));
    ws.apply().ok();
    patch_member(
        &emulator,
        "bob@example.com",
        json!({"invite_pending": false}),
    );
    emulator.admin("PUT", "/owner", Some(json!({"email": "bob@example.com"})));
    let output = ws
        .run(&["destroy", "-auto-approve", "-no-color", "-refresh=false"])
        .ok()
        .output();
    assert!(
        output.contains("The organization's owner stays a member"),
        "{output}"
    );
    assert_eq!(
        members(&emulator)["bob@example.com"]["roles"],
        json!(["owner"])
    );
    assert_eq!(ws.state()["values"], Json::Null);
}

#[test]
fn roles_the_api_does_not_assign_and_bad_addresses_fail_at_plan_time() {
    let (emulator, ws) = setup();
    for (email, roles, needles) in [
        (
            "a@example.com",
            r#"["owner"]"#,
            vec!["\"owner\"", "modeler"],
        ),
        ("a@example.com", r#"["Admin"]"#, vec!["\"Admin\"", "admin"]),
        ("a@example.com", "[]", vec!["No roles"]),
        (
            "not-an-address",
            r#"["admin"]"#,
            vec!["Invalid value for email", "not an email address"],
        ),
    ] {
        ws.config(&(HEADER.to_owned() + &member("a", email, roles)));
        let output = ws.run(&["plan", "-no-color"]).failed().output();
        for needle in needles {
            assert!(output.contains(needle), "{roles}: {needle}: {output}");
        }
    }
    ws.config(&(HEADER.to_owned() + &member("a", "a@example.com", r#"["developer"]"#)));
    let output = ws.run(&["plan", "-no-color"]).ok().output();
    assert!(output.contains("Roles no longer recommended"), "{output}");
    assert_eq!(emulator.calls(POST), 0);
}

#[test]
fn an_address_already_in_the_organization_says_to_import_it() {
    let (emulator, ws) = setup();
    let (status, _) = emulator.api_json(
        "POST",
        "/members/kim@example.com",
        Some(json!({"orgRoles": ["analyst"]})),
    );
    assert_eq!(status, 204);
    ws.config(&(HEADER.to_owned() + &member("kim", "kim@example.com", r#"["admin"]"#)));
    let output = ws.apply().failed().output();
    assert!(output.contains("already a member"), "{output}");
    assert!(output.contains("terraform import"), "{output}");
    assert_eq!(
        members(&emulator)["kim@example.com"]["roles"],
        json!(["analyst"])
    );
}
