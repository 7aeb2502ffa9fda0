//! The provider's Orchestration Cluster API client against the emulator's, two readings
//! of one API description: every call the provider makes is one the emulator serves as
//! the client expects, with basic auth and OAuth (a form-encoded token request), reads
//! that lag writes, 409s on existing ids, and memberships.

use std::time::Duration;

use camunda_provider::emulator::{AuthMode, Config, Emulator, SelfManaged};
use camunda_provider::orchestration::{
    Client, Holder, MemberType, NewUser, Role, RoleFilter, Settings, SettingsInput, Tenant,
};

async fn standalone(auth: AuthMode, read_lag: Duration) -> Emulator {
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
    let early = api.get_role("auditors").await.unwrap_err();
    assert!(early.is_not_found(), "{early}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(api.get_role("auditors").await.unwrap(), role);
    let again = api.create_role(&role).await.unwrap_err();
    assert!(again.is_conflict(), "{again}");

    let filter = RoleFilter {
        role_id: Some("auditors".into()),
        ..RoleFilter::default()
    };
    let found = api.search_roles(Some(&filter)).await.unwrap();
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
    api.delete_role("auditors").await.expect("deleted");
    emulator.shutdown().await;
}

#[tokio::test]
async fn tenants_and_topology_with_oauth() {
    let emulator = standalone(AuthMode::OAuth, Duration::ZERO).await;
    let defaults = SelfManaged::default();
    let api = client(SettingsInput {
        rest_address: Some(emulator.base_url()),
        client_id: Some(defaults.client_id.clone()),
        client_secret: Some(defaults.client_secret.clone().into()),
        oauth_url: Some(format!("{}/oauth/token", emulator.base_url())),
        ..SettingsInput::default()
    });
    let tenant = Tenant {
        tenant_id: "emea".into(),
        name: "EMEA".into(),
        description: None,
    };
    api.create_tenant(&tenant).await.expect("tenant created");
    let found = api.search_tenants(None).await.unwrap();
    assert!(found.iter().any(|t| t.tenant_id == "emea"), "{found:?}");
    let topology = api.topology().await.expect("topology");
    assert!(!topology.brokers.is_empty(), "{topology:?}");
    emulator.shutdown().await;
}
