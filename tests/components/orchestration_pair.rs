//! The provider's Orchestration Cluster API client against the emulator's, two readings
//! of one API description: every call the provider makes is one the emulator serves as
//! the client expects, with basic auth and OAuth (a form-encoded token request), reads
//! that lag writes, 409s on existing ids, memberships, and authorizations with the keys
//! the cluster picks.

use std::time::Duration;

use camunda_provider::emulator::{AuthMode, Config, Emulator, SelfManaged};
use camunda_provider::orchestration::{
    Authorization, AuthorizationFilter, AuthorizationResource, Client, Holder, MemberType,
    NewAuthorization, NewUser, Role, RoleFilter, Settings, SettingsInput, Tenant,
};
use serde_json::json;

pub(super) async fn standalone(auth: AuthMode, read_lag: Duration) -> Emulator {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = Config {
        read_lag,
        self_managed: SelfManaged {
            auth,
            ..SelfManaged::default()
        },
        ..Config::default()
    };
    Emulator::start(config).await.expect("emulator starts")
}

fn client(input: SettingsInput) -> Client {
    // No environment: only what the test sets; no token cache on disk.
    let settings = Settings::resolve(input, &|var| {
        (var == "CAMUNDA_TOKEN_DISK_CACHE_DISABLE").then(|| "true".to_owned())
    });
    Client::new(settings).expect("a client")
}

#[tokio::test]
async fn roles_users_and_memberships_with_basic_auth_and_lagging_reads() {
    let emulator = standalone(AuthMode::Basic, Duration::from_millis(400)).await;
    let api = client(SettingsInput {
        rest_address: Some(emulator.base_url()),
        username: Some("demo".into()),
        password: Some("demo".into()),
        ..SettingsInput::default()
    });
    let role = Role {
        role_id: "auditors".into(),
        name: "Auditors".into(),
        description: Some("Read everything".into()),
    };
    let created = api.create_role(&role).await.expect("role created");
    assert_eq!(created.role_id, "auditors");
    // The read lags the write: not found at once, found once the lag has passed.
    let early = api.read::<Role>("auditors").await.unwrap_err();
    assert!(early.is_not_found(), "{early}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(api.read::<Role>("auditors").await.unwrap(), role);
    let again = api.create_role(&role).await.unwrap_err();
    assert!(again.is_conflict(), "{again}");

    let filter = RoleFilter {
        role_id: Some("auditors".into()),
        ..RoleFilter::default()
    };
    let found = api.search_every::<Role>(Some(&filter)).await.unwrap();
    assert_eq!(found, std::slice::from_ref(&role));

    let user = NewUser {
        username: "ada".into(),
        name: Some("Ada".into()),
        email: Some("ada@example.com".into()),
        password: "correct horse".into(),
    };
    api.create_user(&user).await.expect("user created");
    api.assign_member(Holder::Role, "auditors", MemberType::User, "ada")
        .await
        .expect("assigned");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let members = api
        .search_members(Holder::Role, "auditors", MemberType::User)
        .await
        .unwrap();
    assert_eq!(members, ["ada"]);
    api.unassign_member(Holder::Role, "auditors", MemberType::User, "ada")
        .await
        .expect("unassigned");
    api.delete::<Role>("auditors").await.expect("deleted");
    emulator.shutdown().await;
}

#[tokio::test]
async fn tenants_and_topology_with_oauth() {
    let emulator = standalone(AuthMode::OAuth, Duration::ZERO).await;
    let defaults = SelfManaged::default();
    let api = client(SettingsInput {
        rest_address: Some(emulator.base_url()),
        client_id: Some(defaults.client_id.clone()),
        client_secret: Some(defaults.client_secret.clone()),
        oauth_url: Some(format!("{}/oauth/token", emulator.base_url())),
        ..SettingsInput::default()
    });
    let tenant = Tenant {
        tenant_id: "emea".into(),
        name: "EMEA".into(),
        description: None,
    };
    api.create_tenant(&tenant).await.expect("tenant created");
    let found = api.search_every::<Tenant>(None).await.unwrap();
    assert!(found.iter().any(|t| t.tenant_id == "emea"), "{found:?}");
    let topology = api.topology().await.expect("topology");
    assert!(!topology.brokers.is_empty(), "{topology:?}");
    emulator.shutdown().await;
}

pub(super) fn basic(emulator: &Emulator) -> Client {
    client(SettingsInput {
        rest_address: Some(emulator.base_url()),
        username: Some("demo".into()),
        password: Some("demo".into()),
        ..SettingsInput::default()
    })
}

/// An admin call to the emulator; its status.
async fn admin(emulator: &Emulator, method: reqwest::Method, path: &str) -> reqwest::StatusCode {
    admin_with(emulator, method, path, None).await
}

pub(super) async fn admin_with(
    emulator: &Emulator,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> reqwest::StatusCode {
    let mut request =
        reqwest::Client::new().request(method, format!("{}{path}", emulator.admin_url()));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("admin call").status()
}

fn grant(
    owner_id: &str,
    resource: AuthorizationResource,
    permissions: &[&str],
) -> NewAuthorization {
    NewAuthorization {
        owner_id: owner_id.into(),
        owner_type: "USER".into(),
        resource_type: "PROCESS_DEFINITION".into(),
        resource,
        permission_types: permissions.iter().map(|p| p.to_string()).collect(),
    }
}

fn owned_by(owner_id: &str) -> AuthorizationFilter {
    AuthorizationFilter {
        owner_id: Some(owner_id.into()),
        ..AuthorizationFilter::default()
    }
}

#[tokio::test]
async fn authorizations_are_created_read_after_the_lag_replaced_searched_and_deleted() {
    let lag = Duration::from_millis(300);
    let emulator = standalone(AuthMode::Basic, lag).await;
    let api = basic(&emulator);
    let new = grant(
        "ada",
        AuthorizationResource::Id("invoice".into()),
        &["READ_PROCESS_DEFINITION", "CREATE_PROCESS_INSTANCE"],
    );
    let key = api.create_authorization(&new).await.expect("created");
    assert!(key.parse::<u64>().is_ok(), "a decimal key: {key}");
    let early = api.read::<Authorization>(&key).await.unwrap_err();
    assert!(early.is_not_found(), "{early}");
    assert!(
        api.search_every::<Authorization>(Some(&owned_by("ada")))
            .await
            .unwrap()
            .is_empty()
    );
    let overlap = grant(
        "ada",
        AuthorizationResource::Id("invoice".into()),
        &["CREATE_PROCESS_INSTANCE"],
    );
    let conflict = api.create_authorization(&overlap).await.unwrap_err();
    assert!(
        conflict.is_conflict() && !conflict.outcome_unknown(),
        "{conflict}"
    );
    tokio::time::sleep(lag).await;
    let read = api
        .read::<Authorization>(&key)
        .await
        .expect("read after the lag");
    assert_eq!(
        (
            read.authorization_key.as_str(),
            read.owner_id.as_str(),
            read.owner_type.as_str()
        ),
        (key.as_str(), "ada", "USER")
    );
    assert_eq!(read.resource_id.as_deref(), Some("invoice"));
    assert_eq!(read.resource_property_name, None);
    assert_eq!(
        read.permission_types,
        ["READ_PROCESS_DEFINITION", "CREATE_PROCESS_INSTANCE"]
    );

    let replaced = NewAuthorization {
        resource_type: "USER_TASK".into(),
        ..grant(
            "ada",
            AuthorizationResource::Property("assignee".into()),
            &["READ"],
        )
    };
    api.update_authorization(&key, &replaced)
        .await
        .expect("replaced");
    tokio::time::sleep(lag).await;
    let read = api.read::<Authorization>(&key).await.unwrap();
    assert_eq!(read.resource_type, "USER_TASK");
    assert_eq!(read.resource_id, None);
    assert_eq!(read.resource_property_name.as_deref(), Some("assignee"));
    assert_eq!(read.permission_types, ["READ"]);

    // Every page: more than one page of the client's (1000 items).
    for i in 0..1001 {
        let new = grant(
            &format!("user-{i}"),
            AuthorizationResource::Id("*".into()),
            &["READ_PROCESS_DEFINITION"],
        );
        api.create_authorization(&new).await.expect("created");
    }
    tokio::time::sleep(lag).await;
    let filter = AuthorizationFilter {
        resource_type: Some("PROCESS_DEFINITION".into()),
        resource_ids: Some(vec!["*".into()]),
        ..AuthorizationFilter::default()
    };
    let all = api
        .search_every::<Authorization>(Some(&filter))
        .await
        .unwrap();
    assert_eq!(all.len(), 1001);
    let mut keys: Vec<&str> = all.iter().map(|a| a.authorization_key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 1001, "each once");

    api.delete::<Authorization>(&key).await.expect("deleted");
    let gone = api.delete::<Authorization>(&key).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    tokio::time::sleep(lag).await;
    assert!(
        api.read::<Authorization>(&key)
            .await
            .unwrap_err()
            .is_not_found()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn refusals_reach_the_caller_with_the_clusters_words() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    let detail = |error: &camunda_provider::orchestration::Error| {
        error
            .problem()
            .and_then(|p| p.detail.clone())
            .unwrap_or_default()
    };
    let bad_owner = NewAuthorization {
        owner_type: "NOBODY".into(),
        ..grant(
            "ada",
            AuthorizationResource::Id("*".into()),
            &["READ_PROCESS_DEFINITION"],
        )
    };
    let error = api.create_authorization(&bad_owner).await.unwrap_err();
    assert_eq!(error.status(), Some(400), "{error}");
    assert!(detail(&error).contains("NOBODY"), "{error}");
    let not_allowed = grant("ada", AuthorizationResource::Id("*".into()), &["ACCESS"]);
    let error = api.create_authorization(&not_allowed).await.unwrap_err();
    assert_eq!(error.status(), Some(400), "{error}");
    assert!(
        detail(&error).contains("'ACCESS' and resource type 'PROCESS_DEFINITION'"),
        "{error}"
    );

    assert_eq!(
        admin(
            &emulator,
            reqwest::Method::PUT,
            "/orchestration/self-managed/read-only/demo"
        )
        .await,
        reqwest::StatusCode::NO_CONTENT
    );
    let allowed = grant(
        "ada",
        AuthorizationResource::Id("*".into()),
        &["READ_PROCESS_DEFINITION"],
    );
    let error = api.create_authorization(&allowed).await.unwrap_err();
    assert!(error.is_forbidden(), "{error}");
    assert!(detail(&error).contains("AUTHORIZATION:CREATE"), "{error}");
    assert!(
        error
            .to_string()
            .contains("needs the permission AUTHORIZATION:CREATE"),
        "{error}"
    );
    assert!(
        api.search_every::<Authorization>(None)
            .await
            .unwrap()
            .is_empty()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_lost_answer_to_a_create_is_an_unknown_outcome_and_the_authorization_exists_once() {
    let emulator = standalone(AuthMode::Basic, Duration::ZERO).await;
    let api = basic(&emulator);
    for answer in [json!("close"), json!(504)] {
        let status = admin_with(
            &emulator,
            reqwest::Method::POST,
            "/faults/lose-next",
            Some(json!({"route": "POST /v2/authorizations", "count": 1, "answer": answer})),
        )
        .await;
        assert_eq!(status, reqwest::StatusCode::NO_CONTENT);
        let owner = format!("lost-{answer}");
        let new = grant(
            &owner,
            AuthorizationResource::Id("*".into()),
            &["READ_PROCESS_DEFINITION"],
        );
        let error = api.create_authorization(&new).await.unwrap_err();
        assert!(error.outcome_unknown(), "{answer}: {error}");
        let made = api
            .search_every::<Authorization>(Some(&owned_by(&owner)))
            .await
            .unwrap();
        assert_eq!(
            made.len(),
            1,
            "{answer}: made once, not sent again: {made:?}"
        );
    }
    emulator.shutdown().await;
}
