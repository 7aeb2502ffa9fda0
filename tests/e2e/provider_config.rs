//! The provider block through Terraform: settings that Terraform knows only at apply.

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, camunda_plugin};

#[test]
fn credentials_known_only_at_apply_are_reported_as_not_known_yet() {
    let emulator = TestEmulator::start(test_config());
    let mut ws = Workspace::new(&[camunda_plugin()]);
    emulator.configure(&mut ws);
    let cluster_id = emulator.healthy_cluster("provider-config");
    ws.config(&format!(
        r#"
terraform {{
  required_providers {{
    camunda = {{ source = "camunda/camunda" }}
  }}
}}

provider "camunda" {{}}

provider "camunda" {{
  alias         = "app"
  client_id     = camunda_zeebe_client.app.client_id
  client_secret = camunda_zeebe_client.app.client_secret
}}

resource "camunda_zeebe_client" "app" {{
  cluster_id = "{cluster_id}"
  name       = "app"
}}

data "camunda_cluster_parameters" "seen" {{
  provider = camunda.app
}}
"#
    ));
    let output = ws.run(&["plan", "-no-color"]).failed().output();
    assert!(
        output.contains("Provider settings not known yet"),
        "{output}"
    );
    assert!(
        output.contains("`client_id` and `client_secret`"),
        "{output}"
    );
    assert!(!output.contains("missing"), "{output}");
}
