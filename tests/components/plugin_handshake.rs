//! The plugin handshake, driven the way Terraform drives it: Terraform's environment,
//! a P-521 client certificate, mutual TLS over the announced socket, and Shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tonic::transport::{Channel, Endpoint};

use camunda_provider::proto::plugin::Empty;
use camunda_provider::proto::plugin::grpc_controller_client::GrpcControllerClient;
use camunda_provider::proto::tfplugin6::get_provider_schema;
use camunda_provider::proto::tfplugin6::provider_client::ProviderClient;

const COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const PROVIDER: &str = env!("CARGO_BIN_EXE_terraform-provider-camunda");

/// A client identity like Terraform's: self-signed ECDSA P-521 for `localhost`, marked
/// as a CA. Fixed files, since the provider's own crypto cannot make P-521 keys.
struct ClientIdentity {
    cert: CertificateDer<'static>,
    key: PrivatePkcs8KeyDer<'static>,
    pem: String,
}

fn client_identity(name: &str) -> ClientIdentity {
    let path = format!(
        "{}/tests/components/fixtures/p521-{name}.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let begin = text.find("-----BEGIN CERTIFICATE-----").unwrap();
    let end = text.find("-----BEGIN PRIVATE KEY-----").unwrap();
    ClientIdentity {
        pem: text[begin..end].to_owned(),
        cert: CertificateDer::from_pem_slice(text.as_bytes()).unwrap(),
        key: PrivatePkcs8KeyDer::from_pem_slice(text.as_bytes()).unwrap(),
    }
}

struct Plugin {
    child: Child,
    socket: String,
    server_cert: CertificateDer<'static>,
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(client_cert_pem: &str) -> Plugin {
    let mut command = Command::new(PROVIDER);
    command
        .env("PLUGIN_CLIENT_CERT", client_cert_pem)
        .env_remove("TF_DISABLE_PLUGIN_TLS");
    spawn(command)
}

fn spawn(mut command: Command) -> Plugin {
    let mut child = command
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env("PLUGIN_MIN_PORT", "10000")
        .env("PLUGIN_MAX_PORT", "25000")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let fields: Vec<&str> = line.trim_end().split('|').collect();
    assert_eq!(fields.len(), 6, "handshake line {line:?}");
    assert_eq!(&fields[..3], ["1", "6", "unix"]);
    assert_eq!(fields[4], "grpc");
    let der = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(fields[5])
        .expect("certificate without padding");
    Plugin {
        socket: fields[3].to_owned(),
        server_cert: CertificateDer::from(der),
        child,
    }
}

/// A gRPC channel over the plugin's socket, trusting only the announced certificate.
async fn connect(
    plugin: &Plugin,
    identity: Option<&ClientIdentity>,
) -> Result<Channel, tonic::transport::Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(plugin.server_cert.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let mut config = match identity {
        Some(id) => builder
            .with_client_auth_cert(
                vec![id.cert.clone()],
                PrivateKeyDer::Pkcs8(id.key.clone_key()),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let socket = plugin.socket.clone();
    Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let (connector, socket) = (connector.clone(), socket.clone());
            async move {
                let stream = tokio::net::UnixStream::connect(socket).await?;
                let tls = connector
                    .connect(ServerName::try_from("localhost").unwrap(), stream)
                    .await?;
                Ok::<_, std::io::Error>(TokioIo::new(tls))
            }
        }))
        .await
}

async fn schema(channel: Channel) -> Result<get_provider_schema::Response, tonic::Status> {
    let mut client = ProviderClient::new(channel);
    Ok(client
        .get_provider_schema(get_provider_schema::Request {})
        .await?
        .into_inner())
}

#[tokio::test]
async fn terraform_style_mtls_serves_the_schema_and_shutdown_ends_the_process() {
    let identity = client_identity("terraform");
    let mut plugin = start(&identity.pem);
    let channel = connect(&plugin, Some(&identity))
        .await
        .expect("mTLS connection");
    let answer = schema(channel.clone()).await.expect("GetProviderSchema");
    let provider = answer.provider.unwrap().block.unwrap();
    let names: Vec<_> = provider
        .attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert!(
        names.contains(&"client_id") && names.contains(&"client_secret"),
        "{names:?}"
    );
    assert!(
        provider
            .attributes
            .iter()
            .any(|a| a.name == "client_secret" && a.sensitive)
    );

    GrpcControllerClient::new(channel)
        .shutdown(Empty {})
        .await
        .expect("Shutdown");
    // A liveness bound, not a timing claim: Terraform itself kills after 2 s.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = plugin.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the plugin did not exit after Shutdown"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        !std::path::Path::new(&plugin.socket).exists(),
        "the socket directory is removed on exit"
    );
}

#[tokio::test]
async fn a_client_without_a_certificate_is_refused() {
    let identity = client_identity("terraform");
    let plugin = start(&identity.pem);
    let refused = match connect(&plugin, None).await {
        Err(_) => true,
        Ok(channel) => schema(channel).await.is_err(),
    };
    assert!(refused, "a client without a certificate was served");
}

#[tokio::test]
async fn a_client_with_another_certificate_is_refused() {
    let plugin = start(&client_identity("terraform").pem);
    let impostor = client_identity("impostor");
    let refused = match connect(&plugin, Some(&impostor)).await {
        Err(_) => true,
        Ok(channel) => schema(channel).await.is_err(),
    };
    assert!(
        refused,
        "a client with a certificate Terraform did not announce was served"
    );
}

#[tokio::test]
async fn tls_can_be_disabled_as_terraform_allows() {
    let mut command = Command::new(PROVIDER);
    command
        .env("TF_DISABLE_PLUGIN_TLS", "1")
        .env_remove("PLUGIN_CLIENT_CERT");
    let plugin = spawn(command);
    assert!(
        plugin.server_cert.is_empty(),
        "no certificate is announced without TLS"
    );
    let socket = plugin.socket.clone();
    let channel = Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let socket = socket.clone();
            async move {
                Ok::<_, std::io::Error>(TokioIo::new(
                    tokio::net::UnixStream::connect(socket).await?,
                ))
            }
        }))
        .await
        .expect("plaintext connection");
    schema(channel)
        .await
        .expect("GetProviderSchema over plaintext");
}

#[test]
fn run_by_hand_it_explains_itself_and_exits_1() {
    let output = Command::new(PROVIDER)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Terraform starts it itself"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
}

#[test]
fn an_offer_without_protocol_6_is_refused() {
    let output = Command::new(PROVIDER)
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("protocol 6 only"));
}

/// Whether process `pid` has ended (a zombie that nobody reaps yet has ended too).
fn has_ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the command name, which is in parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

#[test]
fn the_plugin_exits_when_terraform_is_killed() {
    let identity = client_identity("terraform");
    // A stand-in for Terraform: a shell that starts the plugin, says its pid, and waits.
    let mut terraform = Command::new("sh")
        .args([
            "-c",
            r#""$0" & echo "plugin pid $!"; exec sleep 600"#,
            PROVIDER,
        ])
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("PLUGIN_CLIENT_CERT", &identity.pem)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (mut pid, mut serving) = (None, false);
    let mut lines = BufReader::new(terraform.stdout.take().unwrap()).lines();
    while pid.is_none() || !serving {
        let line = lines.next().expect("a line from the plugin").unwrap();
        match line.strip_prefix("plugin pid ") {
            Some(number) => pid = Some(number.parse::<u32>().unwrap()),
            None => serving = line.starts_with("1|6|unix|"),
        }
    }
    let pid = pid.unwrap();
    assert!(!has_ended(pid));

    terraform.kill().unwrap();
    terraform.wait().unwrap();
    // The issue's bound: gone within 2 s of Terraform's death.
    let deadline = Instant::now() + Duration::from_secs(2);
    while !has_ended(pid) {
        assert!(
            Instant::now() < deadline,
            "the plugin (pid {pid}) outlived Terraform by more than 2 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
