//! Cluster variables (Camunda 8.9+), global and of a tenant, through Terraform against the
//! emulator's Self-Managed cluster, whose reads lag its writes: values compared as JSON, so
//! formatting is no change; a value changed in place; drift; a lost create converges;
//! import by `global/<name>` and `tenant/<tenant_id>/<name>`.

use serde_json::{Value as Json, json};

use crate::support::cluster;
use crate::support::emulator::TestEmulator;

const GLOBAL: &str = "camunda_cluster_variable.limits";
const OF_TENANT: &str = "camunda_cluster_variable.emea_region";

/// A global variable whose value is `limits`, and one of tenant `emea`.
fn config(limits: &str) -> String {
    cluster::config(&format!(
        r#"
resource "camunda_tenant" "emea" {{
  tenant_id = "emea"
  name      = "EMEA"
}}

resource "camunda_cluster_variable" "limits" {{
  name  = "order-limits"
  value = {limits}
}}

resource "camunda_cluster_variable" "emea_region" {{
  name      = "region"
  tenant_id = camunda_tenant.emea.tenant_id
  value     = jsonencode("eu-west-1")
}}
"#
    ))
}

/// The variables at the emulator, by admin key, with their values as JSON.
fn variables(emulator: &TestEmulator) -> Vec<(String, Json)> {
    let mut found: Vec<(String, Json)> = emulator
        .cluster_objects("cluster-variables")
        .iter()
        .map(|v| {
            let scope = match v["tenantId"].as_str() {
                Some(tenant) => format!("tenant/{tenant}/"),
                None => "global/".to_owned(),
            };
            let value = serde_json::from_str(v["value"].as_str().unwrap()).unwrap();
            (format!("{scope}{}", v["name"].as_str().unwrap()), value)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[test]
fn values_compare_as_json_change_in_place_drift_and_import() {
    let (emulator, ws) = cluster::self_managed();
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": "POST /v2/cluster-variables/global", "count": 1, "answer": "close"})),
    );
    ws.config(&config(
        r#"jsonencode({ max_items = 10, currencies = ["EUR", "USD"] })"#,
    ));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(
        emulator.answers_lost("POST /v2/cluster-variables/global"),
        1
    );
    let limits = json!({"max_items": 10, "currencies": ["EUR", "USD"]});
    assert_eq!(
        variables(&emulator),
        [
            ("global/order-limits".to_owned(), limits.clone()),
            ("tenant/emea/region".to_owned(), json!("eu-west-1")),
        ]
    );
    assert_eq!(ws.resource(OF_TENANT)["id"], "tenant/emea/region");

    // The same JSON written by hand, with other spacing and key order: no change.
    ws.config(&config(
        r#""{ \"currencies\" : [\"EUR\",\"USD\"], \"max_items\" : 10 }""#,
    ));
    ws.assert_no_changes();
    // Another value: in place.
    ws.config(&config(
        r#"jsonencode({ max_items = 20, currencies = ["EUR"] })"#,
    ));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[GLOBAL], ["update"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(
        variables(&emulator)[0].1,
        json!({"max_items": 20, "currencies": ["EUR"]})
    );

    // Changed, then deleted, outside Terraform: the next plans put it back.
    emulator.admin(
        "PUT",
        "/orchestration/self-managed/cluster-variables/tenant/emea/region",
        Some(json!({"value": "us-east-1"})),
    );
    cluster::wait_for_lag();
    assert_eq!(ws.planned_actions(&[])[OF_TENANT], ["update"]);
    emulator.admin(
        "DELETE",
        "/orchestration/self-managed/cluster-variables/global/order-limits",
        None,
    );
    cluster::wait_for_lag();
    assert_eq!(ws.planned_actions(&[])[GLOBAL], ["create"]);
    ws.apply().ok();
    ws.assert_no_changes();

    // Imported by scope and name.
    ws.run(&["state", "rm", GLOBAL, OF_TENANT]).ok();
    let bad = ws.import(GLOBAL, "order-limits").failed().output();
    assert!(bad.contains("`global/<name>` or"), "{bad}");
    ws.import(GLOBAL, "global/order-limits").ok();
    ws.import(OF_TENANT, "tenant/emea/region").ok();
    ws.assert_no_changes();

    ws.destroy().ok();
    assert!(variables(&emulator).is_empty());
}
