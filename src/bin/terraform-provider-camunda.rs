//! The provider plugin that Terraform starts, the command that generates its docs, and
//! the sweep of ephemeral Zeebe clients that runs which died left behind.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use camunda_provider::console;
use camunda_provider::plugin::{self, Mode};
use camunda_provider::provider::{self, CamundaProvider};
use camunda_provider::{docs, tf};

/// Terraform provider for Camunda SaaS. Terraform starts this program itself, with no
/// arguments; run it by hand only with --debug, to attach Terraform to a running
/// provider, to generate the docs, or to sweep ephemeral clients.
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
    /// List the ephemeral Zeebe clients (ephemeral resource camunda_zeebe_client) of a
    /// cluster that are older than --older-than, which runs that died left behind; delete
    /// them with --delete. Credentials come from the CAMUNDA_* environment variables, as
    /// for the provider.
    Sweep {
        /// The cluster whose clients to look at.
        #[arg(long)]
        cluster_id: String,

        /// Only clients made longer ago than this, such as "30m" or "2h".
        #[arg(long, default_value = "1h", value_parser = tf::validators::parse_duration)]
        older_than: std::time::Duration,

        /// Delete the clients found, instead of only listing them.
        #[arg(long)]
        delete: bool,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Docs { check, dir }) => generate_docs(&dir, check),
        Some(Command::Sweep {
            cluster_id,
            older_than,
            delete,
        }) => sweep(&cluster_id, older_than, delete),
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

#[tokio::main]
async fn sweep(cluster_id: &str, older_than: std::time::Duration, delete: bool) -> ExitCode {
    let settings = console::Settings::from_env(console::SettingsInput::default());
    let api = match console::Client::new(settings) {
        Ok(api) => api,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let cutoff = time::OffsetDateTime::now_utc() - older_than;
    let stale = match provider::sweep::find(&api, cluster_id, cutoff).await {
        Ok(stale) => stale,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let mut outcome = ExitCode::SUCCESS;
    for found in &stale {
        let client = &found.client;
        if !delete {
            println!("{}	{}	{}", client.client_id, client.name, found.made_at);
            continue;
        }
        match api.delete_client(cluster_id, &client.client_id).await {
            Ok(()) => println!("deleted {}	{}", client.client_id, client.name),
            Err(error) => {
                eprintln!("could not delete {}: {error}", client.client_id);
                outcome = ExitCode::FAILURE;
            }
        }
    }
    if stale.is_empty() {
        eprintln!("no ephemeral client of cluster {cluster_id} is older than {older_than:?}");
    }
    outcome
}
