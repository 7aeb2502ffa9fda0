//! Every configuration under `examples/` runs as it stands: applied against the emulator,
//! planned again (refreshing) with an API client that may only read, as a CI plan check
//! would, then destroyed, leaving no cluster behind, each on its own (it declares this
//! provider itself). Directories are found by walking `examples/`, so a new example is
//! covered without touching this file.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use camunda_provider::emulator::AuthMode;

use crate::support::cluster;
use crate::support::emulator::{READER_ID, READER_SECRET};
use crate::support::terraform_at_least;

fn examples_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// The `.tf` files directly inside `dir`.
fn tf_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "tf"))
        .collect();
    files.sort();
    files
}

/// Every directory under `root` that holds a configuration, sorted.
fn example_dirs(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        if !tf_files(&dir).is_empty() {
            found.push(dir.clone());
        }
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The Terraform 1.x minor version that the configuration in `sources` needs:
/// write-only arguments came with 1.11, ephemeral resources with 1.10, and `moved` blocks
/// between resource types (the only ones the examples have) with 1.8.
fn minor_needed(sources: &[PathBuf]) -> u64 {
    let uses = |what: &str| {
        sources.iter().any(|file| {
            fs::read_to_string(file)
                .unwrap()
                .lines()
                .any(|line| !line.trim_start().starts_with('#') && line.contains(what))
        })
    };
    if uses("value_wo ") {
        11
    } else if uses("ephemeral \"") {
        10
    } else if uses("moved {") {
        8
    } else {
        0
    }
}

/// Copies the example in `dir` with the files it reads (models, subfolders without a
/// configuration of their own) to `to`.
fn copy_example(dir: &Path, to: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_file() {
            fs::copy(&path, target).unwrap();
        } else if tf_files(&path).is_empty() {
            fs::create_dir_all(&target).unwrap();
            copy_example(&path, &target);
        }
    }
}

/// Applies and destroys the example in `dir` in a workspace of its own, against an
/// emulator of its own; says what went wrong otherwise.
fn run_example(dir: &Path) -> Result<(), String> {
    let sources = tf_files(dir);
    let read = |file: &PathBuf| fs::read_to_string(file).unwrap_or_default();
    // Examples of objects inside a cluster take its API from the environment, with the
    // authentication they name.
    let basic = sources
        .iter()
        .any(|f| read(f).contains("auth_strategy = \"BASIC\""));
    let auth = if basic {
        AuthMode::Basic
    } else {
        AuthMode::OAuth
    };
    let (emulator, mut ws) = cluster::self_managed_with(auth);

    let minor = minor_needed(&sources);
    if minor > 0 {
        let Some(terraform) = terraform_at_least(minor) else {
            crate::support::skip(
                &format!("example {}", dir.display()),
                &format!("it needs Terraform 1.{minor} or later, and none was found"),
            );
            return Ok(());
        };
        ws.use_terraform(terraform);
    }
    // Copied alone, an example must still find this provider rather than hashicorp/camunda.
    let declares_provider = sources
        .iter()
        .any(|file| read(file).contains("source  = \"camunda/camunda\""));
    if !declares_provider {
        return Err("it has no `required_providers` block naming camunda/camunda".into());
    }
    copy_example(dir, ws.path());

    let apply = ws.apply();
    // A refreshing plan needs read permissions only, and finds nothing to change; but an
    // ephemeral Zeebe client is made in every plan too, which needs create:clients.
    let creates_in_plan = sources
        .iter()
        .any(|file| read(file).contains("ephemeral \"camunda_zeebe_client\""));
    if !creates_in_plan {
        emulator.configure_as(&mut ws, READER_ID, READER_SECRET);
    }
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    emulator.configure(&mut ws);
    for run in [apply, plan, ws.destroy()] {
        if !run.success() {
            return Err(format!(
                "terraform {} failed:\n{}\n{}",
                run.args.join(" "),
                run.stdout,
                run.stderr
            ));
        }
    }
    let (status, clusters) = emulator.api("GET", "/clusters");
    if status != 200 || clusters != serde_json::json!([]) {
        return Err(format!(
            "the emulator still holds clusters after destroy (GET /clusters: {status} {clusters})"
        ));
    }
    Ok(())
}

/// How many examples run at once: each mostly waits on Terraform, and one after the other
/// they would take longer than the rest of the suite together.
const EXAMPLES_AT_ONCE: usize = 4;

/// [`run_example`] for every directory, a few at a time; the results in the order of `dirs`.
fn run_examples(dirs: &[PathBuf]) -> Vec<Result<(), String>> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<(), String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..EXAMPLES_AT_ONCE)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(dir) = dirs.get(index) else {
                            return done;
                        };
                        done.push((index, run_example(dir)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap())
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[test]
fn every_example_applies_and_destroys_without_leaving_clusters() {
    let root = examples_root();
    let dirs = example_dirs(&root);
    for expected in ["provider", "quickstart", "resources/camunda_cluster"] {
        assert!(
            dirs.contains(&root.join(expected)),
            "examples/{expected} was not found among {dirs:?}"
        );
    }

    let failures: Vec<String> = dirs
        .iter()
        .zip(run_examples(&dirs))
        .filter_map(|(dir, result)| {
            let name = dir.strip_prefix(&root).unwrap().display().to_string();
            result.err().map(|why| format!("examples/{name}: {why}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
