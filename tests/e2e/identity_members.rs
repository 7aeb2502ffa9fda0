//! Members of roles, groups and tenants, through Terraform against the emulator's
//! Self-Managed cluster, whose reads lag its writes: one member of each kind each holder
//! takes, with a plan without changes right after the apply; assignments made outside
//! Terraform are left alone by apply and destroy; one removed outside is planned again; an
//! assignment that exists already, or whose answer was lost, is adopted; import; and a
//! member type the holder does not take fails the plan, listing those it takes.

use serde_json::json;

use crate::support::cluster::{self, config, self_managed as setup};
use crate::support::emulator::TestEmulator;

const HOLDERS: &str = r#"
resource "camunda_tenant" "emea" {
  tenant_id = "emea"
  name      = "EMEA"
}

resource "camunda_role" "auditor" {
  role_id = "auditor"
  name    = "Auditor"
}

resource "camunda_group" "ops" {
  group_id = "ops"
  name     = "Operations"
}
"#;

/// One member of each type that each holder takes; `sso` is a mapping rule made beforehand.
const MEMBERS: &str = r#"
resource "camunda_role_member" "each" {
  for_each    = { USER = "alice", CLIENT = "deployer", GROUP = camunda_group.ops.group_id, MAPPING_RULE = "sso" }
  role_id     = camunda_role.auditor.role_id
  member_type = each.key
  member_id   = each.value
}

resource "camunda_group_member" "each" {
  for_each    = { USER = "alice", CLIENT = "deployer", MAPPING_RULE = "sso" }
  group_id    = camunda_group.ops.group_id
  member_type = each.key
  member_id   = each.value
}

resource "camunda_tenant_member" "each" {
  for_each    = { USER = "alice", CLIENT = "deployer", GROUP = camunda_group.ops.group_id, ROLE = camunda_role.auditor.role_id, MAPPING_RULE = "sso" }
  tenant_id   = camunda_tenant.emea.tenant_id
  member_type = each.key
  member_id   = each.value
}

# More users of the role: their refresh shares one search.
resource "camunda_role_member" "users" {
  for_each    = toset(["carol", "dave", "erin"])
  role_id     = camunda_role.auditor.role_id
  member_type = "USER"
  member_id   = each.key
}
"#;

/// The emulator's memberships as `owner-kind/owner/member-kind/member`, sorted.
fn memberships(emulator: &TestEmulator) -> Vec<String> {
    let mut all: Vec<String> = emulator
        .cluster_objects("memberships")
        .iter()
        .map(|m| {
            let field = |name: &str| m[name].as_str().unwrap_or_default().to_owned();
            [
                field("ownerKind"),
                field("ownerId"),
                field("memberKind"),
                field("memberId"),
            ]
            .join("/")
        })
        .collect();
    all.sort();
    all
}

#[test]
fn members_of_each_kind_live_beside_assignments_made_outside_and_drift_back() {
    let (emulator, ws) = setup();
    let (status, _) = emulator.cluster_api(
        "POST",
        "/v2/mapping-rules",
        Some(json!({"mappingRuleId": "sso", "claimName": "groups", "claimValue": "eng", "name": "SSO"})),
    );
    assert_eq!(status, 201);
    ws.config(&config(&format!("{HOLDERS}{MEMBERS}")));
    ws.apply().ok();
    ws.assert_no_changes();
    let all = memberships(&emulator);
    assert_eq!(all.len(), 4 + 3 + 5 + 3, "{all:#?}");
    for expected in [
        "role/auditor/group/ops",
        "role/auditor/mapping-rule/sso",
        "group/ops/client/deployer",
        "tenant/emea/role/auditor",
        "tenant/emea/user/alice",
    ] {
        assert!(all.contains(&expected.to_owned()), "{expected}: {all:#?}");
    }
    let member = ws.resource("camunda_tenant_member.each[\"ROLE\"]");
    assert_eq!(member["id"], "emea/ROLE/auditor");

    // A refresh reads each holder's members of one type with one search.
    emulator.reset_counters();
    ws.assert_no_changes();
    let counters = emulator.counters();
    let user_searches = emulator.calls("POST /v2/roles/{roleId}/users/search");
    // Two plans (without and with refresh): only the refreshing one searches.
    assert_eq!(user_searches, 1, "{counters}");

    // An assignment made outside Terraform on the same role is left alone.
    let (status, _) = emulator.cluster_api("PUT", "/v2/roles/auditor/users/bob", None);
    assert_eq!(status, 204);
    cluster::wait_for_lag();
    ws.assert_no_changes();

    // One removed outside Terraform is planned again.
    let (status, _) = emulator.cluster_api("DELETE", "/v2/groups/ops/mapping-rules/sso", None);
    assert_eq!(status, 204);
    cluster::wait_for_lag();
    let actions = ws.planned_actions(&[]);
    assert_eq!(
        actions,
        [(
            "camunda_group_member.each[\"MAPPING_RULE\"]".to_owned(),
            vec!["create".to_owned()]
        )]
        .into(),
    );
    ws.apply().ok();
    ws.assert_no_changes();

    // Destroying the role's memberships leaves the one made outside.
    ws.run(&[
        "destroy",
        "-auto-approve",
        "-no-color",
        "-target=camunda_role_member.each",
        "-target=camunda_role_member.users",
    ])
    .ok();
    let role_members: Vec<String> = memberships(&emulator)
        .into_iter()
        .filter(|m| m.starts_with("role/"))
        .collect();
    assert_eq!(role_members, ["role/auditor/user/bob"]);
    ws.destroy().ok();
    assert!(emulator.cluster_objects("roles").is_empty());
}

#[test]
fn an_existing_assignment_or_one_whose_answer_was_lost_is_adopted_and_imported() {
    let (emulator, ws) = setup();
    let (status, _) = emulator.cluster_api(
        "POST",
        "/v2/roles",
        Some(json!({"roleId": "auditor", "name": "Auditor"})),
    );
    assert_eq!(status, 201);
    let (status, _) = emulator.cluster_api("PUT", "/v2/roles/auditor/users/alice", None);
    assert_eq!(status, 204);
    cluster::wait_for_lag();
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": "PUT /v2/roles/{roleId}/clients/{clientId}", "count": 1, "answer": "close"})),
    );
    ws.config(&config(
        r#"
resource "camunda_role_member" "alice" {
  role_id     = "auditor"
  member_type = "USER"
  member_id   = "alice"
}

resource "camunda_role_member" "deployer" {
  role_id     = "auditor"
  member_type = "CLIENT"
  member_id   = "deployer"
}
"#,
    ));
    // The user's assignment exists (409), and the client's is sent again after its answer
    // was lost: both are adopted.
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(
        emulator.answers_lost("PUT /v2/roles/{roleId}/clients/{clientId}"),
        1
    );
    assert_eq!(
        memberships(&emulator),
        ["role/auditor/client/deployer", "role/auditor/user/alice"]
    );

    ws.run(&["state", "rm", "camunda_role_member.alice"]).ok();
    let missing = ws
        .import("camunda_role_member.alice", "auditor/USER/nobody")
        .failed()
        .output();
    assert!(missing.contains("No membership to import"), "{missing}");
    let bad = ws
        .import("camunda_role_member.alice", "auditor/ROLE/alice")
        .failed()
        .output();
    assert!(bad.contains("USER, CLIENT, GROUP, MAPPING_RULE"), "{bad}");
    let malformed = ws
        .import("camunda_role_member.alice", "auditor/alice")
        .failed()
        .output();
    assert!(
        malformed.contains("<role_id>/<member_type>/<member_id>"),
        "{malformed}"
    );
    ws.import("camunda_role_member.alice", "auditor/USER/alice")
        .ok();
    assert_eq!(
        ws.resource("camunda_role_member.alice")["id"],
        "auditor/USER/alice"
    );
    ws.assert_no_changes();

    // Destroyed: unassigned, and the role, not Terraform's, stays.
    ws.destroy().ok();
    assert!(memberships(&emulator).is_empty());
    assert_eq!(emulator.cluster_objects("roles").len(), 1);
}

#[test]
fn a_member_type_the_holder_does_not_take_fails_the_plan_listing_those_it_takes() {
    let (emulator, ws) = setup();
    ws.config(&config(
        r#"
resource "camunda_group_member" "auditors" {
  group_id    = "ops"
  member_type = "ROLE"
  member_id   = "auditor"
}
"#,
    ));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains(r#""ROLE" is not allowed; use one of "USER", "CLIENT", "MAPPING_RULE""#),
        "{output}"
    );
    assert!(memberships(&emulator).is_empty());
}
