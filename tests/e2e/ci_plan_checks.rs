//! The CI setup of `docs/guides/ci-plan-checks.md`, through Terraform against the emulator:
//! module tests with `terraform test` and no account, an apply job with one API client,
//! and plan jobs with a read-only one that share a token through the cache.

use std::path::{Path, PathBuf};

use crate::support::emulator::{READER_ID, READER_SECRET, TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin, terraform_version};

fn guide_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/guides/ci-plan-checks")
}

#[test]
fn module_tests_run_against_the_emulator_with_terraform_test() {
    if terraform_version() < (1, 6) {
        eprintln!(
            "skipped: `terraform test` needs Terraform 1.6 or later, this is {:?}",
            terraform_version()
        );
        return;
    }
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    ws.copy_config(&guide_dir());
    let output = ws.run(&["test", "-no-color"]).ok().output();
    assert!(output.contains("2 passed, 0 failed"), "{output}");
    let (_, clusters) = emulator.api("GET", "/clusters");
    assert_eq!(
        clusters,
        serde_json::json!([]),
        "terraform test destroyed what it made"
    );
}

#[test]
fn plan_jobs_with_the_read_only_client_share_one_token_and_see_no_change() {
    let emulator = TestEmulator::start(test_config());
    let tokens = tempfile::tempdir().unwrap();

    // The apply job, with the API client that may change things.
    let mut apply_job = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut apply_job);
    apply_job.copy_config(&guide_dir());
    apply_job.apply().ok();
    let state = apply_job.path().join("terraform.tfstate");

    // Two plan jobs of later merge requests: the read-only client, the same state, and
    // the token cache directory the pipeline shares between its jobs.
    emulator.reset_counters();
    for _ in 0..2 {
        let mut plan_job = Workspace::new(&[camunda_plugin()]);
        emulator.configure_as(&mut plan_job, READER_ID, READER_SECRET);
        plan_job.env("CAMUNDA_TOKEN_CACHE_DIR", tokens.path());
        plan_job.copy_config(&guide_dir());
        std::fs::copy(&state, plan_job.path().join("terraform.tfstate")).unwrap();
        plan_job
            .run(&["plan", "-no-color", "-detailed-exitcode"])
            .ok();
    }
    assert_eq!(
        emulator.token_requests(),
        1,
        "the second job reused the token"
    );

    apply_job.destroy().ok();
}
