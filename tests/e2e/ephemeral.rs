//! Ephemeral resources (Terraform 1.10 and later) through Terraform against the emulator:
//! an ephemeral Zeebe client exists only while a run needs it, and neither its secret nor
//! an access token reaches the plan, the state or a trace log.

use std::path::Path;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin, terraform_at_least};

const CREATE: &str = "POST /clusters/{clusterUuid}/clients";
const DELETE: &str = "DELETE /clusters/{clusterUuid}/clients/{clientId}";

/// Runs of exactly 64 characters of the emulator's secret alphabet: what an issued client
/// secret looks like. (Tokens are longer runs joined by dots.)
fn secret_like(text: &str) -> Vec<String> {
    let in_alphabet = |c: char| c.is_ascii_alphanumeric() || "_-~.".contains(c);
    text.split(|c: char| !in_alphabet(c))
        .filter(|run| run.len() == 64 && !run.contains('.'))
        .map(str::to_owned)
        .collect()
}

/// An emulator, and a workspace on a Terraform CLI of version 1.`minor` or later; `None`,
/// with the skip said, when the machine has none.
fn on_terraform(minor: u64, test: &str) -> Option<(TestEmulator, Workspace)> {
    let Some(terraform) = terraform_at_least(minor) else {
        let feature = if minor >= 11 {
            "write-only arguments need Terraform 1.11"
        } else {
            "ephemeral resources need Terraform 1.10"
        };
        crate::support::skip(test, &format!("{feature} or later, and none was found"));
        return None;
    };
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.use_terraform(terraform);
    Some((emulator, ws))
}

/// `body` under a `terraform` block that requires this provider.
fn config(body: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}
{body}"#
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn an_ephemeral_zeebe_client_lives_for_one_run_and_leaves_no_trace() {
    let Some((emulator, mut ws)) = on_terraform(
        10,
        "an_ephemeral_zeebe_client_lives_for_one_run_and_leaves_no_trace",
    ) else {
        return;
    };
    let log = ws.path().join("trace.log");
    ws.env("TF_LOG", "trace").env("TF_LOG_PATH", &log);
    let cluster_id = emulator.healthy_cluster("ephemeral");
    ws.config(&config(&format!(
        r#"
provider "camunda" {{}}

ephemeral "camunda_zeebe_client" "worker" {{
  cluster_id  = "{cluster_id}"
  name_prefix = "ci"
  permissions = ["Zeebe"]
}}

ephemeral "camunda_access_token" "worker" {{
  client_id     = ephemeral.camunda_zeebe_client.worker.client_id
  client_secret = ephemeral.camunda_zeebe_client.worker.client_secret
}}
"#
    )));

    emulator.reset_counters();
    ws.run(&["plan", "-no-color", "-out=test.tfplan"]).ok();
    ws.run(&["apply", "-no-color", "test.tfplan"]).ok();

    let (created, deleted) = (emulator.calls(CREATE), emulator.calls(DELETE));
    assert!(created >= 1, "the ephemeral client was opened");
    assert_eq!(created, deleted, "every ephemeral client opened was closed");
    let (_, clients) = emulator.api("GET", &format!("/clusters/{cluster_id}/clients"));
    assert_eq!(clients, json!([]), "no client outlives the run");

    let trace = read(&log);
    assert!(
        trace.contains("OpenEphemeralResource"),
        "the log is a trace log"
    );
    // The detector finds a real secret of the emulator's.
    let (_, other) = emulator.api_json(
        "POST",
        &format!("/clusters/{cluster_id}/clients"),
        Some(json!({"clientName": "probe"})),
    );
    let secret = other["clientSecret"].as_str().unwrap();
    assert_eq!(secret_like(&format!("x {secret} y")), [secret]);
    let plan = ws.run(&["show", "-json", "test.tfplan"]).ok().stdout;
    let state = read(&ws.path().join("terraform.tfstate"));
    for (what, text) in [("plan", &plan), ("state", &state), ("trace log", &trace)] {
        assert_eq!(
            secret_like(text),
            Vec::<String>::new(),
            "a secret in the {what}"
        );
        assert!(
            !text.contains("\"access_token\":\""),
            "a token in the {what}"
        );
    }
    let plan: Json = serde_json::from_str(&plan).unwrap();
    assert!(
        plan["resource_changes"]
            .as_array()
            .is_none_or(Vec::is_empty)
    );
}

/// A client that cannot be deleted when Terraform closes it is named, with the command
/// that deletes what runs leave behind.
#[test]
fn an_ephemeral_client_that_cannot_be_deleted_is_named_with_the_sweep_command() {
    let test = "an_ephemeral_client_that_cannot_be_deleted_is_named_with_the_sweep_command";
    let Some((emulator, ws)) = on_terraform(10, test) else {
        return;
    };
    let cluster_id = emulator.healthy_cluster("ephemeral");
    ws.config(&config(&format!(
        r#"
provider "camunda" {{}}

ephemeral "camunda_zeebe_client" "worker" {{
  cluster_id = "{cluster_id}"
}}
"#
    )));
    emulator.admin(
        "POST",
        "/faults/next",
        Some(json!({"route": DELETE, "status": 500, "count": 50})),
    );
    let run = ws.run(&["plan", "-no-color"]);
    let output = run.output();
    let left = emulator.clients(&cluster_id);
    assert_eq!(left.len(), 1, "the delete failed: {left:?}");
    let client_id = left[0]["clientId"].as_str().unwrap();
    assert!(
        output.contains(&format!(
            "ephemeral Zeebe client {client_id} of cluster {cluster_id}"
        )),
        "{output}"
    );
    assert!(
        output.contains("terraform-provider-camunda sweep"),
        "{output}"
    );
}

mod in_process {
    use camunda_provider::proto::tfplugin6 as pb;
    use camunda_provider::proto::tfplugin6::provider_server::Provider as _;
    use camunda_provider::provider::CamundaProvider;
    use camunda_provider::tf::server::ProviderServer;
    use camunda_provider::tf::{Provider as _, Type, Value, msgpack, provider};
    use tonic::Request;

    use super::*;

    fn dynamic(value: &Value, ty: &Type) -> Option<pb::DynamicValue> {
        Some(pb::DynamicValue {
            msgpack: msgpack::encode(value, ty).unwrap(),
            json: Vec::new(),
        })
    }

    /// A provider process, configured for `emulator` with the token cache in `cache`.
    async fn provider(emulator: &TestEmulator, cache: &Path) -> ProviderServer {
        let server = ProviderServer::new(provider::serve(CamundaProvider::new()));
        let config = Value::object([
            ("client_id", Value::from(emulator.config.client_id.as_str())),
            (
                "client_secret",
                emulator.config.client_secret.expose().into(),
            ),
            ("api_url", emulator.base_url().into()),
            (
                "oauth_url",
                format!("{}/oauth/token", emulator.base_url()).into(),
            ),
            ("audience", emulator.config.audience.as_str().into()),
            ("token_cache_dir", cache.display().to_string().into()),
            ("orchestration_api", Value::Null),
        ]);
        let provider_type = CamundaProvider::new().schema().value_type();
        let configured = server
            .configure_provider(Request::new(pb::configure_provider::Request {
                config: dynamic(&config, &provider_type),
                ..Default::default()
            }))
            .await
            .unwrap()
            .into_inner();
        assert!(
            configured.diagnostics.is_empty(),
            "{:?}",
            configured.diagnostics
        );
        server
    }

    /// Opens `camunda_access_token` with the provider's own credentials.
    async fn access_token(server: &ProviderServer) -> String {
        let ty = Type::object(
            [
                "client_id",
                "client_secret",
                "audience",
                "access_token",
                "expires_at",
            ]
            .map(|name| (name, Type::String)),
        );
        let config = Value::object(
            [
                "client_id",
                "client_secret",
                "audience",
                "access_token",
                "expires_at",
            ]
            .map(|name| (name, Value::Null)),
        );
        let opened = server
            .open_ephemeral_resource(Request::new(pb::open_ephemeral_resource::Request {
                type_name: "camunda_access_token".into(),
                config: dynamic(&config, &ty),
                ..Default::default()
            }))
            .await
            .unwrap()
            .into_inner();
        assert!(opened.diagnostics.is_empty(), "{:?}", opened.diagnostics);
        let result = msgpack::decode(&opened.result.unwrap().msgpack, &ty).unwrap();
        let Value::Object(result) = result else {
            panic!("an object")
        };
        assert!(matches!(&result["expires_at"], Value::String(at) if at.ends_with('Z')));
        match &result["access_token"] {
            Value::String(token) => token.clone(),
            other => panic!("no token: {other:?}"),
        }
    }

    #[test]
    fn the_access_token_works_against_the_api_and_comes_from_the_cache() {
        let emulator = TestEmulator::start(test_config());
        let cache = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let before = emulator.token_requests();
        let token = runtime.block_on(async {
            let first = provider(&emulator, cache.path()).await;
            let token = access_token(&first).await;
            assert_eq!(
                access_token(&first).await,
                token,
                "the same process reuses it"
            );
            // Another provider process finds it in the disk cache.
            let second = provider(&emulator, cache.path()).await;
            assert_eq!(access_token(&second).await, token);
            token
        });
        assert_eq!(
            emulator.token_requests() - before,
            1,
            "one token request in all"
        );

        let answer = runtime.block_on(async {
            reqwest::Client::new()
                .get(format!("{}/clusters", emulator.base_url()))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
        });
        assert_eq!(
            answer.status(),
            200,
            "the token works against the Console API"
        );
    }
}

/// The client's `rest_address`, checked by a postcondition in a plan (Terraform keeps
/// ephemeral values out of outputs; `show -json` of a plan that holds such a check makes
/// Terraform 1.11 panic, so the plan is not saved).
#[test]
fn an_ephemeral_zeebe_client_has_its_clusters_rest_address() {
    let Some((emulator, ws)) = on_terraform(
        10,
        "an_ephemeral_zeebe_client_has_its_clusters_rest_address",
    ) else {
        return;
    };
    let cluster_id = emulator.healthy_cluster("ephemeral");
    // The emulator's connection details carry ZEEBE_REST_ADDRESS, its own cluster API.
    let rest_address = format!("{}/zeebe/{cluster_id}", emulator.base_url());
    let checking = |expected: &str| {
        config(&format!(
            r#"
ephemeral "camunda_zeebe_client" "worker" {{
  cluster_id = "{cluster_id}"

  lifecycle {{
    postcondition {{
      condition     = self.rest_address == "{expected}"
      error_message = "rest_address is not {expected}."
    }}
  }}
}}
"#
        ))
    };
    ws.config(&checking(&rest_address));
    ws.run(&["plan", "-no-color"]).ok();
    assert_eq!((emulator.calls(CREATE), emulator.calls(DELETE)), (1, 1));
    ws.config(&checking("https://elsewhere.example"));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("rest_address is not https://elsewhere.example"),
        "the postcondition is checked: {output}"
    );
}

#[test]
fn sweep_lists_and_deletes_only_old_ephemeral_clients() {
    let emulator = TestEmulator::start(test_config());
    let cluster_id = emulator.healthy_cluster("sweep");
    let recent = format!(
        "ci-ephemeral-{}-beef",
        time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .unwrap()
    );
    for name in ["ci-ephemeral-20200101T000000Z-abcd", "worker", &recent] {
        let (status, _) = emulator.api_json(
            "POST",
            &format!("/clusters/{cluster_id}/clients"),
            Some(json!({ "clientName": name })),
        );
        assert_eq!(status, 200, "{name}");
    }
    let sweep = |extra: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_terraform-provider-camunda"))
            .args(["sweep", "--cluster-id", &cluster_id])
            .args(extra)
            .env("CAMUNDA_CONSOLE_BASE_URL", emulator.base_url())
            .env(
                "CAMUNDA_OAUTH_URL",
                format!("{}/oauth/token", emulator.base_url()),
            )
            .env("CAMUNDA_CONSOLE_CLIENT_ID", &emulator.config.client_id)
            .env(
                "CAMUNDA_CONSOLE_CLIENT_SECRET",
                emulator.config.client_secret.expose(),
            )
            .env("CAMUNDA_CONSOLE_OAUTH_AUDIENCE", &emulator.config.audience)
            .env("CAMUNDA_TOKEN_DISK_CACHE_DISABLE", "true")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let names = || {
        let (_, clients) = emulator.api("GET", &format!("/clusters/{cluster_id}/clients"));
        let mut names: Vec<String> = clients
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };

    let listed = sweep(&[]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.contains("ci-ephemeral-20200101T000000Z-abcd"),
        "{listed}"
    );
    assert_eq!(names().len(), 3, "listing deletes nothing");

    let deleted = sweep(&["--delete"]);
    assert!(deleted.starts_with("deleted "), "{deleted}");
    assert_eq!(names(), [recent.clone(), "worker".to_owned()]);
}

/// The guide "Credentials that never reach the state": each run's ephemeral Zeebe client
/// feeds write-only connector secrets, and nothing of it reaches a plan, the state or a log.
#[test]
fn an_ephemeral_client_feeds_write_only_secrets_and_nothing_sensitive_is_kept() {
    let Some((emulator, mut ws)) = on_terraform(
        11,
        "an_ephemeral_client_feeds_write_only_secrets_and_nothing_sensitive_is_kept",
    ) else {
        return;
    };
    let log = ws.path().join("trace.log");
    ws.env("TF_LOG", "trace").env("TF_LOG_PATH", &log);
    let guide = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/guides/credentials-outside-the-state/main.tf");
    std::fs::copy(&guide, ws.path().join("main.tf")).unwrap();
    let cluster_secrets = || {
        let (_, clusters) = emulator.api("GET", "/clusters");
        let cluster_id = clusters[0]["uuid"].as_str().unwrap().to_owned();
        let (_, secrets) = emulator.api("GET", &format!("/clusters/{cluster_id}/secrets"));
        let (_, clients) = emulator.api("GET", &format!("/clusters/{cluster_id}/clients"));
        assert_eq!(clients, json!([]), "no client outlives the run");
        let value = |name: &str| secrets[name].as_str().unwrap_or_default().to_owned();
        (value("PIPELINE_CLIENT_ID"), value("PIPELINE_CLIENT_SECRET"))
    };
    // The client id is no secret, and the provider's log names it in the paths it calls;
    // it is still kept out of the plan and the state, as the write-only value it is here.
    let no_trace_of = |client_id: &str, secret: &str, plan_file: &str| {
        let plan = ws.run(&["show", "-json", plan_file]).ok().stdout;
        let state = read(&ws.path().join("terraform.tfstate"));
        let trace = read(&log);
        assert!(
            trace.contains("ApplyResourceChange"),
            "the log is a trace log"
        );
        for (what, text) in [("plan", &plan), ("state", &state), ("trace log", &trace)] {
            assert!(!text.contains(secret), "the run's secret in the {what}");
            assert_eq!(
                secret_like(text),
                Vec::<String>::new(),
                "a secret in the {what}"
            );
        }
        for (what, text) in [("plan", &plan), ("state", &state)] {
            assert!(
                !text.contains(client_id),
                "the run's client id in the {what}"
            );
        }
    };

    ws.run(&["plan", "-no-color", "-out=first.tfplan"]).ok();
    ws.run(&["apply", "-no-color", "first.tfplan"]).ok();
    let (first_id, first_secret) = cluster_secrets();
    assert_eq!(
        secret_like(&first_secret),
        std::slice::from_ref(&first_secret)
    );
    assert!(!first_id.is_empty());
    no_trace_of(&first_id, &first_secret, "first.tfplan");
    let opened = emulator.calls(CREATE);
    assert_eq!(
        opened,
        emulator.calls(DELETE),
        "every client opened was closed"
    );
    // The first plan cannot open one: the cluster does not exist yet.
    assert!(opened >= 1, "the apply opened a client");

    // The same run number sends nothing: the plan is empty.
    ws.assert_no_changes();

    // The next run sends its own credentials, in place.
    emulator.reset_counters();
    ws.run(&["plan", "-no-color", "-var", "run=2", "-out=second.tfplan"])
        .ok();
    ws.run(&["apply", "-no-color", "second.tfplan"]).ok();
    let (second_id, second_secret) = cluster_secrets();
    assert_ne!(second_secret, first_secret, "the new run's secret was sent");
    assert_ne!(second_id, first_id);
    assert_eq!(
        (emulator.calls(CREATE), emulator.calls(DELETE)),
        (2, 2),
        "the plan and the apply each opened and closed a client"
    );
    assert_eq!(
        emulator.calls("PUT /clusters/{clusterUuid}/secrets/{secretName}"),
        2
    );
    assert_eq!(
        emulator.calls("DELETE /clusters/{clusterUuid}/secrets/{secretName}"),
        0
    );
    no_trace_of(&second_id, &second_secret, "second.tfplan");

    ws.destroy().ok();
    let (_, clusters) = emulator.api("GET", "/clusters");
    assert_eq!(clusters, json!([]));
}

#[test]
fn an_ephemeral_client_on_a_suspended_cluster_says_how_to_wake_it_and_wakes_nothing() {
    let Some((emulator, ws)) = on_terraform(
        10,
        "an_ephemeral_client_on_a_suspended_cluster_says_how_to_wake_it_and_wakes_nothing",
    ) else {
        return;
    };
    let cluster_id = emulator.healthy_cluster("sleepy");
    emulator.admin(
        "PUT",
        &format!("/clusters/{cluster_id}/health"),
        Some(json!({"status": "Suspended"})),
    );
    ws.config(&config(&format!(
        r#"
ephemeral "camunda_zeebe_client" "worker" {{
  cluster_id = "{cluster_id}"
}}
"#
    )));
    emulator.reset_counters();
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("the cluster is not running"), "{output}");
    assert!(output.contains("Wake it in the Console"), "{output}");
    assert_eq!(emulator.calls("PUT /clusters/{clusterUuid}/wake"), 0);
    let (_, clients) = emulator.api("GET", &format!("/clusters/{cluster_id}/clients"));
    assert_eq!(clients, json!([]));
}
