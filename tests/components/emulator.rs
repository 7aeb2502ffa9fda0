//! HTTP-level tests of the Console API emulator, started in process on a free loopback port.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use camunda_provider::emulator::{Config, Emulator, FaultRate, Faults, RateLimit};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An emulator plus a client that holds a Console API token.
struct Api {
    emulator: Emulator,
    http: reqwest::Client,
    token: String,
}

/// An HTTP client; reqwest is built without a default TLS provider, so name one.
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

impl Api {
    async fn start(config: Config) -> Self {
        let emulator = Emulator::start(config).await.expect("emulator starts");
        let http = http_client();
        let token = fetch_token(&http, &emulator, &Config::default()).await;
        Self {
            emulator,
            http,
            token,
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.emulator.base_url()))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request sent")
    }

    async fn json(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let response = self.call(method, path, body).await;
        let status = response.status();
        let text = response.text().await.expect("body read");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
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

    async fn parameters(&self) -> Value {
        let (status, params) = self.json(Method::GET, "/clusters/parameters", None).await;
        assert_eq!(status, StatusCode::OK);
        params
    }

    /// A valid creation body on the Stable channel's default generation.
    async fn cluster_body(&self, name: &str) -> Value {
        let params = self.parameters().await;
        let channel = &params["channels"][0];
        json!({
            "name": name,
            "channelId": channel["uuid"],
            "generationId": channel["defaultGeneration"]["uuid"],
            "regionId": params["regions"][0]["uuid"],
            "planTypeId": params["clusterPlanTypes"][0]["uuid"],
        })
    }

    async fn create_cluster(&self, body: Value) -> String {
        let (status, answer) = self.json(Method::POST, "/clusters", Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        answer["clusterId"].as_str().expect("clusterId").to_string()
    }

    async fn cluster(&self, id: &str) -> (StatusCode, Value) {
        self.json(Method::GET, &format!("/clusters/{id}"), None)
            .await
    }

    async fn wait_healthy(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, cluster) = self.cluster(id).await;
            assert_eq!(status, StatusCode::OK);
            if cluster["status"]["ready"] == "Healthy" {
                return cluster;
            }
            assert!(Instant::now() < deadline, "cluster never became Healthy");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn create_client(&self, cluster: &str, body: Value) -> (StatusCode, Value) {
        self.json(
            Method::POST,
            &format!("/clusters/{cluster}/clients"),
            Some(body),
        )
        .await
    }
}

async fn fetch_token(http: &reqwest::Client, emulator: &Emulator, config: &Config) -> String {
    let response = http
        .post(emulator.token_url())
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": config.client_id,
            "client_secret": config.client_secret,
            "audience": config.audience,
        }))
        .send()
        .await
        .expect("token request sent");
    assert_eq!(response.status(), StatusCode::OK);
    let answer: Value = response.json().await.expect("token answer");
    answer["access_token"].as_str().expect("token").to_string()
}

async fn token_request(api: &Api, body: Value) -> (StatusCode, Value) {
    let response = api
        .http
        .post(api.emulator.token_url())
        .json(&body)
        .send()
        .await
        .expect("token request sent");
    let status = response.status();
    (status, response.json().await.expect("json answer"))
}

fn quick() -> Config {
    Config {
        healthy_after: Duration::from_millis(300),
        deleted_after: Duration::from_millis(300),
        ..Config::default()
    }
}

fn jwt_claims(token: &str) -> Value {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url")).expect("json")
}

// --- OAuth ---------------------------------------------------------------------------

#[tokio::test]
async fn token_endpoint_accepts_json_and_form_and_issues_jwts() {
    let api = Api::start(quick()).await;
    let json_answer: Value = api
        .http
        .post(api.emulator.token_url())
        .json(
            &json!({"grant_type": "client_credentials", "client_id": "camunda-emulator",
            "client_secret": "emulator-secret", "audience": "api.cloud.camunda.io"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json_answer["token_type"], "Bearer");
    assert_eq!(json_answer["expires_in"], 3600);
    let claims = jwt_claims(json_answer["access_token"].as_str().unwrap());
    assert_eq!(claims["aud"], "api.cloud.camunda.io");
    assert!(
        claims["sub"]
            .as_str()
            .unwrap()
            .starts_with("camunda-emulator")
    );
    let exp = claims["exp"].as_u64().unwrap();
    let iat = claims["iat"].as_u64().unwrap();
    assert!((3599..=3600).contains(&(exp - iat)), "exp {exp} iat {iat}");

    let form = api
        .http
        .post(api.emulator.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "camunda-emulator"),
            ("client_secret", "emulator-secret"),
            ("audience", "api.cloud.camunda.io"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let form_answer: Value = form.json().await.unwrap();
    let form_token = form_answer["access_token"].as_str().unwrap().to_string();
    let (status, _) = Api {
        token: form_token,
        ..api
    }
    .json(Method::GET, "/clusters", None)
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn token_endpoint_refuses_bad_requests_in_oauth_format() {
    let api = Api::start(quick()).await;
    let good = json!({"grant_type": "client_credentials", "client_id": "camunda-emulator",
        "client_secret": "emulator-secret", "audience": "api.cloud.camunda.io"});
    let cases = [
        ("client_secret", json!("wrong"), "invalid_client", 401),
        ("client_id", json!("someone-else"), "invalid_client", 401),
        (
            "grant_type",
            json!("password"),
            "unsupported_grant_type",
            400,
        ),
        ("audience", json!("zeebe.camunda.io"), "access_denied", 403),
    ];
    for (field, value, error, expected) in cases {
        let mut body = good.clone();
        body[field] = value;
        let (status, answer) = token_request(&api, body).await;
        assert_eq!(status.as_u16(), expected, "{field}");
        assert_eq!(answer["error"], error, "{field}");
        assert!(answer["error_description"].is_string());
        assert!(!answer.to_string().contains("emulator-secret"));
    }
}

#[tokio::test]
async fn api_calls_need_a_valid_bearer_token() {
    let api = Api::start(quick()).await;
    let url = format!("{}/clusters", api.emulator.base_url());
    let missing = api.http.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let forged = api
        .http
        .get(&url)
        .bearer_auth("a.b.c")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let mut tampered = api.token.clone();
    tampered.insert(tampered.find('.').unwrap() + 3, 'x');
    let tampered = api
        .http
        .get(&url)
        .bearer_auth(tampered)
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let api = Api::start(Config {
        token_ttl: Duration::from_secs(1),
        ..quick()
    })
    .await;
    let (status, _) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, answer) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(answer["message"].as_str().unwrap().contains("expired"));

    let zero = Api::start(Config {
        token_ttl: Duration::ZERO,
        ..quick()
    })
    .await;
    let (status, _) = zero.json(Method::GET, "/clusters", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_rate_limit_blocks_a_client_with_retry_after() {
    let block = Duration::from_secs(2);
    let api = Api::start(Config {
        rate_limit: RateLimit {
            max_requests: 3,
            window: Duration::from_secs(60),
            block_for: block,
        },
        ..quick()
    })
    .await;
    // Api::start used one request; two more are allowed.
    let good = json!({"grant_type": "client_credentials", "client_id": "camunda-emulator",
        "client_secret": "emulator-secret", "audience": "api.cloud.camunda.io"});
    for _ in 0..2 {
        assert_eq!(token_request(&api, good.clone()).await.0, StatusCode::OK);
    }
    let blocked_at = Instant::now();
    let response = api
        .http
        .post(api.emulator.token_url())
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "2");
    // Other clients are not affected.
    let (status, _) = token_request(
        &api,
        json!({"grant_type": "client_credentials",
        "client_id": "other", "client_secret": "x", "audience": "api.cloud.camunda.io"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Still blocked, however often it asks, until the block ends.
    loop {
        let (status, _) = token_request(&api, good.clone()).await;
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(blocked_at.elapsed() >= block);
    let counters = api.admin(Method::GET, "/counters", None).await.1;
    assert!(counters["token_requests"].as_u64().unwrap() >= 6);
}

// --- Clusters ------------------------------------------------------------------------

#[tokio::test]
async fn parameters_are_realistic_and_reproducible_from_the_seed() {
    let a = Api::start(Config {
        seed: 42,
        ..quick()
    })
    .await;
    let b = Api::start(Config {
        seed: 42,
        ..quick()
    })
    .await;
    let c = Api::start(Config {
        seed: 43,
        ..quick()
    })
    .await;
    let params = a.parameters().await;
    assert_eq!(params, b.parameters().await);
    assert_ne!(params, c.parameters().await);

    let channels = params["channels"].as_array().unwrap();
    assert!(channels.len() >= 2);
    for channel in channels {
        let allowed = channel["allowedGenerations"].as_array().unwrap();
        assert!(allowed.len() >= 2);
        assert!(allowed.contains(&channel["defaultGeneration"]));
    }
    let regions = params["regions"].as_array().unwrap();
    for provider in ["gcp", "aws"] {
        assert!(regions.iter().any(|r| r["provider"] == provider));
    }
    assert!(
        regions
            .iter()
            .any(|r| r["name"] == "Belgium, Europe (europe-west1)")
    );
    assert!(params["clusterPlanTypes"].as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn a_new_cluster_is_creating_until_the_delay_then_healthy() {
    let api = Api::start(quick()).await;
    let body = api.cluster_body("orders").await;
    let id = api.create_cluster(body.clone()).await;
    let (status, cluster) = api.cluster(&id).await;
    assert_eq!(status, StatusCode::OK);
    for component in [
        "ready",
        "zeebeStatus",
        "operateStatus",
        "tasklistStatus",
        "optimizeStatus",
    ] {
        assert_eq!(cluster["status"][component], "Creating", "{component}");
    }
    assert_eq!(cluster["uuid"], id.as_str());
    assert_eq!(cluster["name"], "orders");
    assert_eq!(cluster["channel"]["uuid"], body["channelId"]);
    assert_eq!(cluster["generation"]["uuid"], body["generationId"]);
    assert_eq!(cluster["region"]["uuid"], body["regionId"]);
    assert_eq!(cluster["planType"]["uuid"], body["planTypeId"]);
    assert_eq!(cluster["autoUpdate"], true);
    assert_eq!(cluster["labels"], json!([]));
    assert!(cluster["created"].as_str().unwrap().ends_with('Z'));
    assert_eq!(cluster["links"]["oauth"], api.emulator.token_url().as_str());
    assert!(
        cluster["links"]["zeebe"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{id}."))
    );

    let healthy = api.wait_healthy(&id).await;
    assert_eq!(healthy["status"]["zeebeStatus"], "Healthy");
    let (_, all) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["uuid"], id.as_str());
}

#[tokio::test]
async fn create_takes_optional_fields() {
    let api = Api::start(quick()).await;
    let params = api.parameters().await;
    let region = &params["regions"][0];
    let backup = &region["backups"][0]["regions"][0];
    let mut body = api.cluster_body("full").await;
    body["autoUpdate"] = json!(false);
    body["stageLabel"] = json!("prod");
    body["backupRegionId"] = backup["id"].clone();
    body["encryption"] = json!("Hardware");
    let id = api.create_cluster(body).await;
    let (_, cluster) = api.cluster(&id).await;
    assert_eq!(cluster["autoUpdate"], false);
    assert_eq!(cluster["labels"], json!(["prod"]));
    assert_eq!(cluster["backupRegion"]["uuid"], backup["id"]);
    assert_eq!(cluster["backupRegion"]["name"], backup["label"]);
    assert_eq!(cluster["encryption"], json!({"type": "Hardware"}));

    // Without one, the API's default.
    let id = api.create_cluster(api.cluster_body("plain").await).await;
    assert_eq!(api.cluster(&id).await.1["encryption"]["type"], "Provider");
}

#[tokio::test]
async fn create_rejects_bodies_the_openapi_does_not_allow() {
    let api = Api::start(quick()).await;
    let params = api.parameters().await;
    let good = api.cluster_body("good").await;
    let other_channel_generation = params["channels"][1]["defaultGeneration"]["uuid"].clone();
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut with = |label: &'static str, change: &dyn Fn(&mut Value), expect: &'static str| {
        let mut body = good.clone();
        change(&mut body);
        cases.push((label, body, expect));
    };
    with(
        "unknown field",
        &|b| b["size"] = json!(3),
        "unknown field `size`",
    );
    with(
        "missing field",
        &|b| {
            b.as_object_mut().unwrap().remove("regionId");
        },
        "missing field `regionId`",
    );
    with(
        "unknown channel",
        &|b| b["channelId"] = json!("nope"),
        "channelId",
    );
    with(
        "generation of another channel",
        &|b| b["generationId"] = other_channel_generation.clone(),
        "generationId",
    );
    with(
        "unknown region",
        &|b| b["regionId"] = json!("nope"),
        "regionId",
    );
    with(
        "unknown plan type",
        &|b| b["planTypeId"] = json!("nope"),
        "planTypeId",
    );
    with(
        "long name",
        &|b| b["name"] = json!("n".repeat(51)),
        "at most 50",
    );
    with(
        "empty name",
        &|b| b["name"] = json!(" "),
        "name must not be empty",
    );
    with(
        "bad stage",
        &|b| b["stageLabel"] = json!("qa"),
        "unknown variant `qa`",
    );
    with(
        "wrong type",
        &|b| b["autoUpdate"] = json!("yes"),
        "autoUpdate",
    );
    with(
        "unknown encryption",
        &|b| b["encryption"] = json!("Disk"),
        "unknown variant `Disk`",
    );
    with(
        "bad backup region",
        &|b| b["backupRegionId"] = json!("nope"),
        "backupRegionId",
    );
    for (label, body, expect) in cases {
        let (status, answer) = api.json(Method::POST, "/clusters", Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{label}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(expect), "{label}: {message}");
    }
    let empty = api
        .http
        .post(format!("{}/clusters", api.emulator.base_url()))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    let (_, all) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(all, json!([]), "no rejected body created a cluster");
}

#[tokio::test]
async fn patch_changes_name_and_stage_label_strictly() {
    let api = Api::start(quick()).await;
    let id = api.create_cluster(api.cluster_body("before").await).await;
    let path = format!("/clusters/{id}");
    let response = api
        .call(
            Method::PATCH,
            &path,
            Some(json!({"name": "after", "stageLabel": "test"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (_, cluster) = api.cluster(&id).await;
    assert_eq!(cluster["name"], "after");
    assert_eq!(cluster["labels"], json!(["test"]));

    let (status, answer) = api
        .json(Method::PATCH, &path, Some(json!({"labels": ["x"]})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["message"].as_str().unwrap().contains("labels"));
    let (status, _) = api
        .json(Method::PATCH, &path, Some(json!({"name": "x".repeat(60)})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .json(
            Method::PATCH,
            "/clusters/unknown",
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_deleted_cluster_answers_404_after_the_delay() {
    let api = Api::start(quick()).await;
    let id = api.create_cluster(api.cluster_body("doomed").await).await;
    // Taken before the request: the emulator's delay starts when it serves the delete, so
    // the time from here bounds it from above, whatever the answer's way back takes.
    let deleted_at = Instant::now();
    let response = api
        .call(Method::DELETE, &format!("/clusters/{id}"), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    loop {
        let (status, _) = api.cluster(&id).await;
        if status == StatusCode::NOT_FOUND {
            break;
        }
        assert_eq!(status, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    // The emulator's clock counts whole milliseconds of the system time, so its delay may
    // end up to a millisecond before 300 ms by this test's clock.
    assert!(deleted_at.elapsed() >= Duration::from_millis(299));
    let (_, all) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(all, json!([]));
    let again = api
        .call(Method::DELETE, &format!("/clusters/{id}"), None)
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn upgrade_moves_to_the_channel_default_once_healthy() {
    let api = Api::start(quick()).await;
    let params = api.parameters().await;
    let channel = &params["channels"][0];
    let old = channel["allowedGenerations"][0].clone();
    assert_ne!(old, channel["defaultGeneration"]);
    let mut body = api.cluster_body("old").await;
    body["generationId"] = old["uuid"].clone();
    let id = api.create_cluster(body).await;
    let path = format!("/clusters/{id}/upgrade");

    let (status, _) = api.json(Method::PUT, &path, None).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "not Healthy yet");
    api.wait_healthy(&id).await;
    let (status, answer) = api.json(Method::PUT, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["cluster"]["id"], id.as_str());
    assert_eq!(answer["oldGeneration"]["id"], old["uuid"]);
    assert_eq!(
        answer["newGeneration"]["id"],
        channel["defaultGeneration"]["uuid"]
    );
    assert!(answer["orgId"].is_string());
    let (_, cluster) = api.cluster(&id).await;
    assert_eq!(cluster["generation"], channel["defaultGeneration"]);
    assert_eq!(cluster["status"]["ready"], "Updating");

    api.wait_healthy(&id).await;
    let (status, answer) = api.json(Method::PUT, &path, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["message"].as_str().unwrap().contains("no upgrade"));
}

#[tokio::test]
async fn wake_resumes_a_suspended_cluster() {
    let api = Api::start(quick()).await;
    let id = api.create_cluster(api.cluster_body("sleepy").await).await;
    let (status, _) = api
        .admin(
            Method::PUT,
            &format!("/clusters/{id}/health"),
            Some(json!({"status": "Suspended"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.cluster(&id).await.1["status"]["ready"], "Suspended");
    let (status, refused) = api
        .create_client(&id, json!({"clientName": "too-early"}))
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("wake"),
        "{refused}"
    );
    let response = api
        .call(Method::PUT, &format!("/clusters/{id}/wake"), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(api.cluster(&id).await.1["status"]["ready"], "Resuming");
    api.wait_healthy(&id).await;
    let (status, created) = api
        .create_client(&id, json!({"clientName": "after-wake"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
}

#[tokio::test]
async fn descriptions_are_bounded_patched_and_removed() {
    let api = Api::start(quick()).await;
    let mut body = api.cluster_body("described").await;
    body["description"] = json!("d".repeat(151));
    let (status, refused) = api
        .json(Method::POST, "/clusters", Some(body.clone()))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("at most 150"),
        "{refused}"
    );

    body["description"] = json!("Orders, EU");
    let id = api.create_cluster(body).await;
    assert_eq!(api.cluster(&id).await.1["description"], "Orders, EU");
    let path = format!("/clusters/{id}");
    let long = json!({"description": "d".repeat(151)});
    let (status, _) = api.json(Method::PATCH, &path, Some(long)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .json(
            Method::PATCH,
            &path,
            Some(json!({"description": "Invoices"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.cluster(&id).await.1["description"], "Invoices");
    let (status, _) = api
        .json(Method::PATCH, &path, Some(json!({"description": ""})))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, cluster) = api.cluster(&id).await;
    assert!(cluster.get("description").is_none(), "{cluster}");
}

// --- Zeebe clients -------------------------------------------------------------------

#[tokio::test]
async fn clients_have_one_time_secrets_and_details_after_healthy() {
    let api = Api::start(quick()).await;
    let cluster = api
        .create_cluster(api.cluster_body("with-clients").await)
        .await;
    let (status, created) = api
        .create_client(&cluster, json!({"clientName": "worker"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let client_id = created["clientId"].as_str().unwrap().to_string();
    let secret = created["clientSecret"].as_str().unwrap().to_string();
    assert!(secret.len() >= 32);
    assert_eq!(created["name"], "worker");
    assert!(created["uuid"].is_string());
    assert_eq!(
        created["permissions"],
        json!(["Zeebe", "Operate", "Tasklist", "Optimize", "Secrets"])
    );

    let details_path = format!("/clusters/{cluster}/clients/{client_id}");
    let (status, _) = api.json(Method::GET, &details_path, None).await;
    assert_eq!(
        status,
        StatusCode::PRECONDITION_FAILED,
        "cluster still Creating"
    );
    api.wait_healthy(&cluster).await;
    let (status, details) = api.json(Method::GET, &details_path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(details["name"], "worker");
    assert_eq!(details["ZEEBE_CLIENT_ID"], client_id.as_str());
    assert_eq!(
        details["ZEEBE_AUTHORIZATION_SERVER_URL"],
        api.emulator.token_url().as_str()
    );
    let address = details["ZEEBE_ADDRESS"].as_str().unwrap();
    assert!(
        address.starts_with(&format!("{cluster}.")) && address.ends_with(".zeebe.camunda.io:443")
    );

    let (_, list) = api
        .json(Method::GET, &format!("/clusters/{cluster}/clients"), None)
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["clientId"], client_id.as_str());
    for answer in [&details, &list] {
        assert!(!answer.to_string().contains(&secret), "secret shown again");
    }

    // The secret works at the token endpoint, for Zeebe's audience only.
    let zeebe = json!({"grant_type": "client_credentials", "client_id": client_id,
        "client_secret": secret, "audience": "zeebe.camunda.io"});
    let (status, token) = token_request(&api, zeebe.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let zeebe_token = token["access_token"].as_str().unwrap().to_string();
    let refused = api
        .http
        .get(format!("{}/clusters", api.emulator.base_url()))
        .bearer_auth(zeebe_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        StatusCode::UNAUTHORIZED,
        "not a Console token"
    );

    let deleted = api.call(Method::DELETE, &details_path, None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        api.json(Method::GET, &details_path, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.call(Method::DELETE, &details_path, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(token_request(&api, zeebe).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn client_names_are_unique_per_cluster_and_bodies_strict() {
    let api = Api::start(quick()).await;
    let one = api.create_cluster(api.cluster_body("one").await).await;
    let two = api.create_cluster(api.cluster_body("two").await).await;
    let body = json!({"clientName": "ci", "permissions": ["Zeebe", "Operate"]});
    let (status, created) = api.create_client(&one, body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(created["permissions"], json!(["Zeebe", "Operate"]));
    let (status, answer) = api.create_client(&one, body.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["message"].as_str().unwrap().contains("unique"));
    assert_eq!(api.create_client(&two, body).await.0, StatusCode::OK);

    for bad in [
        json!({"clientName": "x", "scopes": []}),
        json!({}),
        json!({"clientName": "x", "permissions": ["Admin"]}),
        json!({"clientName": "has space"}),
        json!({"clientName": "c".repeat(51)}),
    ] {
        let (status, answer) = api.create_client(&one, bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {answer}");
        assert!(answer["message"].is_string());
    }
    let (status, _) = api
        .create_client("unknown", json!({"clientName": "x"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

// --- Persistence ---------------------------------------------------------------------

#[tokio::test]
async fn the_state_file_keeps_the_organization_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let state_file = dir.path().join("org.json");
    let config = Config {
        state_file: Some(state_file.clone()),
        ..quick()
    };
    let api = Api::start(config.clone()).await;
    let cluster = api.create_cluster(api.cluster_body("durable").await).await;
    let (_, client) = api
        .create_client(&cluster, json!({"clientName": "keep"}))
        .await;
    let secret = client["clientSecret"].as_str().unwrap().to_string();
    api.emulator.shutdown().await;

    let contents = std::fs::read_to_string(&state_file).unwrap();
    assert!(contents.contains("durable"));
    assert!(
        !contents.contains(&secret),
        "the state file holds no plain secret"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files are left behind");

    let api = Api::start(config).await;
    let restored = api.wait_healthy(&cluster).await;
    assert_eq!(restored["name"], "durable");
    let (_, clients) = api
        .json(Method::GET, &format!("/clusters/{cluster}/clients"), None)
        .await;
    assert_eq!(clients[0]["name"], "keep");
    let (status, _) = token_request(
        &api,
        json!({"grant_type": "client_credentials", "client_id": client["clientId"],
            "client_secret": secret, "audience": "zeebe.camunda.io"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the secret still works after a restart"
    );

    // A state file written with another seed refers to other ids: refused clearly.
    let error = Emulator::start(Config {
        seed: 99,
        state_file: Some(state_file),
        ..quick()
    })
    .await
    .unwrap_err();
    assert!(error.to_string().contains("seed"), "{error}");
}

/// `(uuid, name)` of every cluster, sorted, from an API answer or a state file.
fn cluster_names(clusters: &Value) -> Vec<(String, String)> {
    let mut names: Vec<_> = clusters
        .as_array()
        .expect("a list of clusters")
        .iter()
        .map(|c| (c["uuid"].to_string(), c["name"].to_string()))
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_state_file_holds_the_newest_state_after_a_burst_of_concurrent_changes() {
    let dir = tempfile::tempdir().unwrap();
    let state_file = dir.path().join("org.json");
    let api = Api::start(Config {
        state_file: Some(state_file.clone()),
        ..quick()
    })
    .await;
    let body = api.cluster_body("burst").await;
    let ids = futures_util::future::join_all((0..16).map(|i| {
        let mut body = body.clone();
        body["name"] = json!(format!("burst-{i}"));
        api.create_cluster(body)
    }))
    .await;
    let api = &api;
    let renames = futures_util::future::join_all(ids.iter().map(|id| async move {
        let path = format!("/clusters/{id}");
        let body = json!({"name": format!("renamed-{id}")});
        api.call(Method::PATCH, &path, Some(body)).await
    }))
    .await;
    assert!(renames.iter().all(|r| r.status() == StatusCode::NO_CONTENT));

    let (_, listed) = api.json(Method::GET, "/clusters", None).await;
    let listed = cluster_names(&listed);
    assert_eq!(listed.len(), 16);
    assert!(listed.iter().all(|(_, name)| name.contains("renamed-")));
    let saved: Value = serde_json::from_slice(&std::fs::read(&state_file).unwrap()).unwrap();
    assert_eq!(
        cluster_names(&saved["clusters"]),
        listed,
        "the state file holds the newest state"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files are left behind");
}

// --- Faults --------------------------------------------------------------------------

async fn statuses_of(
    api: &Api,
    method: Method,
    path: &str,
    body: Option<Value>,
    n: usize,
) -> Vec<reqwest::Response> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(api.call(method.clone(), path, body.clone()).await);
    }
    out
}

#[tokio::test]
async fn faults_from_the_config_hit_reads_only() {
    let api = Api::start(Config {
        faults: Faults {
            reads: FaultRate {
                error_fraction: 1.0,
                statuses: vec![502],
            },
            ..Faults::default()
        },
        ..quick()
    })
    .await;
    for response in statuses_of(&api, Method::GET, "/clusters", None, 3).await {
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    }
    let body = api_body_without_reads(&api).await;
    let (status, _) = api.json(Method::POST, "/clusters", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "writes are not affected");
}

/// A creation body built from parameters fetched with faults switched off for a moment.
async fn api_body_without_reads(api: &Api) -> Value {
    let saved = api.admin(Method::GET, "/faults", None).await.1;
    api.admin(Method::PUT, "/faults", Some(json!({}))).await;
    let body = api.cluster_body("faulty").await;
    api.admin(Method::PUT, "/faults", Some(saved)).await;
    body
}

#[tokio::test]
async fn each_fault_status_and_429_with_retry_after_for_writes() {
    let api = Api::start(quick()).await;
    let body = api.cluster_body("w").await;
    for code in [500u16, 502, 503, 429] {
        let (status, _) = api
            .admin(
                Method::PUT,
                "/faults",
                Some(json!({"writes": {"error_fraction": 1.0, "statuses": [code]}, "retry_after_secs": 7})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let response = api
            .call(Method::POST, "/clusters", Some(body.clone()))
            .await;
        assert_eq!(response.status().as_u16(), code);
        if code == 429 || code == 503 {
            assert_eq!(response.headers()["retry-after"], "7");
        }
        let (status, _) = api.json(Method::GET, "/clusters", None).await;
        assert_eq!(status, StatusCode::OK, "reads are not affected");
    }
    let (_, all) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(all, json!([]), "a faulted write changes nothing");

    let (status, answer) = api
        .admin(
            Method::PUT,
            "/faults",
            Some(json!({"reads": {"error_fraction": 2.0}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("reads.error_fraction")
    );
    let (status, _) = api
        .admin(
            Method::PUT,
            "/faults",
            Some(json!({"writes": {"error_fraction": 0.5, "statuses": [404]}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_fraction_of_calls_fail() {
    let api = Api::start(quick()).await;
    api.admin(
        Method::PUT,
        "/faults",
        Some(json!({"reads": {"error_fraction": 0.5, "statuses": [503]}})),
    )
    .await;
    let statuses: Vec<u16> = statuses_of(&api, Method::GET, "/clusters", None, 60)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let failed = statuses.iter().filter(|&&s| s == 503).count();
    assert!(failed > 0 && failed < 60, "{failed} of 60 failed");
    assert!(statuses.iter().all(|&s| s == 200 || s == 503));
}

#[tokio::test]
async fn latency_delays_answers() {
    let api = Api::start(quick()).await;
    api.admin(Method::PUT, "/faults", Some(json!({"latency_ms": 300})))
        .await;
    let started = Instant::now();
    let (status, _) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let (_, faults) = api.admin(Method::GET, "/faults", None).await;
    assert_eq!(faults["latency_ms"], 300);
}

#[tokio::test]
async fn the_next_calls_of_one_route_can_be_made_to_fail() {
    let api = Api::start(Config {
        healthy_after: Duration::ZERO,
        ..quick()
    })
    .await;
    let cluster = api.create_cluster(api.cluster_body("c").await).await;
    let (_, client) = api
        .create_client(&cluster, json!({"clientName": "a"}))
        .await;
    let path = format!(
        "/clusters/{cluster}/clients/{}",
        client["clientId"].as_str().unwrap()
    );
    let (status, _) = api
        .admin(
            Method::POST,
            "/faults/next",
            Some(json!({"route": "GET /clusters/{clusterUuid}/clients/{clientId}", "status": 503, "count": 2})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.json(Method::GET, &format!("/clusters/{cluster}"), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        api.json(Method::GET, &path, None).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        api.json(Method::GET, &path, None).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(api.json(Method::GET, &path, None).await.0, StatusCode::OK);

    let (status, answer) = api
        .admin(
            Method::POST,
            "/faults/next",
            Some(json!({"route": "GET /nothing", "status": 503, "count": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("GET /clusters")
    );
}

#[tokio::test]
async fn a_lost_answer_comes_after_the_call_was_served() {
    let api = Api::start(quick()).await;
    let body = api.cluster_body("lost").await;
    for answer in [json!("close"), json!(504)] {
        let (status, _) = api
            .admin(
                Method::POST,
                "/faults/lose-next",
                Some(json!({"route": "POST /clusters", "count": 1, "answer": answer})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let sent = api
            .http
            .post(format!("{}/clusters", api.emulator.base_url()))
            .bearer_auth(&api.token)
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(response) => assert_eq!(response.status(), StatusCode::GATEWAY_TIMEOUT),
            // The connection closed without an answer.
            Err(error) => assert!(answer == "close", "{error}"),
        }
    }
    let (_, all) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(all.as_array().unwrap().len(), 2, "both calls were served");
    let (_, counters) = api.admin(Method::GET, "/counters", None).await;
    assert_eq!(counters["answers_lost"]["POST /clusters"], 2);

    // A rate over some routes; the next answers are whole again once it is off.
    let (status, _) = api
        .admin(
            Method::PUT,
            "/faults",
            Some(json!({"lost_answers": {"fraction": 1.0, "routes": ["POST /clusters"], "answers": [502]}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .json(Method::POST, "/clusters", Some(body.clone()))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let (status, _) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(status, StatusCode::OK, "other routes keep their answers");
    api.admin(Method::PUT, "/faults", Some(json!({}))).await;
    assert_eq!(api.create_cluster(body).await.len(), 36);
    let (_, all) = api.json(Method::GET, "/clusters", None).await;
    assert_eq!(all.as_array().unwrap().len(), 4);

    let (status, answer) = api
        .admin(
            Method::PUT,
            "/faults",
            Some(json!({"lost_answers": {"fraction": 0.5, "routes": ["POST /nowhere"]}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("POST /nowhere")
    );
}

// --- Records and drift ---------------------------------------------------------------

#[tokio::test]
async fn counters_and_request_log_record_calls_without_secrets() {
    let api = Api::start(quick()).await;
    let id = api.create_cluster(api.cluster_body("counted").await).await;
    api.cluster(&id).await;
    api.cluster(&id).await;
    let (status, counters) = api.admin(Method::GET, "/counters", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(counters["token_requests"], 1);
    assert_eq!(counters["routes"]["GET /clusters/{clusterUuid}"], 2);
    assert_eq!(counters["routes"]["POST /clusters"], 1);
    assert_eq!(counters["routes"]["GET /clusters/parameters"], 1);

    let (_, log) = api.admin(Method::GET, "/requests", None).await;
    let log_text = log.to_string();
    assert!(!log_text.contains(&api.token) && !log_text.contains("emulator-secret"));
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["method"], "GET");
    assert_eq!(last["path"], format!("/clusters/{id}"));
    assert_eq!(last["route"], "GET /clusters/{clusterUuid}");
    assert_eq!(last["status"], 200);
    assert_eq!(log[0]["route"], "POST /oauth/token");

    let (status, _) = api.admin(Method::POST, "/counters/reset", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, counters) = api.admin(Method::GET, "/counters", None).await;
    assert_eq!(counters, json!({"token_requests": 0, "routes": {}}));
    api.admin(Method::DELETE, "/requests", None).await;
    assert_eq!(api.admin(Method::GET, "/requests", None).await.1, json!([]));
}

#[tokio::test]
async fn admin_endpoints_cause_drift_out_of_band() {
    let api = Api::start(quick()).await;
    let params = api.parameters().await;
    let channel = &params["channels"][0];
    let id = api.create_cluster(api.cluster_body("drifty").await).await;
    let (_, client) = api.create_client(&id, json!({"clientName": "first"})).await;
    let client_id = client["clientId"].as_str().unwrap();

    let older = channel["allowedGenerations"][0].clone();
    let (status, _) = api
        .admin(
            Method::PATCH,
            &format!("/clusters/{id}"),
            Some(json!({"name": "renamed", "generation": older["uuid"]})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, cluster) = api.cluster(&id).await;
    assert_eq!(cluster["name"], "renamed");
    assert_eq!(cluster["generation"], older);
    let foreign = params["channels"][1]["defaultGeneration"]["uuid"].clone();
    let (status, _) = api
        .admin(
            Method::PATCH,
            &format!("/clusters/{id}"),
            Some(json!({"generation": foreign})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let client_path = format!("/clusters/{id}/clients/{client_id}");
    let (status, _) = api
        .admin(Method::PATCH, &client_path, Some(json!({"name": "second"})))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, clients) = api
        .json(Method::GET, &format!("/clusters/{id}/clients"), None)
        .await;
    assert_eq!(clients[0]["name"], "second");
    assert_eq!(
        api.admin(Method::DELETE, &client_path, None).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, clients) = api
        .json(Method::GET, &format!("/clusters/{id}/clients"), None)
        .await;
    assert_eq!(clients, json!([]));

    assert_eq!(
        api.admin(Method::DELETE, &format!("/clusters/{id}"), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.cluster(&id).await.0,
        StatusCode::NOT_FOUND,
        "gone at once"
    );
    let counters = api.admin(Method::GET, "/counters", None).await.1;
    assert!(
        counters["routes"]
            .get("DELETE /clusters/{clusterUuid}")
            .is_none(),
        "admin calls are not counted"
    );
}

// --- Connector secrets, IP allowlists, members -------------------------------------

impl Api {
    async fn secrets(&self, cluster: &str) -> Value {
        let (status, secrets) = self
            .json(Method::GET, &format!("/clusters/{cluster}/secrets"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{secrets}");
        secrets
    }

    async fn members(&self) -> Value {
        let (status, members) = self.json(Method::GET, "/members", None).await;
        assert_eq!(status, StatusCode::OK, "{members}");
        members
    }

    /// The member with this address in `GET /members`, or null.
    async fn member(&self, email: &str) -> Value {
        let members = self.members().await;
        members
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["email"] == email)
            .cloned()
            .unwrap_or(Value::Null)
    }

    async fn set_faults(&self, faults: Value) {
        let (status, answer) = self.admin(Method::PUT, "/faults", Some(faults)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
}

fn message(answer: &Value) -> &str {
    answer["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn secrets_are_listed_with_values_and_changed_strictly() {
    let api = Api::start(quick()).await;
    let cluster = api.create_cluster(api.cluster_body("secrets").await).await;
    let path = format!("/clusters/{cluster}/secrets");
    assert_eq!(api.secrets(&cluster).await, json!({}));

    let create = |name: &str, value: &str| json!({"secretName": name, "secretValue": value});
    let (status, _) = api
        .json(Method::POST, &path, Some(create("TOKEN", "t-1")))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = api
        .json(Method::POST, &path, Some(create(&"n".repeat(49), "long")))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "49 characters are allowed");
    let listed = api.secrets(&cluster).await;
    assert_eq!(listed["TOKEN"], "t-1");
    assert_eq!(listed.as_object().unwrap().len(), 2);

    let (status, answer) = api
        .json(Method::POST, &path, Some(create("TOKEN", "other")))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(message(&answer).contains("unique"), "{answer}");

    let one = format!("{path}/TOKEN");
    let (status, _) = api
        .json(Method::PUT, &one, Some(json!({"secretValue": "t-2"})))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.secrets(&cluster).await["TOKEN"], "t-2");
    let (status, _) = api
        .json(
            Method::PUT,
            &format!("{path}/MISSING"),
            Some(json!({"secretValue": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for bad in [
        json!({}),
        json!({"secretName": "A"}),
        json!({"secretName": "A", "secretValue": "v", "extra": 1}),
        create("has space", "v"),
        create("", "v"),
        create(&"n".repeat(50), "v"),
    ] {
        let (status, answer) = api.json(Method::POST, &path, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {answer}");
        assert!(!message(&answer).is_empty());
    }
    let (status, _) = api
        .json(Method::PUT, &one, Some(json!({"value": "x"})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    assert_eq!(
        api.call(Method::DELETE, &one, None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert!(api.secrets(&cluster).await.get("TOKEN").is_none());
    assert_eq!(
        api.call(Method::DELETE, &one, None).await.status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = api
        .json(Method::GET, "/clusters/unknown/secrets", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn secret_changes_conflict_while_one_is_in_progress() {
    let api = Api::start(quick()).await;
    let cluster = api.create_cluster(api.cluster_body("busy").await).await;
    let path = format!("/clusters/{cluster}/secrets");
    api.set_faults(json!({"secret_busy_ms": 60_000})).await;
    let (status, _) = api
        .json(
            Method::POST,
            &path,
            Some(json!({"secretName": "A", "secretValue": "a"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for (method, at, body) in [
        (
            Method::POST,
            path.clone(),
            Some(json!({"secretName": "B", "secretValue": "b"})),
        ),
        (
            Method::PUT,
            format!("{path}/A"),
            Some(json!({"secretValue": "changed"})),
        ),
        (Method::DELETE, format!("{path}/A"), None),
    ] {
        let (status, answer) = api.json(method.clone(), &at, body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{method} {at}");
        assert!(message(&answer).contains("in progress"), "{answer}");
    }
    assert_eq!(
        api.secrets(&cluster).await,
        json!({"A": "a"}),
        "refused changes were not made"
    );

    api.set_faults(json!({})).await;
    let (status, _) = api
        .json(
            Method::POST,
            &path,
            Some(json!({"secretName": "B", "secretValue": "b"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "the busy time ends");
}

#[tokio::test]
async fn a_deleted_secret_stays_listed_and_its_name_taken_during_the_lag() {
    let api = Api::start(quick()).await;
    let cluster = api.create_cluster(api.cluster_body("lag").await).await;
    let path = format!("/clusters/{cluster}/secrets");
    let body = json!({"secretName": "A", "secretValue": "a"});
    api.json(Method::POST, &path, Some(body.clone())).await;
    api.set_faults(json!({"secret_delete_lag_ms": 60_000}))
        .await;

    assert_eq!(
        api.call(Method::DELETE, &format!("{path}/A"), None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.secrets(&cluster).await,
        json!({"A": "a"}),
        "still listed"
    );
    let (status, answer) = api.json(Method::POST, &path, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(message(&answer).contains("being deleted"), "{answer}");
    for (method, body) in [
        (Method::PUT, Some(json!({"secretValue": "x"}))),
        (Method::DELETE, None),
    ] {
        let (status, _) = api.json(method, &format!("{path}/A"), body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "deleted already");
    }

    // The lag ends (here at once, as the admin call removes it): the name is free again.
    assert_eq!(
        api.admin(
            Method::DELETE,
            &format!("/clusters/{cluster}/secrets/A"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND,
        "admin removal treats it as deleted"
    );
    api.set_faults(json!({"secret_delete_lag_ms": 200})).await;
    let (status, _) = api
        .json(
            Method::POST,
            &path,
            Some(json!({"secretName": "B", "secretValue": "b"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    api.call(Method::DELETE, &format!("{path}/B"), None).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while api.secrets(&cluster).await.get("B").is_some() {
        assert!(Instant::now() < deadline, "the deletion never showed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (status, _) = api
        .json(
            Method::POST,
            &path,
            Some(json!({"secretName": "B", "secretValue": "again"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "the name is free after the lag"
    );
}

#[tokio::test]
async fn the_ip_allowlist_is_replaced_whole_through_either_path() {
    let api = Api::start(quick()).await;
    let cluster = api.create_cluster(api.cluster_body("allow").await).await;
    let (_, fresh) = api.cluster(&cluster).await;
    assert_eq!(fresh["ipallowlist"], json!([]));

    let rules = json!([
        {"ip": "10.0.0.0/8", "description": "office"},
        {"ip": "203.0.113.7, 2001:db8::/32", "description": ""},
    ]);
    let allowlist = format!("/clusters/{cluster}/ipallowlist");
    let (status, _) = api
        .json(Method::PUT, &allowlist, Some(json!({"ipallowlist": rules})))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, shown) = api.cluster(&cluster).await;
    assert_eq!(shown["ipallowlist"], rules);
    assert_eq!(
        shown["ipwhitelist"], rules,
        "the deprecated field shows the same"
    );

    let whitelist = format!("/clusters/{cluster}/ipwhitelist");
    let one = json!([{"ip": "192.168.1.1", "description": "vpn"}]);
    let (status, _) = api
        .json(Method::PUT, &whitelist, Some(json!({"ipwhitelist": one})))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.cluster(&cluster).await.1["ipallowlist"], one);

    for (path, bad) in [
        (
            &allowlist,
            json!({"ipallowlist": [{"ip": "10.0.0.0/33", "description": ""}]}),
        ),
        (&allowlist, json!({"ipallowlist": [{"ip": "10.0.0.0/8"}]})),
        (&allowlist, json!({"ipwhitelist": []})),
        (
            &whitelist,
            json!({"ipwhitelist": [{"ip": "nowhere", "description": ""}]}),
        ),
    ] {
        let (status, answer) = api.json(Method::PUT, path, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {answer}");
    }
    let (_, answer) = api
        .json(
            Method::PUT,
            &allowlist,
            Some(json!({"ipallowlist": [{"ip": "1.2.3.4,10.0.0.0/33", "description": ""}]})),
        )
        .await;
    assert!(message(&answer).contains("ipallowlist[0].ip"), "{answer}");
    assert!(message(&answer).contains("10.0.0.0/33"), "{answer}");
    assert_eq!(
        api.cluster(&cluster).await.1["ipallowlist"],
        one,
        "unchanged"
    );

    let (status, _) = api
        .json(Method::PUT, &allowlist, Some(json!({"ipallowlist": []})))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.cluster(&cluster).await.1["ipallowlist"], json!([]));
    let (status, _) = api
        .json(
            Method::PUT,
            "/clusters/unknown/ipallowlist",
            Some(json!({"ipallowlist": []})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn members_are_invited_updated_and_removed_but_never_the_owner() {
    let api = Api::start(quick()).await;
    assert_eq!(
        api.members().await,
        json!([{"name": "Organization Owner", "email": "owner@example.com",
                "roles": ["owner"], "invitePending": false}])
    );

    let post = |roles: Value| json!({"orgRoles": roles});
    let (status, _) = api
        .json(
            Method::POST,
            "/members/Jane@Example.com",
            Some(post(json!(["developer", "admin"]))),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let jane = api.member("jane@example.com").await;
    assert_eq!(jane["invitePending"], true);
    assert_eq!(jane["roles"], json!(["admin", "developer"]));

    let (status, _) = api
        .json(
            Method::POST,
            "/members/jane@example.com",
            Some(post(json!(["analyst"]))),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let jane = api.member("jane@example.com").await;
    assert_eq!(jane["roles"], json!(["analyst"]));
    assert_eq!(jane["invitePending"], true, "an invitation stays pending");
    assert_eq!(api.members().await.as_array().unwrap().len(), 2);

    for (email, body, status, needle) in [
        (
            "bob@example.com",
            post(json!(["owner"])),
            StatusCode::BAD_REQUEST,
            "modeler",
        ),
        (
            "bob@example.com",
            post(json!([])),
            StatusCode::BAD_REQUEST,
            "at least one",
        ),
        (
            "bob@example.com",
            post(json!(["Admin"])),
            StatusCode::BAD_REQUEST,
            "\"Admin\"",
        ),
        (
            "bob@example.com",
            json!({"roles": ["admin"]}),
            StatusCode::BAD_REQUEST,
            "roles",
        ),
        (
            "not-an-address",
            post(json!(["admin"])),
            StatusCode::BAD_REQUEST,
            "email",
        ),
        (
            "owner@example.com",
            post(json!(["admin"])),
            StatusCode::FORBIDDEN,
            "owner",
        ),
    ] {
        let (got, answer) = api
            .json(
                Method::POST,
                &format!("/members/{email}"),
                Some(body.clone()),
            )
            .await;
        assert_eq!(got, status, "{email} {body}: {answer}");
        assert!(message(&answer).contains(needle), "{answer}");
    }
    assert_eq!(api.member("bob@example.com").await, Value::Null);

    let (status, answer) = api
        .json(Method::DELETE, "/members/owner@example.com", None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(message(&answer).contains("cannot be removed"), "{answer}");
    assert_eq!(
        api.call(Method::DELETE, "/members/JANE@example.com", None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.call(Method::DELETE, "/members/jane@example.com", None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.members().await.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn admin_endpoints_change_secrets_allowlists_and_members_out_of_band() {
    let api = Api::start(quick()).await;
    let cluster = api.create_cluster(api.cluster_body("drift").await).await;
    let secret = format!("/clusters/{cluster}/secrets/TOKEN");
    let (status, _) = api
        .admin(
            Method::PUT,
            &secret,
            Some(json!({"value": "set-in-console"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.secrets(&cluster).await,
        json!({"TOKEN": "set-in-console"})
    );
    api.admin(Method::PUT, &secret, Some(json!({"value": "changed"})))
        .await;
    assert_eq!(api.secrets(&cluster).await, json!({"TOKEN": "changed"}));
    assert_eq!(
        api.admin(Method::DELETE, &secret, None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.secrets(&cluster).await, json!({}));

    let rules = json!([{"ip": "198.51.100.0/24", "description": "added by hand"}]);
    let (status, _) = api
        .admin(
            Method::PUT,
            &format!("/clusters/{cluster}/ipallowlist"),
            Some(json!({"ipallowlist": rules})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.cluster(&cluster).await.1["ipallowlist"], rules);

    api.json(
        Method::POST,
        "/members/ann@example.com",
        Some(json!({"orgRoles": ["analyst"]})),
    )
    .await;
    let (status, _) = api
        .admin(
            Method::PATCH,
            "/members/ann@example.com",
            Some(json!({"name": "Ann", "invite_pending": false, "roles": ["admin", "modeler"]})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.member("ann@example.com").await,
        json!({"name": "Ann", "email": "ann@example.com", "roles": ["admin", "modeler"], "invitePending": false})
    );
    let (status, _) = api
        .admin(
            Method::PUT,
            "/owner",
            Some(json!({"email": "ann@example.com"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.member("ann@example.com").await["roles"],
        json!(["owner"])
    );
    assert_eq!(
        api.member("owner@example.com").await["roles"],
        json!(["admin"])
    );
    let (status, _) = api
        .json(Method::DELETE, "/members/ann@example.com", None)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the new owner cannot be removed"
    );
    assert_eq!(
        api.admin(Method::DELETE, "/members/owner@example.com", None)
            .await
            .0,
        StatusCode::NO_CONTENT,
        "the former owner can"
    );
    assert_eq!(
        api.admin(Method::DELETE, "/members/ann@example.com", None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );

    let counters = api.admin(Method::GET, "/counters", None).await.1;
    assert!(
        counters["routes"]
            .get("PUT /clusters/{clusterUuid}/secrets/{secretName}")
            .is_none(),
        "admin calls are not counted: {counters}"
    );
    assert_eq!(counters["routes"]["GET /members"], 3, "{counters}");
}

#[tokio::test]
async fn the_state_file_keeps_secrets_allowlists_and_members() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        state_file: Some(dir.path().join("org.json")),
        ..quick()
    };
    let api = Api::start(config.clone()).await;
    let cluster = api.create_cluster(api.cluster_body("kept").await).await;
    api.json(
        Method::POST,
        &format!("/clusters/{cluster}/secrets"),
        Some(json!({"secretName": "A", "secretValue": "a"})),
    )
    .await;
    let rules = json!([{"ip": "10.0.0.0/8", "description": "office"}]);
    api.json(
        Method::PUT,
        &format!("/clusters/{cluster}/ipallowlist"),
        Some(json!({"ipallowlist": rules})),
    )
    .await;
    api.json(
        Method::POST,
        "/members/kim@example.com",
        Some(json!({"orgRoles": ["modeler"]})),
    )
    .await;
    let members = api.members().await;
    api.emulator.shutdown().await;

    let api = Api::start(config).await;
    assert_eq!(api.secrets(&cluster).await, json!({"A": "a"}));
    assert_eq!(api.cluster(&cluster).await.1["ipallowlist"], rules);
    assert_eq!(api.members().await, members);
}

#[test]
fn a_debug_printed_config_hides_the_secret() {
    let printed = format!("{:?}", Config::default());
    assert!(printed.contains("camunda-emulator"));
    assert!(!printed.contains("emulator-secret"));
}

// --- The binary ----------------------------------------------------------------------

#[test]
fn help_documents_every_flag() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_camunda-console-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--port",
        "--client-id",
        "--client-secret",
        "--audience",
        "--healthy-after",
        "--deleted-after",
        "--token-ttl",
        "--rate-limit",
        "--rate-limit-window",
        "--rate-limit-block",
        "--seed",
        "--state-file",
        "--latency-ms",
        "--read-error-fraction",
        "--read-error-statuses",
        "--write-error-fraction",
        "--write-error-statuses",
        "--retry-after",
        "--owner-email",
        "--secret-busy-ms",
        "--secret-delete-lag-ms",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}

#[tokio::test]
async fn the_binary_prints_its_url_and_the_exports_for_the_provider() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_camunda-console-emulator"))
        .args([
            "--port",
            "0",
            "--client-id",
            "ci-id",
            "--client-secret",
            "ci-secret",
        ])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = lines.next_line().await.unwrap().unwrap();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let mut exports = Vec::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(export) = line.strip_prefix("export ") {
            exports.push(export.to_string());
        }
        if line.starts_with("export CAMUNDA_CONSOLE_OAUTH_AUDIENCE") {
            break;
        }
    }
    assert_eq!(
        exports,
        [
            format!("CAMUNDA_CONSOLE_BASE_URL={base}"),
            format!("CAMUNDA_OAUTH_URL={base}/oauth/token"),
            "CAMUNDA_CONSOLE_CLIENT_ID=ci-id".to_string(),
            "CAMUNDA_CONSOLE_CLIENT_SECRET=ci-secret".to_string(),
            "CAMUNDA_CONSOLE_OAUTH_AUDIENCE=api.cloud.camunda.io".to_string(),
        ]
    );
    let response = http_client()
        .post(format!("{base}/oauth/token"))
        .json(
            &json!({"grant_type": "client_credentials", "client_id": "ci-id",
            "client_secret": "ci-secret", "audience": "api.cloud.camunda.io"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    child.kill().await.unwrap();
}
