//! `tools/release`: the files the Terraform Registry expects, and a filesystem mirror from
//! which a fresh directory installs the provider with `terraform init` and a version
//! constraint, recording it in the lock file, with no dev overrides, in Terraform's layout
//! and in OpenTofu's; beside them the emulator, which the CI guide's script downloads,
//! checks and starts. One version everywhere. And `tools/bench`, which keeps
//! BENCHMARKS.md to the measurements of one commit.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{REGISTRY_ADDRESS, VERSION, Workspace, release, terraform_path};

const NAME: &str = "terraform-provider-camunda";
const EMULATOR: &str = "camunda-console-emulator";
/// Where OpenTofu looks for the provider in a filesystem mirror.
const OPENTOFU_ADDRESS: &str = "registry.opentofu.org/camunda/camunda";

/// Terraform's name for this machine's platform.
fn platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("{}_{arch}", std::env::consts::OS)
}

/// `sha256sum`'s listing of `names` in `dir`.
fn sums_of(dir: &Path, names: &[&String]) -> String {
    let mut names = names.to_vec();
    names.sort();
    names
        .iter()
        .map(|name| {
            format!(
                "{}  {name}\n",
                sha256_hex(&fs::read(dir.join(name)).unwrap())
            )
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `h1:` hash that Terraform records in the lock file for a package holding just
/// `file` with `contents`: the SHA-256 of its `sha256sum`-style listing, in base64.
fn h1_hash(file: &str, contents: &[u8]) -> String {
    let listing = format!("{}  {file}\n", sha256_hex(contents));
    let digest = Sha256::digest(listing.as_bytes());
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `~> <major>.<minor>` of this version.
fn minor_constraint() -> String {
    let mut parts = VERSION.split('.');
    format!("~> {}.{}", parts.next().unwrap(), parts.next().unwrap())
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn release_files_are_named_summed_and_mirrored_as_the_registry_expects() {
    let dir = release();
    let prefix = format!("{NAME}_{VERSION}");
    let zip = format!("{prefix}_{}.zip", platform());
    let manifest = format!("{prefix}_manifest.json");
    let sums = format!("{prefix}_SHA256SUMS");
    let emulator_zip = format!("{EMULATOR}_{VERSION}_{}.zip", platform());
    let emulator_sums = format!("{EMULATOR}_{VERSION}_SHA256SUMS");
    let mut expected = vec![
        "mirror".to_owned(),
        manifest.clone(),
        sums.clone(),
        zip.clone(),
        emulator_zip.clone(),
        emulator_sums.clone(),
    ];
    expected.sort();
    assert_eq!(file_names(dir), expected);

    let manifest_json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(&manifest)).unwrap()).unwrap();
    assert_eq!(
        manifest_json,
        serde_json::json!({ "version": 1, "metadata": { "protocol_versions": ["6.0"] } })
    );

    // The Registry's checksums list the provider's files alone; the emulator's its zips.
    let listed = fs::read_to_string(dir.join(&sums)).unwrap();
    assert_eq!(listed, sums_of(dir, &[&zip, &manifest]));
    assert!(!listed.contains(EMULATOR), "{listed}");
    assert_eq!(
        fs::read_to_string(dir.join(&emulator_sums)).unwrap(),
        sums_of(dir, &[&emulator_zip])
    );

    // The mirror holds the provider alone, for Terraform and for OpenTofu.
    let mut hosts = file_names(&dir.join("mirror"));
    hosts.sort();
    assert_eq!(hosts, ["registry.opentofu.org", "registry.terraform.io"]);
    for address in [REGISTRY_ADDRESS, OPENTOFU_ADDRESS] {
        let mirrored = dir.join("mirror").join(address);
        assert_eq!(file_names(&mirrored), std::slice::from_ref(&zip));
        assert_eq!(
            fs::read(mirrored.join(&zip)).unwrap(),
            fs::read(dir.join(&zip)).unwrap()
        );
    }
}

/// A configuration that asks for this provider from `source` with `~> <major>.<minor>`
/// and plans a cluster.
fn config(source: &str) -> String {
    let constraint = minor_constraint();
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{
      source  = "{source}"
      version = "{constraint}"
    }}
  }}
}}

data "camunda_channel" "stable" {{
  name = "Stable"
}}

data "camunda_region" "belgium" {{
  name = "Belgium, Europe (europe-west1)"
}}

data "camunda_cluster_plan_type" "trial" {{
  name = "Trial Package"
}}

resource "camunda_cluster" "orders" {{
  name         = "orders"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.belgium.id
  plan_type_id = data.camunda_cluster_plan_type.trial.id
}}
"#
    )
}

/// Runs `terraform init` (with `extra` arguments) and checks that it installed the
/// release as `address`, not an override, and recorded it in the lock file.
fn init_installs_the_release(ws: &Workspace, extra: &[&str], address: &str) {
    let mut args = vec!["init", "-no-color"];
    args.extend_from_slice(extra);
    let said = ws.run(&args).ok().output();
    // Terraform names providers of its own registry without the host.
    let shown = address
        .strip_prefix("registry.terraform.io/")
        .unwrap_or(address);
    assert!(
        said.contains(&format!("Installed {shown} v{VERSION}")),
        "{said}"
    );
    assert!(!said.contains("overrides"), "{said}");

    let lock = fs::read_to_string(ws.path().join(".terraform.lock.hcl")).unwrap();
    let binary = fs::read(env!("CARGO_BIN_EXE_terraform-provider-camunda")).unwrap();
    let h1 = h1_hash(&format!("{NAME}_v{VERSION}"), &binary);
    for expected in [
        format!("provider \"{address}\""),
        format!("version     = \"{VERSION}\""),
        format!("constraints = \"{}\"", minor_constraint()),
        format!("\"{h1}\""),
    ] {
        assert!(lock.contains(&expected), "{expected} is not in:\n{lock}");
    }
    let version = ws.run(&["version", "-no-color"]).ok();
    assert!(
        version
            .stdout
            .contains(&format!("provider {address} v{VERSION}")),
        "{}",
        version.stdout
    );
}

#[test]
fn a_fresh_directory_installs_the_release_from_a_mirror_with_a_version_constraint_and_plans() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::from_release_mirror();
    emulator.configure(&mut ws);
    ws.config(&config("camunda/camunda"));
    init_installs_the_release(&ws, &[], REGISTRY_ADDRESS);
    plans_one_cluster(&ws);
}

fn plans_one_cluster(ws: &Workspace) {
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(2), "{}", plan.output());
    assert_plans_one_cluster(&plan.stdout);
}

fn assert_plans_one_cluster(stdout: &str) {
    assert!(
        stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."),
        "{stdout}"
    );
}

/// A workspace whose CLI configuration installs `address` from the filesystem mirror of
/// `release()`, and nothing from anywhere else.
fn workspace_with_mirror(address: &str) -> Workspace {
    let ws = Workspace::without_cli_config();
    let mirror = release().join("mirror");
    fs::write(
        ws.path().join(".terraformrc"),
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    \
             include = [{address:?}]\n  }}\n}}\n",
            mirror.display().to_string()
        ),
    )
    .unwrap();
    ws
}

/// OpenTofu looks up `registry.opentofu.org/camunda/camunda` in a mirror: Terraform, told
/// that source address, installs from the same folder of the mirror.
#[test]
fn the_mirrors_opentofu_layout_installs_the_release_and_plans() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = workspace_with_mirror(OPENTOFU_ADDRESS);
    emulator.configure(&mut ws);
    ws.config(&config(OPENTOFU_ADDRESS));
    init_installs_the_release(&ws, &[], OPENTOFU_ADDRESS);
    plans_one_cluster(&ws);
}

/// Stops the emulator that a test's shell started in the background.
struct Stop(String);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(&self.0).status();
    }
}

/// The CI guide's module-test job: its script downloads the release's emulator (here from
/// a `file://` URL), checks it against the emulator's checksums, unzips it, starts it and
/// waits for its `--env-file`, then sources it; `terraform plan` in the same shell plans
/// against that emulator.
#[test]
fn the_ci_guides_script_downloads_checks_and_starts_the_releases_emulator() {
    let ws = workspace_with_mirror(REGISTRY_ADDRESS);
    ws.config(&config("camunda/camunda"));
    init_installs_the_release(&ws, &[], REGISTRY_ADDRESS);
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/guides/ci-plan-checks");
    fs::copy(
        guide.join("start-emulator.sh"),
        ws.path().join("start-emulator.sh"),
    )
    .unwrap();

    let job = Command::new("bash")
        .args([
            "-c",
            r#". ./start-emulator.sh || exit 1
echo "$!" > emulator.pid
"$TERRAFORM" plan -no-color -detailed-exitcode"#,
        ])
        .current_dir(ws.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", ws.path())
        .env("TERRAFORM", terraform_path())
        .env("TF_CLI_CONFIG_FILE", ws.path().join(".terraformrc"))
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .env("CAMUNDA_TOKEN_CACHE_DIR", ws.path().join(".token-cache"))
        .env(
            "CAMUNDA_RELEASE_URL",
            format!("file://{}", release().display()),
        )
        .env("CAMUNDA_RELEASE_VERSION", VERSION)
        .output()
        .unwrap();
    let pid = fs::read_to_string(ws.path().join("emulator.pid")).unwrap_or_default();
    let stop = Stop(pid.trim().to_owned());
    let stdout = String::from_utf8_lossy(&job.stdout);
    let said = format!("{stdout}\n{}", String::from_utf8_lossy(&job.stderr));
    assert_eq!(job.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!("{EMULATOR}_{VERSION}_{}.zip: OK", platform())),
        "{said}"
    );
    assert_plans_one_cluster(&stdout);

    // The plan read the creation parameters from the emulator the script started.
    let env = ws.path().join(".camunda-emulator/env");
    let exports = fs::read_to_string(&env).unwrap();
    assert!(
        exports.contains("export CAMUNDA_CONSOLE_BASE_URL=http://127.0.0.1:"),
        "{exports}"
    );
    // Its stdout still says the same, after the base URL.
    let log = fs::read_to_string(ws.path().join(".camunda-emulator/log")).unwrap();
    assert!(log.starts_with("http://127.0.0.1:"), "{log}");
    assert!(exports.lines().all(|line| log.contains(line)), "{log}");

    // Stopped, it removes the file, which would otherwise tell the next wait it serves.
    drop(stop);
    let deadline = Instant::now() + Duration::from_secs(10);
    while env.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!env.exists(), "the emulator left {}", env.display());
}

#[test]
fn the_readmes_other_ways_install_the_release_too() {
    let zip = format!("{NAME}_{VERSION}_{}.zip", platform());
    let mirror = release().join("mirror");

    // The zip in ~/.terraform.d/plugins, where Terraform looks without being told.
    let mut ws = Workspace::without_cli_config();
    let home = ws.path().join("home");
    let plugins = home.join(".terraform.d/plugins").join(REGISTRY_ADDRESS);
    fs::create_dir_all(&plugins).unwrap();
    fs::copy(mirror.join(REGISTRY_ADDRESS).join(&zip), plugins.join(&zip)).unwrap();
    ws.env("HOME", &home);
    ws.config(&config("camunda/camunda"));
    init_installs_the_release(&ws, &[], REGISTRY_ADDRESS);

    // terraform init -plugin-dir
    let ws = Workspace::without_cli_config();
    ws.config(&config("camunda/camunda"));
    init_installs_the_release(
        &ws,
        &[&format!("-plugin-dir={}", mirror.display())],
        REGISTRY_ADDRESS,
    );
}

#[test]
fn the_version_is_the_same_in_the_binary_changelog_readme_guide_and_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = Command::new(env!("CARGO_BIN_EXE_terraform-provider-camunda"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(binary.stdout).unwrap().trim(),
        format!("{NAME} {VERSION}")
    );
    let changelog = fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    let first_release = changelog
        .lines()
        .find(|line| line.starts_with("## [") && !line.starts_with("## [Unreleased]"))
        .expect("a versioned section in CHANGELOG.md");
    assert!(
        first_release.starts_with(&format!("## [{VERSION}] - ")),
        "the newest release in CHANGELOG.md is {first_release:?}, not {VERSION}"
    );
    let guide = fs::read_to_string(root.join("examples/guides/ci-plan-checks/guide.md")).unwrap();
    let release_version = format!("CAMUNDA_RELEASE_VERSION: \"{VERSION}\"");
    assert!(
        guide.contains(&release_version),
        "the CI guide does not say {release_version}"
    );
    let constraint = format!("version = \"{}\"", minor_constraint());
    for file in [
        "README.md",
        "docs/guides/migrating-from-the-community-provider.md",
        "examples/provider/provider.tf",
    ] {
        let text = fs::read_to_string(root.join(file)).unwrap();
        let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            squeezed.contains(&constraint),
            "{file} does not say {constraint}"
        );
    }
}

/// Runs `tools/bench --only identity` with `extra` arguments on a BENCHMARKS.md whose head
/// names `commit`; returns whether it succeeded, what it said, and the file afterwards.
fn bench_only_section(commit: &str, extra: &[&str]) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("BENCHMARKS.md");
    let text = format!(
        "# Benchmarks\n\nGenerated by `tools/bench` on 2026-01-01 00:00 UTC at commit `{commit}`.\n"
    );
    fs::write(&file, &text).unwrap();
    let output = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/bench"))
        .args(["--only", "identity", "--output"])
        .arg(&file)
        .args(extra)
        .output()
        .expect("python3 runs tools/bench");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.success(),
        said,
        fs::read_to_string(&file).unwrap(),
    )
}

#[test]
fn bench_refuses_to_rewrite_one_section_of_a_file_measured_at_another_commit() {
    let head = Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "rev-parse",
            "--short",
            "HEAD",
        ])
        .output()
        .unwrap();
    let head = String::from_utf8(head.stdout).unwrap().trim().to_owned();
    let other = if head.starts_with('0') {
        "1234567"
    } else {
        "0123456"
    };

    // Refused before building or measuring anything, the file untouched.
    let (ok, said, after) = bench_only_section(other, &[]);
    assert!(!ok, "{said}");
    for expected in [other, &head, "--mixed-commits"] {
        assert!(said.contains(expected), "{expected} is not in: {said}");
    }
    assert!(after.contains(&format!("at commit `{other}`")), "{after}");

    // The same commit, or another one when asked to mix them, passes the check.
    for (commit, extra) in [
        (head.as_str(), &["--check-only"][..]),
        (other, &["--check-only", "--mixed-commits"][..]),
    ] {
        let (ok, said, _) = bench_only_section(commit, extra);
        assert!(
            ok && said.contains("would rewrite"),
            "{commit} {extra:?}: {said}"
        );
    }
}
