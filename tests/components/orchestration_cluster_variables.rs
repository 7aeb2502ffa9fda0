//! Cluster variables: the client against the emulator in both scopes (reads after the
//! lag, 409s, name checks, values of every JSON type, lost answers, read-only
//! credentials), and the emulator over HTTP (strict bodies, values answered as JSON text,
//! a tenant that must exist, cut values in searches, the admin routes).

use std::time::Duration;

use camunda_provider::emulator::AuthMode;
use camunda_provider::orchestration::{
    Client, ClusterVariable, ClusterVariableFilter, ClusterVariableKey, ClusterVariableScope,
    Error, Tenant,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::orchestration_emulator::{Cluster, assert_problem, config, ids};
use super::orchestration_pair::{admin_with, basic, standalone};

fn key(scope: &ClusterVariableScope, name: &str) -> ClusterVariableKey {
    ClusterVariableKey {
        scope: scope.clone(),
        name: name.into(),
    }
}

fn tenant_scope() -> ClusterVariableScope {
    ClusterVariableScope::Tenant("emea".into())
}

async fn create_tenant(api: &Client) {
    let tenant = Tenant {
        tenant_id: "emea".into(),
        name: "EMEA".into(),
        description: None,
    };
    api.create_tenant(&tenant).await.expect("tenant created");
}

fn by_name(name: &str) -> ClusterVariableFilter {
    ClusterVariableFilter {
        name: Some(name.into()),
        ..ClusterVariableFilter::default()
    }
}

#[tokio::test]
async fn variables_of_both_scopes_are_created_read_after_the_lag_updated_searched_and_deleted() {
    let lag = Duration::from_millis(300);
    let emulator = standalone(AuthMode::Basic, lag).await;
    let api = basic(&emulator);
    create_tenant(&api).await;
    for (scope, expected_scope, tenant_id) in [
        (ClusterVariableScope::Global, "GLOBAL", None),
        (tenant_scope(), "TENANT", Some("emea")),
    ] {
        let value = json!({"limit": 10, "regions": ["eu", "us"]});
        let created = api
            .create_cluster_variable(&scope, "limits", &value)
            .await
            .expect("created");
        assert_eq!(created.name, "limits");
        assert_eq!(created.value, value);
        assert_eq!(created.scope, expected_scope);
        assert_eq!(created.tenant_id.as_deref(), tenant_id);
        let early = api
            .read::<ClusterVariable>(&key(&scope, "limits"))
            .await
            .unwrap_err();
        assert!(early.is_not_found(), "{early}");
        let again = api
            .create_cluster_variable(&scope, "limits", &json!(1))
            .await
            .unwrap_err();
        assert!(again.is_conflict() && !again.outcome_unknown(), "{again}");
        tokio::time::sleep(lag).await;
        assert_eq!(
            api.read::<ClusterVariable>(&key(&scope, "limits"))
                .await
                .unwrap(),
            created
        );

        let updated = api
            .update_cluster_variable(&scope, "limits", &json!([3]))
            .await
            .expect("updated");
        assert_eq!(updated.value, json!([3]));
        tokio::time::sleep(lag).await;
        let read = api
            .read::<ClusterVariable>(&key(&scope, "limits"))
            .await
            .unwrap();
        assert_eq!(read.value, json!([3]));
    }
    // One name in two scopes: two variables, told apart by scope.
    let found = api
        .search_every::<ClusterVariable>(Some(&by_name("limits")))
        .await
        .unwrap();
    let mut scopes: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|v| (v.scope.as_str(), v.tenant_id.as_deref()))
        .collect();
    scopes.sort_unstable();
    assert_eq!(scopes, [("GLOBAL", None), ("TENANT", Some("emea"))]);
    let tenants_only = ClusterVariableFilter {
        tenant_id: Some("emea".into()),
        ..ClusterVariableFilter::default()
    };
    let found = api
        .search_every::<ClusterVariable>(Some(&tenants_only))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].value, json!([3]));

    for scope in [ClusterVariableScope::Global, tenant_scope()] {
        api.delete::<ClusterVariable>(&key(&scope, "limits"))
            .await
            .expect("deleted");
        let gone = api
            .delete::<ClusterVariable>(&key(&scope, "limits"))
            .await
            .unwrap_err();
        assert!(gone.is_not_found(), "{gone}");
        let missing = api
            .update_cluster_variable(&scope, "limits", &json!(1))
            .await
            .unwrap_err();
        assert!(missing.is_not_found(), "{missing}");
    }
    tokio::time::sleep(lag).await;
    assert!(
        api.read::<ClusterVariable>(&key(&ClusterVariableScope::Global, "limits"))
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        api.search_every::<ClusterVariable>(None)
            .await
            .unwrap()
            .is_empty()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn values_of_every_json_type_round_trip_and_names_are_checked() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    let values = [
        ("object", json!({"a": {"b": [1, null]}})),
        ("array", json!([1, "two", false])),
        ("string", json!("plain text")),
        ("json-looking-string", json!("{\"not\": \"an object\"}")),
        ("integer", json!(42)),
        ("float", json!(2.5)),
        ("bool", json!(true)),
        ("null", Value::Null),
        // Longer than a search answers unless asked for whole values.
        ("long", json!("x".repeat(9000))),
    ];
    let global = ClusterVariableScope::Global;
    for (name, value) in &values {
        let created = api
            .create_cluster_variable(&global, name, value)
            .await
            .expect("created");
        assert_eq!(&created.value, value, "{name}");
        let read = api
            .read::<ClusterVariable>(&key(&global, name))
            .await
            .unwrap();
        assert_eq!(&read.value, value, "{name}");
    }
    let found = api.search_every::<ClusterVariable>(None).await.unwrap();
    assert_eq!(found.len(), values.len());
    for (name, value) in &values {
        let variable = found.iter().find(|v| v.name == *name).expect("found");
        assert_eq!(&variable.value, value, "{name}");
    }

    let status = |error: Error| error.status();
    for bad in ["a b", "slash/name", "", &"n".repeat(257)] {
        let error = api
            .create_cluster_variable(&global, bad, &json!(1))
            .await
            .unwrap_err();
        assert_eq!(status(error), Some(400), "{bad:?}");
    }
    let longest = "n".repeat(256);
    api.create_cluster_variable(&global, &longest, &json!(1))
        .await
        .expect("256 characters are allowed");
    let bad_tenant = ClusterVariableScope::Tenant("no such tenant".into());
    let error = api
        .create_cluster_variable(&bad_tenant, "x", &json!(1))
        .await
        .unwrap_err();
    assert_eq!(status(error), Some(400));
    let error = api
        .create_cluster_variable(&tenant_scope(), "x", &json!(1))
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "the tenant does not exist: {error}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_lost_answer_to_a_create_is_an_unknown_outcome_and_the_variable_exists_once() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    create_tenant(&api).await;
    let cases = [
        (
            "POST /v2/cluster-variables/global",
            ClusterVariableScope::Global,
        ),
        (
            "POST /v2/cluster-variables/tenants/{tenantId}",
            tenant_scope(),
        ),
    ];
    for (route, scope) in cases {
        let status = admin_with(
            &emulator,
            Method::POST,
            "/faults/lose-next",
            Some(json!({"route": route, "count": 1, "answer": 504})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{route}");
        let error = api
            .create_cluster_variable(&scope, "lost", &json!("v"))
            .await
            .unwrap_err();
        assert!(error.outcome_unknown(), "{route}: {error}");
        let made = api
            .search_every::<ClusterVariable>(Some(&by_name("lost")))
            .await
            .unwrap();
        let made: Vec<_> = made
            .iter()
            .filter(|v| v.tenant_id.as_deref() == scope_tenant(&scope))
            .collect();
        assert_eq!(made.len(), 1, "{route}: made once: {made:?}");
        assert_eq!(made[0].value, json!("v"));
    }
    emulator.shutdown().await;
}

fn scope_tenant(scope: &ClusterVariableScope) -> Option<&str> {
    match scope {
        ClusterVariableScope::Global => None,
        ClusterVariableScope::Tenant(tenant_id) => Some(tenant_id),
    }
}

#[tokio::test]
async fn read_only_credentials_read_but_get_403s_naming_the_permission() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    let global = ClusterVariableScope::Global;
    api.create_cluster_variable(&global, "kept", &json!(1))
        .await
        .expect("created");
    let status = admin_with(
        &emulator,
        Method::PUT,
        "/orchestration/self-managed/read-only/demo",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let error = api
        .create_cluster_variable(&global, "new", &json!(1))
        .await
        .unwrap_err();
    assert!(error.is_forbidden(), "{error}");
    assert!(
        error
            .to_string()
            .contains("needs the permission CLUSTER_VARIABLE:CREATE"),
        "{error}"
    );
    let detail = error.problem().and_then(|p| p.detail.clone());
    assert!(
        detail.is_some_and(|d| d.contains("lacks CLUSTER_VARIABLE:CREATE")),
        "the cluster names it: {error}"
    );
    let error = api
        .update_cluster_variable(&global, "kept", &json!(2))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("CLUSTER_VARIABLE:UPDATE"),
        "{error}"
    );
    let error = api
        .delete::<ClusterVariable>(&key(&global, "kept"))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("CLUSTER_VARIABLE:DELETE"),
        "{error}"
    );
    assert_eq!(
        api.read::<ClusterVariable>(&key(&global, "kept"))
            .await
            .unwrap()
            .value,
        json!(1)
    );
    assert_eq!(
        api.search_every::<ClusterVariable>(None)
            .await
            .unwrap()
            .len(),
        1
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_emulator_checks_bodies_and_answers_values_as_json_text() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let created = api
        .post(
            "/cluster-variables/global",
            json!({"name": "flags", "value": {"on": true}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert_eq!(
        created.body,
        json!({"name": "flags", "scope": "GLOBAL", "tenantId": null,
               "value": "{\"on\":true}", "kind": "JSON", "metadata": {}})
    );
    let null = api
        .post(
            "/cluster-variables/global",
            json!({"name": "nothing", "value": null}),
        )
        .await;
    assert_eq!(null.body["value"], "null", "{}", null.body);
    let cases = [
        (json!({"name": "v"}), "missing field `value`"),
        (json!({"value": 1}), "missing field `name`"),
        (json!({"name": "v", "value": 1, "colour": "red"}), "colour"),
        (json!({"name": "v w", "value": 1}), "illegal characters"),
        (json!({"name": "v", "value": 1, "kind": "OTHER"}), "OTHER"),
        (
            json!({"name": "v", "value": 1, "metadata": {"ok": true}}),
            "metadata",
        ),
    ];
    for (body, detail) in cases {
        let refused = api.post("/cluster-variables/global", body).await;
        assert_problem(&refused, StatusCode::BAD_REQUEST, detail);
    }
    let refused = api
        .call(
            Method::PUT,
            "/cluster-variables/global/flags",
            Some(json!({"value": 1, "name": "flags"})),
        )
        .await;
    assert_problem(&refused, StatusCode::BAD_REQUEST, "name");
    let no_tenant = api
        .post(
            "/cluster-variables/tenants/emea",
            json!({"name": "flags", "value": 1}),
        )
        .await;
    assert_problem(&no_tenant, StatusCode::NOT_FOUND, "'emea'");
    let conflict = api
        .post(
            "/cluster-variables/global",
            json!({"name": "flags", "value": 2}),
        )
        .await;
    assert_problem(&conflict, StatusCode::CONFLICT, "'flags'");

    // Metadata and kind (8.10) are kept; an update without metadata keeps it.
    api.post("/tenants", json!({"tenantId": "emea", "name": "EMEA"}))
        .await;
    let secret = api
        .post(
            "/cluster-variables/tenants/emea",
            json!({"name": "token", "value": "camunda.secrets.TOKEN",
                   "kind": "SECRET_REFERENCE", "metadata": {"owner": "ops", "rank": 2}}),
        )
        .await;
    assert_eq!(secret.status, StatusCode::OK, "{}", secret.body);
    let updated = api
        .call(
            Method::PUT,
            "/cluster-variables/tenants/emea/token",
            Some(json!({"value": "camunda.secrets.OTHER"})),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert_eq!(
        updated.body,
        json!({"name": "token", "scope": "TENANT", "tenantId": "emea",
               "value": "\"camunda.secrets.OTHER\"", "kind": "SECRET_REFERENCE",
               "metadata": {"owner": "ops", "rank": 2}})
    );
    emulator_search_sorts_filters_and_cuts(&api).await;
}

/// Searches of the variables `flags` (global), `nothing` (global) and `token` (emea).
async fn emulator_search_sorts_filters_and_cuts(api: &Cluster) {
    let found = api
        .search(
            "/cluster-variables/search",
            json!({"sort": [{"field": "scope", "order": "DESC"}, {"field": "name"}],
                   "page": {"limit": 2}}),
        )
        .await;
    assert_eq!(ids(&found, "name"), ["token", "flags"]);
    assert_eq!(found.body["page"]["totalItems"], 3);
    assert_eq!(found.body["items"][0]["isTruncated"], false);
    let filtered = api
        .search(
            "/cluster-variables/search",
            json!({"filter": {"scope": "GLOBAL", "name": {"$like": "no*"}}}),
        )
        .await;
    assert_eq!(ids(&filtered, "name"), ["nothing"]);
    let by_value = api
        .search(
            "/cluster-variables/search",
            json!({"filter": {"value": "{\"on\":true}", "tenantId": {"$exists": false}}}),
        )
        .await;
    assert_eq!(ids(&by_value, "name"), ["flags"]);
    let bad = api
        .post(
            "/cluster-variables/search",
            json!({"sort": [{"field": "kind"}]}),
        )
        .await;
    assert_problem(&bad, StatusCode::BAD_REQUEST, "kind");

    // A long value is cut unless whole values are asked for.
    let long = "x".repeat(10_000);
    let made = api
        .post(
            "/cluster-variables/global",
            json!({"name": "long", "value": long}),
        )
        .await;
    assert_eq!(made.status, StatusCode::OK);
    let query = json!({"filter": {"name": "long"}});
    let cut = api.search("/cluster-variables/search", query.clone()).await;
    let item = &cut.body["items"][0];
    assert_eq!(item["isTruncated"], true);
    assert!(item["value"].as_str().unwrap().len() < 10_000);
    let whole = api
        .search("/cluster-variables/search?truncateValues=false", query)
        .await;
    let item = &whole.body["items"][0];
    assert_eq!(item["isTruncated"], false);
    assert_eq!(item["value"], json!(json!(long).to_string()));
}

#[tokio::test]
async fn the_admin_routes_list_change_and_delete_variables_by_scope_and_name() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    api.post("/tenants", json!({"tenantId": "emea", "name": "EMEA"}))
        .await;
    for (path, value) in [
        ("/cluster-variables/global", json!(1)),
        ("/cluster-variables/tenants/emea", json!(2)),
    ] {
        let made = api
            .post(path, json!({"name": "limit", "value": value}))
            .await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    }
    let all = "/orchestration/self-managed/cluster-variables";
    let (status, listed) = api.admin(Method::GET, all, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["count"], 2, "{listed}");
    let (_, counts) = api
        .admin(Method::GET, "/orchestration/self-managed", None)
        .await;
    assert_eq!(counts["cluster-variables"], 2, "{counts}");

    // Drift: the tenant's value changes out of band; the global one is left.
    let tenant_key = format!("{all}/tenant/emea/limit");
    let (status, changed) = api
        .admin(Method::PUT, &tenant_key, Some(json!({"value": {"max": 5}})))
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["value"], "{\"max\":5}");
    let got = api.get("/cluster-variables/tenants/emea/limit").await;
    assert_eq!(got.body["value"], "{\"max\":5}");
    assert_eq!(
        api.get("/cluster-variables/global/limit").await.body["value"],
        "1"
    );
    let (status, _) = api
        .admin(Method::PUT, &tenant_key, Some(json!({"value": 1, "x": 1})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let global_key = format!("{all}/global/limit");
    let (status, _) = api.admin(Method::DELETE, &global_key, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_problem(
        &api.get("/cluster-variables/global/limit").await,
        StatusCode::NOT_FOUND,
        "'limit'",
    );
    let (status, _) = api.admin(Method::DELETE, &global_key, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, listed) = api.admin(Method::GET, all, None).await;
    assert_eq!(listed["count"], 1);
    assert_eq!(listed["items"][0]["tenantId"], "emea");
}
