//! Backups through Terraform against the emulator: `camunda_cluster_backup`,
//! `camunda_cluster_backup_schedule` and the `camunda_cluster_backups` data source. Each
//! lifecycle: create, empty plans, in-place update, drift, import, a failed backup kept
//! tainted, and a destroy that leaves nothing behind.

use std::time::Duration;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

const BACKUP: &str = "camunda_cluster_backup.before_release";
const SCHEDULE: &str = "camunda_cluster_backup_schedule.nightly";

struct Setup {
    emulator: TestEmulator,
    ws: Workspace,
    cluster_id: String,
}

/// An emulator with one Healthy cluster, where backups may follow each other at once.
fn setup() -> Setup {
    setup_with(Duration::ZERO)
}

fn setup_with(min_backup_interval: Duration) -> Setup {
    let emulator = TestEmulator::start(camunda_provider::emulator::Config {
        min_backup_interval,
        ..test_config()
    });
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("backed-up");
    Setup {
        emulator,
        ws,
        cluster_id,
    }
}

fn config(cluster_id: &str, body: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

provider "camunda" {{}}

locals {{
  cluster_id = "{cluster_id}"
}}
{body}
"#
    )
}

fn backup(keeper: &str) -> String {
    format!(
        r#"
resource "camunda_cluster_backup" "before_release" {{
  cluster_id = local.cluster_id
  keepers    = {{ release = "{keeper}" }}
}}
"#
    )
}

fn schedule(cron: &str) -> String {
    format!(
        r#"
resource "camunda_cluster_backup_schedule" "nightly" {{
  cluster_id = local.cluster_id
  schedule   = "{cron}"
}}
"#
    )
}

const LIST: &str = r#"
data "camunda_cluster_backups" "all" {
  cluster_id = local.cluster_id
  depends_on = [camunda_cluster_backup.before_release]
}

output "backups" {
  value = data.camunda_cluster_backups.all.backups
}
"#;

fn backups_at(emulator: &TestEmulator, cluster_id: &str) -> Vec<Json> {
    let (status, backups) = emulator.api("GET", &format!("/clusters/{cluster_id}/backups"));
    assert_eq!(status, 200, "{backups}");
    backups.as_array().unwrap().clone()
}

fn schedule_at(emulator: &TestEmulator, cluster_id: &str) -> (u16, Json) {
    emulator.api("GET", &format!("/clusters/{cluster_id}/backups/schedule"))
}

#[test]
fn a_backup_and_a_schedule_live_and_die_with_their_resources() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(
        &cluster_id,
        &(backup("1.0") + &schedule("0 2 * * *") + LIST),
    ));
    ws.apply().ok();
    ws.assert_no_changes();

    let state = ws.resource(BACKUP);
    assert_eq!(state["status"], "Complete", "{state}");
    assert_eq!(state["zeebe_status"], "Complete", "{state}");
    assert!(state["completed"].as_str().is_some(), "{state}");
    let backup_id = state["backup_id"].as_str().unwrap().to_owned();
    assert_eq!(state["id"], format!("{cluster_id}/{backup_id}"));
    let at_emulator = backups_at(&emulator, &cluster_id);
    assert_eq!(at_emulator.len(), 1, "{at_emulator:?}");
    assert_eq!(at_emulator[0]["uuid"], backup_id.as_str());
    let listed = ws.output("backups");
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["backup_id"], backup_id.as_str());
    assert_eq!(listed[0]["name"], state["name"]);

    let scheduled = ws.resource(SCHEDULE);
    assert_eq!(scheduled["id"], cluster_id.as_str());
    assert!(scheduled["name"].as_str().is_some(), "{scheduled}");
    assert_eq!(
        schedule_at(&emulator, &cluster_id).1["schedule"],
        "0 2 * * *"
    );

    // The schedule changes in place.
    ws.config(&config(
        &cluster_id,
        &(backup("1.0") + &schedule("30 1 * * MON-FRI") + LIST),
    ));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[SCHEDULE], ["update"], "{actions:?}");
    assert!(!actions.contains_key(BACKUP), "{actions:?}");
    ws.apply().ok();
    assert_eq!(
        schedule_at(&emulator, &cluster_id).1["schedule"],
        "30 1 * * MON-FRI"
    );
    ws.assert_no_changes();

    // Deleted out of band: both are planned again.
    let (status, _) = emulator.api(
        "DELETE",
        &format!("/clusters/{cluster_id}/backups/{backup_id}"),
    );
    assert_eq!(status, 200);
    let (status, _) = emulator.api(
        "DELETE",
        &format!("/clusters/{cluster_id}/backups/schedule"),
    );
    assert_eq!(status, 204);
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[BACKUP], ["create"], "{actions:?}");
    assert_eq!(actions[SCHEDULE], ["create"], "{actions:?}");
    ws.apply().ok();
    assert_eq!(backups_at(&emulator, &cluster_id).len(), 1);
    ws.assert_no_changes();

    // A keepers change takes a new backup and deletes the old one.
    let old = ws.resource(BACKUP)["backup_id"].clone();
    ws.config(&config(
        &cluster_id,
        &(backup("2.0") + &schedule("30 1 * * MON-FRI") + LIST),
    ));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[BACKUP], ["delete", "create"], "{actions:?}");
    ws.apply().ok();
    let now = backups_at(&emulator, &cluster_id);
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now[0]["uuid"], old);

    ws.destroy().ok();
    assert_eq!(backups_at(&emulator, &cluster_id), Vec::<Json>::new());
    assert_eq!(schedule_at(&emulator, &cluster_id).0, 404);
}

#[test]
fn a_change_of_timeouts_alone_keeps_the_backup_as_it_was() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    ws.config(&config(&cluster_id, &backup("1.0")));
    ws.apply().ok();
    let before = ws.resource(BACKUP);
    let timeouts = "\n  timeouts {\n    delete = \"5m\"\n  }\n}\n";
    ws.config(&config(
        &cluster_id,
        &backup("1.0").replace("\n}\n", timeouts),
    ));
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[BACKUP], ["update"], "{actions:?}");
    ws.apply().ok();
    ws.assert_no_changes();
    let after = ws.resource(BACKUP);
    for attribute in ["id", "backup_id", "name", "status", "completed"] {
        assert_eq!(after[attribute], before[attribute], "{attribute}");
    }
    assert_eq!(after["timeouts"]["delete"], "5m", "{after}");
    assert_eq!(backups_at(&emulator, &cluster_id).len(), 1);
}

#[test]
fn import_takes_a_schedule_by_cluster_id_and_a_backup_by_both_ids() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    let (status, _) = emulator.api_json(
        "PUT",
        &format!("/clusters/{cluster_id}/backups/schedule"),
        Some(json!({"schedule": "0 3 * * *"})),
    );
    assert_eq!(status, 200);
    let (status, taken) =
        emulator.api_json("POST", &format!("/clusters/{cluster_id}/backups"), None);
    assert_eq!(status, 200, "{taken}");
    let backup_id = taken["uuid"].as_str().unwrap();
    // Creating a schedule over one set elsewhere would replace it: refused, import offered.
    ws.config(&config(&cluster_id, &schedule("0 3 * * *")));
    let output = ws.apply().failed().output();
    assert!(output.contains("already has a backup schedule"), "{output}");
    assert!(output.contains("terraform import"), "{output}");

    ws.config(&config(
        &cluster_id,
        &(backup("1.0") + &schedule("0 3 * * *")),
    ));

    let output = ws.import(SCHEDULE, "no-such-cluster").failed().output();
    assert!(output.contains("has no backup schedule"), "{output}");
    ws.import(SCHEDULE, &cluster_id).ok();
    let output = ws.import(BACKUP, backup_id).failed().output();
    assert!(output.contains("<cluster_id>/<backup_id>"), "{output}");
    ws.import(BACKUP, &format!("{cluster_id}/{backup_id}")).ok();
    assert_eq!(ws.resource(SCHEDULE)["schedule"], "0 3 * * *");
    // The keepers are Terraform's own: after import they differ from the configuration.
    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[BACKUP], ["delete", "create"], "{actions:?}");
    assert!(!actions.contains_key(SCHEDULE), "{actions:?}");
}

#[test]
fn a_failed_backup_stays_in_the_state_tainted() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup();
    emulator.admin(
        "PUT",
        &format!("/clusters/{cluster_id}/backups/failures"),
        Some(json!({"count": 1})),
    );
    ws.config(&config(&cluster_id, &backup("1.0")));
    let output = ws.apply().failed().output();
    assert!(output.contains("Backup failed"), "{output}");
    assert!(output.contains("Zeebe: Failed"), "{output}");
    assert!(output.contains("tainted"), "{output}");

    let failed = ws.resource(BACKUP);
    assert_eq!(failed["status"], "Failed", "{failed}");
    let at_emulator = backups_at(&emulator, &cluster_id);
    assert_eq!(at_emulator.len(), 1, "not orphaned: {at_emulator:?}");
    assert_eq!(at_emulator[0]["uuid"], failed["backup_id"]);

    let actions = ws.planned_actions(&[]);
    assert_eq!(actions[BACKUP], ["delete", "create"], "{actions:?}");
    ws.apply().ok();
    let now = backups_at(&emulator, &cluster_id);
    assert_eq!(now.len(), 1, "{now:?}");
    assert_eq!(now[0]["status"], "Complete");
    assert_eq!(now[0]["uuid"], ws.resource(BACKUP)["backup_id"]);
}

#[test]
fn schedules_and_backups_too_close_together_are_refused_clearly() {
    let Setup {
        emulator,
        ws,
        cluster_id,
    } = setup_with(Duration::from_secs(15 * 60));
    ws.config(&config(&cluster_id, &schedule("*/10 * * * *")));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(output.contains("10 minutes apart"), "{output}");
    assert!(output.contains("schedule"), "{output}");
    assert_eq!(
        emulator.calls("PUT /clusters/{clusterUuid}/backups/schedule"),
        0
    );

    let (status, _) = emulator.api_json("POST", &format!("/clusters/{cluster_id}/backups"), None);
    assert_eq!(status, 200);
    ws.config(&config(&cluster_id, &backup("1.0")));
    let output = ws.apply().failed().output();
    assert!(output.contains("refused to take the backup"), "{output}");
    assert!(output.contains("every 15 minutes"), "{output}");
    assert_eq!(backups_at(&emulator, &cluster_id).len(), 1);
}
