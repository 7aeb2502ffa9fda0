//! HTTP-level tests of the emulator's authorizations: keys the cluster picks, bodies
//! checked against the description and the engine's permission table, 409 on an
//! overlapping grant, search, the admin routes, and lost answers by the route's name.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::orchestration_emulator::{Auth, Cluster, assert_problem, config, ids};
use camunda_provider::emulator::AuthMode;

/// The first key a cluster hands out, as Zeebe's first key of partition 1.
const FIRST_KEY: &str = "2251799813685249";

fn grant(owner: &str, resource_id: &str, permissions: &[&str]) -> Value {
    json!({"ownerId": owner, "ownerType": "ROLE", "resourceType": "PROCESS_DEFINITION",
           "resourceId": resource_id, "permissionTypes": permissions})
}

#[tokio::test]
async fn keys_come_from_the_cluster_and_only_overlapping_grants_conflict() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let first = api
        .post(
            "/authorizations",
            grant("ops", "*", &["READ_PROCESS_DEFINITION"]),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body, json!({"authorizationKey": FIRST_KEY}));

    // The same owner and resource with other permissions: a second authorization.
    let second = api
        .post(
            "/authorizations",
            grant("ops", "*", &["CREATE_PROCESS_INSTANCE"]),
        )
        .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    assert_eq!(second.body["authorizationKey"], "2251799813685250");
    // A permission it holds on that resource: 409, naming it and the holder.
    let overlap = api
        .post(
            "/authorizations",
            grant(
                "ops",
                "*",
                &["CANCEL_PROCESS_INSTANCE", "READ_PROCESS_DEFINITION"],
            ),
        )
        .await;
    assert_problem(&overlap, StatusCode::CONFLICT, "'READ_PROCESS_DEFINITION'");
    assert_problem(&overlap, StatusCode::CONFLICT, FIRST_KEY);
    assert!(
        !overlap.body["detail"]
            .as_str()
            .unwrap()
            .contains("CANCEL_PROCESS_INSTANCE"),
        "{}",
        overlap.body
    );
    // Another resource or another owner does not overlap.
    for body in [
        grant("ops", "invoice", &["READ_PROCESS_DEFINITION"]),
        grant("dev", "*", &["READ_PROCESS_DEFINITION"]),
    ] {
        let created = api.post("/authorizations", body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    }
    let (_, counts) = api
        .admin(Method::GET, "/orchestration/self-managed", None)
        .await;
    assert_eq!(counts["authorizations"], 4, "{counts}");
}

#[tokio::test]
async fn bodies_are_checked_against_the_description_and_the_permission_table() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let with = |change: Value| {
        let mut body = grant("ops", "*", &["READ_PROCESS_DEFINITION"]);
        for (field, value) in change.as_object().unwrap() {
            match value {
                Value::Null => body.as_object_mut().unwrap().remove(field),
                _ => body
                    .as_object_mut()
                    .unwrap()
                    .insert(field.clone(), value.clone()),
            };
        }
        body
    };
    let cases = [
        (json!({"ownerType": "NOBODY"}), "NOBODY"),
        (json!({"ownerType": "UNSPECIFIED"}), "ownerType"),
        (json!({"resourceType": "SPACESHIP"}), "SPACESHIP"),
        (json!({"permissionTypes": ["FLY"]}), "FLY"),
        (
            json!({"permissionTypes": []}),
            "No permissionTypes provided",
        ),
        (json!({"ownerId": null}), "missing field `ownerId`"),
        (json!({"ownerId": " "}), "No ownerId provided"),
        (json!({"colour": "red"}), "colour"),
        (
            json!({"resourcePropertyName": "assignee"}),
            "Only one of resourceId or resourcePropertyName",
        ),
        (
            json!({"resourceId": null}),
            "No resourceId or resourcePropertyName",
        ),
        // Not a permission of the resource type: named, with those that are.
        (
            json!({"resourceType": "ROLE", "permissionTypes": ["READ", "ACCESS"]}),
            "'ACCESS' and resource type 'ROLE', but these permissions are not supported. \
             Supported permission types are: 'CREATE, READ, UPDATE, DELETE'",
        ),
    ];
    for (change, detail) in cases {
        let refused = api.post("/authorizations", with(change.clone())).await;
        assert_problem(&refused, StatusCode::BAD_REQUEST, detail);
    }
    // A resource type whose permissions are not known here takes any permission type.
    let newer = with(json!({"resourceType": "CLUSTER_VARIABLE", "permissionTypes": ["ACCESS"]}));
    assert_eq!(
        api.post("/authorizations", newer).await.status,
        StatusCode::CREATED
    );
    let bad_filter = api
        .post(
            "/authorizations/search",
            json!({"filter": {"ownerType": "NOBODY"}}),
        )
        .await;
    assert_problem(&bad_filter, StatusCode::BAD_REQUEST, "NOBODY");
    let bad_sort = api
        .post(
            "/authorizations/search",
            json!({"sort": [{"field": "permissionTypes"}]}),
        )
        .await;
    assert_problem(&bad_sort, StatusCode::BAD_REQUEST, "permissionTypes");
}

#[tokio::test]
async fn authorizations_are_read_replaced_searched_and_deleted() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let key = api
        .post(
            "/authorizations",
            grant("ops", "invoice", &["READ_PROCESS_DEFINITION"]),
        )
        .await
        .body["authorizationKey"]
        .as_str()
        .unwrap()
        .to_string();
    let one = format!("/authorizations/{key}");
    let got = api.get(&one).await;
    assert_eq!(
        got.body,
        json!({"authorizationKey": key, "ownerId": "ops", "ownerType": "ROLE",
               "resourceType": "PROCESS_DEFINITION", "resourceId": "invoice",
               "resourcePropertyName": null, "permissionTypes": ["READ_PROCESS_DEFINITION"]})
    );
    let property = json!({"ownerId": "ops", "ownerType": "ROLE", "resourceType": "USER_TASK",
                          "resourcePropertyName": "assignee", "permissionTypes": ["READ", "READ"]});
    let replaced = api.call(Method::PUT, &one, Some(property)).await;
    assert_eq!(replaced.status, StatusCode::NO_CONTENT, "{}", replaced.body);
    let got = api.get(&one).await.body;
    assert_eq!(got["resourceId"], Value::Null);
    assert_eq!(got["resourcePropertyName"], "assignee");
    assert_eq!(got["permissionTypes"], json!(["READ"]), "repeats are one");
    let refused = api
        .call(Method::PUT, &one, Some(json!({"ownerId": "ops"})))
        .await;
    assert_problem(&refused, StatusCode::BAD_REQUEST, "missing field");
    let missing = api
        .call(
            Method::PUT,
            "/authorizations/1",
            Some(grant("ops", "*", &["READ_PROCESS_DEFINITION"])),
        )
        .await;
    assert_problem(&missing, StatusCode::NOT_FOUND, "'1'");

    for (owner, resource) in [("ops", "b"), ("ops", "a"), ("dev", "c")] {
        let body = grant(owner, resource, &["READ_PROCESS_INSTANCE"]);
        api.post("/authorizations", body).await;
    }
    let found = api
        .search(
            "/authorizations/search",
            json!({"filter": {"ownerId": "ops", "ownerType": "ROLE",
                              "resourceType": "PROCESS_DEFINITION", "resourceIds": ["a", "b", "c"]},
                   "sort": [{"field": "resourceId", "order": "DESC"}], "page": {"limit": 1}}),
        )
        .await;
    assert_eq!(ids(&found, "resourceId"), ["b"]);
    assert_eq!(found.body["page"]["totalItems"], 2);
    let after = found.body["page"]["endCursor"].clone();
    let next = api
        .search(
            "/authorizations/search",
            json!({"filter": {"ownerId": "ops", "resourceIds": ["a", "b", "c"]},
                   "sort": [{"field": "resourceId", "order": "DESC"}],
                   "page": {"limit": 1, "after": after}}),
        )
        .await;
    assert_eq!(ids(&next, "resourceId"), ["a"]);
    let by_property = api
        .search(
            "/authorizations/search",
            json!({"filter": {"resourcePropertyNames": ["assignee"]}}),
        )
        .await;
    assert_eq!(ids(&by_property, "authorizationKey"), [key.as_str()]);

    let deleted = api.call(Method::DELETE, &one, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_problem(&api.get(&one).await, StatusCode::NOT_FOUND, &key);
    let again = api.call(Method::DELETE, &one, None).await;
    assert_problem(&again, StatusCode::NOT_FOUND, &key);
}

#[tokio::test]
async fn the_admin_routes_list_change_and_delete_authorizations() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let key = api
        .post(
            "/authorizations",
            grant("ops", "*", &["READ_PROCESS_DEFINITION"]),
        )
        .await
        .body["authorizationKey"]
        .as_str()
        .unwrap()
        .to_string();
    let all = "/orchestration/self-managed/authorizations";
    let (status, listed) = api.admin(Method::GET, all, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["count"], 1);
    assert_eq!(listed["items"][0]["authorizationKey"], key.as_str());

    // Drift: the permissions change out of band.
    let one = format!("{all}/{key}");
    let drifted = grant("ops", "*", &["READ_PROCESS_INSTANCE"]);
    let (status, changed) = api.admin(Method::PUT, &one, Some(drifted)).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["authorizationKey"], key.as_str());
    let got = api.get(&format!("/authorizations/{key}")).await;
    assert_eq!(
        got.body["permissionTypes"],
        json!(["READ_PROCESS_INSTANCE"])
    );
    let (status, _) = api.admin(Method::DELETE, &one, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, listed) = api.admin(Method::GET, all, None).await;
    assert_eq!(listed["count"], 0);
    let (status, _) = api.admin(Method::DELETE, &one, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_lost_answer_is_served_and_counted_under_the_routes_name() {
    let mut api = Cluster::standalone(config(AuthMode::Basic)).await;
    api.auth = Auth::Basic("demo".into(), "demo".into());
    let route = "POST /v2/authorizations";
    let (status, answer) = api
        .admin(
            Method::POST,
            "/faults/lose-next",
            Some(json!({"route": route, "count": 1, "answer": 502})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    let lost = api
        .post(
            "/authorizations",
            grant("ops", "*", &["READ_PROCESS_DEFINITION"]),
        )
        .await;
    assert_eq!(lost.status, StatusCode::BAD_GATEWAY);
    let (_, listed) = api
        .admin(
            Method::GET,
            "/orchestration/self-managed/authorizations",
            None,
        )
        .await;
    assert_eq!(listed["count"], 1, "served all the same");
    let (_, counters) = api.admin(Method::GET, "/counters", None).await;
    assert_eq!(counters["answers_lost"][route], 1, "{counters}");

    // A read-only credential may search but not grant.
    api.admin(
        Method::PUT,
        "/orchestration/self-managed/read-only/demo",
        None,
    )
    .await;
    let refused = api
        .post(
            "/authorizations",
            grant("ops", "a", &["READ_PROCESS_DEFINITION"]),
        )
        .await;
    assert_problem(&refused, StatusCode::FORBIDDEN, "AUTHORIZATION:CREATE");
    let key = &listed["items"][0]["authorizationKey"];
    let refused = api
        .call(
            Method::DELETE,
            &format!("/authorizations/{}", key.as_str().unwrap()),
            None,
        )
        .await;
    assert_problem(&refused, StatusCode::FORBIDDEN, "AUTHORIZATION:DELETE");
    let found = api.search("/authorizations/search", json!({})).await;
    assert_eq!(found.body["page"]["totalItems"], 1);
}
