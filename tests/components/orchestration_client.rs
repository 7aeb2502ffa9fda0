//! The Orchestration Cluster API client against a small in-test server on loopback: the
//! form-encoded token request and its reuse, basic authentication, retries after 503 with
//! Retry-After, paging, and the errors of a server that does not answer or loses an answer.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;
use camunda_provider::console::RetryPolicy;
use camunda_provider::orchestration::{
    Client, Holder, MemberType, Role, RoleFilter, Settings, SettingsInput,
};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

const CLIENT_SECRET: &str = "orch-secret-41d7c2";
const PASSWORD: &str = "orch-password-9a03e5";

/// A scripted answer.
struct Reply {
    status: u16,
    retry_after: Option<&'static str>,
    body: Value,
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            retry_after: None,
            body,
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap();
        let mut response = (status, axum::Json(self.body)).into_response();
        if let Some(wait) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, wait.parse().unwrap());
        }
        response
    }
}

/// A request the API part of the server saw.
struct Hit {
    method: Method,
    path: String,
    authorization: Option<String>,
    body: Value,
}

#[derive(Default)]
struct Fake {
    /// The content type and fields of each token request.
    token_requests: Mutex<Vec<(String, HashMap<String, String>)>>,
    hits: Mutex<Vec<Hit>>,
    /// Answers of the API, in order; an empty topology once they are used up.
    replies: Mutex<VecDeque<Reply>>,
}

impl Fake {
    fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.replies.lock().unwrap().extend(replies);
    }
}

async fn start() -> (Arc<Fake>, String) {
    let fake = Arc::new(Fake::default());
    let app = Router::new()
        .route("/oauth/token", post(token_endpoint))
        .fallback(api_endpoint)
        .with_state(Arc::clone(&fake));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (fake, base)
}

async fn token_endpoint(State(fake): State<Arc<Fake>>, headers: HeaderMap, body: String) -> Reply {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let fields: HashMap<String, String> = form_fields(&body);
    let mut requests = fake.token_requests.lock().unwrap();
    requests.push((content_type, fields));
    let token = format!("tok-{}", requests.len());
    Reply::json(
        200,
        json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600}),
    )
}

/// The fields of a form body (`a=1&b=2`), or none when it is not one.
fn form_fields(body: &str) -> HashMap<String, String> {
    reqwest::Url::parse(&format!("http://x/?{body}"))
        .map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

async fn api_endpoint(
    State(fake): State<Arc<Fake>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> Reply {
    fake.hits.lock().unwrap().push(Hit {
        method,
        path: uri.path().to_owned(),
        authorization: headers
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap().to_owned()),
        body: serde_json::from_str(&body).unwrap_or(Value::Null),
    });
    let scripted = fake.replies.lock().unwrap().pop_front();
    scripted.unwrap_or_else(|| Reply::json(200, topology()))
}

fn topology() -> Value {
    json!({"brokers": [], "clusterSize": 1, "partitionsCount": 1, "replicationFactor": 1,
           "gatewayVersion": "8.8.0", "lastCompletedChangeId": "-1"})
}

fn role(id: &str) -> Value {
    json!({"roleId": id, "name": format!("Role {id}"), "description": ""})
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
        ..RetryPolicy::default()
    }
}

fn client(input: SettingsInput) -> Client {
    let mut settings = Settings::resolve(input, &|_| None);
    settings.retry = fast_retries();
    Client::new(settings).unwrap()
}

fn oauth(base: &str) -> SettingsInput {
    SettingsInput {
        rest_address: Some(format!("{base}/")),
        client_id: Some("orch-client".into()),
        client_secret: Some(CLIENT_SECRET.into()),
        oauth_url: Some(format!("{base}/oauth/token")),
        scope: Some("orchestration".into()),
        ..SettingsInput::default()
    }
}

fn anonymous(base: &str) -> SettingsInput {
    SettingsInput {
        rest_address: Some(base.to_owned()),
        ..SettingsInput::default()
    }
}

#[tokio::test]
async fn the_token_request_is_a_form_and_one_token_serves_many_calls() {
    let (fake, base) = start().await;
    let api = client(oauth(&base));
    for _ in 0..3 {
        api.topology().await.unwrap();
    }
    let requests = fake.token_requests.lock().unwrap();
    assert_eq!(requests.len(), 1, "one token for all calls");
    let (content_type, fields) = &requests[0];
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    let expected = [
        ("grant_type", "client_credentials"),
        ("client_id", "orch-client"),
        ("client_secret", CLIENT_SECRET),
        ("audience", "zeebe.camunda.io"),
        ("scope", "orchestration"),
    ];
    for (key, value) in expected {
        assert_eq!(fields.get(key).map(String::as_str), Some(value), "{key}");
    }
    let hits = fake.hits.lock().unwrap();
    assert_eq!(hits.len(), 3);
    for hit in hits.iter() {
        assert_eq!(hit.path, "/v2/topology");
        assert_eq!(hit.authorization.as_deref(), Some("Bearer tok-1"));
    }
}

#[tokio::test]
async fn basic_authentication_sends_the_user_and_password() {
    let (fake, base) = start().await;
    let api = client(SettingsInput {
        username: Some("demo".into()),
        password: Some(PASSWORD.into()),
        ..anonymous(&base)
    });
    api.topology().await.unwrap();
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("demo:{PASSWORD}"));
    let hits = fake.hits.lock().unwrap();
    assert_eq!(
        hits[0].authorization.as_deref(),
        Some(format!("Basic {expected}").as_str())
    );
    assert!(fake.token_requests.lock().unwrap().is_empty());
    // Nothing of the password in what the client shows of itself.
    assert!(!format!("{:?}", api.settings()).contains(PASSWORD));
}

#[tokio::test]
async fn a_503_with_retry_after_is_waited_for_and_retried_even_for_a_create() {
    let (fake, base) = start().await;
    fake.script([
        Reply {
            retry_after: Some("1"),
            ..Reply::json(503, json!({"title": "Service Unavailable", "status": 503}))
        },
        Reply::json(201, role("r1")),
    ]);
    let api = client(anonymous(&base));
    let started = Instant::now();
    let created = api
        .create_role(&Role {
            role_id: "r1".into(),
            name: "Role r1".into(),
            description: None,
        })
        .await
        .unwrap();
    assert_eq!(created.role_id, "r1");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After honoured"
    );
    let hits = fake.hits.lock().unwrap();
    assert_eq!(hits.len(), 2);
    assert!(
        hits.iter()
            .all(|h| h.method == Method::POST && h.path == "/v2/roles")
    );
    assert_eq!(hits[0].body, json!({"roleId": "r1", "name": "Role r1"}));
}

#[tokio::test]
async fn a_403_names_the_permission_and_404_and_409_are_told_apart() {
    let (fake, base) = start().await;
    let problem = |status: u16, title: &str| {
        Reply::json(
            status,
            json!({"type": "about:blank", "title": title, "status": status,
                   "detail": format!("scripted {title}"), "instance": "/v2/roles"}),
        )
    };
    fake.script([
        problem(403, "FORBIDDEN"),
        problem(404, "NOT_FOUND"),
        problem(409, "ALREADY_EXISTS"),
    ]);
    let api = client(anonymous(&base));
    let new_role = Role {
        role_id: "r1".into(),
        name: "Role r1".into(),
        description: None,
    };
    let forbidden = api.create_role(&new_role).await.unwrap_err();
    let text = forbidden.to_string();
    assert!(
        text.contains("POST /v2/roles needs the permission ROLE:CREATE")
            && text.contains("scripted FORBIDDEN"),
        "{text}"
    );
    let missing = api.read::<Role>("r1").await.unwrap_err();
    assert!(
        missing.is_not_found() && !missing.is_conflict(),
        "{missing}"
    );
    let taken = api.create_role(&new_role).await.unwrap_err();
    assert!(taken.is_conflict() && !taken.is_not_found(), "{taken}");
    assert!(!taken.outcome_unknown());
}

#[tokio::test]
async fn searches_collect_every_page_and_memberships_use_the_described_paths() {
    let (fake, base) = start().await;
    let first: Vec<Value> = (0..1000).map(|i| role(&format!("r{i}"))).collect();
    let page = |items: Vec<Value>, cursor: &str| {
        json!({"items": items, "page": {"totalItems": 1001, "hasMoreTotalItems": false,
                                         "startCursor": null, "endCursor": cursor}})
    };
    fake.script([
        Reply::json(200, page(first, "Y3Vyc29yMQ==")),
        Reply::json(200, page(vec![role("last")], "Y3Vyc29yMg==")),
        Reply::json(204, Value::Null),
        Reply::json(
            200,
            page(vec![json!({"username": "alice"})], "Y3Vyc29yMw=="),
        ),
    ]);
    let api = client(anonymous(&base));
    let filter = RoleFilter {
        name: Some("ops".into()),
        ..RoleFilter::default()
    };
    let roles = api.search_every::<Role>(Some(&filter)).await.unwrap();
    assert_eq!(roles.len(), 1001);
    assert_eq!(roles[1000].role_id, "last");
    api.assign_member(Holder::Role, "r1", MemberType::User, "alice")
        .await
        .unwrap();
    let members = api
        .search_members(Holder::Role, "r1", MemberType::User)
        .await
        .unwrap();
    assert_eq!(members, ["alice"]);
    let hits = fake.hits.lock().unwrap();
    assert_eq!(hits[0].path, "/v2/roles/search");
    assert_eq!(
        hits[0].body,
        json!({"page": {"limit": 1000}, "filter": {"name": "ops"}})
    );
    assert_eq!(hits[1].body["page"]["after"], "Y3Vyc29yMQ==");
    assert_eq!(
        (&hits[2].method, hits[2].path.as_str()),
        (&Method::PUT, "/v2/roles/r1/users/alice")
    );
    assert_eq!(hits[3].path, "/v2/roles/r1/users/search");
}

/// A server that takes connections and never answers.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

#[tokio::test]
async fn a_silent_server_fails_within_the_time_limit_with_an_error_naming_it() {
    let silent = silent_server().await;
    let mut settings = Settings::resolve(anonymous(&silent), &|_| None);
    settings.retry = RetryPolicy {
        attempt_timeout: Duration::from_millis(300),
        call_timeout: Duration::from_secs(2),
        ..fast_retries()
    };
    let api = Client::new(settings).unwrap();
    let started = Instant::now();
    let error = api.topology().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let text = error.to_string();
    for needle in [
        format!("no answer from {silent}"),
        "orchestration_api.rest_address".to_owned(),
        "CAMUNDA_REST_ADDRESS".to_owned(),
    ] {
        assert!(text.contains(&needle), "{needle}: {text}");
    }
    // Given up on: the next call fails at once.
    let started = Instant::now();
    let later = api.read::<Role>("r1").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(100));
    assert!(later.to_string().contains(&silent), "{later}");
}

/// A server that reads each request and closes the connection without answering, and
/// how many requests it took.
async fn answer_losing_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let taken = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&taken);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
        }
    });
    (url, taken)
}

#[tokio::test]
async fn a_lost_answer_to_a_create_is_an_unknown_outcome_and_not_repeated() {
    let (url, taken) = answer_losing_server().await;
    let api = client(anonymous(&url));
    let error = api
        .create_role(&Role {
            role_id: "r1".into(),
            name: "Role r1".into(),
            description: None,
        })
        .await
        .unwrap_err();
    assert!(error.outcome_unknown(), "{error}");
    assert_eq!(
        taken.load(Ordering::SeqCst),
        1,
        "a create is not sent twice"
    );

    let (fake, base) = start().await;
    fake.script([Reply::json(504, json!({"title": "Gateway Timeout"}))]);
    let api = client(anonymous(&base));
    let error = api
        .create_role(&Role {
            role_id: "r2".into(),
            name: "Role r2".into(),
            description: None,
        })
        .await
        .unwrap_err();
    assert!(
        error.outcome_unknown() && error.status() == Some(504),
        "{error}"
    );
    assert_eq!(fake.hits.lock().unwrap().len(), 1);
}
