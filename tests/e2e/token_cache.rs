//! Tokens through Terraform: every provider process of every command shares one token
//! through the disk cache, and no log line at trace level holds a token or a secret.

use crate::support::cluster;
use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const CONFIG: &str = r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}

provider "camunda" {}

data "camunda_channel" "stable" {
  name = "Stable"
}

data "camunda_region" "europe" {
  name = "Belgium, Europe (europe-west1)"
}

data "camunda_cluster_plan_type" "trial" {
  name = "Trial Package"
}

resource "camunda_cluster" "tokens" {
  name         = "tokens"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.europe.id
  plan_type_id = data.camunda_cluster_plan_type.trial.id
}
"#;

/// The access token cached on disk (the cache holds exactly one file per credential key).
fn cached_token(ws: &Workspace) -> String {
    let dir = ws.path().join(".token-cache");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|e| e == "json"))
        .expect("a cached token");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    json["access_token"]
        .as_str()
        .expect("token field")
        .to_owned()
}

#[test]
fn plan_and_apply_share_one_token_and_a_warm_cache_needs_none() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let log = ws.path().join("terraform.log");
    ws.env("TF_LOG", "trace").env("TF_LOG_PATH", &log);
    ws.config(CONFIG);

    // Cold cache: plan, then apply (which plans again), each with several provider processes.
    ws.run(&["plan", "-no-color"]).ok();
    ws.apply().ok();
    assert_eq!(
        emulator.token_requests(),
        1,
        "one token for every process of plan and apply"
    );

    // Warm cache: a refreshing plan and a destroy need no new token.
    ws.run(&["plan", "-no-color"]).ok();
    ws.destroy().ok();
    assert_eq!(
        emulator.token_requests(),
        1,
        "the cached token serves later commands"
    );

    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("[DEBUG] provider.terraform-provider-camunda: Console API request"),
        "the provider's own log lines reach Terraform's log at their level"
    );
    let token = cached_token(&ws);
    assert!(!log.contains(&token), "the access token appears in the log");
    assert!(
        !log.contains(emulator.config.client_secret.expose()),
        "the client secret appears in the log"
    );
}

/// The cluster's API (OAuth, form-encoded token requests) caches its token as the Console
/// client does: one token for every process of every command.
#[test]
fn the_cluster_api_token_serves_every_process_of_plan_and_apply() {
    let (emulator, ws) = cluster::self_managed();
    ws.config(&cluster::config(
        "resource \"camunda_tenant\" \"emea\" {\n  tenant_id = \"emea\"\n  name = \"EMEA\"\n}\n",
    ));
    ws.run(&["plan", "-no-color"]).ok();
    ws.apply().ok();
    ws.run(&["plan", "-no-color"]).ok();
    ws.destroy().ok();
    assert_eq!(
        emulator.token_requests(),
        1,
        "one token for every process of plan, apply, plan and destroy"
    );
    assert_eq!(
        cache_files(&ws)
            .iter()
            .filter(|f| f.ends_with(".json"))
            .count(),
        1
    );
}

#[test]
fn concurrent_commands_share_one_token() {
    let emulator = TestEmulator::start(test_config());
    let cache = tempfile::tempdir().unwrap();
    let workspaces: Vec<Workspace> = (0..3)
        .map(|_| {
            let mut ws = Workspace::new(&[camunda_plugin()]);
            emulator.configure(&mut ws);
            ws.env("CAMUNDA_TOKEN_CACHE_DIR", cache.path());
            ws.config(CONFIG);
            ws
        })
        .collect();
    std::thread::scope(|scope| {
        for ws in &workspaces {
            scope.spawn(|| ws.run(&["plan", "-no-color"]).ok());
        }
    });
    assert_eq!(
        emulator.token_requests(),
        1,
        "three concurrent plans fetch one token"
    );
}

/// The files in the workspace's token cache directory, by name.
fn cache_files(ws: &Workspace) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.path().join(".token-cache"))
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_unusable_cache_directory_is_a_warning_seen_once() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.config(CONFIG);
    let under_a_file = ws.path().join("main.tf").join("cache");
    ws.env("CAMUNDA_TOKEN_CACHE_DIR", &under_a_file);

    let output = ws.run(&["plan", "-no-color"]).ok().output();
    assert_eq!(
        output
            .matches("Warning: Access tokens cannot be cached on disk")
            .count(),
        1,
        "{output}"
    );
    assert!(
        output.contains(&format!(
            "The token cache directory {} cannot be used",
            under_a_file.display()
        )),
        "{output}"
    );
    assert!(
        output.contains("`token_cache_dir` (or the environment variable CAMUNDA_TOKEN_CACHE_DIR)"),
        "{output}"
    );
}

#[test]
fn failed_credentials_leave_no_file_in_the_cache() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.env("CAMUNDA_CONSOLE_CLIENT_SECRET", "not-the-secret");
    ws.config(CONFIG);
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("rejected the API client credentials"),
        "{output}"
    );
    assert_eq!(cache_files(&ws), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn linked_cache_files_are_never_followed() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.config(CONFIG);
    ws.run(&["plan", "-no-color"]).ok();
    let files = cache_files(&ws);
    assert_eq!(files.len(), 2, "a token and its lock: {files:?}");

    // Someone replaces both files with links to files of the user's.
    let cache = ws.path().join(".token-cache");
    let victims = ws.path().join("victims");
    std::fs::create_dir(&victims).unwrap();
    for name in &files {
        let victim = victims.join(name);
        std::fs::write(&victim, "the user's own file\n").unwrap();
        std::fs::remove_file(cache.join(name)).unwrap();
        std::os::unix::fs::symlink(&victim, cache.join(name)).unwrap();
    }
    ws.run(&["plan", "-no-color"]).ok();
    for name in &files {
        assert_eq!(
            std::fs::read_to_string(victims.join(name)).unwrap(),
            "the user's own file\n"
        );
    }
    assert_eq!(
        emulator.token_requests(),
        2,
        "the linked token was not read"
    );
}

#[test]
fn the_disable_switch_takes_the_usual_words_and_refuses_others() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.config(CONFIG);

    ws.env("CAMUNDA_TOKEN_DISK_CACHE_DISABLE", "yes");
    ws.run(&["plan", "-no-color"]).ok();
    assert_eq!(cache_files(&ws), Vec::<String>::new(), "yes: memory only");

    ws.env("CAMUNDA_TOKEN_DISK_CACHE_DISABLE", "off");
    ws.run(&["plan", "-no-color"]).ok();
    assert_eq!(cache_files(&ws).len(), 2, "off: the disk cache is used");

    ws.env("CAMUNDA_TOKEN_DISK_CACHE_DISABLE", "maybe");
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains(
            "invalid environment variable CAMUNDA_TOKEN_DISK_CACHE_DISABLE=\"maybe\": use true or false"
        ),
        "{output}"
    );
}
