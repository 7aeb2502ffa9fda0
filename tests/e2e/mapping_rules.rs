//! Mapping rules inside a cluster, through Terraform against the emulator's Self-Managed
//! cluster, whose reads lag its writes: a rule that a role takes as a member and the data
//! source lists; its claim changed in place; drift; a lost create converges; import.

use serde_json::json;

use crate::support::cluster;
use crate::support::emulator::TestEmulator;

const ADDRESS: &str = "camunda_mapping_rule.ops";

fn config(claim_value: &str) -> String {
    cluster::config(&format!(
        r#"
resource "camunda_mapping_rule" "ops" {{
  mapping_rule_id = "idp-ops"
  name            = "Operations in the identity provider"
  claim_name      = "groups"
  claim_value     = "{claim_value}"
}}

resource "camunda_role" "operator" {{
  role_id = "operator"
  name    = "Operator"
}}

resource "camunda_role_member" "ops" {{
  role_id     = camunda_role.operator.role_id
  member_type = "MAPPING_RULE"
  member_id   = camunda_mapping_rule.ops.mapping_rule_id
}}

data "camunda_mapping_rules" "all" {{
  depends_on = [camunda_mapping_rule.ops]
}}

output "rules" {{
  value = data.camunda_mapping_rules.all.mapping_rules
}}
"#
    ))
}

fn rules(emulator: &TestEmulator) -> Vec<serde_json::Value> {
    emulator.cluster_objects("mapping-rules")
}

#[test]
fn a_mapping_rule_is_a_member_changes_in_place_drifts_and_imports() {
    let (emulator, ws) = cluster::self_managed();
    // The create's answer is lost: it is sent again, and the 409 finds the rule asked for.
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": "POST /v2/mapping-rules", "count": 1, "answer": "close"})),
    );
    ws.config(&config("ops"));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(emulator.answers_lost("POST /v2/mapping-rules"), 1);
    let found = rules(&emulator);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["claimValue"], "ops");
    let listed = ws.output("rules");
    assert_eq!(listed[0]["mapping_rule_id"], "idp-ops", "{listed}");
    assert_eq!(listed[0]["claim_name"], "groups", "{listed}");
    let (status, members) = emulator.cluster_api(
        "POST",
        "/v2/roles/operator/mapping-rules/search",
        Some(json!({})),
    );
    assert_eq!(status, 200);
    assert_eq!(members["items"][0]["mappingRuleId"], "idp-ops", "{members}");

    // The claim's value changes in place.
    ws.config(&config("operations"));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[ADDRESS], ["update"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(rules(&emulator)[0]["claimValue"], "operations");

    // Changed, then deleted, outside Terraform: the next plans put it back.
    emulator.admin(
        "PUT",
        "/orchestration/self-managed/mapping-rules/idp-ops",
        Some(json!({"name": "Operations in the identity provider", "claimName": "groups", "claimValue": "everyone"})),
    );
    cluster::wait_for_lag();
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["update"]);
    emulator.admin(
        "DELETE",
        "/orchestration/self-managed/mapping-rules/idp-ops",
        None,
    );
    cluster::wait_for_lag();
    assert_eq!(ws.planned_actions(&[])[ADDRESS], ["create"]);
    ws.apply().ok();
    ws.assert_no_changes();

    // Imported by its ID; an ID that names no rule says so.
    ws.run(&["state", "rm", ADDRESS]).ok();
    let missing = ws.import(ADDRESS, "nope").failed().output();
    assert!(missing.contains("No mapping rule to import"), "{missing}");
    ws.import(ADDRESS, "idp-ops").ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    assert!(rules(&emulator).is_empty());
}
