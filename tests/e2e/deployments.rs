//! Deployments of BPMN, DMN and forms, and the process definition data source, through
//! Terraform against the emulator's Self-Managed cluster, whose reads lag its writes: only
//! changed files get new versions, a lost answer makes no second version, drift plans the
//! deployment anew (a process definition that the reads keep as deleted counts as gone),
//! a destroy leaves or deletes the definitions without waiting for the reads, the data
//! source skips deleted versions, and bad files fail with their names.

use std::fs;

use serde_json::{Value as Json, json};

use crate::support::emulator::TestEmulator;
use crate::support::{Workspace, cluster};

const DEPLOYMENT: &str = "camunda_deployment.orders";

/// A BPMN file of one process, `order-process`, whose name is `name`.
fn bpmn(name: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="orders" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="order-process" name="{name}" isExecutable="true">
    <bpmn:startEvent id="received" />
  </bpmn:process>
</bpmn:definitions>
"#
    )
}

const DMN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="risk-drg" name="Risk" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="risk" name="Risk class">
    <decisionTable id="table"><output id="class" typeRef="string" /></decisionTable>
  </decision>
</definitions>
"#;

const FORM: &str = r#"{"id": "start-form", "type": "default", "components": []}"#;

/// Writes the three model files into the workspace, the BPMN process named `name`.
fn models(ws: &Workspace, name: &str) {
    fs::write(ws.path().join("order.bpmn"), bpmn(name)).unwrap();
    fs::write(ws.path().join("risk.dmn"), DMN).unwrap();
    fs::write(ws.path().join("start.form"), FORM).unwrap();
}

/// A deployment of the workspace's model files, and `extra`.
fn config(delete_on_destroy: bool, extra: &str) -> String {
    cluster::config(&format!(
        r#"
resource "camunda_deployment" "orders" {{
  resources = {{
    "order.bpmn" = file("order.bpmn")
    "risk.dmn"   = file("risk.dmn")
    "start.form" = file("start.form")
  }}
  delete_on_destroy = {delete_on_destroy}
}}
{extra}
"#
    ))
}

/// The definitions of a kind that the emulator holds, as `(id, version, key)`, sorted: a
/// deleted process definition, which the reads keep as `DELETED`, left out.
fn held(emulator: &TestEmulator, kind: &str, id: &str, key: &str) -> Vec<(String, i64, String)> {
    let mut held: Vec<_> = emulator
        .cluster_objects(kind)
        .iter()
        .filter(|d| d.get("state").is_none_or(|state| state == "ACTIVE"))
        .map(|d| {
            let text = |field: &str| match &d[field] {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            (text(id), d["version"].as_i64().unwrap(), text(key))
        })
        .collect();
    held.sort();
    held
}

fn processes(emulator: &TestEmulator) -> Vec<(String, i64, String)> {
    held(
        emulator,
        "process-definitions",
        "processDefinitionId",
        "processDefinitionKey",
    )
}

/// The versions of the process definitions that the emulator's reads keep as deleted.
fn deleted_versions(emulator: &TestEmulator) -> Vec<i64> {
    let mut versions: Vec<i64> = emulator
        .cluster_objects("process-definitions")
        .iter()
        .filter(|d| d["state"] == "DELETED")
        .map(|d| d["version"].as_i64().unwrap())
        .collect();
    versions.sort();
    versions
}

fn forms(emulator: &TestEmulator) -> Vec<(String, i64, String)> {
    held(emulator, "forms", "formId", "formKey")
}

/// A list of a deployment's state, with the fields of its items' ID and key.
type Listed = (&'static str, &'static str, &'static str);
const PROCESSES: Listed = (
    "processes",
    "process_definition_id",
    "process_definition_key",
);
const DECISIONS: Listed = (
    "decisions",
    "decision_definition_id",
    "decision_definition_key",
);
const FORMS: Listed = ("forms", "form_id", "form_key");

/// The first definition of a list of the deployment's state, as `(id, version, key)`.
fn in_state(state: &Json, (list, id, key): Listed) -> (String, i64, String) {
    let item = &state[list][0];
    (
        item[id].as_str().unwrap().to_owned(),
        item["version"].as_i64().unwrap(),
        item[key].as_str().unwrap().to_owned(),
    )
}

/// Asserts that the plan replaces the deployment, as the cluster no longer holds `gone`.
fn assert_replaced_without(ws: &Workspace, gone: &str) {
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[DEPLOYMENT], ["delete", "create"], "{actions:?}");
    let planned = ws.run(&["plan", "-no-color"]).ok().output();
    assert!(
        planned.contains(&format!("no longer holds {gone}")),
        "{planned}"
    );
}

#[test]
fn only_changed_files_get_new_versions_a_lost_answer_makes_none_and_drift_deploys_again() {
    let (emulator, ws) = cluster::self_managed();
    models(&ws, "Order");
    ws.config(&config(false, ""));
    let route = "POST /v2/deployments";
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": route, "count": 1, "answer": "close"})),
    );
    let applied = ws.apply().ok();
    assert_eq!(emulator.answers_lost(route), 1);
    assert_eq!(emulator.calls(route), 2, "sent again once");
    ws.assert_no_changes();
    let output = applied.output();
    assert!(
        output.contains(r#"process "order-process" version 1 (order.bpmn)"#),
        "{output}"
    );
    let first = ws.resource(DEPLOYMENT);
    let process = in_state(&first, PROCESSES);
    assert_eq!(
        processes(&emulator),
        std::slice::from_ref(&process),
        "one version, in the state"
    );
    let decision = in_state(&first, DECISIONS);
    assert_eq!(decision.1, 1);
    let form = in_state(&first, FORMS);
    assert_eq!(forms(&emulator), std::slice::from_ref(&form));
    assert_eq!(first["id"], first["deployment_key"]);

    // A changed process: the plan replaces the deployment; only the process gets a version.
    models(&ws, "Order, revised");
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[DEPLOYMENT], ["delete", "create"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    let second = ws.resource(DEPLOYMENT);
    let revised = in_state(&second, PROCESSES);
    assert_eq!(revised.1, 2);
    assert_eq!(processes(&emulator), [process, revised.clone()]);
    assert_eq!(in_state(&second, DECISIONS), decision);
    assert_eq!(in_state(&second, FORMS), form);
    assert_ne!(second["deployment_key"], first["deployment_key"]);

    // A form deleted outside Terraform: the refresh plans the deployment anew (a
    // replacement, as the rest is there), and the apply gives only the form a new version.
    emulator.admin(
        "DELETE",
        &format!("/orchestration/self-managed/forms/{}", form.2),
        None,
    );
    cluster::wait_for_lag();
    assert_replaced_without(&ws, r#"form "start-form" version 1 (start.form)"#);
    ws.apply().ok();
    ws.assert_no_changes();
    let third = ws.resource(DEPLOYMENT);
    assert_eq!(in_state(&third, PROCESSES), revised);
    let new_form = in_state(&third, FORMS);
    assert_eq!(new_form.1, 2);
    assert_eq!(forms(&emulator), std::slice::from_ref(&new_form));

    // Every definition deleted outside Terraform: the plan creates the deployment again.
    for (kind, key) in [
        ("process-definitions", &revised.2),
        ("decision-definitions", &decision.2),
        ("forms", &new_form.2),
    ] {
        let path = format!("/orchestration/self-managed/{kind}/{key}");
        emulator.admin("DELETE", &path, None);
    }
    cluster::wait_for_lag();
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[DEPLOYMENT], ["create"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();

    // Without delete_on_destroy, a destroy forgets and says so.
    let destroyed = ws.destroy().ok();
    let output = destroyed.output();
    assert!(output.contains("stay in the cluster"), "{output}");
    assert!(output.contains("delete_on_destroy"), "{output}");
    assert_eq!(processes(&emulator).len(), 2, "versions 1 and 3 are kept");
    assert_eq!(deleted_versions(&emulator), [2]);
}

/// A cluster with version 1 of the process deployed (and kept by a destroy), and the
/// workspace's BPMN file revised, not applied yet.
fn deployed_then_revised() -> (TestEmulator, Workspace) {
    let (emulator, ws) = cluster::self_managed();
    models(&ws, "Order");
    ws.config(&config(false, ""));
    ws.apply().ok();
    models(&ws, "Order, revised");
    (emulator, ws)
}

#[test]
fn the_process_definition_data_source_reads_the_latest_or_the_version_asked() {
    let (emulator, ws) = deployed_then_revised();
    let lookups = r#"
data "camunda_process_definition" "latest" {
  process_definition_id = "order-process"
  depends_on            = [camunda_deployment.orders]
}

data "camunda_process_definition" "first" {
  process_definition_id = "order-process"
  version               = 1
  depends_on            = [camunda_deployment.orders]
}

output "latest" {
  value = data.camunda_process_definition.latest
}

output "first" {
  value = data.camunda_process_definition.first
}
"#;
    ws.config(&config(false, lookups));
    ws.apply().ok();
    ws.assert_no_changes();
    let keys: Vec<String> = processes(&emulator).into_iter().map(|p| p.2).collect();
    let latest = ws.output("latest");
    assert_eq!(latest["version"], 2, "{latest}");
    assert_eq!(latest["process_definition_key"], keys[1].as_str());
    assert_eq!(latest["name"], "Order, revised");
    assert_eq!(latest["resource_name"], "order.bpmn");
    assert_eq!(latest["tenant_id"], "<default>");
    let first = ws.output("first");
    assert_eq!(first["version"], 1, "{first}");
    assert_eq!(first["name"], "Order");
    assert_eq!(first["process_definition_key"], keys[0].as_str());

    ws.config(&cluster::config(
        r#"
data "camunda_process_definition" "missing" {
  process_definition_id = "no-such-process"
}
"#,
    ));
    let failed = ws.run(&["plan", "-no-color"]).failed();
    let output = failed.output();
    assert!(
        output.contains(r#"no process "no-such-process""#),
        "{output}"
    );
    assert!(output.contains("process_definition_id"), "{output}");
}

#[test]
fn a_process_deleted_outside_terraform_is_noticed_and_the_data_source_skips_it() {
    let (emulator, ws) = deployed_then_revised();
    ws.apply().ok();
    let revised = in_state(&ws.resource(DEPLOYMENT), PROCESSES);
    assert_eq!(revised.1, 2);

    // Deleted through the cluster's API as a script would, its history kept: the reads
    // list it as deleted, and the refresh takes it as gone.
    let (status, answer) = emulator.cluster_api(
        "POST",
        &format!("/v2/resources/{}/deletion", revised.2),
        None,
    );
    assert_eq!(status, 200, "{answer}");
    cluster::wait_for_lag();
    let (status, read) = emulator.cluster_api(
        "GET",
        &format!("/v2/process-definitions/{}", revised.2),
        None,
    );
    assert_eq!((status, &read["state"]), (200, &json!("DELETED")), "{read}");
    assert_replaced_without(&ws, r#"process "order-process" version 2 (order.bpmn)"#);

    // The latest version is deleted: the data source reads the latest active one.
    let latest = r#"
data "camunda_process_definition" "latest" {
  process_definition_id = "order-process"
}

output "latest" {
  value = data.camunda_process_definition.latest
}
"#;
    ws.config(&cluster::config(latest));
    ws.apply().ok();
    let latest = ws.output("latest");
    assert_eq!(latest["version"], 1, "{latest}");
    assert_eq!(latest["name"], "Order");

    // Asked for, the deleted version is not found, and said to be deleted.
    ws.config(&cluster::config(
        r#"
data "camunda_process_definition" "deleted" {
  process_definition_id = "order-process"
  version               = 2
}
"#,
    ));
    let failed = ws.run(&["plan", "-no-color"]).failed();
    let output = failed.output();
    assert!(output.contains("No such process definition"), "{output}");
    assert!(output.contains("version 2 was deleted"), "{output}");
}

#[test]
fn delete_on_destroy_deletes_the_definitions_and_names_one_with_running_instances() {
    let (emulator, ws) = cluster::self_managed();
    models(&ws, "Order");
    ws.config(&config(true, ""));
    ws.apply().ok();
    let state = ws.resource(DEPLOYMENT);
    let process_key = state["processes"][0]["process_definition_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, instance) = emulator.cluster_api(
        "POST",
        "/v2/process-instances",
        Some(json!({"processDefinitionKey": process_key})),
    );
    assert_eq!(status, 200, "{instance}");

    let failed = ws.destroy().failed();
    let output = failed.output();
    assert!(
        output.contains(r#"process "order-process" version 1 (order.bpmn)"#),
        "{output}"
    );
    assert!(output.contains("running"), "{output}");
    assert_eq!(processes(&emulator).len(), 1, "the process is kept");
    assert!(
        emulator.cluster_objects("decision-definitions").is_empty(),
        "the decisions went"
    );
    assert!(forms(&emulator).is_empty(), "the form went");
    ws.resource(DEPLOYMENT);

    let instance_key = match &instance["processInstanceKey"] {
        Json::String(key) => key.clone(),
        other => other.to_string(),
    };
    let (status, answer) = emulator.cluster_api(
        "POST",
        &format!("/v2/process-instances/{instance_key}/cancellation"),
        None,
    );
    assert!(status < 300, "{status} {answer}");
    // The refresh of the repeated destroy sees the decisions and the form gone: the
    // deployment stays, so that its process is deleted. The deletion's answer is enough:
    // the reads, which keep the process as deleted, are not waited for.
    cluster::wait_for_lag();
    let destroyed = ws.destroy().ok();
    let output = destroyed.output();
    assert!(!output.contains("did not show"), "{output}");
    assert!(processes(&emulator).is_empty(), "none active is left");
    assert_eq!(deleted_versions(&emulator), [1]);
    assert_eq!(
        ws.state()["values"],
        Json::Null,
        "nothing left in the state"
    );
}

#[test]
fn a_file_of_another_type_fails_the_plan_and_a_refused_model_fails_on_its_file() {
    let (emulator, ws) = cluster::self_managed();
    ws.config(&cluster::config(
        r#"
resource "camunda_deployment" "notes" {
  resources = {
    "notes.txt" = "not a model"
  }
}
"#,
    ));
    let failed = ws.run(&["plan", "-no-color"]).failed();
    let output = failed.output();
    assert!(
        output.contains(r#""notes.txt" cannot be deployed"#),
        "{output}"
    );
    assert!(output.contains(".bpmn, .dmn, .form"), "{output}");

    ws.config(&tenant_config(
        r#"
    "broken.bpmn" = "<bpmn:definitions><bpmn:process id="
    "fine.form"   = jsonencode({ id = "fine-form", components = [] })"#,
    ));
    let failed = ws.apply().failed();
    let output = failed.output();
    assert!(
        output.contains("The cluster refused broken.bpmn"),
        "{output}"
    );
    assert!(
        output.contains("'broken.bpmn'"),
        "the cluster's own words: {output}"
    );
    assert!(
        forms(&emulator).is_empty(),
        "nothing of the deployment is kept"
    );

    // Fixed, it deploys to the tenant.
    fs::write(ws.path().join("order.bpmn"), bpmn("Order")).unwrap();
    ws.config(&tenant_config(r#"    "order.bpmn" = file("order.bpmn")"#));
    ws.apply().ok();
    ws.assert_no_changes();
    let held = emulator.cluster_objects("process-definitions");
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0]["tenantId"], "emea");
}

/// A deployment of the files `resources` (HCL map entries) to tenant `emea`.
fn tenant_config(resources: &str) -> String {
    cluster::config(&format!(
        r#"
resource "camunda_tenant" "emea" {{
  tenant_id = "emea"
  name      = "EMEA"
}}

resource "camunda_deployment" "emea" {{
  tenant_id = camunda_tenant.emea.tenant_id
  resources = {{
{resources}
  }}
}}
"#
    ))
}
