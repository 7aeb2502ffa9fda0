//! HTTP-level tests of the emulator's Orchestration Cluster API: the standalone cluster at
//! `/v2` and each Console cluster's at its REST address.

use std::time::{Duration, Instant};

use camunda_provider::emulator::{AuthMode, Config, Emulator, SelfManaged};
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// How a call identifies itself.
#[derive(Clone)]
pub(super) enum Auth {
    None,
    Bearer(String),
    Basic(String, String),
}

pub(super) struct Cluster {
    pub(super) emulator: Emulator,
    http: reqwest::Client,
    /// Where `/v2` starts.
    base: String,
    pub(super) auth: Auth,
}

fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub(super) fn config(auth: AuthMode) -> Config {
    Config {
        healthy_after: Duration::from_millis(200),
        deleted_after: Duration::from_millis(200),
        self_managed: SelfManaged {
            auth,
            ..SelfManaged::default()
        },
        ..Config::default()
    }
}

/// The answer's status and body, and whether it came as problem details.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: Value,
    problem: bool,
    headers: reqwest::header::HeaderMap,
}

impl Cluster {
    /// The standalone cluster, called without credentials.
    pub(super) async fn standalone(config: Config) -> Self {
        let emulator = Emulator::start(config).await.expect("emulator starts");
        Self {
            base: emulator.base_url(),
            emulator,
            http: http_client(),
            auth: Auth::None,
        }
    }

    async fn call_as(
        &self,
        auth: &Auth,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.http.request(method, format!("{}/v2{path}", self.base));
        request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.bearer_auth(token),
            Auth::Basic(user, password) => request.basic_auth(user, Some(password)),
        };
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let problem = headers
            .get(CONTENT_TYPE)
            .is_some_and(|v| v == "application/problem+json");
        let text = response.text().await.expect("body read");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            problem,
            headers,
        }
    }

    pub(super) async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call_as(&self.auth, method, path, body).await
    }

    pub(super) async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str) -> Answer {
        self.call(Method::PUT, path, None).await
    }

    pub(super) async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    pub(super) async fn search(&self, path: &str, body: Value) -> Answer {
        let answer = self.post(path, body).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer
    }

    pub(super) async fn admin(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.emulator.admin_url()));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("admin request sent");
        let status = response.status();
        let text = response.text().await.expect("body read");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn token(&self, client_id: &str, secret: &str, audience: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.emulator.token_url())
            .json(
                &json!({"grant_type": "client_credentials", "client_id": client_id,
                "client_secret": secret, "audience": audience}),
            )
            .send()
            .await
            .expect("token request sent");
        (response.status(), response.json().await.expect("json"))
    }
}

/// The ids of a search answer's items, under `field`.
pub(super) fn ids(answer: &Answer, field: &str) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item[field].as_str().expect("an id").to_string())
        .collect()
}

pub(super) fn assert_problem(answer: &Answer, status: StatusCode, detail_has: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert!(answer.problem, "not problem+json: {:?}", answer.headers);
    for field in ["type", "title", "status", "detail", "instance"] {
        assert!(
            answer.body.get(field).is_some(),
            "no {field}: {}",
            answer.body
        );
    }
    assert_eq!(answer.body["status"], status.as_u16());
    let detail = answer.body["detail"].as_str().unwrap();
    assert!(
        detail.contains(detail_has),
        "{detail:?} lacks {detail_has:?}"
    );
}

/// Create, get, search, update, 409 and delete of one kind: `body` creates `id`, `change`
/// updates it to show `field` = `changed`.
async fn round_trip(
    api: &Cluster,
    kind: &str,
    id_field: &str,
    body: Value,
    change: Value,
    field: &str,
    changed: &str,
) {
    let id = body[id_field].as_str().unwrap().to_string();
    let created = api.post(&format!("/{kind}"), body.clone()).await;
    assert_eq!(
        created.status,
        StatusCode::CREATED,
        "{kind}: {}",
        created.body
    );
    assert_eq!(created.body[id_field], id.as_str());
    let again = api.post(&format!("/{kind}"), body).await;
    assert_problem(&again, StatusCode::CONFLICT, &id);

    let got = api.get(&format!("/{kind}/{id}")).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.body);
    assert_eq!(got.body, created.body);
    let found = api
        .search(
            &format!("/{kind}/search"),
            json!({"filter": {id_field: id}}),
        )
        .await;
    assert_eq!(ids(&found, id_field), [id.as_str()]);
    assert_eq!(found.body["page"]["totalItems"], 1);

    let updated = api
        .call(Method::PUT, &format!("/{kind}/{id}"), Some(change))
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert_eq!(updated.body[field], changed);
    assert_eq!(api.get(&format!("/{kind}/{id}")).await.body[field], changed);

    let deleted = api
        .call(Method::DELETE, &format!("/{kind}/{id}"), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_problem(
        &api.get(&format!("/{kind}/{id}")).await,
        StatusCode::NOT_FOUND,
        &id,
    );
    let gone = api
        .call(Method::DELETE, &format!("/{kind}/{id}"), None)
        .await;
    assert_problem(&gone, StatusCode::NOT_FOUND, &id);
}

#[tokio::test]
async fn a_path_the_emulator_does_not_serve_is_a_problem_detail() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let answer = api.get("/decision-definitions/1/xml").await;
    assert_problem(&answer, StatusCode::NOT_FOUND, "does not serve");
    assert_eq!(answer.body["instance"], "/v2/decision-definitions/1/xml");
}

#[tokio::test]
async fn every_kind_is_created_read_searched_updated_and_deleted() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let named = json!({"name": "Renamed", "description": "now"});
    round_trip(
        &api,
        "roles",
        "roleId",
        json!({"roleId": "auditor", "name": "Auditor"}),
        named.clone(),
        "name",
        "Renamed",
    )
    .await;
    round_trip(
        &api,
        "groups",
        "groupId",
        json!({"groupId": "ops", "name": "Ops"}),
        named.clone(),
        "description",
        "now",
    )
    .await;
    round_trip(
        &api,
        "tenants",
        "tenantId",
        json!({"tenantId": "acme", "name": "Acme"}),
        named,
        "name",
        "Renamed",
    )
    .await;
    round_trip(
        &api,
        "mapping-rules",
        "mappingRuleId",
        json!({"mappingRuleId": "staff", "claimName": "groups", "claimValue": "staff", "name": "Staff"}),
        json!({"claimName": "groups", "claimValue": "all", "name": "All"}),
        "claimValue",
        "all",
    )
    .await;
    round_trip(
        &api,
        "users",
        "username",
        json!({"username": "ada", "password": "s3cret", "name": "Ada", "email": "ada@example.com"}),
        json!({"name": "Ada L."}),
        "name",
        "Ada L.",
    )
    .await;

    // A description left out of a create is kept as "", as 8.8's records keep it; an
    // update without one is refused, as 8.8's validators refuse it.
    let role = api
        .post("/roles", json!({"roleId": "plain", "name": "Plain"}))
        .await;
    assert_eq!(
        role.body,
        json!({"roleId": "plain", "name": "Plain", "description": ""})
    );
    for (kind, id_field) in [
        ("roles", "roleId"),
        ("groups", "groupId"),
        ("tenants", "tenantId"),
    ] {
        if kind != "roles" {
            api.post(
                &format!("/{kind}"),
                json!({id_field: "plain", "name": "Plain"}),
            )
            .await;
        }
        let path = format!("/{kind}/plain");
        // The description may be left out, or null: it is then none, kept as "".
        for body in [
            json!({"name": "Plain", "description": "Kept?"}),
            json!({"name": "Plain"}),
            json!({"name": "Plain", "description": "Kept?"}),
            json!({"name": "Plain", "description": null}),
        ] {
            let cleared = body["description"].is_null();
            let answer = api.call(Method::PUT, &path, Some(body)).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            let expected = if cleared { "" } else { "Kept?" };
            assert_eq!(answer.body["description"], expected, "{}", answer.body);
        }
        let renamed = json!({"name": "Renamed", "description": ""});
        let answer = api.call(Method::PUT, &path, Some(renamed)).await;
        assert_eq!(answer.body[id_field], "plain", "{}", answer.body);
        assert_eq!(answer.body["description"], "", "{}", answer.body);
    }
    // No answer carries a password.
    let user = api
        .post(
            "/users",
            json!({"username": "bob", "password": "pw", "name": "Bob"}),
        )
        .await;
    assert_eq!(
        user.body,
        json!({"username": "bob", "name": "Bob", "email": null})
    );
    let users = api.search("/users/search", json!({})).await;
    assert!(
        !users.body.to_string().contains("password"),
        "{}",
        users.body
    );
    // The engine keeps one mapping rule per claim.
    let rule = json!({"mappingRuleId": "a", "claimName": "c", "claimValue": "v", "name": "A"});
    assert_eq!(
        api.post("/mapping-rules", rule).await.status,
        StatusCode::CREATED
    );
    let same_claim =
        json!({"mappingRuleId": "b", "claimName": "c", "claimValue": "v", "name": "B"});
    assert_problem(
        &api.post("/mapping-rules", same_claim).await,
        StatusCode::CONFLICT,
        "claim",
    );
}

#[tokio::test]
async fn bodies_and_ids_are_checked_against_the_spec() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    let unknown = api
        .post(
            "/roles",
            json!({"roleId": "r", "name": "R", "colour": "red"}),
        )
        .await;
    assert_problem(&unknown, StatusCode::BAD_REQUEST, "colour");
    assert_eq!(unknown.body["instance"], "/v2/roles");
    assert_eq!(unknown.body["title"], "INVALID_ARGUMENT");
    let missing = api.post("/groups", json!({"groupId": "g"})).await;
    assert_problem(&missing, StatusCode::BAD_REQUEST, "name");
    let missing_password = api.post("/users", json!({"username": "u"})).await;
    assert_problem(&missing_password, StatusCode::BAD_REQUEST, "password");
    let unknown_filter = api
        .post("/roles/search", json!({"filter": {"colour": "red"}}))
        .await;
    assert_problem(&unknown_filter, StatusCode::BAD_REQUEST, "colour");
    let bad_sort = api
        .post("/roles/search", json!({"sort": [{"field": "colour"}]}))
        .await;
    assert_problem(&bad_sort, StatusCode::BAD_REQUEST, "colour");

    let bad_id = api
        .post("/roles", json!({"roleId": "a b", "name": "R"}))
        .await;
    assert_problem(&bad_id, StatusCode::BAD_REQUEST, "^[a-zA-Z0-9_~@.+-]+$");
    let long_tenant = api
        .post("/tenants", json!({"tenantId": "t".repeat(32), "name": "T"}))
        .await;
    assert_problem(&long_tenant, StatusCode::BAD_REQUEST, "31");
    let default_tenant = api
        .post(
            "/tenants",
            json!({"tenantId": "<default>", "name": "Default"}),
        )
        .await;
    assert_eq!(default_tenant.status, StatusCode::CREATED);
    let bad_member = api
        .call(Method::PUT, "/tenants/<default>/users/a%20b", None)
        .await;
    assert_problem(&bad_member, StatusCode::BAD_REQUEST, "username");
}

#[tokio::test]
async fn reads_lag_writes_which_see_the_truth() {
    let lag = Duration::from_millis(400);
    let api = Cluster::standalone(Config {
        read_lag: lag,
        ..config(AuthMode::None)
    })
    .await;
    let role = json!({"roleId": "late", "name": "Late"});
    let start = Instant::now();
    assert_eq!(
        api.post("/roles", role.clone()).await.status,
        StatusCode::CREATED
    );
    assert_eq!(api.get("/roles/late").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.search("/roles/search", json!({})).await.body["page"]["totalItems"],
        0
    );
    // Writes see the truth at once.
    assert_eq!(api.post("/roles", role).await.status, StatusCode::CONFLICT);
    assert!(
        start.elapsed() < lag,
        "the checks above took longer than the lag"
    );
    tokio::time::sleep(lag).await;
    assert_eq!(api.get("/roles/late").await.status, StatusCode::OK);

    let renamed = api
        .call(
            Method::PUT,
            "/roles/late",
            Some(json!({"name": "Later", "description": ""})),
        )
        .await;
    assert_eq!(renamed.body["name"], "Later");
    assert_eq!(api.get("/roles/late").await.body["name"], "Late");
    tokio::time::sleep(lag).await;
    assert_eq!(api.get("/roles/late").await.body["name"], "Later");

    let deleted = api.call(Method::DELETE, "/roles/late", None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/roles/late").await.status, StatusCode::OK);
    assert_eq!(
        ids(&api.search("/roles/search", json!({})).await, "roleId"),
        ["late"]
    );
    tokio::time::sleep(lag).await;
    assert_eq!(api.get("/roles/late").await.status, StatusCode::NOT_FOUND);

    // The lag changes at runtime.
    let (status, _) = api
        .admin(Method::PUT, "/read-lag", Some(json!({"read_lag_ms": 0})))
        .await;
    assert_eq!(status, StatusCode::OK);
    api.post("/roles", json!({"roleId": "now", "name": "Now"}))
        .await;
    assert_eq!(api.get("/roles/now").await.status, StatusCode::OK);
}

#[tokio::test]
async fn searches_sort_and_page_by_offset_and_cursor() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    for (id, name) in [
        ("r1", "e"),
        ("r2", "d"),
        ("r3", "c"),
        ("r4", "b"),
        ("r5", "a"),
    ] {
        api.post("/roles", json!({"roleId": id, "name": name}))
            .await;
    }
    let by_name = json!([{"field": "name", "order": "ASC"}]);
    let first = api
        .search(
            "/roles/search",
            json!({"sort": by_name, "page": {"limit": 2}}),
        )
        .await;
    assert_eq!(ids(&first, "roleId"), ["r5", "r4"]);
    assert_eq!(first.body["page"]["totalItems"], 5);
    let after = first.body["page"]["endCursor"].clone();
    let second = api
        .search(
            "/roles/search",
            json!({"sort": by_name, "page": {"limit": 2, "after": after}}),
        )
        .await;
    assert_eq!(ids(&second, "roleId"), ["r3", "r2"]);
    let before = second.body["page"]["startCursor"].clone();
    let back = api
        .search(
            "/roles/search",
            json!({"sort": by_name, "page": {"limit": 2, "before": before}}),
        )
        .await;
    assert_eq!(ids(&back, "roleId"), ["r5", "r4"]);
    let offset = api
        .search("/roles/search", json!({"sort": [{"field": "roleId", "order": "DESC"}], "page": {"from": 3, "limit": 10}}))
        .await;
    assert_eq!(ids(&offset, "roleId"), ["r2", "r1"]);
    let empty = api
        .search("/roles/search", json!({"page": {"from": 9}}))
        .await;
    assert_eq!(empty.body["page"]["startCursor"], Value::Null);
    let both = api
        .post(
            "/roles/search",
            json!({"page": {"from": 1, "after": after}}),
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    let too_many = api
        .post("/roles/search", json!({"page": {"limit": 10001}}))
        .await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);

    api.post(
        "/users",
        json!({"username": "ann", "password": "p", "email": "ann@a.io"}),
    )
    .await;
    api.post("/users", json!({"username": "andy", "password": "p"}))
        .await;
    let like = api
        .search(
            "/users/search",
            json!({"filter": {"username": {"$like": "an*"}, "email": {"$exists": true}}}),
        )
        .await;
    assert_eq!(ids(&like, "username"), ["ann"]);
}

#[tokio::test]
async fn memberships_are_assigned_searched_and_removed() {
    let api = Cluster::standalone(config(AuthMode::None)).await;
    api.post("/roles", json!({"roleId": "admin", "name": "Admin"}))
        .await;
    api.post("/groups", json!({"groupId": "ops", "name": "Ops"}))
        .await;
    api.post("/tenants", json!({"tenantId": "acme", "name": "Acme"}))
        .await;
    api.post(
        "/mapping-rules",
        json!({"mappingRuleId": "staff", "claimName": "g", "claimValue": "s", "name": "Staff"}),
    )
    .await;
    for path in [
        "/roles/admin/users/ada",
        "/roles/admin/clients/ci",
        "/roles/admin/groups/ops",
        "/roles/admin/mapping-rules/staff",
        "/groups/ops/users/ada",
        "/groups/ops/clients/ci",
        "/groups/ops/mapping-rules/staff",
        "/tenants/acme/users/ada",
        "/tenants/acme/clients/ci",
        "/tenants/acme/groups/ops",
        "/tenants/acme/roles/admin",
        "/tenants/acme/mapping-rules/staff",
    ] {
        assert_eq!(api.put(path).await.status, StatusCode::NO_CONTENT, "{path}");
    }
    // An existing membership answers 409, tenants' too.
    assert_problem(
        &api.put("/roles/admin/users/ada").await,
        StatusCode::CONFLICT,
        "already assigned",
    );
    assert_problem(
        &api.put("/tenants/acme/users/ada").await,
        StatusCode::CONFLICT,
        "already assigned",
    );
    // Groups, roles and mapping rules must exist; the owner too.
    assert_problem(
        &api.put("/roles/admin/groups/nope").await,
        StatusCode::NOT_FOUND,
        "nope",
    );
    assert_problem(
        &api.put("/roles/nope/users/ada").await,
        StatusCode::NOT_FOUND,
        "nope",
    );

    let users = api.search("/roles/admin/users/search", json!({})).await;
    assert_eq!(users.body["items"], json!([{"username": "ada"}]));
    let clients = api.search("/groups/ops/clients/search", json!({})).await;
    assert_eq!(clients.body["items"], json!([{"clientId": "ci"}]));
    let groups = api.search("/tenants/acme/groups/search", json!({})).await;
    assert_eq!(groups.body["items"], json!([{"groupId": "ops"}]));
    let roles = api.search("/groups/ops/roles/search", json!({})).await;
    assert_eq!(
        roles.body["items"],
        json!([{"roleId": "admin", "name": "Admin", "description": ""}])
    );
    let rules = api
        .search("/tenants/acme/mapping-rules/search", json!({}))
        .await;
    assert_eq!(ids(&rules, "mappingRuleId"), ["staff"]);
    let tenant_roles = api
        .search(
            "/tenants/acme/roles/search",
            json!({"filter": {"name": "Admin"}}),
        )
        .await;
    assert_eq!(ids(&tenant_roles, "roleId"), ["admin"]);
    let no_filter_here = api
        .post(
            "/roles/admin/users/search",
            json!({"filter": {"username": "ada"}}),
        )
        .await;
    assert_problem(&no_filter_here, StatusCode::BAD_REQUEST, "filter");
    assert_eq!(
        api.post("/roles/none/users/search", json!({})).await.status,
        StatusCode::NOT_FOUND
    );

    let removed = api
        .call(Method::DELETE, "/roles/admin/users/ada", None)
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let again = api
        .call(Method::DELETE, "/roles/admin/users/ada", None)
        .await;
    assert_problem(&again, StatusCode::NOT_FOUND, "not assigned");
    // Deleting the group ends its memberships, as owner and as member.
    api.call(Method::DELETE, "/groups/ops", None).await;
    let groups = api.search("/tenants/acme/groups/search", json!({})).await;
    assert_eq!(groups.body["page"]["totalItems"], 0);
    let (_, counts) = api
        .admin(Method::GET, "/orchestration/self-managed", None)
        .await;
    // Left: admin's client and mapping rule, acme's user, client, role and mapping rule.
    assert_eq!(counts["memberships"], 6, "{counts}");
}

#[tokio::test]
async fn basic_auth_takes_the_seeded_user_and_those_made_through_the_api() {
    let mut api = Cluster::standalone(config(AuthMode::Basic)).await;
    let anonymous = api.get("/topology").await;
    assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "Basic");
    assert!(
        anonymous.headers[WWW_AUTHENTICATE]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    let wrong = api
        .call_as(
            &Auth::Basic("demo".into(), "nope".into()),
            Method::GET,
            "/topology",
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    api.auth = Auth::Basic("demo".into(), "demo".into());
    let topology = api.get("/topology").await;
    assert_eq!(topology.status, StatusCode::OK);
    assert_eq!(topology.body["clusterSize"], 1);
    assert_eq!(
        topology.body["brokers"][0]["partitions"][0]["role"],
        "leader"
    );
    let created = api
        .post("/users", json!({"username": "eve", "password": "pw1"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let eve = Auth::Basic("eve".into(), "pw1".into());
    assert_eq!(
        api.call_as(&eve, Method::GET, "/users/demo", None)
            .await
            .status,
        StatusCode::OK
    );

    // The seeded user may be made read-only: writes answer 403 naming the permission.
    let (status, _) = api
        .admin(
            Method::PUT,
            "/orchestration/self-managed/read-only/demo",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let refused = api
        .post("/roles", json!({"roleId": "r", "name": "R"}))
        .await;
    assert_problem(&refused, StatusCode::FORBIDDEN, "ROLE:CREATE");
    let refused = api.call(Method::PUT, "/groups/g/users/eve", None).await;
    assert_problem(&refused, StatusCode::FORBIDDEN, "GROUP:UPDATE");
    assert_eq!(
        api.search("/roles/search", json!({})).await.status,
        StatusCode::OK
    );
    assert_eq!(api.get("/users/eve").await.status, StatusCode::OK);
    let others_may = api
        .call_as(
            &eve,
            Method::POST,
            "/roles",
            Some(json!({"roleId": "r", "name": "R"})),
        )
        .await;
    assert_eq!(others_may.status, StatusCode::CREATED);
    api.admin(
        Method::DELETE,
        "/orchestration/self-managed/read-only/demo",
        None,
    )
    .await;
    let allowed = api
        .post("/roles", json!({"roleId": "r2", "name": "R"}))
        .await;
    assert_eq!(allowed.status, StatusCode::CREATED);
}

#[tokio::test]
async fn oauth_takes_tokens_of_the_orchestration_client_only() {
    let mut api = Cluster::standalone(config(AuthMode::OAuth)).await;
    assert_problem(
        &api.get("/topology").await,
        StatusCode::UNAUTHORIZED,
        "Bearer",
    );
    let sm = SelfManaged::default();
    let (status, wrong_audience) = api
        .token(
            &sm.client_id,
            sm.client_secret.expose(),
            "api.cloud.camunda.io",
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{wrong_audience}");
    let console = Config::default();
    let (_, console_token) = api
        .token(
            &console.client_id,
            console.client_secret.expose(),
            &console.audience,
        )
        .await;
    let console_auth = Auth::Bearer(console_token["access_token"].as_str().unwrap().into());
    let refused = api
        .call_as(&console_auth, Method::GET, "/topology", None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let (status, token) = api
        .token(&sm.client_id, sm.client_secret.expose(), "zeebe.camunda.io")
        .await;
    assert_eq!(status, StatusCode::OK);
    api.auth = Auth::Bearer(token["access_token"].as_str().unwrap().into());
    assert_eq!(api.get("/topology").await.status, StatusCode::OK);
    let created = api
        .post("/tenants", json!({"tenantId": "t1", "name": "T"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    api.admin(
        Method::PUT,
        &format!("/orchestration/self-managed/read-only/{}", sm.client_id),
        None,
    )
    .await;
    let refused = api.call(Method::DELETE, "/tenants/t1", None).await;
    assert_problem(&refused, StatusCode::FORBIDDEN, "TENANT:DELETE");
}

/// A Healthy Console cluster with a Zeebe client: its id, and the client's id and secret.
async fn console_cluster(api: &Cluster, console_token: &str) -> (String, Value) {
    let base = api.emulator.base_url();
    let call = |method: Method, path: String, body: Option<Value>| {
        let mut request = api
            .http
            .request(method, format!("{base}{path}"))
            .bearer_auth(console_token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        async move {
            let response = request.send().await.expect("console call");
            (
                response.status(),
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (_, params) = call(Method::GET, "/clusters/parameters".into(), None).await;
    let channel = &params["channels"][0];
    let body = json!({
        "name": "orchestrated",
        "channelId": channel["uuid"],
        "generationId": channel["defaultGeneration"]["uuid"],
        "regionId": params["regions"][0]["uuid"],
        "planTypeId": params["clusterPlanTypes"][0]["uuid"],
    });
    let (status, created) = call(Method::POST, "/clusters".into(), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["clusterId"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(20);
    while call(Method::GET, format!("/clusters/{id}"), None).await.1["status"]["ready"] != "Healthy"
    {
        assert!(
            Instant::now() < deadline,
            "the cluster never became Healthy"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (status, client) = call(
        Method::POST,
        format!("/clusters/{id}/clients"),
        Some(json!({"clientName": "terraform"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{client}");
    let (_, details) = call(
        Method::GET,
        format!(
            "/clusters/{id}/clients/{}",
            client["clientId"].as_str().unwrap()
        ),
        None,
    )
    .await;
    let mut client = client;
    client["details"] = details;
    (id, client)
}

#[tokio::test]
async fn a_console_cluster_serves_at_its_rest_address_until_it_is_deleted() {
    let mut api = Cluster::standalone(config(AuthMode::None)).await;
    let console = Config::default();
    let (_, token) = api
        .token(
            &console.client_id,
            console.client_secret.expose(),
            &console.audience,
        )
        .await;
    let console_token = token["access_token"].as_str().unwrap().to_string();
    let (id, client) = console_cluster(&api, &console_token).await;
    let rest = client["details"]["ZEEBE_REST_ADDRESS"]
        .as_str()
        .expect("a REST address");
    assert_eq!(rest, format!("{}/zeebe/{id}", api.emulator.base_url()));
    api.base = rest.to_string();

    assert_problem(
        &api.get("/topology").await,
        StatusCode::UNAUTHORIZED,
        "Bearer",
    );
    let (status, zeebe) = api
        .token(
            client["clientId"].as_str().unwrap(),
            client["clientSecret"].as_str().unwrap(),
            "zeebe.camunda.io",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    api.auth = Auth::Bearer(zeebe["access_token"].as_str().unwrap().into());
    let topology = api.get("/topology").await;
    assert_eq!(topology.body["clusterId"], id.as_str());
    assert_eq!(topology.body["brokers"].as_array().unwrap().len(), 3);
    let created = api
        .post("/roles", json!({"roleId": "cloud", "name": "Cloud"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let (_, listed) = api
        .admin(Method::GET, &format!("/orchestration/{id}/roles"), None)
        .await;
    assert_eq!(listed["count"], 1);
    assert_eq!(listed["items"][0]["roleId"], "cloud");
    let variable = api
        .post(
            "/cluster-variables/global",
            json!({"name": "region", "value": "eu"}),
        )
        .await;
    assert_eq!(variable.status, StatusCode::OK, "{}", variable.body);
    let (_, listed) = api
        .admin(
            Method::GET,
            &format!("/orchestration/{id}/cluster-variables"),
            None,
        )
        .await;
    assert_eq!(listed["items"][0]["value"], "\"eu\"", "{listed}");
    // The standalone cluster holds its own objects.
    let (_, standalone) = api
        .admin(Method::GET, "/orchestration/self-managed/roles", None)
        .await;
    assert_eq!(standalone["count"], 0);
    let granted = api
        .post(
            "/authorizations",
            json!({"ownerId": "cloud", "ownerType": "ROLE", "resourceType": "ROLE",
                   "resourceId": "*", "permissionTypes": ["READ"]}),
        )
        .await;
    assert_eq!(granted.status, StatusCode::CREATED, "{}", granted.body);
    let (_, listed) = api
        .admin(
            Method::GET,
            &format!("/orchestration/{id}/authorizations"),
            None,
        )
        .await;
    assert_eq!(listed["items"][0]["ownerId"], "cloud", "{listed}");
    // Errors name the path as the cluster sees it.
    let missing = api.get("/roles/none").await;
    assert_eq!(missing.body["instance"], "/v2/roles/none");

    // Injected faults and drift reach the cluster's routes by their own names.
    let route = "POST /zeebe/{clusterId}/v2/roles";
    let (status, _) = api
        .admin(
            Method::POST,
            "/faults/next",
            Some(json!({"route": route, "status": 503, "count": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let busy = api
        .post("/roles", json!({"roleId": "x", "name": "X"}))
        .await;
    assert_problem(&busy, StatusCode::SERVICE_UNAVAILABLE, "injected");
    assert_eq!(busy.body["title"], "RESOURCE_EXHAUSTED");
    assert!(busy.headers.contains_key(RETRY_AFTER));
    let (status, _) = api
        .admin(
            Method::POST,
            "/faults/lose-next",
            Some(json!({"route": route, "count": 1, "answer": 504})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let lost = api
        .post("/roles", json!({"roleId": "lost", "name": "Lost"}))
        .await;
    assert_problem(&lost, StatusCode::GATEWAY_TIMEOUT, "lost");
    assert_eq!(
        api.get("/roles/lost").await.status,
        StatusCode::OK,
        "served all the same"
    );
    let (_, counters) = api.admin(Method::GET, "/counters", None).await;
    assert_eq!(counters["faults_injected"][route], 1, "{counters}");
    assert_eq!(counters["answers_lost"][route], 1, "{counters}");
    let (status, drifted) = api
        .admin(
            Method::PUT,
            &format!("/orchestration/{id}/roles/cloud"),
            Some(json!({"name": "Drifted", "description": ""})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{drifted}");
    assert_eq!(api.get("/roles/cloud").await.body["name"], "Drifted");
    let (status, _) = api
        .admin(
            Method::DELETE,
            &format!("/orchestration/{id}/roles/cloud"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/roles/cloud").await.status, StatusCode::NOT_FOUND);

    // Another cluster's client is refused.
    let (_, other) = console_cluster(&api, &console_token).await;
    let (_, other_token) = api
        .token(
            other["clientId"].as_str().unwrap(),
            other["clientSecret"].as_str().unwrap(),
            "zeebe.camunda.io",
        )
        .await;
    let other_auth = Auth::Bearer(other_token["access_token"].as_str().unwrap().into());
    assert_eq!(
        api.call_as(&other_auth, Method::GET, "/topology", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let deleted = api
        .http
        .delete(format!("{}/clusters/{id}", api.emulator.base_url()))
        .bearer_auth(&console_token)
        .send()
        .await
        .unwrap();
    assert!(deleted.status().is_success(), "{}", deleted.status());
    assert_problem(&api.get("/topology").await, StatusCode::NOT_FOUND, &id);
}

#[tokio::test]
async fn objects_outlive_a_restart_with_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let with_file = || Config {
        state_file: Some(dir.path().join("org.json")),
        ..config(AuthMode::None)
    };
    let api = Cluster::standalone(with_file()).await;
    api.post("/groups", json!({"groupId": "kept", "name": "Kept"}))
        .await;
    api.call(Method::PUT, "/groups/kept/users/ada", None).await;
    let grant = |owner: &str| {
        json!({"ownerId": owner, "ownerType": "GROUP", "resourceType": "GROUP",
               "resourceId": "kept", "permissionTypes": ["READ"]})
    };
    let first = api.post("/authorizations", grant("kept")).await;
    api.emulator.shutdown().await;
    let api = Cluster::standalone(with_file()).await;
    assert_eq!(api.get("/groups/kept").await.status, StatusCode::OK);
    let key = first.body["authorizationKey"].as_str().unwrap();
    assert_eq!(
        api.get(&format!("/authorizations/{key}")).await.status,
        StatusCode::OK
    );
    // Keys are not handed out twice.
    let second = api.post("/authorizations", grant("other")).await;
    assert_ne!(second.body["authorizationKey"], key, "{}", second.body);
    let members = api.search("/groups/kept/users/search", json!({})).await;
    assert_eq!(ids(&members, "username"), ["ada"]);
}
