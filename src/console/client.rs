//! The Console API client: one async method per endpoint, on top of a shared request pipeline
//! (bearer token, retries, error mapping, redacted logging).
//!
//! Idempotent calls are repeated on transient failures. A create (POST) is repeated only
//! when the server certainly did not act on it (429, or 503 with `Retry-After`), and once
//! sent it is never cut short by the caller's deadline or the call's time limit: its answer
//! is waited for, up to the attempt's time limit, so that what it created is known. Other failures of a create leave its outcome to the caller
//! to find out ([`Error::outcome_unknown`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;

use super::config::{Credentials, Settings};
use super::env;
use super::error::{Call, Error};
use super::model::{
    ActivateSecureConnectivity, Backup, BackupSchedule, ClientDetails, ClientSummary, Cluster,
    ClusterIpAllowlist, ClusterUpgrade, CreateClient, CreateCluster, CreateMonitoringClient,
    CreateSecret, CreatedClient, CreatedCluster, IpAllowlistBody, IpRanges, IpRule, Member,
    Monitoring, MonitoringClientWithPassword, Parameters, PostMember, SecureConnectivity,
    SecureConnectivityAnswer, UpdateCluster, UpdateClusterEncryption, UpdateSecret,
};
use crate::http_client;
use crate::http_client::api_error::{self, ApiError, decode};
use crate::http_client::endpoint::Endpoint;
use crate::http_client::exchange::{Exchange, to_json};
use crate::http_client::retry::{Attempt, Failed, RetryPolicy, is_idempotent};
use crate::oauth::{CacheProblem, Renewal, TokenManager};
use crate::secret::Secret;

/// How one call may be repeated and logged, beyond what its method implies.
#[derive(Clone, Copy, Debug, Default)]
struct Options {
    auth: Auth,
    /// A POST with the same outcome however often it is made (it creates or updates to a
    /// given state): repeated on transient failures like a PUT.
    idempotent_post: bool,
    /// A 409 means that the API did not act, because another change was in progress:
    /// repeated with back-off.
    retry_conflicts: bool,
    /// Every value of the answer is a secret: only its keys are logged.
    secret_answer: bool,
}

impl Options {
    /// Whether a call with this method may be repeated without changing its outcome.
    fn repeatable(&self, method: &Method) -> bool {
        is_idempotent(method) || (self.idempotent_post && *method == Method::POST)
    }
}

/// Changes to connector secrets: a 409 says that another change to the cluster's secrets
/// is in progress (or, for a create, that the name is taken, which repeating cannot fix but
/// also cannot harm), and nothing was done, so the call is repeated.
const SECRET_CHANGE: Options = Options {
    auth: Auth::Bearer,
    idempotent_post: false,
    retry_conflicts: true,
    secret_answer: false,
};

/// A POST that only ever sets one state, so that repeating it cannot change the outcome.
const SETS_ONE_STATE: Options = Options {
    auth: Auth::Bearer,
    idempotent_post: true,
    retry_conflicts: false,
    secret_answer: false,
};

/// The few endpoints that anyone may call.
const ANONYMOUS: Options = Options {
    auth: Auth::Anonymous,
    idempotent_post: false,
    retry_conflicts: false,
    secret_answer: false,
};

/// A handle on the Console API. Cheap to clone: clones share the HTTP connections and tokens.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    deadline: Option<Instant>,
}

struct Inner {
    http: reqwest::Client,
    api_url: reqwest::Url,
    api: Endpoint,
    retry: RetryPolicy,
    tokens: TokenManager,
    settings: Settings,
    /// Token managers of other credentials (`Client::access_token`), one per key, so that
    /// a process asks for each token once.
    other_tokens: std::sync::Mutex<HashMap<String, Arc<TokenManager>>>,
}

/// An OAuth access token and when it expires.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub token: Secret,
    pub expires_at: SystemTime,
}

impl Client {
    /// Builds the client. No request is made and no credentials are needed until the first
    /// call; invalid URLs are reported here.
    pub fn new(settings: Settings) -> Result<Client, Error> {
        settings.validate()?;
        let http = http_client::build(settings.retry.connect_timeout).map_err(Error::HttpClient)?;
        let api_url =
            reqwest::Url::parse(&settings.api_url).map_err(|e| Error::HttpClient(e.to_string()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                tokens: TokenManager::new(http.clone(), &settings.token_settings()),
                http,
                api: Endpoint::new(&settings.api_url, "api_url", env::API_URL),
                api_url,
                retry: settings.retry.clone(),
                settings,
                other_tokens: Default::default(),
            }),
            deadline: None,
        })
    }

    /// An access token for `credentials` and `audience` (each `None`: the client's own),
    /// from the same token service and through the same caches as the client's own token.
    pub async fn access_token(
        &self,
        credentials: Option<Credentials>,
        audience: Option<&str>,
    ) -> Result<AccessToken, Error> {
        let token = match (credentials, audience) {
            (None, None) => self.inner.tokens.token_with_expiry(self.deadline).await?,
            (credentials, audience) => {
                let mut settings = self.inner.settings.clone();
                if let Some(credentials) = credentials {
                    settings.client_id = Some(credentials.client_id);
                    settings.client_secret = Some(credentials.client_secret);
                }
                if let Some(audience) = audience {
                    settings.audience = audience.to_owned();
                }
                let settings = settings.token_settings();
                let manager = match settings.cache_key() {
                    Some(key) => {
                        let mut managers = self.inner.other_tokens.lock().expect("token managers");
                        managers
                            .entry(key.as_str().to_owned())
                            .or_insert_with(|| {
                                Arc::new(TokenManager::new(self.inner.http.clone(), &settings))
                            })
                            .clone()
                    }
                    None => Arc::new(TokenManager::new(self.inner.http.clone(), &settings)),
                };
                manager.token_with_expiry(self.deadline).await?
            }
        };
        Ok(AccessToken {
            token: token.access_token,
            expires_at: SystemTime::UNIX_EPOCH + Duration::from_millis(token.expires_at_ms),
        })
    }

    /// A handle whose calls, retries included, end by `deadline`.
    pub fn with_deadline(&self, deadline: Instant) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            deadline: Some(deadline),
        }
    }

    /// Why tokens cannot be cached on disk although that is enabled (see
    /// [`CacheProblem`]); checked once.
    pub fn token_cache_problem(&self) -> Option<&CacheProblem> {
        self.inner.tokens.cache_problem()
    }

    /// `GET /clusters`
    pub async fn list_clusters(&self) -> Result<Vec<Cluster>, Error> {
        self.fetch(Method::GET, &["clusters"], None).await
    }

    /// `GET /clusters/{id}`
    pub async fn get_cluster(&self, cluster_id: &str) -> Result<Cluster, Error> {
        self.fetch(Method::GET, &["clusters", cluster_id], None)
            .await
    }

    /// `POST /clusters`, giving the new cluster's id. Repeated only after a refusal: after a
    /// lost answer the cluster may exist, which only the caller can check.
    pub async fn create_cluster(&self, cluster: &CreateCluster) -> Result<String, Error> {
        let created: CreatedCluster = self
            .fetch(Method::POST, &["clusters"], Some(to_json(cluster)))
            .await?;
        Ok(created.cluster_id)
    }

    /// `DELETE /clusters/{id}`
    pub async fn delete_cluster(&self, cluster_id: &str) -> Result<(), Error> {
        self.send(Method::DELETE, &["clusters", cluster_id], None)
            .await
            .map(drop)
    }

    /// `PATCH /clusters/{id}`: renames the cluster, sets its stage label or its description.
    pub async fn update_cluster(
        &self,
        cluster_id: &str,
        update: &UpdateCluster,
    ) -> Result<(), Error> {
        self.send(
            Method::PATCH,
            &["clusters", cluster_id],
            Some(to_json(update)),
        )
        .await
        .map(drop)
    }

    /// `PUT /clusters/{id}/upgrade`: moves the cluster to the newest generation of its channel.
    pub async fn upgrade_cluster(&self, cluster_id: &str) -> Result<ClusterUpgrade, Error> {
        self.fetch(Method::PUT, &["clusters", cluster_id, "upgrade"], None)
            .await
    }

    /// `PUT /clusters/{id}/wake`: resumes a Suspended cluster; others are left as they are.
    pub async fn wake_cluster(&self, cluster_id: &str) -> Result<(), Error> {
        self.send(Method::PUT, &["clusters", cluster_id, "wake"], None)
            .await
            .map(drop)
    }

    /// `GET /clusters/parameters`
    pub async fn parameters(&self) -> Result<Parameters, Error> {
        self.fetch(Method::GET, &["clusters", "parameters"], None)
            .await
    }

    /// `GET /clusters/{id}/clients`
    pub async fn list_clients(&self, cluster_id: &str) -> Result<Vec<ClientSummary>, Error> {
        self.fetch(Method::GET, &["clusters", cluster_id, "clients"], None)
            .await
    }

    /// `GET /clusters/{id}/clients/{clientId}`; [`Error::NotReady`] while the cluster is not.
    pub async fn get_client(
        &self,
        cluster_id: &str,
        client_id: &str,
    ) -> Result<ClientDetails, Error> {
        self.fetch(
            Method::GET,
            &["clusters", cluster_id, "clients", client_id],
            None,
        )
        .await
    }

    /// `POST /clusters/{id}/clients`; the answer is the only one that carries the secret.
    /// Repeated only after a refusal (see [`Client::create_cluster`]).
    pub async fn create_client(
        &self,
        cluster_id: &str,
        client: &CreateClient,
    ) -> Result<CreatedClient, Error> {
        self.fetch(
            Method::POST,
            &["clusters", cluster_id, "clients"],
            Some(to_json(client)),
        )
        .await
    }

    /// `DELETE /clusters/{id}/clients/{clientId}`
    pub async fn delete_client(&self, cluster_id: &str, client_id: &str) -> Result<(), Error> {
        self.send(
            Method::DELETE,
            &["clusters", cluster_id, "clients", client_id],
            None,
        )
        .await
        .map(drop)
    }

    /// `GET /clusters/{id}/backups`
    pub async fn list_backups(&self, cluster_id: &str) -> Result<Vec<Backup>, Error> {
        self.fetch(Method::GET, &["clusters", cluster_id, "backups"], None)
            .await
    }

    /// `POST /clusters/{id}/backups`: starts a backup. Never retried (see
    /// [`Client::create_cluster`]).
    pub async fn create_backup(&self, cluster_id: &str) -> Result<Backup, Error> {
        self.fetch(Method::POST, &["clusters", cluster_id, "backups"], None)
            .await
    }

    /// `DELETE /clusters/{id}/backups/{backupId}`
    pub async fn delete_backup(&self, cluster_id: &str, backup_id: &str) -> Result<(), Error> {
        self.send(
            Method::DELETE,
            &["clusters", cluster_id, "backups", backup_id],
            None,
        )
        .await
        .map(drop)
    }

    /// `GET /clusters/{id}/backups/schedule`; [`Error::NotFound`] when there is none.
    pub async fn get_backup_schedule(&self, cluster_id: &str) -> Result<BackupSchedule, Error> {
        self.fetch(
            Method::GET,
            &["clusters", cluster_id, "backups", "schedule"],
            None,
        )
        .await
    }

    /// `PUT /clusters/{id}/backups/schedule`: creates or replaces the schedule.
    pub async fn put_backup_schedule(
        &self,
        cluster_id: &str,
        schedule: &BackupSchedule,
    ) -> Result<BackupSchedule, Error> {
        self.fetch(
            Method::PUT,
            &["clusters", cluster_id, "backups", "schedule"],
            Some(to_json(schedule)),
        )
        .await
    }

    /// `DELETE /clusters/{id}/backups/schedule`; succeeds when there is none.
    pub async fn delete_backup_schedule(&self, cluster_id: &str) -> Result<(), Error> {
        self.send(
            Method::DELETE,
            &["clusters", cluster_id, "backups", "schedule"],
            None,
        )
        .await
        .map(drop)
    }

    /// `GET /clusters/{id}/secrets`: the cluster's connector secrets, by name.
    pub async fn list_secrets(&self, cluster_id: &str) -> Result<BTreeMap<String, Secret>, Error> {
        let options = Options {
            secret_answer: true,
            ..Options::default()
        };
        let segments = ["clusters", cluster_id, "secrets"];
        let bytes = self
            .send_with(Method::GET, &segments, None, options)
            .await?;
        decode(&call_of(&Method::GET, &segments), &bytes)
    }

    /// `POST /clusters/{id}/secrets`, repeated while the API answers 409 (see [`SECRET_CHANGE`]).
    pub async fn create_secret(
        &self,
        cluster_id: &str,
        name: &str,
        value: &Secret,
    ) -> Result<(), Error> {
        let body = CreateSecret {
            secret_name: name,
            secret_value: value,
        };
        self.send_with(
            Method::POST,
            &["clusters", cluster_id, "secrets"],
            Some(to_json(&body)),
            SECRET_CHANGE,
        )
        .await
        .map(drop)
    }

    /// `POST /clusters/{id}/monitoring`: turns External Monitoring on; [`Error::Conflict`]
    /// when it is on already. Repeated on transient failures: it only ever sets one state,
    /// and a repeat after a lost answer finds it on.
    pub async fn activate_monitoring(&self, cluster_id: &str) -> Result<(), Error> {
        self.send_with(
            Method::POST,
            &["clusters", cluster_id, "monitoring"],
            None,
            SETS_ONE_STATE,
        )
        .await
        .map(drop)
    }

    /// `PUT /clusters/{id}/secrets/{name}`, repeated while the API answers 409.
    pub async fn update_secret(
        &self,
        cluster_id: &str,
        name: &str,
        value: &Secret,
    ) -> Result<(), Error> {
        let body = UpdateSecret {
            secret_value: value,
        };
        self.send_with(
            Method::PUT,
            &["clusters", cluster_id, "secrets", name],
            Some(to_json(&body)),
            SECRET_CHANGE,
        )
        .await
        .map(drop)
    }

    /// `DELETE /clusters/{id}/secrets/{name}`, repeated while the API answers 409. The
    /// secret may stay listed for a while after.
    pub async fn delete_secret(&self, cluster_id: &str, name: &str) -> Result<(), Error> {
        self.send_with(
            Method::DELETE,
            &["clusters", cluster_id, "secrets", name],
            None,
            SECRET_CHANGE,
        )
        .await
        .map(drop)
    }

    /// `GET /clusters/{id}`, for the cluster's IP allowlist alone.
    pub async fn ip_allowlist(&self, cluster_id: &str) -> Result<ClusterIpAllowlist, Error> {
        self.fetch(Method::GET, &["clusters", cluster_id], None)
            .await
    }

    /// `PUT /clusters/{id}/ipallowlist`: replaces the whole allowlist (empty: no rules).
    pub async fn update_ip_allowlist(
        &self,
        cluster_id: &str,
        rules: &[IpRule],
    ) -> Result<(), Error> {
        let body = IpAllowlistBody { ipallowlist: rules };
        self.send(
            Method::PUT,
            &["clusters", cluster_id, "ipallowlist"],
            Some(to_json(&body)),
        )
        .await
        .map(drop)
    }

    /// `GET /members`: members and pending invitations.
    pub async fn list_members(&self) -> Result<Vec<Member>, Error> {
        self.fetch(Method::GET, &["members"], None).await
    }

    /// `POST /members/{email}`: invites the address with these roles, or gives an existing
    /// member these roles. Repeated on transient failures: it only ever sets one state.
    pub async fn put_member(&self, email: &str, roles: &[String]) -> Result<(), Error> {
        let body = PostMember { org_roles: roles };
        self.send_with(
            Method::POST,
            &["members", email],
            Some(to_json(&body)),
            SETS_ONE_STATE,
        )
        .await
        .map(drop)
    }

    /// `DELETE /members/{email}`: removes a member or withdraws an invitation.
    pub async fn delete_member(&self, email: &str) -> Result<(), Error> {
        self.send(Method::DELETE, &["members", email], None)
            .await
            .map(drop)
    }

    /// `DELETE /clusters/{id}/monitoring`: turns External Monitoring off;
    /// [`Error::Conflict`] when it is off already.
    pub async fn deactivate_monitoring(&self, cluster_id: &str) -> Result<(), Error> {
        self.send(
            Method::DELETE,
            &["clusters", cluster_id, "monitoring"],
            None,
        )
        .await
        .map(drop)
    }

    /// `GET /clusters/{id}/monitoring/clients`: the clients and the monitoring status.
    pub async fn monitoring(&self, cluster_id: &str) -> Result<Monitoring, Error> {
        self.fetch(
            Method::GET,
            &["clusters", cluster_id, "monitoring", "clients"],
            None,
        )
        .await
    }

    /// `POST /clusters/{id}/monitoring/clients`; the answer is one of two that carry the
    /// password. Never retried (see [`Client::create_cluster`]).
    pub async fn create_monitoring_client(
        &self,
        cluster_id: &str,
        client: &CreateMonitoringClient,
    ) -> Result<MonitoringClientWithPassword, Error> {
        self.fetch(
            Method::POST,
            &["clusters", cluster_id, "monitoring", "clients"],
            Some(to_json(client)),
        )
        .await
    }

    /// `DELETE /clusters/{id}/monitoring/clients/{clientUuid}`
    pub async fn delete_monitoring_client(
        &self,
        cluster_id: &str,
        client_uuid: &str,
    ) -> Result<(), Error> {
        self.send(
            Method::DELETE,
            &["clusters", cluster_id, "monitoring", "clients", client_uuid],
            None,
        )
        .await
        .map(drop)
    }

    /// `POST /clusters/{id}/monitoring/clients/{clientUuid}/rotate`: a new password. Never
    /// retried: a repeated rotation would outdate the password of the lost answer.
    pub async fn rotate_monitoring_client(
        &self,
        cluster_id: &str,
        client_uuid: &str,
    ) -> Result<MonitoringClientWithPassword, Error> {
        self.fetch(
            Method::POST,
            &[
                "clusters",
                cluster_id,
                "monitoring",
                "clients",
                client_uuid,
                "rotate",
            ],
            None,
        )
        .await
    }

    /// `GET /clusters/{id}/secure-connectivity`: the private endpoint service, `None` while
    /// Secure Connectivity is off.
    pub async fn secure_connectivity(
        &self,
        cluster_id: &str,
    ) -> Result<Option<SecureConnectivity>, Error> {
        let segments = ["clusters", cluster_id, "secure-connectivity"];
        let answer: SecureConnectivityAnswer = self.fetch(Method::GET, &segments, None).await?;
        answer
            .connectivity()
            .map_err(|e| Error::invalid_response(&call_of(&Method::GET, &segments), e.to_string()))
    }

    /// `POST /clusters/{id}/secure-connectivity`; [`Error::Conflict`] when it is on already.
    pub async fn activate_secure_connectivity(
        &self,
        cluster_id: &str,
        request: &ActivateSecureConnectivity,
    ) -> Result<(), Error> {
        self.send(
            Method::POST,
            &["clusters", cluster_id, "secure-connectivity"],
            Some(to_json(request)),
        )
        .await
        .map(drop)
    }

    /// `DELETE /clusters/{id}/secure-connectivity`; [`Error::Conflict`] when it is off.
    pub async fn deactivate_secure_connectivity(&self, cluster_id: &str) -> Result<(), Error> {
        self.send(
            Method::DELETE,
            &["clusters", cluster_id, "secure-connectivity"],
            None,
        )
        .await
        .map(drop)
    }

    /// `PUT /clusters/{id}/encryption`: sets or rotates the customer-managed keys of an
    /// `External` cluster; the answer is the cluster.
    pub async fn update_cluster_encryption(
        &self,
        cluster_id: &str,
        keys: &UpdateClusterEncryption,
    ) -> Result<Cluster, Error> {
        self.fetch(
            Method::PUT,
            &["clusters", cluster_id, "encryption"],
            Some(to_json(keys)),
        )
        .await
    }

    /// `GET /meta/ip-ranges`: the egress addresses per service. Needs no credentials.
    pub async fn ip_ranges(&self) -> Result<IpRanges, Error> {
        let segments = ["meta", "ip-ranges"];
        let bytes = self
            .send_with(Method::GET, &segments, None, ANONYMOUS)
            .await?;
        decode(&call_of(&Method::GET, &segments), &bytes)
    }

    async fn fetch<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
    ) -> Result<T, Error> {
        let call = call_of(&method, segments);
        let bytes = self.send(method, segments, body).await?;
        decode(&call, &bytes)
    }

    /// Sends one logical call: a fresh token, then the request, repeated on transient failures
    /// if the method is idempotent or the server refused it before acting, and once after a
    /// refused token whatever the method (the API did not act on a request it could not
    /// authenticate). A failure that retries could not cure says how often it was tried.
    async fn send(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
    ) -> Result<Vec<u8>, Error> {
        self.send_with(method, segments, body, Options::default())
            .await
    }

    /// Sends one logical call: a fresh token (unless `options` says the endpoint needs none),
    /// then the request, repeated on transient failures if the call is idempotent or the
    /// server refused it before acting, on conflicts if `options` says so, and once after a
    /// refused token whatever the method (the API did not act on a request it could not
    /// authenticate). A failure that retries could not cure says how often it was tried.
    async fn send_with(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
        options: Options,
    ) -> Result<Vec<u8>, Error> {
        let call = call_of(&method, segments);
        let url = self.url(segments);
        if let Auth::Bearer = options.auth {
            // The token first, so that a wait for it does not eat into the call's time limit:
            // token requests have limits of their own. The attempts find it in memory.
            self.token(&call).await?;
        }
        let renewal = Renewal::default();
        api_error::run(
            &self.inner.retry,
            self.deadline,
            "Console API call",
            |attempt| self.try_once(&call, &url, body.as_ref(), options, &renewal, attempt),
        )
        .await
    }

    /// A valid access token, within the operation's deadline.
    async fn token(&self, call: &Call) -> Result<Secret, Error> {
        self.inner.tokens.token_for(call, self.deadline).await
    }

    /// One attempt of a call, with a fresh token, and whether and how it may be repeated.
    async fn try_once(
        &self,
        call: &Call,
        url: &reqwest::Url,
        body: Option<&Value>,
        options: Options,
        renewal: &Renewal,
        attempt: Attempt,
    ) -> Result<Vec<u8>, Failed<Error>> {
        self.inner.api.check().map_err(|e| Failed::Fail(e.into()))?;
        let idempotent = options.repeatable(&call.method);
        let token = match options.auth {
            Auth::Anonymous => None,
            Auth::Bearer => Some(self.token(call).await.map_err(Failed::Fail)?),
        };
        let sent = if idempotent {
            self.within_deadline(
                call,
                self.attempt(call, url, token.as_ref(), body, options, attempt),
            )
            .await
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(Failed::Fail(Error::not_sent(
                call,
                "the operation's timeout had passed",
            )));
        } else {
            self.attempt(call, url, token.as_ref(), body, options, attempt)
                .await
        };
        let error = match sent {
            Ok(bytes) => return Ok(bytes),
            Err(error) => error,
        };
        if let (Error::Unauthorized(_), Some(token)) = (&error, &token)
            && renewal.renew(&self.inner.tokens, token, call).await
        {
            return Err(Failed::RetryNow);
        }
        if options.retry_conflicts && matches!(error, Error::Conflict(_)) {
            return Err(Failed::Retry {
                retry_after: error.retry_after(),
                error,
            });
        }
        Err(api_error::retry_or_fail(error, &self.inner.api, idempotent))
    }

    /// Sends the request of `attempt` and reads its answer, within the attempt's time limit
    /// and, unless the call may not be repeated, the call's.
    async fn attempt(
        &self,
        call: &Call,
        url: &reqwest::Url,
        token: Option<&Secret>,
        body: Option<&Value>,
        options: Options,
        attempt: Attempt,
    ) -> Result<Vec<u8>, Error> {
        let exchange = Exchange {
            api: "Console API",
            call,
            endpoint: &self.inner.api,
            attempt,
        };
        let mut request = exchange.request(&self.inner.http, url);
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        if let Some(body) = body {
            request = exchange.json(request, body);
        }
        // A call that may not be repeated could leave an unknown object if cut short: only
        // the attempt's own limit ends it.
        let due = if options.repeatable(&call.method) {
            attempt.answer_due()
        } else {
            attempt.answer_due_uncut()
        };
        // The operation's deadline is `within_deadline`'s part.
        let answer = exchange
            .send(request, due, None, options.secret_answer)
            .await
            .map_err(|e| e.into_error(|message| Error::transport(call, message)))?;
        if answer.status.is_success() {
            Ok(answer.bytes.to_vec())
        } else {
            let status = answer.status.as_u16();
            let error = Error::from_status(call.clone(), status, answer.retry_after, &answer.bytes);
            Err(error)
        }
    }

    async fn within_deadline<T>(
        &self,
        call: &Call,
        work: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match self.deadline {
            None => work.await,
            Some(deadline) => tokio::time::timeout_at(deadline, work)
                .await
                .unwrap_or_else(|_| {
                    let message = "the operation's deadline passed before the call completed";
                    Err(Error::transport(call, message.to_owned()))
                }),
        }
    }

    /// The base URL with `segments` appended, each one percent-encoded.
    fn url(&self, segments: &[&str]) -> reqwest::Url {
        let mut url = self.inner.api_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }
}

/// Whether a call carries the client's access token.
#[derive(Clone, Copy, Debug, Default)]
enum Auth {
    #[default]
    Bearer,
    /// For the few endpoints that anyone may call.
    Anonymous,
}

fn call_of(method: &Method, segments: &[&str]) -> Call {
    Call {
        method: method.clone(),
        path: format!("/{}", segments.join("/")),
    }
}
