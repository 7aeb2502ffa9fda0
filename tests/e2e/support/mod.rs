//! The end-to-end harness: runs the real Terraform CLI against freshly built providers,
//! each test in a workspace of its own.

pub mod cluster;
pub mod emulator;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value as Json;

/// The start of a configuration: this provider, configured from the environment that
/// [`emulator::TestEmulator::configure`] sets.
pub const HEADER: &str = r#"
terraform {
  required_providers {
    camunda = { source = "camunda/camunda" }
  }
}

provider "camunda" {}
"#;

const INSTALL_HINT: &str = "run `tools/install-terraform` (it installs Terraform 1.0.3 into tools/terraform/), \
                            or point TF_ACC_TERRAFORM_PATH at a Terraform binary";

/// Terraform: `TF_ACC_TERRAFORM_PATH`, else the project's own install, else `PATH`.
pub fn terraform_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TF_ACC_TERRAFORM_PATH") {
        return PathBuf::from(path);
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/terraform/terraform");
    if local.is_file() {
        return local;
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("terraform"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("Terraform was not found: {INSTALL_HINT}."))
}

/// The Terraform CLI's version, as (major, minor).
pub fn terraform_version() -> (u64, u64) {
    version_of(&terraform_path()).unwrap_or_else(|| panic!("no Terraform version: {INSTALL_HINT}"))
}

/// A Terraform CLI of version 1.`minor` or later: the one the tests use when it is new
/// enough, else the machine's newer CLI (`TF_ACC_NEWER_TERRAFORM`, else
/// `/usr/local/bin/terraform`). `None` when there is none; the caller says it skips.
pub fn terraform_at_least(minor: u64) -> Option<PathBuf> {
    let newer = std::env::var_os("TF_ACC_NEWER_TERRAFORM")
        .map_or_else(|| PathBuf::from("/usr/local/bin/terraform"), PathBuf::from);
    [terraform_path(), newer]
        .into_iter()
        .find(|path| version_of(path).is_some_and(|v| v >= (1, minor)))
}

/// Says that a test skips, and why, where the test run shows it: straight to the
/// process's stderr, past the test harness's capture of `eprintln!`.
pub fn skip(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {why}");
}

/// The version of the Terraform CLI at `path`, as (major, minor).
fn version_of(path: &Path) -> Option<(u64, u64)> {
    let output = Command::new(path)
        .args(["version", "-json"])
        .output()
        .ok()?;
    let version: Json = serde_json::from_slice(&output.stdout).ok()?;
    let mut parts = version["terraform_version"].as_str()?.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// A Terraform CLI older than 1.`minor`: the one the tests use when it is one, else the
/// project's Terraform 1.0.3 (`tools/install-terraform`). `None` when there is none; the
/// caller says it skips.
pub fn terraform_older_than(minor: u64) -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/terraform/terraform");
    [terraform_path(), local]
        .into_iter()
        .find(|path| version_of(path).is_some_and(|v| v < (1, minor)))
}

/// A provider binary and the source address configurations use for it.
pub struct Plugin {
    pub source: &'static str,
    pub type_name: &'static str,
    pub binary: PathBuf,
}

pub fn camunda_plugin() -> Plugin {
    Plugin {
        source: "camunda/camunda",
        type_name: "camunda",
        binary: PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-camunda")),
    }
}

/// The provider's registry address, as `tools/release` lays its mirror out.
pub const REGISTRY_ADDRESS: &str = "registry.terraform.io/camunda/camunda";

/// The release files that `tools/release` makes of the provider and emulator binaries under
/// test (the debug builds), made once per run of the tests; their folder `mirror/` is a
/// filesystem mirror. One folder per Terraform CLI, as `tools/test` runs its passes at once.
pub fn release() -> &'static Path {
    static RELEASE: OnceLock<PathBuf> = OnceLock::new();
    RELEASE.get_or_init(|| {
        let (major, minor) = terraform_version();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "release-{}-terraform-{major}.{minor}",
            env!("CARGO_CRATE_NAME")
        ));
        let _ = fs::remove_dir_all(&out);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let output = Command::new("python3")
            .arg(root.join("tools/release"))
            .arg("--binary")
            .arg(env!("CARGO_BIN_EXE_terraform-provider-camunda"))
            .arg("--emulator-binary")
            .arg(env!("CARGO_BIN_EXE_camunda-console-emulator"))
            .arg("--out")
            .arg(&out)
            .output()
            .expect("python3 runs tools/release");
        assert!(
            output.status.success(),
            "tools/release failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        out
    })
}

/// The provider version, as Cargo.toml (and so `--version` and the release) has it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The result of one Terraform command.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Fails the test with everything Terraform said unless the command succeeded.
    pub fn ok(self) -> Run {
        assert!(
            self.success(),
            "terraform {} failed:\n{}\n{}",
            self.args.join(" "),
            self.stdout,
            self.stderr
        );
        self
    }

    /// Fails the test unless the command failed; returns it for its messages.
    pub fn failed(self) -> Run {
        assert!(
            !self.success(),
            "terraform {} succeeded but should have failed:\n{}",
            self.args.join(" "),
            self.stdout
        );
        self
    }

    /// stdout and stderr together, with Terraform's box-drawing margins removed so that
    /// wrapped messages can be searched.
    pub fn output(&self) -> String {
        let text = format!("{}\n{}", self.stdout, self.stderr);
        let lines: Vec<&str> = text
            .lines()
            .map(|line| line.trim_start_matches(['│', '╷', '╵', ' ']).trim_end())
            .collect();
        lines.join(" ")
    }
}

/// A directory holding one configuration, with a CLI config that points Terraform at
/// the providers under test.
/// Where a command started by `Workspace::spawn` writes its output.
const SPAWNED_LOG: &str = "spawned.log";

pub struct Workspace {
    dir: tempfile::TempDir,
    env: BTreeMap<String, OsString>,
    terraform: PathBuf,
}

impl Workspace {
    pub fn new(plugins: &[Plugin]) -> Workspace {
        let dir = Workspace::dir();
        let mut overrides = String::new();
        for plugin in plugins {
            // One directory per provider, holding just its binary under the name Terraform looks for.
            let plugin_dir = dir.path().join(".plugins").join(plugin.type_name);
            fs::create_dir_all(&plugin_dir).unwrap();
            let link = plugin_dir.join(format!("terraform-provider-{}", plugin.type_name));
            std::os::unix::fs::symlink(&plugin.binary, &link).expect("provider link");
            overrides.push_str(&format!(
                "    {:?} = {:?}\n",
                plugin.source,
                plugin_dir.display().to_string()
            ));
        }
        let cli_config = dir.path().join(".terraformrc");
        fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  dev_overrides {{\n{overrides}  }}\n  direct {{}}\n}}\n"
            ),
        )
        .unwrap();
        Workspace::with_cli_config(dir, cli_config)
    }

    /// A workspace whose Terraform installs the provider from `release()`'s mirror with
    /// `terraform init`, as the README's filesystem mirror does it: no dev overrides.
    pub fn from_release_mirror() -> Workspace {
        let ws = Workspace::without_cli_config();
        let cli_config = ws.path().join(".terraformrc");
        let mirror = release().join("mirror");
        fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    \
                 include = [{REGISTRY_ADDRESS:?}]\n  }}\n  direct {{\n    exclude = [{REGISTRY_ADDRESS:?}]\n  }}\n}}\n",
                mirror.display().to_string()
            ),
        )
        .unwrap();
        ws
    }

    /// A workspace whose Terraform has an empty CLI configuration: it finds providers in
    /// the places it looks on its own, or where `terraform init -plugin-dir` says.
    pub fn without_cli_config() -> Workspace {
        let dir = Workspace::dir();
        let cli_config = dir.path().join(".terraformrc");
        fs::write(&cli_config, "").unwrap();
        Workspace::with_cli_config(dir, cli_config)
    }

    fn dir() -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix("tf-test-")
            .tempdir()
            .expect("temporary directory")
    }

    fn with_cli_config(dir: tempfile::TempDir, cli_config: PathBuf) -> Workspace {
        let mut env = BTreeMap::new();
        env.insert("TF_CLI_CONFIG_FILE".into(), cli_config.into_os_string());
        env.insert("TF_IN_AUTOMATION".into(), "1".into());
        env.insert("CHECKPOINT_DISABLE".into(), "1".into());
        env.insert("TF_INPUT".into(), "0".into());
        // Terraform spends about a sixth of its CPU time collecting garbage that a command
        // this short can leave; the tests run many commands at once on few cores.
        env.insert("GOGC".into(), "400".into());
        Workspace {
            dir,
            env,
            terraform: terraform_path(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs every later command with this Terraform CLI instead of the tests' one.
    pub fn use_terraform(&mut self, terraform: PathBuf) -> &mut Workspace {
        self.terraform = terraform;
        self
    }

    /// Sets an environment variable for every later Terraform command (and so for the
    /// providers it starts).
    pub fn env(&mut self, name: &str, value: impl Into<OsString>) -> &mut Workspace {
        self.env.insert(name.to_owned(), value.into());
        self
    }

    /// Copies the `.tf` files of `dir`, and those of its `tests/` folder, into the workspace.
    pub fn copy_config(&self, dir: &Path) {
        for sub in ["", "tests"] {
            let Ok(entries) = fs::read_dir(dir.join(sub)) else {
                continue;
            };
            fs::create_dir_all(self.path().join(sub)).unwrap();
            for entry in entries {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if path.is_file() && (name.ends_with(".tf") || name.ends_with(".tftest.hcl")) {
                    fs::copy(&path, self.path().join(sub).join(name)).unwrap();
                }
            }
        }
    }

    /// Replaces the configuration with `main.tf` holding `hcl`.
    pub fn config(&self, hcl: &str) -> &Workspace {
        fs::write(self.path().join("main.tf"), hcl).unwrap();
        self
    }

    /// A Terraform command as `run` starts it, not yet run.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.terraform);
        command
            .args(args)
            .current_dir(self.path())
            .env_remove("TF_LOG")
            .envs(&self.env);
        command
    }

    /// Starts a Terraform command without waiting for it, for tests that signal it. Its
    /// output goes to `spawned.log` in the workspace (see `spawned_output`).
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        let log = fs::File::create(self.path().join(SPAWNED_LOG)).unwrap();
        self.command(args)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("could not run Terraform ({e}): {INSTALL_HINT}"))
    }

    /// What the last command started by `spawn` printed so far.
    pub fn spawned_output(&self) -> String {
        fs::read_to_string(self.path().join(SPAWNED_LOG)).unwrap_or_default()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self
            .command(args)
            .output()
            .unwrap_or_else(|e| panic!("could not run Terraform ({e}): {INSTALL_HINT}"));
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn validate(&self) -> Run {
        self.run(&["validate", "-no-color"])
    }

    pub fn apply(&self) -> Run {
        self.run(&["apply", "-auto-approve", "-no-color"])
    }

    pub fn destroy(&self) -> Run {
        self.run(&["destroy", "-auto-approve", "-no-color"])
    }

    pub fn import(&self, address: &str, id: &str) -> Run {
        self.run(&["import", "-no-color", address, id])
    }

    /// A saved plan, as `terraform show -json` renders it.
    pub fn plan_json(&self, extra: &[&str]) -> Json {
        let mut args = vec!["plan", "-no-color", "-out=test.tfplan"];
        args.extend_from_slice(extra);
        self.run(&args).ok();
        let shown = self.run(&["show", "-json", "test.tfplan"]).ok();
        serde_json::from_str(&shown.stdout).expect("plan JSON")
    }

    /// The planned actions per resource address, e.g. `{"camunda_cluster.x": ["update"]}`.
    pub fn planned_actions(&self, extra: &[&str]) -> BTreeMap<String, Vec<String>> {
        let plan = self.plan_json(extra);
        plan["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|change| {
                let actions = change["change"]["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_owned())
                    .collect();
                (change["address"].as_str().unwrap().to_owned(), actions)
            })
            .filter(|(_, actions): &(String, Vec<String>)| {
                actions != &["no-op"] && actions != &["read"]
            })
            .collect()
    }

    /// Asserts that a plan, refreshing or not, proposes no change.
    pub fn assert_no_changes(&self) {
        for extra in [&["-refresh=false"][..], &[][..]] {
            let mut args = vec!["plan", "-no-color", "-detailed-exitcode"];
            args.extend_from_slice(extra);
            let run = self.run(&args);
            assert_eq!(
                run.code,
                Some(0),
                "expected an empty plan from {args:?}:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
    }

    /// The state, as `terraform show -json` renders it.
    pub fn state(&self) -> Json {
        let shown = self.run(&["show", "-json"]).ok();
        serde_json::from_str(&shown.stdout).expect("state JSON")
    }

    /// One resource's attribute values from the state.
    pub fn resource(&self, address: &str) -> Json {
        let state = self.state();
        find_resource(&state["values"]["root_module"], address)
            .unwrap_or_else(|| panic!("{address} is not in the state: {state}"))
    }

    pub fn output(&self, name: &str) -> Json {
        let run = self.run(&["output", "-json", name]).ok();
        serde_json::from_str(&run.stdout).expect("output JSON")
    }
}

fn find_resource(module: &Json, address: &str) -> Option<Json> {
    module["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["address"] == address)
        .map(|r| r["values"].clone())
}
