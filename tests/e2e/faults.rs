//! Exactly once, through Terraform against the emulator: answers lost after the server
//! acted (closed connections, 502, 504), refusals (429, 503 with Retry-After), a
//! Terraform killed or interrupted during a cluster create, and create timeouts. After
//! each, the emulator holds exactly the objects of the configuration (no duplicate, no
//! orphan), and every secret in the state is the one issued.

use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const CLUSTERS: &str = "POST /clusters";
const CLIENTS: &str = "POST /clusters/{clusterUuid}/clients";

/// One cluster and `clients` Zeebe clients on it, named after the data sources' first
/// channel, region and plan type.
fn config(cluster: &str, clients: usize, extra: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

data "camunda_channel" "stable" {{ name = "Stable" }}
data "camunda_region" "europe" {{ name = "Belgium, Europe (europe-west1)" }}
data "camunda_cluster_plan_type" "trial" {{ name = "Trial Package" }}

resource "camunda_cluster" "main" {{
  name         = "{cluster}"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.europe.id
  plan_type_id = data.camunda_cluster_plan_type.trial.id
{extra}
}}

resource "camunda_zeebe_client" "worker" {{
  count      = {clients}
  cluster_id = camunda_cluster.main.id
  name       = "worker-${{count.index}}"
}}
"#
    )
}

fn start(config: camunda_provider::emulator::Config) -> (TestEmulator, Workspace) {
    let emulator = TestEmulator::start(config);
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    (emulator, ws)
}

/// Asserts that the emulator holds exactly the configuration's objects, those of the
/// state: one cluster named `cluster`, and the state's clients, each with the secret the
/// emulator issued. Faults must be off.
fn assert_exactly_the_state(
    emulator: &TestEmulator,
    ws: &Workspace,
    cluster: &str,
    clients: usize,
) {
    let clusters = emulator.clusters();
    assert_eq!(
        clusters.len(),
        1,
        "one cluster, no duplicate, no orphan: {clusters:?}"
    );
    assert_eq!(clusters[0]["name"], cluster);
    let state = ws.resource("camunda_cluster.main");
    assert_eq!(
        state["id"], clusters[0]["uuid"],
        "the cluster in the state is the one that exists"
    );

    let cluster_id = state["id"].as_str().unwrap();
    let mut existing: Vec<String> = emulator
        .clients(cluster_id)
        .iter()
        .map(|c| c["clientId"].as_str().unwrap().to_owned())
        .collect();
    let mut held = Vec::new();
    for index in 0..clients {
        let client = ws.resource(&format!("camunda_zeebe_client.worker[{index}]"));
        assert!(
            zeebe_token_works(emulator, &client["client_id"], &client["client_secret"]),
            "the secret in the state is the one issued for {client}"
        );
        held.push(client["client_id"].as_str().unwrap().to_owned());
    }
    existing.sort();
    held.sort();
    assert_eq!(
        existing, held,
        "the clients that exist are those of the state"
    );
}

/// Whether the emulator's token endpoint accepts the Zeebe client's credentials.
fn zeebe_token_works(emulator: &TestEmulator, client_id: &Json, secret: &Json) -> bool {
    let (status, _) = emulator.token_request(json!({
        "grant_type": "client_credentials",
        "audience": "zeebe.camunda.io",
        "client_id": client_id,
        "client_secret": secret,
    }));
    status == 200
}

#[test]
fn answers_lost_after_each_create_are_resolved_in_one_apply() {
    let (emulator, ws) = start(test_config());
    for (route, answer) in [
        (CLUSTERS, json!("close")),
        (CLIENTS, json!(504)),
        (CLIENTS, json!("close")),
    ] {
        emulator.admin(
            "POST",
            "/faults/lose-next",
            Some(json!({"route": route, "count": 1, "answer": answer})),
        );
    }
    ws.config(&config("lost", 2, ""));
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(emulator.answers_lost(CLUSTERS), 1);
    assert_eq!(emulator.answers_lost(CLIENTS), 2);
    // The lost cluster was adopted, not created twice; each lost client was deleted and
    // created again, so that its secret reached the state.
    assert_eq!(emulator.calls(CLUSTERS), 1);
    assert_eq!(emulator.calls(CLIENTS), 4);
    assert_eq!(
        emulator.calls("DELETE /clusters/{clusterUuid}/clients/{clientId}"),
        2
    );
    assert_exactly_the_state(&emulator, &ws, "lost", 2);
}

/// Lost answers on every create route and 20% refusals (429, 503 with Retry-After) on
/// every call: the first apply converges, with exactly the configuration's objects.
/// Returns how many answers were lost and how many faults injected.
fn converges_with_faults(seed: u64) -> (u64, u64) {
    let (emulator, ws) = start(camunda_provider::emulator::Config {
        seed,
        ..test_config()
    });
    // The parameters' ids depend on the seed, so the configuration names them by name.
    ws.config(&config("faulty", 3, ""));
    emulator.set_faults(json!({
        "reads": {"error_fraction": 0.2, "statuses": [429, 503]},
        "writes": {"error_fraction": 0.2, "statuses": [429, 503]},
        "retry_after_secs": 1,
        "lost_answers": {"fraction": 0.3, "routes": [CLUSTERS, CLIENTS], "answers": ["close", 502, 504]},
    }));
    let applied = ws.apply();
    assert!(
        applied.success(),
        "seed {seed}: the first apply failed:\n{}",
        applied.output()
    );
    ws.assert_no_changes();
    emulator.set_faults(json!({}));
    assert_exactly_the_state(&emulator, &ws, "faulty", 3);
    let counters = emulator.counters();
    let sum = |map: &Json| {
        map.as_object()
            .map_or(0, |m| m.values().filter_map(Json::as_u64).sum())
    };
    (
        sum(&counters["answers_lost"]),
        sum(&counters["faults_injected"]),
    )
}

/// Runs the seeds and checks that they did meet lost answers and faults.
fn converge_with_seeds(seeds: std::ops::RangeInclusive<u64>) {
    let (mut lost, mut faults) = (0, 0);
    for seed in seeds {
        let (l, f) = converges_with_faults(seed);
        lost += l;
        faults += f;
    }
    assert!(
        lost > 0 && faults > 0,
        "{lost} answers lost, {faults} faults injected"
    );
}

#[test]
fn faults_and_lost_answers_converge_in_the_first_apply_seeds_1_to_5() {
    converge_with_seeds(1..=5);
}

#[test]
fn faults_and_lost_answers_converge_in_the_first_apply_seeds_6_to_10() {
    converge_with_seeds(6..=10);
}

/// Whether process `pid` has ended (a zombie that nobody reaps yet has ended too).
fn has_ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

/// The parent and command name of process `pid`.
fn parent_and_name(pid: u32) -> Option<(u32, String)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (head, rest) = stat.rsplit_once(')')?;
    let name = head.split_once('(')?.1.to_owned();
    let parent = rest.split_whitespace().nth(1)?.parse().ok()?;
    Some((parent, name))
}

/// The provider processes below `ancestor`, each with its parent: the Terraform process
/// that runs it (Terraform runs itself once more below the process that was started).
fn providers_below(ancestor: u32) -> Vec<(u32, u32)> {
    let processes: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| parent_and_name(pid).map(|(parent, name)| (pid, parent, name)))
        .collect();
    let descends = |mut pid: u32| {
        while pid > 1 {
            if pid == ancestor {
                return true;
            }
            pid = processes.iter().find(|p| p.0 == pid).map_or(0, |p| p.1);
        }
        false
    };
    processes
        .iter()
        .filter(|(_, parent, name)| name == "terraform-provi" && descends(*parent))
        .map(|(pid, parent, _)| (*pid, *parent))
        .collect()
}

/// Waits (bounded) until the emulator has served a call of `route`, a create.
fn wait_for_create(emulator: &TestEmulator, route: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while emulator.calls(route) == 0 {
        assert!(Instant::now() < deadline, "Terraform never sent {route}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn terraform_killed_during_a_cluster_create_then_applied_again() {
    let (emulator, ws) = start(camunda_provider::emulator::Config {
        healthy_after: Duration::from_secs(3),
        ..test_config()
    });
    ws.config(&config("killed", 1, ""));
    let terraform = ws.spawn(&["apply", "-auto-approve", "-no-color"]);
    wait_for_create(&emulator, CLUSTERS);
    kill(terraform);

    let again = ws.apply().ok();
    assert!(again.output().contains("adopt"), "{}", again.output());
    ws.assert_no_changes();
    assert_eq!(emulator.calls(CLUSTERS), 1, "the cluster was created once");
    assert_exactly_the_state(&emulator, &ws, "killed", 1);
}

/// SIGKILLs Terraform, and the Terraform processes that run providers, as an out-of-memory
/// kill would; asserts that the providers are gone within 2 s, the issue's bound.
fn kill(mut terraform: std::process::Child) {
    let providers = providers_below(terraform.id());
    assert!(
        !providers.is_empty(),
        "the provider runs while the object is created"
    );
    for parent in providers.iter().map(|&(_, parent)| parent) {
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &parent.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
    }
    let _ = terraform.kill();
    terraform.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    while !providers.iter().all(|&(pid, _)| has_ended(pid)) {
        assert!(
            Instant::now() < deadline,
            "a provider outlived Terraform by 2 s: {providers:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn terraform_killed_during_a_prefixed_client_create_then_applied_again() {
    let (emulator, ws) = start(test_config());
    ws.config(&config("main", 0, ""));
    ws.apply().ok();
    // The create is served, and its answer never comes while Terraform waits.
    emulator.admin(
        "POST",
        "/faults/lose-next",
        Some(json!({"route": CLIENTS, "count": 1, "answer": "hang"})),
    );
    let prefixed = r#"
resource "camunda_zeebe_client" "rotating" {
  cluster_id  = camunda_cluster.main.id
  name_prefix = "rotating-"
}
"#;
    ws.config(&format!("{}{prefixed}", config("main", 0, "")));
    let terraform = ws.spawn(&["apply", "-auto-approve", "-no-color"]);
    wait_for_create(&emulator, CLIENTS);
    kill(terraform);
    let cluster_id = ws.resource("camunda_cluster.main")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let orphan = emulator.clients(&cluster_id);
    assert_eq!(
        orphan.len(),
        1,
        "the killed apply made a client: {orphan:?}"
    );

    let again = ws.apply().ok();
    ws.assert_no_changes();
    let client = ws.resource("camunda_zeebe_client.rotating");
    let existing = emulator.clients(&cluster_id);
    assert_eq!(
        existing.len(),
        1,
        "no orphan beside the new client: {existing:?}"
    );
    assert_eq!(existing[0]["clientId"], client["client_id"]);
    assert_eq!(
        existing[0]["name"],
        orphan[0]["name"],
        "the interrupted create was resumed under its name: {}",
        again.output()
    );
    assert!(zeebe_token_works(
        &emulator,
        &client["client_id"],
        &client["client_secret"]
    ));
}

#[test]
fn an_interrupted_cluster_create_is_finished_by_the_next_apply() {
    interrupted_cluster_create(Duration::ZERO);
}

#[test]
fn a_cluster_create_interrupted_before_its_answer_is_finished_by_the_next_apply() {
    // Every answer comes late: the interrupt reaches the provider while the create's answer
    // is on its way, so the wait is stopped before it has looked at the cluster once.
    interrupted_cluster_create(Duration::from_millis(1500));
}

/// Interrupts an apply once the emulator has the cluster's create, then checks that the
/// cluster is in the state, not tainted, `Creating`, and that the next apply finishes it.
fn interrupted_cluster_create(latency: Duration) {
    // The cluster turns Healthy only when the test lets it, after the next plan: however
    // long the commands in between take, the interrupt and that plan meet it Creating.
    let (emulator, ws) = start(camunda_provider::emulator::Config {
        healthy_after: Duration::from_secs(3600),
        ..test_config()
    });
    ws.config(&config("interrupted", 1, ""));
    let late = json!({"latency_ms": latency.as_millis()});
    emulator.admin("PUT", "/faults", Some(late));
    let mut terraform = ws.spawn(&["apply", "-auto-approve", "-no-color"]);
    wait_for_create(&emulator, CLUSTERS);
    // Ctrl-C: Terraform asks the provider to stop, and records what the create returns.
    let (_, runner) = providers_below(terraform.id())[0];
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &runner.to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    terraform.wait().unwrap();
    emulator.admin("PUT", "/faults", Some(json!({})));

    let state = ws.state();
    let cluster = state["values"]["root_module"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "camunda_cluster.main")
        .expect("the cluster is in the state")
        .clone();
    assert_ne!(
        cluster["tainted"],
        true,
        "an interrupted create is not a failed one: {cluster}\n{}",
        ws.spawned_output()
    );
    assert_eq!(cluster["values"]["status"], "Creating");

    // The next plan finishes the wait in place instead of replacing the cluster.
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions["camunda_cluster.main"], ["update"], "{actions:?}");
    emulator.admin(
        "PUT",
        &format!(
            "/clusters/{}/health",
            cluster["values"]["id"].as_str().unwrap()
        ),
        Some(json!({"status": "Creating", "settle_after_ms": 500})),
    );
    ws.apply().ok();
    ws.assert_no_changes();
    assert_eq!(ws.resource("camunda_cluster.main")["status"], "Healthy");
    assert_eq!(emulator.calls(CLUSTERS), 1);
    assert_eq!(emulator.calls("DELETE /clusters/{clusterUuid}"), 0);
    assert_exactly_the_state(&emulator, &ws, "interrupted", 1);
}

#[test]
fn a_create_timeout_never_cuts_a_create_in_half() {
    // A timeout that has passed before the create: nothing is sent.
    let (emulator, ws) = start(test_config());
    ws.config(&config(
        "zero",
        0,
        "  timeouts {\n    create = \"0s\"\n  }\n",
    ));
    let output = ws.apply().failed().output();
    assert!(output.contains("was not sent"), "{output}");
    assert_eq!(emulator.calls(CLUSTERS), 0);
    assert!(emulator.clusters().is_empty());

    // A create sent in time whose answer comes after the timeout: waited for and recorded.
    let (emulator, ws) = start(test_config());
    ws.config(&config(
        "slow",
        0,
        "  timeouts {\n    create = \"1s\"\n  }\n",
    ));
    emulator.set_faults(json!({"latency_ms": 1500}));
    let output = ws.apply().failed().output();
    assert!(
        output.contains("Cluster created but not Healthy"),
        "{output}"
    );
    emulator.set_faults(json!({}));
    let clusters = emulator.clusters();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(
        ws.resource("camunda_cluster.main")["id"],
        clusters[0]["uuid"],
        "the cluster is in the state, not orphaned"
    );
}
