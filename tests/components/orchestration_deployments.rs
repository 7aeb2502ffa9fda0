//! Deployments: the client against the emulator. BPMN, DMN and forms deployed; versions
//! kept by identical content and raised by changed content; refused files named in the
//! 400; a lost answer retried without a new version; reads that lag; deletions of
//! processes (kept in the reads as deleted, unless their history goes too), decision
//! requirements (with their decisions) and forms; a running instance that holds its
//! definition; read-only credentials; tenants.

use std::time::Duration;

use camunda_provider::emulator::{AuthMode, Emulator};
use camunda_provider::orchestration::{
    Client, DecisionDefinition, DecisionDefinitionFilter, DefinitionState, Deployment,
    ProcessDefinition, ProcessDefinitionFilter, Resource, Tenant,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::orchestration_pair::{admin_with, basic, standalone};

const ORDER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs">
  <bpmn:process id="order" name="Order" isExecutable="true">
    <bpmn:startEvent id="start"/>
  </bpmn:process>
</bpmn:definitions>"#;

const RULES: &str = r#"<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="rules" name="Rules">
  <decision id="discount" name="Discount"/>
  <decision id="shipping" name="Shipping"/>
</definitions>"#;

const REVIEW: &str = r#"{"id": "review", "type": "default", "components": []}"#;

fn files<'a>(bpmn: &'a str, dmn: &'a str, form: &'a str) -> [Resource<'a>; 3] {
    [
        Resource {
            name: "order.bpmn",
            content: bpmn.as_bytes(),
        },
        Resource {
            name: "rules.dmn",
            content: dmn.as_bytes(),
        },
        Resource {
            name: "review.form",
            content: form.as_bytes(),
        },
    ]
}

/// Per kind, the keys and versions a deployment answered.
fn versions(deployment: &Deployment) -> Vec<(String, String, i64)> {
    let mut all = Vec::new();
    for p in &deployment.processes {
        all.push((
            p.process_definition_id.clone(),
            p.process_definition_key.clone(),
            p.version,
        ));
    }
    for d in &deployment.decision_requirements {
        all.push((
            d.decision_requirements_id.clone(),
            d.decision_requirements_key.clone(),
            d.version,
        ));
    }
    for d in &deployment.decisions {
        all.push((
            d.decision_definition_id.clone(),
            d.decision_definition_key.clone(),
            d.version,
        ));
    }
    for f in &deployment.forms {
        all.push((f.form_id.clone(), f.form_key.clone(), f.version));
    }
    all
}

async fn counts(emulator: &Emulator) -> Value {
    reqwest::get(format!(
        "{}/orchestration/self-managed",
        emulator.admin_url()
    ))
    .await
    .expect("admin call")
    .json()
    .await
    .expect("counts")
}

/// A read of the standalone cluster's API as its seeded user.
async fn get(emulator: &Emulator, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}/v2{path}", emulator.base_url()))
        .basic_auth("demo", Some("demo"))
        .send()
        .await
        .expect("API call")
        .json()
        .await
        .expect("JSON")
}

/// A call to the standalone cluster's API as its seeded user.
async fn call(emulator: &Emulator, path: &str, body: Value) -> (StatusCode, Value) {
    let answer = reqwest::Client::new()
        .post(format!("{}/v2{path}", emulator.base_url()))
        .basic_auth("demo", Some("demo"))
        .json(&body)
        .send()
        .await
        .expect("API call");
    let status = answer.status();
    let text = answer.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn identical_files_keep_their_versions_and_a_changed_file_gets_a_new_one() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    let first = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .expect("deployed");
    assert_eq!(first.tenant_id, "<default>");
    assert_eq!(first.processes.len(), 1);
    assert_eq!(first.processes[0].resource_name, "order.bpmn");
    assert_eq!(
        first.decision_requirements[0].decision_requirements_name,
        "Rules"
    );
    let decisions: Vec<&str> = first
        .decisions
        .iter()
        .map(|d| d.decision_definition_id.as_str())
        .collect();
    assert_eq!(decisions, ["discount", "shipping"]);
    assert!(
        first.decisions.iter().all(|d| d.decision_requirements_key
            == first.decision_requirements[0].decision_requirements_key)
    );
    assert!(
        versions(&first).iter().all(|(_, _, v)| *v == 1),
        "{first:?}"
    );

    let again = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .expect("deployed");
    assert_ne!(again.deployment_key, first.deployment_key);
    assert_eq!(versions(&again), versions(&first));

    let changed = ORDER.replace("name=\"Order\"", "name=\"Order v2\"");
    let third = api
        .deploy(&files(&changed, RULES, REVIEW), None)
        .await
        .expect("deployed");
    assert_eq!(third.processes[0].version, 2);
    assert_ne!(
        third.processes[0].process_definition_key,
        first.processes[0].process_definition_key
    );
    assert_eq!(versions(&third)[1..], versions(&first)[1..]);

    let found = api.search_every::<ProcessDefinition>(None).await.unwrap();
    assert_eq!(found.len(), 2);
    let latest = ProcessDefinitionFilter {
        process_definition_id: Some("order".into()),
        version: Some(2),
        ..ProcessDefinitionFilter::default()
    };
    let found = api
        .search_every::<ProcessDefinition>(Some(&latest))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name.as_deref(), Some("Order v2"));
    assert_eq!(
        found[0].process_definition_key,
        third.processes[0].process_definition_key
    );
    let form = api.get_form(&first.forms[0].form_key).await.unwrap();
    assert_eq!((form.form_id.as_str(), form.version), ("review", 1));
    emulator.shutdown().await;
}

#[tokio::test]
async fn refused_files_are_named_and_nothing_of_their_deployment_is_stored() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    let broken =
        "<bpmn:definitions xmlns:bpmn=\"x\"><bpmn:process id=\"order\"></bpmn:definitions>";
    let error = api
        .deploy(&files(broken, RULES, REVIEW), None)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400), "{error}");
    let problem = error.problem().expect("problem details");
    assert_eq!(problem.title.as_deref(), Some("INVALID_ARGUMENT"));
    let detail = problem.detail.as_deref().unwrap_or_default();
    assert!(
        detail.starts_with("Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n'order.bpmn': "),
        "{detail}"
    );
    assert!(detail.contains("not well-formed"), "{detail}");
    let other = [Resource {
        name: "notes.txt",
        content: b"text",
    }];
    let error = api.deploy(&other, None).await.unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert!(error.to_string().contains("'notes.txt'"), "{error}");
    let twice = [
        Resource {
            name: "a.bpmn",
            content: ORDER.as_bytes(),
        },
        Resource {
            name: "b.bpmn",
            content: ORDER.as_bytes(),
        },
    ];
    let error = api.deploy(&twice, None).await.unwrap_err();
    assert!(
        error.to_string().contains("Duplicated process id 'order'"),
        "{error}"
    );
    let counts = counts(&emulator).await;
    for kind in [
        "process-definitions",
        "decision-definitions",
        "decision-requirements",
        "forms",
    ] {
        assert_eq!(counts[kind], 0, "{kind}: {counts}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_lost_answer_is_retried_without_a_new_version_and_reads_lag_a_deploy() {
    let lag = Duration::from_millis(300);
    let emulator = standalone(AuthMode::Basic, lag).await;
    let api = basic(&emulator);
    let status = admin_with(
        &emulator,
        Method::POST,
        "/faults/lose-next",
        Some(json!({"route": "POST /v2/deployments", "count": 1, "answer": 504})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let deployed = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .expect("retried");
    assert!(
        versions(&deployed).iter().all(|(_, _, v)| *v == 1),
        "{deployed:?}"
    );
    assert_eq!(counts(&emulator).await["process-definitions"], 1);

    let made = api
        .deploy(
            &[Resource {
                name: "refund.bpmn",
                content: ORDER.replace("\"order\"", "\"refund\"").as_bytes(),
            }],
            None,
        )
        .await
        .unwrap();
    let refund = ProcessDefinitionFilter {
        process_definition_id: Some("refund".into()),
        ..ProcessDefinitionFilter::default()
    };
    assert!(
        api.search_every::<ProcessDefinition>(Some(&refund))
            .await
            .unwrap()
            .is_empty()
    );
    tokio::time::sleep(lag).await;
    let found = api
        .search_every::<ProcessDefinition>(Some(&refund))
        .await
        .unwrap();
    assert_eq!(
        found[0].process_definition_key,
        made.processes[0].process_definition_key
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn deletions_of_processes_decision_requirements_and_forms_and_a_running_instance() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    let deployed = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .unwrap();
    let process_key = &deployed.processes[0].process_definition_key;

    let (status, instance) = call(
        &emulator,
        "/process-instances",
        json!({"processDefinitionId": "order"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{instance}");
    assert_eq!(instance["processDefinitionKey"], json!(process_key));
    let error = api.delete_resource(process_key).await.unwrap_err();
    assert_eq!(error.status(), Some(409), "{error}");
    let problem = error.problem().unwrap();
    assert_eq!(problem.title.as_deref(), Some("INVALID_STATE"));
    assert!(
        problem.detail.as_deref().unwrap_or_default().contains(
            "Expected to delete resource but there are running instances of process 'order' version 1"
        ),
        "{error}"
    );
    let instance_key = instance["processInstanceKey"].as_str().unwrap();
    let (status, _) = call(
        &emulator,
        &format!("/process-instances/{instance_key}/cancellation"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    api.delete_resource(process_key).await.expect("deleted");
    // Its history stays in the reads, as deleted; the runtime no longer has it.
    let found = api.search_every::<ProcessDefinition>(None).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].state, Some(DefinitionState::Deleted));
    assert!(!found[0].is_active());
    let read = get(&emulator, &format!("/process-definitions/{process_key}")).await;
    assert_eq!(read["state"], "DELETED", "{read}");
    assert!(
        api.delete_resource(process_key)
            .await
            .unwrap_err()
            .is_not_found()
    );
    let (status, _) = call(
        &emulator,
        "/process-instances",
        json!({"processDefinitionId": "order"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "no instance of a deleted process"
    );

    let drd_key = &deployed.decision_requirements[0].decision_requirements_key;
    let of_drd = DecisionDefinitionFilter {
        decision_requirements_key: Some(drd_key.clone()),
        ..DecisionDefinitionFilter::default()
    };
    assert_eq!(
        api.search_every::<DecisionDefinition>(Some(&of_drd))
            .await
            .unwrap()
            .len(),
        2
    );
    // A decision is deleted with its requirements, not by its own key.
    let decision_key = &deployed.decisions[0].decision_definition_key;
    assert!(
        api.delete_resource(decision_key)
            .await
            .unwrap_err()
            .is_not_found()
    );
    api.delete_resource(drd_key).await.expect("deleted");
    assert!(
        api.search_every::<DecisionDefinition>(None)
            .await
            .unwrap()
            .is_empty()
    );

    let form_key = &deployed.forms[0].form_key;
    api.delete_resource(form_key).await.expect("deleted");
    assert!(api.get_form(form_key).await.unwrap_err().is_not_found());
    let error = api.delete_resource("2251799813685999").await.unwrap_err();
    assert!(error.is_not_found(), "{error}");

    // Versions are never given twice: a deleted one's number is not reused.
    let again = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .unwrap();
    assert!(
        versions(&again).iter().all(|(_, _, v)| *v == 2),
        "{again:?}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_process_deleted_with_its_history_leaves_the_reads_after_the_lag() {
    let lag = Duration::from_millis(300);
    let emulator = standalone(AuthMode::Basic, lag).await;
    let api = basic(&emulator);
    let kept = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .unwrap();
    let refund = ORDER.replace("\"order\"", "\"refund\"");
    let purged = api
        .deploy(
            &[Resource {
                name: "refund.bpmn",
                content: refund.as_bytes(),
            }],
            None,
        )
        .await
        .unwrap();
    tokio::time::sleep(lag).await;
    let kept_key = &kept.processes[0].process_definition_key;
    let purged_key = &purged.processes[0].process_definition_key;
    api.delete_resource(kept_key).await.unwrap();
    let (status, answer) = call(
        &emulator,
        &format!("/resources/{purged_key}/deletion"),
        json!({"deleteHistory": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["resourceKey"], json!(purged_key));
    let (status, _) = call(
        &emulator,
        &format!("/resources/{kept_key}/deletion"),
        json!({"deleteHistory": false, "unknown": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no other fields");

    let states = |found: Vec<ProcessDefinition>| -> Vec<(String, Option<DefinitionState>)> {
        let mut states: Vec<_> = found
            .into_iter()
            .map(|p| (p.process_definition_id, p.state))
            .collect();
        states.sort_by(|a, b| a.0.cmp(&b.0));
        states
    };
    let active = Some(DefinitionState::Active);
    let found = api.search_every::<ProcessDefinition>(None).await.unwrap();
    assert_eq!(
        states(found),
        [("order".into(), active), ("refund".into(), active)],
        "reads lag the deletions"
    );
    tokio::time::sleep(lag).await;
    let found = api.search_every::<ProcessDefinition>(None).await.unwrap();
    assert_eq!(
        states(found),
        [("order".into(), Some(DefinitionState::Deleted))]
    );
    let read = get(&emulator, &format!("/process-definitions/{purged_key}")).await;
    assert_eq!(read["status"], 404, "{read}");

    // The filter by state, as the description has it: ACTIVE leaves the deleted out.
    for (state, expected) in [("ACTIVE", 0), ("DELETED", 1), ("DRAINING", 0)] {
        let (status, found) = call(
            &emulator,
            "/process-definitions/search",
            json!({"filter": {"state": state}}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(
            found["items"].as_array().unwrap().len(),
            expected,
            "{state}"
        );
    }
    let (status, _) = call(
        &emulator,
        "/process-definitions/search",
        json!({"filter": {"state": "GONE"}}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    emulator.shutdown().await;
}

#[tokio::test]
async fn read_only_credentials_get_a_403_naming_resource_create() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    let status = admin_with(
        &emulator,
        Method::PUT,
        "/orchestration/self-managed/read-only/demo",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let error = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .unwrap_err();
    assert!(error.is_forbidden(), "{error}");
    assert!(
        error
            .to_string()
            .contains("needs the permission RESOURCE:CREATE"),
        "{error}"
    );
    assert!(
        api.search_every::<ProcessDefinition>(None)
            .await
            .unwrap()
            .is_empty()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_deployment_to_a_tenant_needs_the_tenant_and_versions_count_per_tenant() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api: Client = basic(&emulator);
    let error = api
        .deploy(&files(ORDER, RULES, REVIEW), Some("emea"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400), "{error}");
    assert!(error.to_string().contains("'emea'"), "{error}");
    let tenant = Tenant {
        tenant_id: "emea".into(),
        name: "EMEA".into(),
        description: None,
    };
    api.create_tenant(&tenant).await.unwrap();
    api.deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .unwrap();
    let deployed = api
        .deploy(&files(ORDER, RULES, REVIEW), Some("emea"))
        .await
        .unwrap();
    assert_eq!(deployed.tenant_id, "emea");
    assert!(
        deployed
            .processes
            .iter()
            .all(|p| p.tenant_id == "emea" && p.version == 1)
    );
    let of_emea = ProcessDefinitionFilter {
        tenant_id: Some("emea".into()),
        ..ProcessDefinitionFilter::default()
    };
    let found = api
        .search_every::<ProcessDefinition>(Some(&of_emea))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].process_definition_key,
        deployed.processes[0].process_definition_key
    );
    emulator.shutdown().await;
}

/// The admin route's list of the process definitions.
async fn processes_listed(emulator: &Emulator) -> Value {
    reqwest::get(format!(
        "{}/orchestration/self-managed/process-definitions",
        emulator.admin_url()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap()
}

/// Deletes a definition of `kind` out of band: once, then there is none to delete.
async fn deleted_once(emulator: &Emulator, kind: &str, key: &str) {
    let path = format!("/orchestration/self-managed/{kind}/{key}");
    assert_eq!(
        admin_with(emulator, Method::DELETE, &path, None).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin_with(emulator, Method::DELETE, &path, None).await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_admin_routes_list_and_delete_definitions_out_of_band() {
    let emulator = standalone(AuthMode::Basic, Duration::from_secs(60)).await;
    let api = basic(&emulator);
    let deployed = api
        .deploy(&files(ORDER, RULES, REVIEW), None)
        .await
        .unwrap();
    let counts_now = counts(&emulator).await;
    assert_eq!(counts_now["process-definitions"], 1, "{counts_now}");
    assert_eq!(counts_now["decision-definitions"], 2);
    assert_eq!(counts_now["decision-requirements"], 1);
    assert_eq!(counts_now["forms"], 1);
    assert_eq!(counts_now["process-instances"], 0);
    let listed = processes_listed(&emulator).await;
    assert_eq!(
        listed["items"][0]["processDefinitionId"], "order",
        "{listed}"
    );
    let drd = &deployed.decision_requirements[0].decision_requirements_key;
    deleted_once(&emulator, "decision-requirements", drd).await;
    let counts_after = counts(&emulator).await;
    assert_eq!(counts_after["decision-definitions"], 0, "{counts_after}");
    assert_eq!(counts_after["decision-requirements"], 0);

    // A process deleted out of band stays listed, as deleted, and is not counted.
    let process = &deployed.processes[0].process_definition_key;
    deleted_once(&emulator, "process-definitions", process).await;
    assert_eq!(counts(&emulator).await["process-definitions"], 0);
    let listed = processes_listed(&emulator).await;
    assert_eq!(listed["items"][0]["state"], "DELETED", "{listed}");
    emulator.shutdown().await;
}
