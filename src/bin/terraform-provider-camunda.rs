//! The provider plugin that Terraform starts, and the command that generates its docs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use camunda_provider::plugin::{self, Mode};
use camunda_provider::provider::CamundaProvider;
use camunda_provider::{docs, tf};

/// Terraform provider for Camunda SaaS. Terraform starts this program itself, with no
/// arguments; run it by hand only with --debug, to attach Terraform to a running
/// provider, or to generate the docs.
#[derive(Parser)]
#[command(version)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,

    /// Serve without Terraform's handshake and print the TF_REATTACH_PROVIDERS value
    /// that makes Terraform use this process.
    #[arg(long)]
    debug: bool,

    /// The provider address Terraform knows this provider by, for --debug.
    #[arg(long, default_value = "registry.terraform.io/camunda/camunda")]
    address: String,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the Registry documentation in docs/ from the schemas and examples/.
    Docs {
        /// Change nothing; fail, naming each file, if docs/ is not what would be generated.
        #[arg(long)]
        check: bool,

        /// The repository root, holding examples/ and docs/.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Docs { check, dir }) => generate_docs(&dir, check),
        None => serve(args.debug, args.address),
    }
}

#[tokio::main]
async fn serve(debug: bool, address: String) -> ExitCode {
    camunda_provider::logging::init(tracing::level_filters::LevelFilter::INFO);
    let mode = if debug {
        Mode::Debug { address }
    } else {
        Mode::Managed
    };
    plugin::serve(tf::provider::serve(CamundaProvider::new()), mode).await
}

fn generate_docs(root: &Path, check: bool) -> ExitCode {
    // Guards against writing a docs/ folder into whatever directory the command ran in.
    if !root.join("examples").is_dir() {
        eprintln!(
            "{} has no examples/ folder; pass the repository root with --dir.",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    let outcome = docs::generate(
        &*tf::provider::serve(CamundaProvider::new()),
        "camunda",
        root,
    )
    .and_then(|pages| {
        if check {
            let drift = docs::check(root, &pages)?;
            for problem in &drift {
                eprintln!("{problem}");
            }
            if !drift.is_empty() {
                eprintln!("Run `terraform-provider-camunda docs` to regenerate docs/.");
            }
            Ok(drift.is_empty())
        } else {
            for removed in docs::write(root, &pages)? {
                eprintln!("removed {}", removed.display());
            }
            eprintln!("wrote {} pages", pages.len());
            Ok(true)
        }
    });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("Cannot generate the docs: {error}");
            ExitCode::FAILURE
        }
    }
}
