//! What the tests of objects inside a cluster share: the emulator's Self-Managed cluster,
//! whose reads lag its writes, and a configuration that reaches it.

use camunda_provider::emulator::{AuthMode, Config, SelfManaged};

use super::emulator::{TestEmulator, test_config};
use super::{Workspace, camunda_plugin};

/// An emulator with the tests' settings and a workspace whose provider reaches its
/// Self-Managed cluster (OAuth).
pub fn self_managed() -> (TestEmulator, Workspace) {
    self_managed_with(AuthMode::OAuth)
}

/// [`self_managed`], with a cluster that takes `auth`.
pub fn self_managed_with(auth: AuthMode) -> (TestEmulator, Workspace) {
    let emulator = TestEmulator::start(Config {
        self_managed: SelfManaged {
            auth,
            ..SelfManaged::default()
        },
        ..test_config()
    });
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure_self_managed(&mut ws);
    (emulator, ws)
}

/// A configuration of `body` under a provider that waits up to 10 s for the cluster's
/// reads to show its writes, its other `orchestration_api` settings from `settings`.
pub fn with_provider(settings: &str, body: &str) -> String {
    format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

provider "camunda" {{
  orchestration_api {{
    consistency_timeout = "10s"
{settings}  }}
}}
{body}
"#
    )
}

/// [`with_provider`] with the settings from the environment.
pub fn config(body: &str) -> String {
    with_provider("", body)
}

/// Waits until the emulator's reads show a change made outside Terraform: they lag
/// writes by 0.7 s in every test.
pub fn wait_for_lag() {
    std::thread::sleep(std::time::Duration::from_millis(900));
}
