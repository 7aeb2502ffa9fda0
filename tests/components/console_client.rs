//! The Console API client against small in-test servers on loopback: token sharing through the
//! disk cache (across clients and processes), renewal, rate limits, rejected credentials,
//! retries, error mapping, and the absence of secrets in logs.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use camunda_provider::console::{
    Client, CreateClient, CreateCluster, ErrorKind, RetryPolicy, Settings, SettingsInput,
    TokenCache, env,
};
use camunda_provider::logging::{CaptureBuffer, layer};
use serde_json::{Value, json};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;

const CREDENTIAL_SECRET: &str = "cred-secret-5f1e9a";
const CLIENT_SECRET_FROM_API: &str = "zeebe-secret-77c2d0";
const CONNECTOR_SECRET_VALUE: &str = "connector-secret-3b8e41";

/// A scripted answer.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Value,
}

impl Reply {
    fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: vec![],
            body: json!({"message": format!("scripted {status}")}),
        }
    }

    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: vec![],
            body,
        }
    }

    fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap();
        let mut response = if self.body.is_null() {
            status.into_response()
        } else {
            (status, axum::Json(self.body)).into_response()
        };
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value.parse().unwrap());
        }
        response
    }
}

struct ApiHit {
    method: Method,
    path: String,
    authorization: Option<String>,
    body: String,
}

/// Token endpoint and API in one server. Without a scripted reply, the token endpoint issues
/// `tok-<client_id>-<n>` and the API answers like a healthy Console.
struct Fake {
    token_requests: Mutex<Vec<Value>>,
    token_replies: Mutex<VecDeque<Reply>>,
    token_lifetime_s: Mutex<u64>,
    token_delay: Duration,
    api_hits: Mutex<Vec<ApiHit>>,
    api_replies: Mutex<VecDeque<Reply>>,
}

impl Fake {
    fn token_count(&self) -> usize {
        self.token_requests.lock().unwrap().len()
    }

    fn script_tokens(&self, replies: impl IntoIterator<Item = Reply>) {
        self.token_replies.lock().unwrap().extend(replies);
    }

    fn script_api(&self, replies: impl IntoIterator<Item = Reply>) {
        self.api_replies.lock().unwrap().extend(replies);
    }

    fn hits(&self, method: &Method) -> usize {
        self.api_hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.method == method)
            .count()
    }

    fn authorizations(&self) -> Vec<String> {
        self.api_hits
            .lock()
            .unwrap()
            .iter()
            .map(|h| h.authorization.clone().unwrap_or_default())
            .collect()
    }
}

struct Server {
    fake: Arc<Fake>,
    base: String,
}

async fn start() -> Server {
    start_with_delay(Duration::ZERO).await
}

/// Every test here logs into this one buffer at trace level, so that the log test checks the
/// output of all of them. (A global subscriber, because per-thread ones miss events when tests
/// on other threads hit the same call sites first.) It takes the events of the client and of
/// these tests only, not those of the other parts tested in the same binary.
fn logs() -> &'static CaptureBuffer {
    static LOGS: OnceLock<CaptureBuffer> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = CaptureBuffer::new();
        let sources = Targets::new()
            .with_target("camunda_provider::console", LevelFilter::TRACE)
            // The requests and answers are logged by the pipeline the clients share.
            .with_target("camunda_provider::http_client", LevelFilter::TRACE)
            .with_target(module_path!(), LevelFilter::TRACE);
        let subscriber =
            tracing_subscriber::registry().with(layer(buffer.clone()).with_filter(sources));
        tracing::subscriber::set_global_default(subscriber).unwrap();
        buffer
    })
}

async fn start_with_delay(token_delay: Duration) -> Server {
    logs();
    let fake = Arc::new(Fake {
        token_requests: Mutex::default(),
        token_replies: Mutex::default(),
        token_lifetime_s: Mutex::new(3600),
        token_delay,
        api_hits: Mutex::default(),
        api_replies: Mutex::default(),
    });
    let app = Router::new()
        .route("/oauth/token", post(token_endpoint))
        .fallback(api_endpoint)
        .with_state(Arc::clone(&fake));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { fake, base }
}

async fn token_endpoint(State(fake): State<Arc<Fake>>, body: axum::Json<Value>) -> Reply {
    tokio::time::sleep(fake.token_delay).await;
    let count = {
        let mut requests = fake.token_requests.lock().unwrap();
        requests.push(body.0.clone());
        requests.len()
    };
    if let Some(reply) = fake.token_replies.lock().unwrap().pop_front() {
        return reply;
    }
    let client_id = body.0["client_id"].as_str().unwrap_or_default();
    let expires_in = *fake.token_lifetime_s.lock().unwrap();
    Reply::json(
        200,
        json!({"access_token": format!("tok-{client_id}-{count}"), "token_type": "Bearer", "expires_in": expires_in}),
    )
}

async fn api_endpoint(
    State(fake): State<Arc<Fake>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Reply {
    let path = uri.path().to_owned();
    fake.api_hits.lock().unwrap().push(ApiHit {
        method: method.clone(),
        path: path.clone(),
        authorization: headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned()),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    if let Some(reply) = fake.api_replies.lock().unwrap().pop_front() {
        return reply;
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["clusters"]) => Reply::json(200, json!([cluster_json("c1")])),
        ("GET", ["clusters", id]) => Reply::json(200, cluster_json(id)),
        ("POST", ["clusters"]) => Reply::json(200, json!({"clusterId": "new-cluster"})),
        ("POST", ["clusters", _, "clients"]) => Reply::json(
            200,
            json!({"clientId": "zc1", "clientSecret": CLIENT_SECRET_FROM_API, "name": "worker",
                   "uuid": "u-zc1", "permissions": ["Zeebe"]}),
        ),
        ("GET", ["clusters", id, "clients", client]) => Reply::json(
            200,
            json!({"name": "worker", "ZEEBE_CLIENT_ID": client, "ZEEBE_ADDRESS": format!("{id}.zeebe:443"),
                   "ZEEBE_AUTHORIZATION_SERVER_URL": "http://login/oauth/token"}),
        ),
        ("GET", ["clusters", _, "secrets"]) => {
            Reply::json(200, json!({"API_KEY": CONNECTOR_SECRET_VALUE}))
        }
        ("GET", ["members"]) => Reply::json(
            200,
            json!([{"name": "Jo", "email": "jo@example.com", "roles": ["admin"], "invitePending": true}]),
        ),
        ("DELETE", _)
        | ("PATCH", ["clusters", _])
        | ("POST", ["clusters", _, "secrets"])
        | ("PUT", ["clusters", _, "secrets", _])
        | ("PUT", ["clusters", _, "ipallowlist"])
        | ("POST", ["members", _]) => Reply::json(204, Value::Null),
        _ => Reply::status(404),
    }
}

fn cluster_json(id: &str) -> Value {
    let id_name = json!({"uuid": "x", "name": "x"});
    json!({
        "uuid": id, "name": "prod", "created": "2024-01-02T03:04:05Z", "ownerId": "o", "autoUpdate": true,
        "channel": id_name, "generation": id_name, "region": id_name, "planType": id_name,
        "status": {"ready": "Healthy", "zeebeStatus": "Healthy"},
        "links": {"zeebe": format!("{id}.zeebe")},
        "ipwhitelist": [{"ip": "10.0.0.0/8", "description": "office"}],
    })
}

fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
        ..RetryPolicy::default()
    }
}

/// Time limits short enough for tests of what happens when no answer comes: a call that
/// ends before its attempts are used up.
fn short_limits() -> RetryPolicy {
    RetryPolicy {
        attempt_timeout: Duration::from_millis(500),
        call_timeout: Duration::from_secs(1),
        ..fast_retries(4)
    }
}

/// A server that takes connections and never answers, and how many it took.
async fn silent_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let taken = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&taken);
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (url, taken)
}

/// The seconds an error says it waited ("after 1.2 s").
fn reported_wait(text: &str) -> f64 {
    let after = text.split("after ").nth(1).expect("the wait is given");
    after.split(" s").next().unwrap().parse().unwrap()
}

fn settings(base: &str, client_id: &str, cache: TokenCache) -> Settings {
    let explicit = SettingsInput {
        client_id: Some(client_id.to_owned()),
        client_secret: Some(CREDENTIAL_SECRET.into()),
        api_url: Some(base.to_owned()),
        oauth_url: Some(format!("{base}/oauth/token")),
        ..SettingsInput::default()
    };
    let mut settings = Settings::resolve(explicit, &|_| None);
    settings.token_cache = cache;
    settings.retry = fast_retries(4);
    settings
}

fn client(settings: Settings) -> Client {
    Client::new(settings).unwrap()
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect()
}

#[tokio::test]
async fn two_clients_sharing_a_cache_dir_make_one_token_request() {
    let server = start_with_delay(Duration::from_millis(100)).await;
    let dir = tempfile::tempdir().unwrap();
    let first = client(settings(
        &server.base,
        "id-a",
        TokenCache::Disk(dir.path().into()),
    ));
    let second = client(settings(
        &server.base,
        "id-a",
        TokenCache::Disk(dir.path().into()),
    ));
    let calls = (0..4)
        .flat_map(|_| [first.clone(), second.clone()])
        .map(|c| async move { c.list_clusters().await });
    for result in futures_util::future::join_all(calls).await {
        assert_eq!(result.unwrap()[0].uuid, "c1");
    }
    let third = client(settings(
        &server.base,
        "id-a",
        TokenCache::Disk(dir.path().into()),
    ));
    third.get_cluster("c9").await.unwrap();

    assert_eq!(server.fake.token_count(), 1);
    let authorizations = server.fake.authorizations();
    assert_eq!(authorizations.len(), 9);
    assert!(
        authorizations.iter().all(|a| a == "Bearer tok-id-a-1"),
        "{authorizations:?}"
    );
}

/// Run only as a child process of `two_processes_share_one_token`.
#[tokio::test]
#[ignore = "started as a child process by two_processes_share_one_token"]
async fn child_process_lists_clusters() {
    let base = std::env::var("CONSOLE_TEST_CHILD_BASE").unwrap();
    let dir = std::env::var("CONSOLE_TEST_CHILD_CACHE").unwrap();
    let clusters = client(settings(&base, "id-a", TokenCache::Disk(dir.into())))
        .list_clusters()
        .await
        .unwrap();
    assert_eq!(clusters.len(), 1);
}

async fn run_children(server: &Server, cache: &Path, count: usize) {
    let children = (0..count).map(|_| {
        tokio::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "console_client::child_process_lists_clusters",
                "--exact",
                "--ignored",
                "--test-threads=1",
            ])
            .env("CONSOLE_TEST_CHILD_BASE", &server.base)
            .env("CONSOLE_TEST_CHILD_CACHE", cache)
            .output()
    });
    for output in futures_util::future::join_all(children).await {
        let output = output.unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout.contains("1 passed"),
            "the child test did not run: {stdout}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_token() {
    let server = start_with_delay(Duration::from_millis(200)).await;
    let sequential = tempfile::tempdir().unwrap();
    run_children(&server, sequential.path(), 1).await;
    run_children(&server, sequential.path(), 1).await;
    assert_eq!(server.fake.token_count(), 1);

    let concurrent = tempfile::tempdir().unwrap();
    run_children(&server, concurrent.path(), 3).await;
    assert_eq!(server.fake.token_count(), 2);
    assert_eq!(server.fake.hits(&Method::GET), 5);
}

#[tokio::test]
async fn token_is_renewed_near_expiry() {
    let server = start().await;
    *server.fake.token_lifetime_s.lock().unwrap() = 2;
    let dir = tempfile::tempdir().unwrap();
    let console = client(settings(
        &server.base,
        "id-a",
        TokenCache::Disk(dir.path().into()),
    ));
    console.list_clusters().await.unwrap();
    console.list_clusters().await.unwrap();
    assert_eq!(server.fake.token_count(), 1);
    // A two-second token is renewed in its last tenth: after two seconds it must be replaced.
    tokio::time::sleep(Duration::from_secs(2)).await;
    console.list_clusters().await.unwrap();
    assert_eq!(server.fake.token_count(), 2);
    assert_eq!(
        server.fake.authorizations(),
        [
            "Bearer tok-id-a-1",
            "Bearer tok-id-a-1",
            "Bearer tok-id-a-2"
        ]
    );
}

#[tokio::test]
async fn rate_limited_token_requests_wait_and_succeed() {
    let server = start().await;
    server.fake.script_tokens([
        Reply::status(429).header("retry-after", "1"),
        Reply::status(429),
    ]);
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let started = tokio::time::Instant::now();
    console.list_clusters().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
    assert_eq!(server.fake.token_count(), 3);
    assert_eq!(server.fake.authorizations(), ["Bearer tok-id-a-3"]);
}

#[tokio::test]
async fn persistent_token_rate_limit_gives_a_clear_error() {
    let server = start().await;
    server.fake.script_tokens(vec![Reply::status(429); 10]);
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let error = console.list_clusters().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TokenRateLimited);
    assert!(error.to_string().contains("rate-limiting"), "{error}");
    assert_eq!(server.fake.token_count(), 4);
    assert_eq!(server.fake.hits(&Method::GET), 0);
}

#[tokio::test]
async fn rejected_credentials_fail_after_one_request() {
    let server = start().await;
    server.fake.script_tokens(vec![
        Reply::json(
            401,
            json!({"error": "access_denied", "error_description": "Unauthorized"})
        );
        3
    ]);
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let error = console.list_clusters().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidCredentials);
    let text = error.to_string();
    for needle in [
        "client_id",
        "client_secret",
        env::CLIENT_ID,
        env::CLIENT_SECRET,
        "Unauthorized",
    ] {
        assert!(text.contains(needle), "{needle} missing from: {text}");
    }
    assert!(!text.contains(CREDENTIAL_SECRET), "{text}");
    assert_eq!(server.fake.token_count(), 1);
    assert_eq!(server.fake.hits(&Method::GET), 0);
}

#[cfg(unix)]
#[tokio::test]
async fn cache_folder_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let server = start().await;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("nested").join("cache");
    client(settings(
        &server.base,
        "id-a",
        TokenCache::Disk(dir.clone()),
    ))
    .list_clusters()
    .await
    .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let tokens = files_with_extension(&dir, "json");
    let locks = files_with_extension(&dir, "lock");
    assert_eq!((tokens.len(), locks.len()), (1, 1));
    assert_eq!(mode(&tokens[0]), 0o600);
    assert_eq!(mode(&locks[0]), 0o600);
    // The file is named by a hash: neither the client id nor the secret shows in it.
    let name = tokens[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(!name.contains("id-a") && !name.contains(CREDENTIAL_SECRET));
}

#[tokio::test]
async fn corrupt_cache_file_is_ignored_and_replaced() {
    let server = start().await;
    let dir = tempfile::tempdir().unwrap();
    let make = || {
        client(settings(
            &server.base,
            "id-a",
            TokenCache::Disk(dir.path().into()),
        ))
    };
    make().list_clusters().await.unwrap();
    let files = files_with_extension(dir.path(), "json");
    assert_eq!(files.len(), 1);
    std::fs::write(&files[0], b"{not json").unwrap();

    make().list_clusters().await.unwrap();
    assert_eq!(server.fake.token_count(), 2);
    let stored: Value = serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
    assert_eq!(stored["access_token"], "tok-id-a-2");

    // The replaced file serves the next client.
    make().list_clusters().await.unwrap();
    assert_eq!(server.fake.token_count(), 2);
}

#[tokio::test]
async fn different_client_ids_get_different_tokens() {
    let server = start().await;
    let dir = tempfile::tempdir().unwrap();
    let a = client(settings(
        &server.base,
        "id-a",
        TokenCache::Disk(dir.path().into()),
    ));
    let b = client(settings(
        &server.base,
        "id-b",
        TokenCache::Disk(dir.path().into()),
    ));
    a.list_clusters().await.unwrap();
    b.list_clusters().await.unwrap();
    a.list_clusters().await.unwrap();
    assert_eq!(server.fake.token_count(), 2);
    assert_eq!(
        server.fake.authorizations(),
        [
            "Bearer tok-id-a-1",
            "Bearer tok-id-b-2",
            "Bearer tok-id-a-1"
        ]
    );
    assert_eq!(files_with_extension(dir.path(), "json").len(), 2);
}

#[tokio::test]
async fn disabled_disk_cache_keeps_tokens_in_memory() {
    let server = start().await;
    let dir = tempfile::tempdir().unwrap();
    let dir_text = dir.path().to_string_lossy().into_owned();
    let env = |name: &str| match name {
        env::TOKEN_CACHE_DIR => Some(dir_text.clone()),
        env::TOKEN_DISK_CACHE_DISABLE => Some("true".to_owned()),
        _ => None,
    };
    let make = || {
        let mut resolved = Settings::resolve(
            SettingsInput {
                client_id: Some("id-a".into()),
                client_secret: Some(CREDENTIAL_SECRET.into()),
                api_url: Some(server.base.clone()),
                oauth_url: Some(format!("{}/oauth/token", server.base)),
                ..SettingsInput::default()
            },
            &env,
        );
        assert_eq!(resolved.token_cache, TokenCache::MemoryOnly);
        resolved.retry = fast_retries(4);
        client(resolved)
    };
    let first = make();
    first.list_clusters().await.unwrap();
    first.list_clusters().await.unwrap();
    make().list_clusters().await.unwrap();
    assert_eq!(server.fake.token_count(), 2);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn get_is_retried_on_503_and_post_is_not() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    server
        .fake
        .script_api([Reply::status(503), Reply::status(503)]);
    assert_eq!(console.list_clusters().await.unwrap().len(), 1);
    assert_eq!(server.fake.hits(&Method::GET), 3);

    server.fake.script_api([Reply::status(503)]);
    let error = console
        .create_cluster(&create_cluster_body())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Server);
    assert_eq!(server.fake.hits(&Method::POST), 1);
    // The next POST goes through: nothing was left queued by a hidden retry.
    assert_eq!(
        console
            .create_cluster(&create_cluster_body())
            .await
            .unwrap(),
        "new-cluster"
    );
}

#[tokio::test]
async fn a_create_is_repeated_only_when_the_server_refused_it() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    server.fake.script_api([
        Reply::status(429).header("retry-after", "0"),
        Reply::status(503).header("retry-after", "0"),
    ]);
    assert_eq!(
        console
            .create_cluster(&create_cluster_body())
            .await
            .unwrap(),
        "new-cluster"
    );
    assert_eq!(server.fake.hits(&Method::POST), 3);

    // Without a refusal the server may have acted: the caller must look, not the client.
    for reply in [
        Reply::status(503),
        Reply::status(502).header("retry-after", "0"),
    ] {
        server.fake.script_api([reply]);
        let before = server.fake.hits(&Method::POST);
        let error = console
            .create_cluster(&create_cluster_body())
            .await
            .unwrap_err();
        assert!(error.outcome_unknown(), "{error}");
        assert_eq!(server.fake.hits(&Method::POST), before + 1);
    }

    // Refusals until the attempts are used up: the error says so.
    server
        .fake
        .script_api(vec![Reply::status(429).header("retry-after", "0"); 4]);
    let error = console
        .create_client("c1", &create_client_body())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert!(!error.outcome_unknown(), "{error}");
    let text = error.to_string();
    assert!(text.contains("gave up after 4 attempts"), "{text}");
    assert!(text.contains("attempts allowed were used up"), "{text}");
}

#[tokio::test]
async fn a_create_whose_deadline_has_passed_is_not_sent() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let passed = tokio::time::Instant::now();
    let error = console
        .with_deadline(passed)
        .create_cluster(&create_cluster_body())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotSent, "{error}");
    assert!(error.to_string().contains("was not sent"), "{error}");
    assert_eq!(server.fake.hits(&Method::POST), 0);
}

fn create_cluster_body() -> CreateCluster {
    CreateCluster {
        name: "prod".into(),
        channel_id: "ch".into(),
        generation_id: "gen".into(),
        region_id: "reg".into(),
        plan_type_id: "plan".into(),
        auto_update: None,
        backup_region_id: None,
        stage_label: None,
        description: None,
        encryption: None,
    }
}

#[tokio::test]
async fn retries_stop_at_the_attempt_bound() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    server.fake.script_api(vec![Reply::status(502); 10]);
    let error = console.delete_cluster("c1").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Server);
    assert_eq!(server.fake.hits(&Method::DELETE), 4);
}

#[tokio::test]
async fn rate_limited_calls_honour_retry_after() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    server
        .fake
        .script_api([Reply::status(429).header("retry-after", "1")]);
    let started = tokio::time::Instant::now();
    console.get_cluster("c1").await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.fake.hits(&Method::GET), 2);
}

#[tokio::test]
async fn retries_end_at_the_deadline() {
    let server = start().await;
    let mut resolved = settings(&server.base, "id-a", TokenCache::MemoryOnly);
    resolved.retry = fast_retries(u32::MAX);
    let console = client(resolved);
    server.fake.script_api(vec![Reply::status(503); 100_000]);
    let deadline = tokio::time::Instant::now() + Duration::from_millis(300);
    let error = console
        .with_deadline(deadline)
        .list_clusters()
        .await
        .unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert!(server.fake.hits(&Method::GET) >= 2);
}

#[tokio::test]
async fn refused_token_is_renewed_once() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    server.fake.script_api([Reply::status(401)]);
    console
        .create_client("c1", &create_client_body())
        .await
        .unwrap();
    assert_eq!(server.fake.token_count(), 2);
    assert_eq!(
        server.fake.authorizations(),
        ["Bearer tok-id-a-1", "Bearer tok-id-a-2"]
    );

    server
        .fake
        .script_api([Reply::status(401), Reply::status(401)]);
    let error = console.list_clusters().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert_eq!(server.fake.token_count(), 3);
}

fn create_client_body() -> CreateClient {
    CreateClient {
        client_name: "worker".into(),
        permissions: Some(vec!["Zeebe".into()]),
    }
}

#[tokio::test]
async fn missing_credentials_fail_only_when_the_api_is_needed() {
    let server = start().await;
    let mut resolved = Settings::resolve(
        SettingsInput {
            api_url: Some(server.base.clone()),
            oauth_url: Some(format!("{}/oauth/token", server.base)),
            ..SettingsInput::default()
        },
        &|_| None,
    );
    resolved.token_cache = TokenCache::MemoryOnly;
    let console = Client::new(resolved).expect("a client without credentials can be built");
    let error = console.list_clusters().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::MissingCredentials);
    let text = error.to_string();
    for needle in [
        "client_id",
        env::CLIENT_ID,
        "client_secret",
        env::CLIENT_SECRET,
    ] {
        assert!(text.contains(needle), "{needle} missing from: {text}");
    }
    assert_eq!(server.fake.token_count(), 0);
}

#[tokio::test]
async fn answers_map_onto_error_kinds_that_name_the_call() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));

    server
        .fake
        .script_api([Reply::json(404, json!({"message": "Cluster not found"}))]);
    let error = console.get_cluster("gone").await.unwrap_err();
    assert!(error.is_not_found());
    let text = error.to_string();
    for needle in ["GET", "/clusters/gone", "404", "Cluster not found"] {
        assert!(text.contains(needle), "{needle} missing from: {text}");
    }

    server.fake.script_api([Reply::status(412)]);
    assert!(
        console
            .get_client("c1", "zc1")
            .await
            .unwrap_err()
            .is_not_ready()
    );

    server
        .fake
        .script_api([Reply::json(400, json!({"message": "Name is too long"}))]);
    match console
        .create_cluster(&create_cluster_body())
        .await
        .unwrap_err()
    {
        camunda_provider::console::Error::BadRequest { message, .. } => {
            assert_eq!(message, "Name is too long")
        }
        other => panic!("expected a bad request, got {other:?}"),
    }

    server.fake.script_api([Reply::status(403)]);
    assert_eq!(
        console.delete_client("c1", "zc1").await.unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    server.fake.script_api([Reply::status(409)]);
    assert_eq!(
        console.upgrade_cluster("c1").await.unwrap_err().kind(),
        ErrorKind::Conflict
    );
}

#[tokio::test]
async fn missing_fields_in_answers_are_named() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let mut incomplete = cluster_json("c1");
    incomplete.as_object_mut().unwrap().remove("region");
    incomplete["brandNewField"] = json!({"any": "thing"});
    server.fake.script_api([Reply::json(200, incomplete)]);
    let error = console.get_cluster("c1").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(error.to_string().contains("`region`"), "{error}");
}

#[tokio::test]
async fn every_endpoint_uses_its_method_and_path() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let upgrade = json!({"cluster": {"id": "c1", "name": "prod"}, "oldGeneration": {"id": "g1", "name": "8.5"},
                         "newGeneration": {"id": "g2", "name": "8.6"}, "orgId": "org"});
    let parameters = json!({
        "channels": [{"uuid": "ch", "name": "Stable", "defaultGeneration": {"uuid": "g", "name": "8.6"},
                      "allowedGenerations": [{"uuid": "g", "name": "8.6"}]}],
        "regions": [{"uuid": "r", "name": "Belgium", "provider": "GCP", "region": "europe-west1"}],
        "clusterPlanTypes": [{"uuid": "p", "name": "Basic"}],
    });
    let clients = json!([{"clientId": "zc1", "name": "worker", "permissions": ["Zeebe"]}]);

    console
        .update_cluster("c1", &Default::default())
        .await
        .unwrap();
    server.fake.script_api([Reply::json(200, upgrade)]);
    assert_eq!(
        console
            .upgrade_cluster("c1")
            .await
            .unwrap()
            .new_generation
            .name,
        "8.6"
    );
    server.fake.script_api([Reply::json(200, parameters)]);
    assert_eq!(
        console.parameters().await.unwrap().regions[0].provider,
        "GCP"
    );
    server.fake.script_api([Reply::json(200, clients)]);
    assert_eq!(
        console.list_clients("c1").await.unwrap()[0].client_id,
        "zc1"
    );
    let details = console.get_client("c1", "zc1").await.unwrap();
    assert_eq!(details.zeebe_address, "c1.zeebe:443");
    let created = console
        .create_client("c1", &create_client_body())
        .await
        .unwrap();
    assert_eq!(created.client_secret.expose(), CLIENT_SECRET_FROM_API);
    console.delete_client("c1", "zc1").await.unwrap();
    console.delete_cluster("c 1/x").await.unwrap();

    let calls: Vec<String> = server
        .fake
        .api_hits
        .lock()
        .unwrap()
        .iter()
        .map(|h| format!("{} {}", h.method, h.path))
        .collect();
    assert_eq!(
        calls,
        [
            "PATCH /clusters/c1",
            "PUT /clusters/c1/upgrade",
            "GET /clusters/parameters",
            "GET /clusters/c1/clients",
            "GET /clusters/c1/clients/zc1",
            "POST /clusters/c1/clients",
            "DELETE /clusters/c1/clients/zc1",
            "DELETE /clusters/c%201%2Fx",
        ]
    );
}

#[tokio::test]
async fn no_secret_or_token_appears_in_trace_logs() {
    let server = start().await;
    let dir = tempfile::tempdir().unwrap();
    let console = client(settings(
        &server.base,
        "id-a",
        TokenCache::Disk(dir.path().into()),
    ));
    console.list_clusters().await.unwrap();
    let created = console
        .create_client("c1", &create_client_body())
        .await
        .unwrap();
    assert_eq!(created.client_secret.expose(), CLIENT_SECRET_FROM_API);
    server.fake.script_api([Reply::json(
        500,
        json!({"clientSecret": CLIENT_SECRET_FROM_API}),
    )]);
    console.get_client("c1", "zc1").await.unwrap();
    server.fake.script_tokens([Reply::json(
        401,
        json!({"error": "invalid_client", "error_description": format!("bad secret {CREDENTIAL_SECRET}")}),
    )]);
    let other = client(settings(
        &server.base,
        "id-b",
        TokenCache::Disk(dir.path().into()),
    ));
    let error = other.list_clusters().await.unwrap_err();
    tracing::error!(error = %error, "reported error");
    let secrets = console.list_secrets("c1").await.unwrap();
    assert_eq!(secrets["API_KEY"].expose(), CONNECTOR_SECRET_VALUE);
    console
        .update_secret("c1", "API_KEY", &CONNECTOR_SECRET_VALUE.into())
        .await
        .unwrap();

    let logs = logs().contents();
    let lines: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let levels: Vec<&str> = lines
        .iter()
        .map(|l| l["@level"].as_str().unwrap())
        .collect();
    assert!(
        levels.contains(&"trace") && levels.contains(&"debug"),
        "{logs}"
    );
    assert!(
        logs.contains("Console API answer body") && logs.contains("[redacted]"),
        "{logs}"
    );
    assert!(logs.contains("API_KEY"), "secret names are logged: {logs}");
    for secret in [
        CONNECTOR_SECRET_VALUE,
        CREDENTIAL_SECRET,
        CLIENT_SECRET_FROM_API,
        "tok-id-",
        "Bearer ",
    ] {
        assert!(
            !logs.contains(secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
}

#[tokio::test]
async fn an_api_that_never_answered_is_given_up_on_and_later_calls_fail_at_once() {
    let server = start().await;
    let mut settings = settings(&server.base, "id-a", TokenCache::MemoryOnly);
    settings.api_url = "http://127.0.0.1:9".to_owned();
    let console = client(settings);

    let first = console.list_clusters().await.unwrap_err();
    assert_eq!(first.kind(), ErrorKind::Unreachable);
    let text = first.to_string();
    for needle in ["http://127.0.0.1:9", "`api_url`", env::API_URL] {
        assert!(text.contains(needle), "{text}");
    }
    let later = console.parameters().await.unwrap_err();
    assert_eq!(later.kind(), ErrorKind::Unreachable);
    assert!(!later.to_string().contains(env::API_URL), "{later}");
    assert_eq!(server.fake.token_count(), 1);
}

#[tokio::test]
async fn an_api_that_answered_before_is_retried_when_a_connection_fails() {
    // An API that answers one call, then stops listening.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    let serve_once = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await.unwrap();
        let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]";
        socket.write_all(answer.as_bytes()).await.unwrap();
    });
    let server = start().await;
    let mut settings = settings(&server.base, "id-a", TokenCache::MemoryOnly);
    settings.api_url = api;
    let console = client(settings);

    assert!(console.list_clusters().await.unwrap().is_empty());
    serve_once.await.unwrap();
    let error = console.list_clusters().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
}

/// Asserts that `error`, of a call that took `took`, is the full account of `url` not
/// answering: it names the URL, the attribute and its variable, and how long it waited.
fn assert_tells_no_answer(
    error: &camunda_provider::console::Error,
    took: Duration,
    names: [&str; 3],
) {
    assert_eq!(error.kind(), ErrorKind::NoAnswer, "{error}");
    let text = error.to_string();
    for needle in names {
        assert!(text.contains(needle), "{needle} missing from: {text}");
    }
    let waited = reported_wait(&text);
    let attempt = short_limits().attempt_timeout.as_secs_f64();
    assert!(
        waited >= attempt - 0.05 && waited <= took.as_secs_f64() + 0.05,
        "{text} (took {took:?})"
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[tokio::test]
async fn a_silent_api_fails_within_the_call_limit_and_later_calls_fail_at_once() {
    let server = start().await;
    let (silent, taken) = silent_server().await;
    let mut settings = settings(&server.base, "id-a", TokenCache::MemoryOnly);
    settings.api_url = silent.clone();
    settings.retry = short_limits();
    let console = client(settings);

    let started = tokio::time::Instant::now();
    let first = console.list_clusters().await.unwrap_err();
    assert_tells_no_answer(
        &first,
        started.elapsed(),
        [
            &format!("no answer from {silent} after"),
            "`api_url`",
            env::API_URL,
        ],
    );
    let connections = taken.load(Ordering::SeqCst);
    assert!(connections >= 1);

    let later = console.parameters().await.unwrap_err();
    assert_eq!(later.kind(), ErrorKind::NoAnswer);
    assert!(later.to_string().contains(&silent), "{later}");
    assert!(!later.to_string().contains(env::API_URL), "{later}");
    assert_eq!(taken.load(Ordering::SeqCst), connections, "not tried again");
}

#[tokio::test]
async fn a_silent_token_service_fails_within_the_call_limit_and_later_calls_fail_at_once() {
    let server = start().await;
    let (silent, taken) = silent_server().await;
    let oauth_url = format!("{silent}/oauth/token");
    let mut settings = settings(&server.base, "id-a", TokenCache::MemoryOnly);
    settings.oauth_url = oauth_url.clone();
    settings.retry = short_limits();
    let console = client(settings);

    let started = tokio::time::Instant::now();
    let first = console.list_clusters().await.unwrap_err();
    assert_tells_no_answer(
        &first,
        started.elapsed(),
        [
            &format!("no answer from {oauth_url} after"),
            "`oauth_url`",
            env::OAUTH_URL,
        ],
    );
    let connections = taken.load(Ordering::SeqCst);

    let later = console.get_cluster("c1").await.unwrap_err();
    assert_eq!(later.kind(), ErrorKind::NoAnswer);
    assert!(!later.to_string().contains(env::OAUTH_URL), "{later}");
    assert_eq!(taken.load(Ordering::SeqCst), connections, "not tried again");
    assert_eq!(server.fake.hits(&Method::GET), 0);
}

#[tokio::test]
async fn an_api_that_answered_before_and_then_hangs_is_retried_within_the_call_limit() {
    // An API that answers its first request, then takes requests and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    let taken = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&taken);
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await.unwrap();
        let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]";
        socket.write_all(answer.as_bytes()).await.unwrap();
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    let server = start().await;
    let mut settings = settings(&server.base, "id-a", TokenCache::MemoryOnly);
    settings.api_url = api.clone();
    settings.retry = short_limits();
    let console = client(settings);
    assert!(console.list_clusters().await.unwrap().is_empty());

    let started = tokio::time::Instant::now();
    let error = console.list_clusters().await.unwrap_err();
    assert_tells_no_answer(
        &error,
        started.elapsed(),
        [
            &format!("no answer from {api} after"),
            "`api_url`",
            env::API_URL,
        ],
    );
    assert!(error.to_string().contains("one call may take"), "{error}");
    assert!(taken.load(Ordering::SeqCst) >= 2, "retried");

    // A create whose answer does not come is not repeated: what it made is unknown.
    let before = taken.load(Ordering::SeqCst);
    let error = console
        .create_cluster(&create_cluster_body())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAnswer, "{error}");
    assert!(error.outcome_unknown(), "{error}");
    assert_eq!(taken.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn secrets_allowlists_and_members_use_their_methods_paths_and_bodies() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let value = CONNECTOR_SECRET_VALUE.into();
    let secrets = console.list_secrets("c1").await.unwrap();
    assert_eq!(secrets.keys().collect::<Vec<_>>(), ["API_KEY"]);
    console
        .create_secret("c1", "API_KEY", &value)
        .await
        .unwrap();
    console
        .update_secret("c1", "API_KEY", &value)
        .await
        .unwrap();
    console.delete_secret("c1", "API_KEY").await.unwrap();
    let rules = console.ip_allowlist("c1").await.unwrap().rules().unwrap();
    assert_eq!(rules[0].ip, "10.0.0.0/8", "read from the deprecated field");
    console.update_ip_allowlist("c1", &rules).await.unwrap();
    console.update_ip_allowlist("c1", &[]).await.unwrap();
    let members = console.list_members().await.unwrap();
    assert_eq!(members[0].email, "jo@example.com");
    assert!(members[0].invite_pending);
    console
        .put_member(
            "jo@example.com",
            &["admin".to_owned(), "modeler".to_owned()],
        )
        .await
        .unwrap();
    console.delete_member("jo@example.com").await.unwrap();

    let calls: Vec<(String, String)> = server
        .fake
        .api_hits
        .lock()
        .unwrap()
        .iter()
        .map(|h| (format!("{} {}", h.method, h.path), h.body.clone()))
        .collect();
    let body = |json: Value| json.to_string();
    assert_eq!(
        calls,
        [
            ("GET /clusters/c1/secrets".to_owned(), String::new()),
            (
                "POST /clusters/c1/secrets".to_owned(),
                body(json!({"secretName": "API_KEY", "secretValue": CONNECTOR_SECRET_VALUE}))
            ),
            (
                "PUT /clusters/c1/secrets/API_KEY".to_owned(),
                body(json!({"secretValue": CONNECTOR_SECRET_VALUE}))
            ),
            (
                "DELETE /clusters/c1/secrets/API_KEY".to_owned(),
                String::new()
            ),
            ("GET /clusters/c1".to_owned(), String::new()),
            (
                "PUT /clusters/c1/ipallowlist".to_owned(),
                body(json!({"ipallowlist": [{"ip": "10.0.0.0/8", "description": "office"}]}))
            ),
            (
                "PUT /clusters/c1/ipallowlist".to_owned(),
                body(json!({"ipallowlist": []}))
            ),
            ("GET /members".to_owned(), String::new()),
            (
                "POST /members/jo@example.com".to_owned(),
                body(json!({"orgRoles": ["admin", "modeler"]}))
            ),
            ("DELETE /members/jo@example.com".to_owned(), String::new()),
        ]
    );
}

#[tokio::test]
async fn secret_changes_are_repeated_on_conflicts_and_other_posts_are_not() {
    let server = start().await;
    let console = client(settings(&server.base, "id-a", TokenCache::MemoryOnly));
    let value = "v".into();
    server
        .fake
        .script_api([Reply::status(409), Reply::status(409)]);
    console.create_secret("c1", "A", &value).await.unwrap();
    assert_eq!(server.fake.hits(&Method::POST), 3);
    server.fake.script_api([Reply::status(409)]);
    console.update_secret("c1", "A", &value).await.unwrap();
    server.fake.script_api([Reply::status(409)]);
    console.delete_secret("c1", "A").await.unwrap();
    assert_eq!(server.fake.hits(&Method::PUT), 2);
    assert_eq!(server.fake.hits(&Method::DELETE), 2);

    // Attempts run out: the last conflict is the error.
    server.fake.script_api((0..4).map(|_| Reply::status(409)));
    let error = console.create_secret("c1", "A", &value).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(server.fake.hits(&Method::POST), 3 + 4);

    // Other calls take a 409 as final, and a POST that creates is never repeated.
    server.fake.script_api([Reply::status(409)]);
    let error = console.update_ip_allowlist("c1", &[]).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    server.fake.script_api([Reply::status(503)]);
    assert!(console.create_secret("c1", "B", &value).await.is_err());
    assert_eq!(server.fake.hits(&Method::POST), 3 + 4 + 1);

    // Setting a member's roles is the same whatever the repeats: transient failures retry.
    server.fake.script_api([Reply::status(503)]);
    console
        .put_member("jo@example.com", &["admin".to_owned()])
        .await
        .unwrap();
    assert_eq!(server.fake.hits(&Method::POST), 3 + 4 + 1 + 2);
}
