//! Being a go-plugin: the handshake with Terraform, the socket and its mutual TLS, the
//! controller that ends the process, a watchdog that ends it when Terraform died without
//! saying so, and a debug mode for attaching Terraform by hand.

pub mod handshake;
pub mod tls;
mod watchdog;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use futures_util::Stream;
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_stream::wrappers::{ReceiverStream, UnixListenerStream};
use tokio_util::sync::CancellationToken;
use tonic::transport::Server;

use crate::proto::plugin::Empty;
use crate::proto::plugin::grpc_controller_server::{GrpcController, GrpcControllerServer};
use crate::proto::tfplugin6::provider_server::ProviderServer as ProviderService;
use crate::tf::ProviderHandler;
use crate::tf::server::ProviderServer;

/// How long in-flight calls get to finish after Terraform asks us to shut down; Terraform
/// itself kills the process 2 s after asking.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

pub enum Mode {
    /// Started by Terraform, which sets the handshake environment.
    Managed,
    /// Started by hand; prints `TF_REATTACH_PROVIDERS` for Terraform to attach.
    Debug { address: String },
}

/// Serves `provider` until Terraform shuts it down.
pub async fn serve(provider: Arc<dyn ProviderHandler>, mode: Mode) -> ExitCode {
    match run(provider, mode).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(provider: Arc<dyn ProviderHandler>, mode: Mode) -> Result<(), String> {
    let parent = watchdog::parent();
    let var = handshake::env_var;
    if let Mode::Managed = mode {
        handshake::negotiate(var).map_err(|e| e.to_string())?;
    }
    let socket =
        SocketDir::create().map_err(|e| format!("could not create the plugin socket: {e}"))?;
    let listener = UnixListener::bind(socket.path())
        .map_err(|e| format!("could not listen on the plugin socket: {e}"))?;
    let address = socket.path().display().to_string();

    let tls = match (
        &mode,
        var("PLUGIN_CLIENT_CERT"),
        var("TF_DISABLE_PLUGIN_TLS"),
    ) {
        (Mode::Managed, Some(client_cert), None) => {
            Some(tls::server(&client_cert).map_err(|e| e.to_string())?)
        }
        _ => None,
    };

    let shutdown = CancellationToken::new();
    let server = Server::builder()
        .add_service(ProviderService::new(ProviderServer::new(provider)))
        .add_service(GrpcControllerServer::new(Controller {
            shutdown: shutdown.clone(),
        }));

    match &mode {
        Mode::Managed => {
            let cert = tls.as_ref().map_or("", |tls| tls.cert_b64.as_str());
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{}", handshake::line("unix", &address, cert))
                .map_err(|e| e.to_string())?;
            stdout.flush().map_err(|e| e.to_string())?;
            ignore_interrupts();
        }
        Mode::Debug {
            address: provider_address,
        } => print_reattach(provider_address, &address),
    }

    let stopped = shutdown.clone().cancelled_owned();
    let serving = async {
        match tls {
            Some(tls) => {
                server
                    .serve_with_incoming_shutdown(tls_incoming(listener, tls.config), stopped)
                    .await
            }
            None => {
                server
                    .serve_with_incoming_shutdown(UnixListenerStream::new(listener), stopped)
                    .await
            }
        }
    };
    tokio::select! {
        result = serving => result.map_err(|e| format!("the plugin server failed: {e}"))?,
        () = async { shutdown.cancelled().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => {}
        () = wait_for_ctrl_c(&mode) => {}
        () = orphaned(&mode, parent) => {
            tracing::warn!("Terraform ended without shutting the provider down; exiting");
        }
    }
    drop(socket);
    Ok(())
}

struct Controller {
    shutdown: CancellationToken,
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(
        &self,
        _: tonic::Request<Empty>,
    ) -> Result<tonic::Response<Empty>, tonic::Status> {
        tracing::debug!("shutdown requested by Terraform");
        self.shutdown.cancel();
        Ok(tonic::Response::new(Empty {}))
    }
}

/// Accepts TLS connections without letting one slow handshake hold up the others.
fn tls_incoming(
    listener: UnixListener,
    config: Arc<rustls::ServerConfig>,
) -> impl Stream<Item = std::io::Result<tokio_rustls::server::TlsStream<UnixStream>>> {
    let acceptor = TlsAcceptor::from(config);
    let (sender, receiver) = mpsc::channel(16);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (acceptor, sender) = (acceptor.clone(), sender.clone());
            tokio::spawn(async move {
                match acceptor.accept(stream).await {
                    Ok(tls) => {
                        let _ = sender.send(Ok(tls)).await;
                    }
                    // Terraform probes the socket and hangs up; only a real refusal is news.
                    Err(error) if hung_up(&error) => {
                        tracing::debug!("a plugin connection closed during the TLS handshake")
                    }
                    Err(error) => tracing::warn!("refused a plugin connection: {error}"),
                }
            });
        }
    });
    ReceiverStream::new(receiver)
}

fn hung_up(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionReset, UnexpectedEof};
    matches!(error.kind(), BrokenPipe | ConnectionReset | UnexpectedEof)
}

/// Terraform forwards Ctrl-C as StopProvider; the process itself must survive the
/// interrupt that the terminal also sends it, as go-plugin servers do.
fn ignore_interrupts() {
    if let Ok(mut interrupts) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
    {
        tokio::spawn(async move {
            while interrupts.recv().await.is_some() {
                tracing::debug!("ignoring an interrupt; Terraform stops the provider itself");
            }
        });
    }
}

async fn wait_for_ctrl_c(mode: &Mode) {
    match mode {
        Mode::Debug { .. } => {
            let _ = tokio::signal::ctrl_c().await;
        }
        Mode::Managed => std::future::pending().await,
    }
}

/// Completes when Terraform, which started this plugin, has ended; never in debug mode,
/// where the plugin outlives the Terraform runs that attach to it.
async fn orphaned(mode: &Mode, parent: u32) {
    match mode {
        Mode::Managed => watchdog::parent_gone(parent).await,
        Mode::Debug { .. } => std::future::pending().await,
    }
}

fn print_reattach(provider_address: &str, socket: &str) {
    let reattach = serde_json::json!({
        provider_address: {
            "Protocol": "grpc",
            "ProtocolVersion": handshake::PROTOCOL_VERSION,
            "Pid": std::process::id(),
            "Test": true,
            "Addr": { "Network": "unix", "String": socket },
        }
    });
    println!(
        "Provider started in debug mode. To attach Terraform, export:\n\n\tTF_REATTACH_PROVIDERS='{reattach}'\n\nPress Ctrl-C to stop."
    );
}

/// A private temporary directory holding the socket, removed when dropped.
struct SocketDir(PathBuf);

impl SocketDir {
    fn create() -> std::io::Result<SocketDir> {
        let base = handshake::env_var("PLUGIN_UNIX_SOCKET_DIR")
            .map_or_else(std::env::temp_dir, PathBuf::from);
        let dir = base.join(format!("plugin{}", rand::random::<u32>()));
        std::fs::create_dir(&dir)?;
        Ok(SocketDir(dir))
    }

    fn path(&self) -> PathBuf {
        self.0.join("plugin.sock")
    }
}

impl Drop for SocketDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
