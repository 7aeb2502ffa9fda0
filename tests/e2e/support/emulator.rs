//! The Console API emulator, run in-process for a test, with helpers to point a
//! workspace at it and to read its counters and admin endpoints.

use std::time::Duration;

use serde_json::Value as Json;

use camunda_provider::emulator::{
    ApiClient, AuthMode, Config, Emulator, RateLimit, read_permissions,
};

use super::Workspace;

pub struct TestEmulator {
    runtime: tokio::runtime::Runtime,
    emulator: Option<Emulator>,
    pub config: Config,
    http: reqwest::Client,
}

/// The credentials of the API client that may only read (every `get:…` permission), as
/// a CI job that runs plans would use.
pub const READER_ID: &str = "ci-plan-reader";
pub const READER_SECRET: &str = "ci-plan-reader-secret";

/// Quick enough for tests: Healthy after half a second, gone half a second after delete,
/// and a rate limit that only tests of the limit itself reach; besides the main API client,
/// a read-only one ([`READER_ID`]).
pub fn test_config() -> Config {
    Config {
        api_clients: vec![ApiClient {
            client_id: READER_ID.to_owned(),
            client_secret: READER_SECRET.into(),
            permissions: read_permissions(),
        }],
        healthy_after: Duration::from_millis(500),
        deleted_after: Duration::from_millis(500),
        rate_limit: RateLimit {
            max_requests: 0,
            ..Config::default().rate_limit
        },
        // Every test meets the clusters' reads lagging their writes.
        read_lag: Duration::from_millis(700),
        ..Config::default()
    }
}

impl TestEmulator {
    pub fn start(config: Config) -> TestEmulator {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime
            .block_on(Emulator::start(config.clone()))
            .expect("emulator starts");
        TestEmulator {
            runtime,
            emulator: Some(emulator),
            config,
            http: {
                // reqwest is built without a default TLS provider; the tests speak plain HTTP.
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::new()
            },
        }
    }

    pub fn base_url(&self) -> String {
        self.emulator.as_ref().unwrap().base_url()
    }

    /// Points the workspace's providers at this emulator, with a token cache of its own.
    pub fn configure(&self, ws: &mut Workspace) {
        let cache = ws.path().join(".token-cache");
        ws.env("CAMUNDA_CONSOLE_BASE_URL", self.base_url())
            .env(
                "CAMUNDA_OAUTH_URL",
                format!("{}/oauth/token", self.base_url()),
            )
            .env("CAMUNDA_CONSOLE_CLIENT_ID", &self.config.client_id)
            .env(
                "CAMUNDA_CONSOLE_CLIENT_SECRET",
                self.config.client_secret.expose(),
            )
            .env("CAMUNDA_CONSOLE_OAUTH_AUDIENCE", &self.config.audience)
            .env("CAMUNDA_TOKEN_CACHE_DIR", cache);
    }

    /// Points the workspace's providers at this emulator's Self-Managed cluster (`/v2`)
    /// too, as the `orchestration_api` settings' variables: its OAuth client, or with HTTP
    /// basic its user, whichever it takes (with both, a client id means OAuth).
    pub fn configure_self_managed(&self, ws: &mut Workspace) {
        self.configure(ws);
        let cluster = &self.config.self_managed;
        ws.env("CAMUNDA_REST_ADDRESS", self.base_url())
            .env("CAMUNDA_BASIC_AUTH_PASSWORD", cluster.password.expose());
        if cluster.auth == AuthMode::OAuth {
            ws.env("CAMUNDA_CLIENT_ID", &cluster.client_id)
                .env("CAMUNDA_CLIENT_SECRET", cluster.client_secret.expose());
        }
    }

    /// The objects of one kind (`roles`, `groups`, …) that the Self-Managed cluster holds.
    pub fn cluster_objects(&self, kind: &str) -> Vec<Json> {
        let listed = self.admin("GET", &format!("/orchestration/self-managed/{kind}"), None);
        listed["items"].as_array().cloned().unwrap_or_default()
    }

    /// Whether the Self-Managed cluster's API accepts `username` and `password` (HTTP basic,
    /// for an emulator started so).
    pub fn signs_in(&self, username: &str, password: &str) -> bool {
        let url = format!("{}/v2/topology", self.base_url());
        self.runtime.block_on(async {
            let request = self.http.get(url).basic_auth(username, Some(password));
            request.send().await.unwrap().status().is_success()
        })
    }

    /// Points the workspace's providers at this emulator as [`configure`] does, but with
    /// the credentials of another API client.
    pub fn configure_as(&self, ws: &mut Workspace, client_id: &str, client_secret: &str) {
        self.configure(ws);
        ws.env("CAMUNDA_CONSOLE_CLIENT_ID", client_id)
            .env("CAMUNDA_CONSOLE_CLIENT_SECRET", client_secret);
    }

    /// Points the workspace's providers at this emulator as a new API client of the
    /// organization that holds only `permissions` (`get:clusters`, …).
    pub fn configure_with_permissions(&self, ws: &mut Workspace, permissions: &[&str]) {
        let body = serde_json::json!({ "permissions": permissions });
        let created = self.admin("POST", "/api-clients", Some(body));
        let credential = |key: &str| created[key].as_str().unwrap().to_owned();
        self.configure_as(ws, &credential("client_id"), &credential("client_secret"));
    }

    /// Calls an admin endpoint (`/__emulator/...`) and returns its JSON answer.
    pub fn admin(&self, method: &str, path: &str, body: Option<Json>) -> Json {
        let url = format!("{}/__emulator{path}", self.base_url());
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        self.runtime.block_on(async {
            let mut request = self.http.request(method, &url);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.expect("emulator admin call");
            assert!(
                response.status().is_success(),
                "{url}: {}",
                response.status()
            );
            let text = response.text().await.unwrap();
            if text.is_empty() {
                Json::Null
            } else {
                serde_json::from_str(&text).unwrap()
            }
        })
    }

    pub fn counters(&self) -> Json {
        self.admin("GET", "/counters", None)
    }

    pub fn reset_counters(&self) {
        self.admin("POST", "/counters/reset", None);
    }

    /// How often the route (`"GET /clusters/{clusterUuid}"`) was called.
    pub fn calls(&self, route: &str) -> u64 {
        self.counters()["routes"][route].as_u64().unwrap_or(0)
    }

    /// Calls of the route whose answer the emulator lost.
    pub fn answers_lost(&self, route: &str) -> u64 {
        self.counters()["answers_lost"][route].as_u64().unwrap_or(0)
    }

    /// Replaces the fault settings (`PUT /__emulator/faults`); `{}` switches them off.
    pub fn set_faults(&self, faults: Json) {
        self.admin("PUT", "/faults", Some(faults));
    }

    /// The clusters that exist, as the API lists them.
    pub fn clusters(&self) -> Vec<Json> {
        let (status, clusters) = self.api("GET", "/clusters");
        assert_eq!(status, 200, "{clusters}");
        clusters.as_array().unwrap().clone()
    }

    /// The Zeebe clients of a cluster, as the API lists them.
    pub fn clients(&self, cluster_id: &str) -> Vec<Json> {
        let (status, clients) = self.api("GET", &format!("/clusters/{cluster_id}/clients"));
        assert_eq!(status, 200, "{clients}");
        clients.as_array().unwrap().clone()
    }

    pub fn token_requests(&self) -> u64 {
        self.counters()["token_requests"].as_u64().unwrap_or(0)
    }

    /// Calls the Console API itself with a fresh token, as a user's script would.
    pub fn api(&self, method: &str, path: &str) -> (u16, Json) {
        self.api_json(method, path, None)
    }
}

impl TestEmulator {
    /// Calls the Console API with a fresh token and an optional JSON body; returns the status
    /// and the JSON answer (null when the answer is empty or not JSON).
    pub fn api_json(&self, method: &str, path: &str, body: Option<Json>) -> (u16, Json) {
        let (_, token) = self.token_request(serde_json::json!({
            "grant_type": "client_credentials",
            "audience": self.config.audience,
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret,
        }));
        self.call(method, path, body, Credentials::Token(&token))
    }

    /// Calls the Self-Managed cluster's API (`/v2/...`) as a user's script would: with a
    /// token of its OAuth client, or as its first user where it takes HTTP basic.
    pub fn cluster_api(&self, method: &str, path: &str, body: Option<Json>) -> (u16, Json) {
        let cluster = &self.config.self_managed;
        if cluster.auth == AuthMode::Basic {
            let credentials = Credentials::Basic(&cluster.username, cluster.password.expose());
            return self.call(method, path, body, credentials);
        }
        let (_, token) = self.token_request(serde_json::json!({
            "grant_type": "client_credentials",
            "audience": "zeebe.camunda.io",
            "client_id": cluster.client_id,
            "client_secret": cluster.client_secret,
        }));
        self.call(method, path, body, Credentials::Token(&token))
    }

    fn call(&self, method: &str, path: &str, body: Option<Json>, auth: Credentials) -> (u16, Json) {
        self.runtime.block_on(async {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let request = self
                .http
                .request(method, format!("{}{path}", self.base_url()));
            let mut request = match auth {
                Credentials::Token(token) => {
                    request.bearer_auth(token["access_token"].as_str().unwrap())
                }
                Credentials::Basic(username, password) => {
                    request.basic_auth(username, Some(password))
                }
            };
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            (status, serde_json::from_str(&text).unwrap_or(Json::Null))
        })
    }

    /// Posts `body` (JSON) to the emulator's token endpoint, as any OAuth client would;
    /// returns the status and the JSON answer.
    pub fn token_request(&self, body: Json) -> (u16, Json) {
        self.runtime.block_on(async {
            let response = self
                .http
                .post(format!("{}/oauth/token", self.base_url()))
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            (status, serde_json::from_str(&text).unwrap_or(Json::Null))
        })
    }
}

impl Drop for TestEmulator {
    fn drop(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            self.runtime.block_on(emulator.shutdown());
        }
    }
}

impl TestEmulator {
    /// Creates a cluster through the API, in the first channel, region and plan type, and
    /// returns its id without waiting for it.
    pub fn create_cluster(&self, name: &str) -> String {
        let (status, parameters) = self.api_json("GET", "/clusters/parameters", None);
        assert_eq!(status, 200, "{parameters}");
        let channel = &parameters["channels"][0];
        let body = serde_json::json!({
            "name": name,
            "channelId": channel["uuid"],
            "generationId": channel["defaultGeneration"]["uuid"],
            "regionId": parameters["regions"][0]["uuid"],
            "planTypeId": parameters["clusterPlanTypes"][0]["uuid"],
        });
        let (status, created) = self.api_json("POST", "/clusters", Some(body));
        assert!((200..300).contains(&status), "{status}: {created}");
        created["clusterId"].as_str().unwrap().to_owned()
    }

    /// Creates a cluster as `create_cluster` does and waits until it is Healthy.
    pub fn healthy_cluster(&self, name: &str) -> String {
        let id = self.create_cluster(name);
        self.wait_until_healthy(&id);
        id
    }

    /// Waits until cluster `id` is Healthy.
    pub fn wait_until_healthy(&self, id: &str) {
        for _ in 0..300 {
            let (_, cluster) = self.api_json("GET", &format!("/clusters/{id}"), None);
            if cluster["status"]["ready"] == "Healthy" {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("cluster {id} never became Healthy");
    }
}

/// How a test calls an API: with an OAuth token answer, or with HTTP basic.
enum Credentials<'a> {
    Token(&'a Json),
    Basic(&'a str, &'a str),
}
