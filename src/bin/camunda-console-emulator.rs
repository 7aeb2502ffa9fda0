//! `camunda-console-emulator`: runs the local Camunda Console API, and the Orchestration
//! Cluster API of its clusters and of one standalone cluster, until interrupted.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use camunda_provider::emulator::{
    ApiClient, AuthMode, Config, Emulator, FAULT_STATUSES, FaultRate, Faults, LossRate, LostAnswer,
    RateLimit, SelfManaged, all_permissions, read_permissions,
};
use camunda_provider::private_files;
use camunda_provider::secret::Secret;
use clap::Parser;

const ADMIN_HELP: &str = "\
Admin endpoints for tests and demos (JSON, no token needed), under /__emulator:
  GET    /counters                 calls per route and token requests; POST /counters/reset
  GET    /requests                 the request log (no secrets); DELETE clears it
  GET    /faults, PUT /faults      fault settings: {latency_ms, reads, writes, retry_after_secs,
                                   secret_busy_ms, secret_delete_lag_ms}
  PUT    /faults                   also lost_answers: {fraction, routes, answers}
  POST   /faults/next              {route, status, count}: fail the next calls of one route
  POST   /faults/lose-next         {route, count, answer}: serve the next calls of one route,
                                   then lose their answer (close, 502, 504, or hang: none
                                   comes while the connection stays open)
  POST   /api-clients              {permissions}: add an API client; answers its credentials
  PATCH  /clusters/{id}            {name, description, generation}: change a cluster out of
                                   band
  DELETE /clusters/{id}            remove a cluster at once
  PUT    /clusters/{id}/health     {status, settle_after_ms}: force a cluster's status
                                   (\"Suspended\" suspends it, as inactivity would)
  PUT    /clusters/{id}/backups/failures   {count}: the next backups of the cluster fail
  PUT    /clusters/{id}/encryption/outcome {status}: the status the next key change ends in
  PATCH  /clusters/{id}/clients/{clientId}   {name}; DELETE removes the client
  PUT    /clusters/{id}/secrets/{name}       {value}: create or change a secret; DELETE removes it
  PUT    /clusters/{id}/ipallowlist          {ipallowlist: [{ip, description}]}: replace the allowlist
  POST   /clusters/{id}/monitoring/clients/{uuid}/password-check   {password}: answers {valid}
  PATCH  /members/{email}          {name, roles, invite_pending}: change a member; DELETE removes it
  PUT    /owner                    {email}: transfer the ownership (the old owner becomes an admin)
Orchestration Cluster APIs ({cluster}: a Console cluster's id, or self-managed):
  GET    /read-lag, PUT /read-lag  {read_lag_ms}: how long reads lag behind writes
  GET    /orchestration/{cluster}  how many tenants, roles, groups, users, mapping-rules,
                                   authorizations, cluster-variables, memberships,
                                   process-definitions, decision-definitions,
                                   decision-requirements, forms and active process-instances
                                   the cluster holds (now, whatever the lag; deleted process
                                   definitions not counted)
  GET    /orchestration/{cluster}/{kind}        {count, items}: the objects of a kind (tenants,
                                   roles, groups, users, mapping-rules, authorizations,
                                   cluster-variables, process-definitions, decision-definitions,
                                   decision-requirements, forms, process-instances) or the
                                   memberships; deleted process definitions as reads list
                                   them, with state DELETED
  PUT    /orchestration/{cluster}/{kind}/{id}   the API's update body: change an object out of
                                   band (an authorization by its key: owner, resource and
                                   permissions replaced); DELETE deletes it with its memberships
  PUT    /orchestration/{cluster}/cluster-variables/global/{name}
  PUT    /orchestration/{cluster}/cluster-variables/tenant/{tenantId}/{name}
                                   the API's update body ({value}): change a variable out of
                                   band; DELETE deletes it
  DELETE /orchestration/{cluster}/{kind}/{key}  delete a deployed definition out of band
                                   (process-definitions, decision-definitions,
                                   decision-requirements with their decisions, forms),
                                   running instances or not; a process definition stays
                                   in the reads as DELETED, as without deleteHistory
  PUT    /orchestration/{cluster}/read-only/{credential}   the Zeebe client, OAuth client or
                                   user may only read (writes answer 403); DELETE lifts it";

/// A local Camunda Console API (with its OAuth token endpoint) for the quickstart, tests
/// and CI plan checks without a cloud account.
///
/// The first line on stdout is the base URL; the lines after it are shell `export`s for
/// the provider (and comments), so `tail -n +2` of the output can be sourced. With
/// `--env-file`, a script waits for that file instead of reading stdout: it appears, whole,
/// only once the emulator serves.
#[derive(Parser)]
#[command(name = "camunda-console-emulator", version, after_help = ADMIN_HELP)]
struct Cli {
    /// Port to listen on at 127.0.0.1; 0 picks a free port.
    #[arg(long, env = "CAMUNDA_EMULATOR_PORT", default_value_t = 0)]
    port: u16,

    /// Client id of the organization's API client.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_CLIENT_ID",
        default_value = "camunda-emulator"
    )]
    client_id: String,

    /// Client secret of the organization's API client.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_CLIENT_SECRET",
        default_value = "emulator-secret",
        hide_env_values = true
    )]
    client_secret: Secret,

    /// Audience that token requests for the Console API must name.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_AUDIENCE",
        default_value = "api.cloud.camunda.io"
    )]
    audience: String,

    /// Seconds a new, upgraded or woken cluster stays Creating/Updating/Resuming before it is Healthy.
    #[arg(long, env = "CAMUNDA_EMULATOR_HEALTHY_AFTER", default_value_t = 2.0, value_parser = seconds)]
    healthy_after: f64,

    /// Seconds a deleted cluster remains visible before it answers 404.
    #[arg(long, env = "CAMUNDA_EMULATOR_DELETED_AFTER", default_value_t = 1.0, value_parser = seconds)]
    deleted_after: f64,

    /// Seconds from one backup of a cluster to the next, at the least.
    #[arg(long, env = "CAMUNDA_EMULATOR_MIN_BACKUP_INTERVAL", default_value_t = 900.0, value_parser = seconds)]
    min_backup_interval: f64,

    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, env = "CAMUNDA_EMULATOR_TOKEN_TTL", default_value_t = 3600.0, value_parser = seconds)]
    token_ttl: f64,

    /// Token requests one client may make per rate-limit window; 0 disables the limit.
    #[arg(long, env = "CAMUNDA_EMULATOR_RATE_LIMIT", default_value_t = 20)]
    rate_limit: u32,

    /// Length of the rate-limit window, in seconds.
    #[arg(long, env = "CAMUNDA_EMULATOR_RATE_LIMIT_WINDOW", default_value_t = 60.0, value_parser = seconds)]
    rate_limit_window: f64,

    /// Seconds a client that exceeded the rate limit stays blocked (answered 429 with Retry-After).
    #[arg(long, env = "CAMUNDA_EMULATOR_RATE_LIMIT_BLOCK", default_value_t = 60.0, value_parser = seconds)]
    rate_limit_block: f64,

    /// Seed of the creation parameters (channel, generation, region and plan type ids and versions).
    #[arg(long, env = "CAMUNDA_EMULATOR_SEED", default_value_t = 1)]
    seed: u64,

    /// JSON file that keeps the organization across restarts (written atomically after every change).
    #[arg(long, env = "CAMUNDA_EMULATOR_STATE_FILE")]
    state_file: Option<PathBuf>,

    /// Email address of the organization's owner, the member who cannot be removed.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_OWNER_EMAIL",
        default_value = "owner@example.com"
    )]
    owner_email: String,

    /// Milliseconds of latency added to every API and token answer.
    #[arg(long, env = "CAMUNDA_EMULATOR_LATENCY_MS", default_value_t = 0)]
    latency_ms: u64,

    /// Fraction (0.0 to 1.0) of GET calls answered with an injected error.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_READ_ERROR_FRACTION",
        default_value_t = 0.0
    )]
    read_error_fraction: f64,

    /// Statuses injected read errors pick from (comma-separated; among 500, 502, 503, 429).
    #[arg(long, env = "CAMUNDA_EMULATOR_READ_ERROR_STATUSES", value_delimiter = ',', default_values_t = FAULT_STATUSES)]
    read_error_statuses: Vec<u16>,

    /// Fraction (0.0 to 1.0) of POST, PUT, PATCH and DELETE calls answered with an injected error.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_WRITE_ERROR_FRACTION",
        default_value_t = 0.0
    )]
    write_error_fraction: f64,

    /// Statuses injected write errors pick from (comma-separated; among 500, 502, 503, 429).
    #[arg(long, env = "CAMUNDA_EMULATOR_WRITE_ERROR_STATUSES", value_delimiter = ',', default_values_t = FAULT_STATUSES)]
    write_error_statuses: Vec<u16>,

    /// Fraction (0.0 to 1.0) of the calls of --lost-answer-routes that are served and then lose their answer.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_LOST_ANSWER_FRACTION",
        default_value_t = 0.0
    )]
    lost_answer_fraction: f64,

    /// Routes whose answers may be lost (comma-separated, like `POST /clusters`); by default every create.
    #[arg(long, env = "CAMUNDA_EMULATOR_LOST_ANSWER_ROUTES", value_delimiter = ',', default_values_t = [
        "POST /clusters".to_owned(),
        "POST /clusters/{clusterUuid}/clients".to_owned(),
    ])]
    lost_answer_routes: Vec<String>,

    /// How answers are lost (comma-separated): `close` (the connection closes), 502, 504, or
    /// `hang` (no answer while the connection stays open).
    #[arg(long, env = "CAMUNDA_EMULATOR_LOST_ANSWERS", value_delimiter = ',', default_values_t = LossRate::default().answers)]
    lost_answers: Vec<LostAnswer>,

    /// Retry-After (seconds) of injected 429 and 503 answers.
    #[arg(long, env = "CAMUNDA_EMULATOR_RETRY_AFTER", default_value_t = 1)]
    retry_after: u64,

    /// Another API client of the organization, as ID:SECRET:PERMISSIONS, where
    /// PERMISSIONS is `read` (every get:… permission), `all`, or a comma-separated list
    /// of token scopes such as `get:clusters,get:clients`. Repeatable.
    #[arg(long = "api-client", value_parser = api_client)]
    api_clients: Vec<ApiClient>,

    /// Milliseconds a change to a cluster's connector secrets stays in progress; other changes
    /// to them meanwhile are answered 409 (another change in progress) and not made.
    #[arg(long, env = "CAMUNDA_EMULATOR_SECRET_BUSY_MS", default_value_t = 0)]
    secret_busy_ms: u64,

    /// Milliseconds a deleted connector secret is still listed, its name still taken.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_SECRET_DELETE_LAG_MS",
        default_value_t = 0
    )]
    secret_delete_lag_ms: u64,

    /// Seconds that reads (GETs and searches) of the Orchestration Cluster APIs lag behind writes.
    #[arg(long, env = "CAMUNDA_EMULATOR_READ_LAG", default_value_t = 0.0, value_parser = seconds)]
    read_lag: f64,

    /// How the standalone cluster at BASE_URL/v2 checks callers: `oauth` (tokens of the
    /// orchestration client), `basic` (its users) or `none`.
    #[arg(long, env = "CAMUNDA_EMULATOR_AUTH", default_value = "oauth")]
    auth: AuthMode,

    /// Client id of the standalone cluster's OAuth client.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_ORCHESTRATION_CLIENT_ID",
        default_value = "orchestration"
    )]
    orchestration_client_id: String,

    /// Client secret of the standalone cluster's OAuth client.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_ORCHESTRATION_CLIENT_SECRET",
        default_value = "orchestration-secret",
        hide_env_values = true
    )]
    orchestration_client_secret: Secret,

    /// The user the standalone cluster starts with under `--auth basic`.
    #[arg(long, env = "CAMUNDA_EMULATOR_BASIC_USER", default_value = "demo")]
    basic_user: String,

    /// That user's password.
    #[arg(
        long,
        env = "CAMUNDA_EMULATOR_BASIC_PASSWORD",
        default_value = "demo",
        hide_env_values = true
    )]
    basic_password: Secret,

    /// Once the emulator serves, write the `export` lines for the provider (those of stdout)
    /// to this file, atomically and readable by its owner only, so that a script can wait
    /// for it (`until [ -f emulator.env ]; do sleep 0.1; done; . ./emulator.env`). Removed
    /// again when the emulator stops.
    #[arg(long, env = "CAMUNDA_EMULATOR_ENV_FILE")]
    env_file: Option<PathBuf>,

    /// Log filter for stderr, as in RUST_LOG (e.g. `info`, `debug`).
    #[arg(long, env = "CAMUNDA_EMULATOR_LOG", default_value = "warn")]
    log: String,
}

fn api_client(value: &str) -> Result<ApiClient, String> {
    let mut parts = value.splitn(3, ':');
    let (Some(id), Some(secret), Some(permissions)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "{value:?} is not ID:SECRET:PERMISSIONS (PERMISSIONS: read, all, or a list such as get:clusters,get:clients)"
        ));
    };
    let permissions = match permissions {
        "read" => read_permissions(),
        "all" => all_permissions(),
        list => list.split(',').map(|p| p.trim().to_owned()).collect(),
    };
    Ok(ApiClient {
        client_id: id.to_owned(),
        client_secret: secret.into(),
        permissions,
    })
}

fn seconds(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs >= 0.0 => Ok(secs),
        _ => Err(format!("{value:?} is not a number of seconds (0 or more)")),
    }
}

impl Cli {
    fn config(&self) -> Config {
        Config {
            port: self.port,
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            audience: self.audience.clone(),
            healthy_after: Duration::from_secs_f64(self.healthy_after),
            deleted_after: Duration::from_secs_f64(self.deleted_after),
            min_backup_interval: Duration::from_secs_f64(self.min_backup_interval),
            token_ttl: Duration::from_secs_f64(self.token_ttl),
            rate_limit: RateLimit {
                max_requests: self.rate_limit,
                window: Duration::from_secs_f64(self.rate_limit_window),
                block_for: Duration::from_secs_f64(self.rate_limit_block),
            },
            seed: self.seed,
            state_file: self.state_file.clone(),
            owner_email: self.owner_email.clone(),
            faults: Faults {
                latency: Duration::from_millis(self.latency_ms),
                reads: FaultRate {
                    error_fraction: self.read_error_fraction,
                    statuses: self.read_error_statuses.clone(),
                },
                writes: FaultRate {
                    error_fraction: self.write_error_fraction,
                    statuses: self.write_error_statuses.clone(),
                },
                retry_after: Duration::from_secs(self.retry_after),
                lost_answers: LossRate {
                    fraction: self.lost_answer_fraction,
                    routes: self.lost_answer_routes.clone(),
                    answers: self.lost_answers.clone(),
                },
                secret_busy: Duration::from_millis(self.secret_busy_ms),
                secret_delete_lag: Duration::from_millis(self.secret_delete_lag_ms),
            },
            api_clients: self.api_clients.clone(),
            read_lag: Duration::from_secs_f64(self.read_lag),
            self_managed: SelfManaged {
                auth: self.auth,
                client_id: self.orchestration_client_id.clone(),
                client_secret: self.orchestration_client_secret.clone(),
                username: self.basic_user.clone(),
                password: self.basic_password.clone(),
            },
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::new(&cli.log))
        .init();
    let config = cli.config();
    let emulator = match Emulator::start(config.clone()).await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("camunda-console-emulator: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    print_banner(&emulator, &config);
    if let Some(path) = &cli.env_file
        && let Err(e) = private_files::replace(path, provider_env(&emulator, &config).as_bytes())
    {
        eprintln!(
            "camunda-console-emulator: could not write {}: {e}",
            path.display()
        );
        emulator.shutdown().await;
        return std::process::ExitCode::FAILURE;
    }
    wait_for_stop_signal().await;
    emulator.shutdown().await;
    // A file left behind would tell the next script's wait that an emulator serves.
    if let Some(path) = &cli.env_file {
        let _ = std::fs::remove_file(path);
    }
    std::process::ExitCode::SUCCESS
}

/// The shell `export`s that point the provider at the emulator, one a line.
fn provider_env(emulator: &Emulator, config: &Config) -> String {
    format!(
        "export CAMUNDA_CONSOLE_BASE_URL={base}\n\
         export CAMUNDA_OAUTH_URL={token}\n\
         export CAMUNDA_CONSOLE_CLIENT_ID={id}\n\
         export CAMUNDA_CONSOLE_CLIENT_SECRET={secret}\n\
         export CAMUNDA_CONSOLE_OAUTH_AUDIENCE={audience}\n",
        base = emulator.base_url(),
        token = emulator.token_url(),
        id = shell_word(&config.client_id),
        secret = shell_word(config.client_secret.expose()),
        audience = shell_word(&config.audience),
    )
}

fn print_banner(emulator: &Emulator, config: &Config) {
    let base = emulator.base_url();
    let mut out = std::io::stdout().lock();
    let _ = write!(
        out,
        "{base}\n\
         # Camunda Console emulator; credentials of its API client:\n\
         #   client id:     {id}\n\
         #   client secret: {secret}\n\
         # Admin endpoints (no token): {admin}\n\
         # For the provider:\n\
         {env}",
        admin = emulator.admin_url(),
        id = shell_word(&config.client_id),
        secret = shell_word(config.client_secret.expose()),
        env = provider_env(emulator, config),
    );
    let sm = &config.self_managed;
    let _ = writeln!(
        out,
        "# A standalone cluster's Orchestration Cluster API: {base}/v2 ({auth})",
        auth = match sm.auth {
            AuthMode::OAuth => format!(
                "OAuth, client id {}, secret {}, audience zeebe.camunda.io",
                shell_word(&sm.client_id),
                shell_word(sm.client_secret.expose())
            ),
            AuthMode::Basic => format!(
                "HTTP basic, user {}, password {}",
                shell_word(&sm.username),
                shell_word(sm.password.expose())
            ),
            AuthMode::None => "no authentication".to_string(),
        }
    );
    for client in &config.api_clients {
        let _ = writeln!(
            out,
            "# Another API client: id {}, secret {}, permissions: {}",
            shell_word(&client.client_id),
            shell_word(client.client_secret.expose()),
            client.permissions.join(" ")
        );
    }
    let _ = out.flush();
}

/// The value as one shell word: unchanged when plain, else single-quoted.
fn shell_word(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.:/@%+=,".contains(c);
    if !value.is_empty() && value.chars().all(plain) {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
