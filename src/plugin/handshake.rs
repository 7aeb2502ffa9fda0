//! The go-plugin handshake: Terraform's environment in, one line on stdout out.

use std::env;

/// go-plugin's cookie for Terraform providers; its absence means a person ran the binary.
const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE_VALUE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// go-plugin's own wire version, the first field of the handshake line.
const CORE_PROTOCOL_VERSION: u32 = 1;
pub const PROTOCOL_VERSION: u32 = 6;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    #[error(
        "terraform-provider-camunda is a Terraform provider plugin: Terraform starts it itself. \
         Declare the provider in a configuration and run terraform there, or start it with --debug to attach Terraform by hand."
    )]
    NotStartedByTerraform,
    #[error(
        "Terraform offered plugin protocol version(s) {0}, but this provider speaks protocol 6 only, \
         which Terraform 1.0 and later and OpenTofu support. Upgrade Terraform."
    )]
    NoCommonProtocol(String),
}

/// Checks that Terraform started us, and that it can speak protocol 6.
pub fn negotiate(var: impl Fn(&str) -> Option<String>) -> Result<u32, HandshakeError> {
    if var(MAGIC_COOKIE_KEY).as_deref() != Some(MAGIC_COOKIE_VALUE) {
        return Err(HandshakeError::NotStartedByTerraform);
    }
    match var("PLUGIN_PROTOCOL_VERSIONS") {
        None => Ok(PROTOCOL_VERSION),
        Some(offered) if offered.split(',').any(|v| v.trim() == "6") => Ok(PROTOCOL_VERSION),
        Some(offered) => Err(HandshakeError::NoCommonProtocol(offered)),
    }
}

pub fn env_var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

/// The line Terraform waits for: `1|6|unix|/tmp/…/plugin.sock|grpc|<server cert>`.
pub fn line(network: &str, address: &str, server_cert_b64: &str) -> String {
    format!("{CORE_PROTOCOL_VERSION}|{PROTOCOL_VERSION}|{network}|{address}|grpc|{server_cert_b64}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn protocol_6_is_picked_from_any_offer_order() {
        let offer = [
            (MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE),
            ("PLUGIN_PROTOCOL_VERSIONS", "6,5"),
        ];
        assert_eq!(negotiate(env(&offer)), Ok(6));
        let offer = [
            (MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE),
            ("PLUGIN_PROTOCOL_VERSIONS", "5,6"),
        ];
        assert_eq!(negotiate(env(&offer)), Ok(6));
    }

    #[test]
    fn an_offer_without_6_is_refused() {
        let offer = [
            (MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE),
            ("PLUGIN_PROTOCOL_VERSIONS", "4,5"),
        ];
        let error = negotiate(env(&offer)).unwrap_err();
        assert_eq!(error, HandshakeError::NoCommonProtocol("4,5".into()));
        assert!(error.to_string().contains("protocol 6 only"));
    }

    #[test]
    fn a_missing_or_wrong_cookie_is_refused() {
        assert_eq!(
            negotiate(env(&[])),
            Err(HandshakeError::NotStartedByTerraform)
        );
        assert_eq!(
            negotiate(env(&[(MAGIC_COOKIE_KEY, "nope")])),
            Err(HandshakeError::NotStartedByTerraform)
        );
    }

    #[test]
    fn handshake_line_has_six_fields() {
        assert_eq!(
            line("unix", "/tmp/p/plugin.sock", "AAA"),
            "1|6|unix|/tmp/p/plugin.sock|grpc|AAA"
        );
    }
}
