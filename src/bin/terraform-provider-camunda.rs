//! The provider plugin that Terraform starts.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use camunda_provider::plugin::{self, Mode};
use camunda_provider::provider::CamundaProvider;

/// Terraform provider for Camunda SaaS. Terraform starts this program itself; run it by
/// hand only with --debug, to attach Terraform to a running provider.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Serve without Terraform's handshake and print the TF_REATTACH_PROVIDERS value
    /// that makes Terraform use this process.
    #[arg(long)]
    debug: bool,

    /// The provider address Terraform knows this provider by, for --debug.
    #[arg(long, default_value = "registry.terraform.io/camunda/camunda")]
    address: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    camunda_provider::logging::init(tracing::level_filters::LevelFilter::INFO);
    let mode = if args.debug {
        Mode::Debug {
            address: args.address,
        }
    } else {
        Mode::Managed
    };
    plugin::serve(Arc::new(CamundaProvider::new()), mode).await
}
