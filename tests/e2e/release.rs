//! `tools/release`: the files the Terraform Registry expects, and a filesystem mirror from
//! which a fresh directory installs the provider with `terraform init` and a version
//! constraint, recording it in the lock file, with no dev overrides. One version everywhere.

use std::fs;
use std::path::Path;
use std::process::Command;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{REGISTRY_ADDRESS, VERSION, Workspace, release};

const NAME: &str = "terraform-provider-camunda";

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
    let mut expected = vec![
        "mirror".to_owned(),
        manifest.clone(),
        sums.clone(),
        zip.clone(),
    ];
    expected.sort();
    assert_eq!(file_names(dir), expected);

    let manifest_json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(&manifest)).unwrap()).unwrap();
    assert_eq!(
        manifest_json,
        serde_json::json!({ "version": 1, "metadata": { "protocol_versions": ["6.0"] } })
    );

    let listed = fs::read_to_string(dir.join(&sums)).unwrap();
    let mut summed = [&zip, &manifest];
    summed.sort();
    let expected_sums: String = summed
        .iter()
        .map(|name| {
            format!(
                "{}  {name}\n",
                sha256_hex(&fs::read(dir.join(name)).unwrap())
            )
        })
        .collect();
    assert_eq!(listed, expected_sums);

    let mirrored = dir.join("mirror").join(REGISTRY_ADDRESS);
    assert_eq!(file_names(&mirrored), std::slice::from_ref(&zip));
    assert_eq!(
        fs::read(mirrored.join(&zip)).unwrap(),
        fs::read(dir.join(&zip)).unwrap()
    );
}

/// A configuration that asks for this provider with `~> <major>.<minor>` and plans a
/// cluster.
fn config() -> String {
    let constraint = minor_constraint();
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{
      source  = "camunda/camunda"
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
/// release, not an override, and recorded it in the lock file.
fn init_installs_the_release(ws: &Workspace, extra: &[&str]) {
    let mut args = vec!["init", "-no-color"];
    args.extend_from_slice(extra);
    let said = ws.run(&args).ok().output();
    assert!(
        said.contains(&format!("Installed camunda/camunda v{VERSION}")),
        "{said}"
    );
    assert!(!said.contains("overrides"), "{said}");

    let lock = fs::read_to_string(ws.path().join(".terraform.lock.hcl")).unwrap();
    let binary = fs::read(env!("CARGO_BIN_EXE_terraform-provider-camunda")).unwrap();
    let h1 = h1_hash(&format!("{NAME}_v{VERSION}"), &binary);
    for expected in [
        format!("provider \"{REGISTRY_ADDRESS}\""),
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
            .contains(&format!("provider {REGISTRY_ADDRESS} v{VERSION}")),
        "{}",
        version.stdout
    );
}

#[test]
fn a_fresh_directory_installs_the_release_from_a_mirror_with_a_version_constraint_and_plans() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::from_release_mirror();
    emulator.configure(&mut ws);
    ws.config(&config());
    init_installs_the_release(&ws, &[]);

    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(2), "{}", plan.output());
    assert!(
        plan.stdout
            .contains("Plan: 1 to add, 0 to change, 0 to destroy."),
        "{}",
        plan.stdout
    );
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
    ws.config(&config());
    init_installs_the_release(&ws, &[]);

    // terraform init -plugin-dir
    let ws = Workspace::without_cli_config();
    ws.config(&config());
    init_installs_the_release(&ws, &[&format!("-plugin-dir={}", mirror.display())]);
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
