//! The Console API's endpoints: one method each, on the request pipeline of [`Client`].
//! Most make one call as their method implies; the few that may be repeated otherwise, or
//! log or authenticate otherwise, say so with their [`Options`].

use std::collections::BTreeMap;

use reqwest::Method;

use super::client::{Auth, Client, Options, call_of};
use super::error::Error;
use super::model::{
    ActivateSecureConnectivity, Backup, BackupSchedule, ClientDetails, ClientSummary, Cluster,
    ClusterIpAllowlist, ClusterUpgrade, CreateClient, CreateCluster, CreateMonitoringClient,
    CreateSecret, CreatedClient, CreatedCluster, IpAllowlistBody, IpRanges, IpRule, Member,
    Monitoring, MonitoringClientWithPassword, Parameters, PostMember, SecureConnectivity,
    SecureConnectivityAnswer, UpdateCluster, UpdateClusterEncryption, UpdateSecret,
};
use crate::http_client::api_error::ApiError;
use crate::http_client::exchange::to_json;
use crate::secret::Secret;

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

/// Endpoints that make one call and take what they send from their arguments: the path's
/// segments are literals or the method's `&str` arguments, and an argument after `;` is the
/// JSON body. `fetch` decodes the answer, `act` has none to read; the call's [`Options`]
/// follow `with`, else the defaults apply.
macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident($($arg:ident),* $(; $body:ident: $body_type:ty)?) -> $answer:ty =
            $verb:ident $method:ident [$($segment:expr),+] $(with $options:expr)?;
    )*) => {
        impl Client {$(
            $(#[doc = $doc])*
            pub async fn $name(
                &self,
                $($arg: &str,)*
                $($body: &$body_type)?
            ) -> Result<$answer, Error> {
                let body = endpoints!(@body $($body)?);
                let options = endpoints!(@options $($options)?);
                self.$verb(Method::$method, &[$($segment),+], body, options).await
            }
        )*}
    };
    (@body) => { None };
    (@body $body:ident) => { Some(to_json($body)) };
    (@options) => { Options::default() };
    (@options $options:expr) => { $options };
}

endpoints! {
    /// `GET /clusters`
    list_clusters() -> Vec<Cluster> = fetch GET ["clusters"];
    /// `GET /clusters/{id}`
    get_cluster(cluster_id) -> Cluster = fetch GET ["clusters", cluster_id];
    /// `DELETE /clusters/{id}`
    delete_cluster(cluster_id) -> () = act DELETE ["clusters", cluster_id];
    /// `PATCH /clusters/{id}`: renames the cluster, sets its stage label or its description.
    update_cluster(cluster_id; update: UpdateCluster) -> () =
        act PATCH ["clusters", cluster_id];
    /// `PUT /clusters/{id}/upgrade`: moves the cluster to the newest generation of its channel.
    upgrade_cluster(cluster_id) -> ClusterUpgrade =
        fetch PUT ["clusters", cluster_id, "upgrade"];
    /// `PUT /clusters/{id}/wake`: resumes a Suspended cluster; others are left as they are.
    wake_cluster(cluster_id) -> () = act PUT ["clusters", cluster_id, "wake"];
    /// `GET /clusters/parameters`
    parameters() -> Parameters = fetch GET ["clusters", "parameters"];

    /// `GET /clusters/{id}/clients`
    list_clients(cluster_id) -> Vec<ClientSummary> =
        fetch GET ["clusters", cluster_id, "clients"];
    /// `GET /clusters/{id}/clients/{clientId}`; [`Error::NotReady`] while the cluster is not.
    get_client(cluster_id, client_id) -> ClientDetails =
        fetch GET ["clusters", cluster_id, "clients", client_id];
    /// `POST /clusters/{id}/clients`; the answer is the only one that carries the secret.
    /// Repeated only after a refusal (see [`Client::create_cluster`]).
    create_client(cluster_id; client: CreateClient) -> CreatedClient =
        fetch POST ["clusters", cluster_id, "clients"];
    /// `DELETE /clusters/{id}/clients/{clientId}`
    delete_client(cluster_id, client_id) -> () =
        act DELETE ["clusters", cluster_id, "clients", client_id];

    /// `GET /clusters/{id}/backups`
    list_backups(cluster_id) -> Vec<Backup> = fetch GET ["clusters", cluster_id, "backups"];
    /// `POST /clusters/{id}/backups`: starts a backup. Never retried (see
    /// [`Client::create_cluster`]).
    create_backup(cluster_id) -> Backup = fetch POST ["clusters", cluster_id, "backups"];
    /// `DELETE /clusters/{id}/backups/{backupId}`
    delete_backup(cluster_id, backup_id) -> () =
        act DELETE ["clusters", cluster_id, "backups", backup_id];
    /// `GET /clusters/{id}/backups/schedule`; [`Error::NotFound`] when there is none.
    get_backup_schedule(cluster_id) -> BackupSchedule =
        fetch GET ["clusters", cluster_id, "backups", "schedule"];
    /// `PUT /clusters/{id}/backups/schedule`: creates or replaces the schedule.
    put_backup_schedule(cluster_id; schedule: BackupSchedule) -> BackupSchedule =
        fetch PUT ["clusters", cluster_id, "backups", "schedule"];
    /// `DELETE /clusters/{id}/backups/schedule`; succeeds when there is none.
    delete_backup_schedule(cluster_id) -> () =
        act DELETE ["clusters", cluster_id, "backups", "schedule"];

    /// `GET /clusters/{id}/secrets`: the cluster's connector secrets, by name.
    list_secrets(cluster_id) -> BTreeMap<String, Secret> =
        fetch GET ["clusters", cluster_id, "secrets"]
        with Options { secret_answer: true, ..Options::default() };
    /// `DELETE /clusters/{id}/secrets/{name}`, repeated while the API answers 409. The
    /// secret may stay listed for a while after.
    delete_secret(cluster_id, name) -> () =
        act DELETE ["clusters", cluster_id, "secrets", name] with SECRET_CHANGE;

    /// `GET /clusters/{id}`, for the cluster's IP allowlist alone.
    ip_allowlist(cluster_id) -> ClusterIpAllowlist = fetch GET ["clusters", cluster_id];

    /// `GET /members`: members and pending invitations.
    list_members() -> Vec<Member> = fetch GET ["members"];
    /// `DELETE /members/{email}`: removes a member or withdraws an invitation.
    delete_member(email) -> () = act DELETE ["members", email];

    /// `POST /clusters/{id}/monitoring`: turns External Monitoring on; [`Error::Conflict`]
    /// when it is on already. Repeated on transient failures: it only ever sets one state,
    /// and a repeat after a lost answer finds it on.
    activate_monitoring(cluster_id) -> () =
        act POST ["clusters", cluster_id, "monitoring"] with SETS_ONE_STATE;
    /// `DELETE /clusters/{id}/monitoring`: turns External Monitoring off;
    /// [`Error::Conflict`] when it is off already.
    deactivate_monitoring(cluster_id) -> () =
        act DELETE ["clusters", cluster_id, "monitoring"];
    /// `GET /clusters/{id}/monitoring/clients`: the clients and the monitoring status.
    monitoring(cluster_id) -> Monitoring =
        fetch GET ["clusters", cluster_id, "monitoring", "clients"];
    /// `POST /clusters/{id}/monitoring/clients`; the answer is one of two that carry the
    /// password. Never retried (see [`Client::create_cluster`]).
    create_monitoring_client(cluster_id; client: CreateMonitoringClient) ->
        MonitoringClientWithPassword =
        fetch POST ["clusters", cluster_id, "monitoring", "clients"];
    /// `DELETE /clusters/{id}/monitoring/clients/{clientUuid}`
    delete_monitoring_client(cluster_id, client_uuid) -> () =
        act DELETE ["clusters", cluster_id, "monitoring", "clients", client_uuid];
    /// `POST /clusters/{id}/monitoring/clients/{clientUuid}/rotate`: a new password. Never
    /// retried: a repeated rotation would outdate the password of the lost answer.
    rotate_monitoring_client(cluster_id, client_uuid) -> MonitoringClientWithPassword =
        fetch POST ["clusters", cluster_id, "monitoring", "clients", client_uuid, "rotate"];

    /// `POST /clusters/{id}/secure-connectivity`; [`Error::Conflict`] when it is on already.
    activate_secure_connectivity(cluster_id; request: ActivateSecureConnectivity) -> () =
        act POST ["clusters", cluster_id, "secure-connectivity"];
    /// `DELETE /clusters/{id}/secure-connectivity`; [`Error::Conflict`] when it is off.
    deactivate_secure_connectivity(cluster_id) -> () =
        act DELETE ["clusters", cluster_id, "secure-connectivity"];

    /// `PUT /clusters/{id}/encryption`: sets or rotates the customer-managed keys of an
    /// `External` cluster; the answer is the cluster.
    update_cluster_encryption(cluster_id; keys: UpdateClusterEncryption) -> Cluster =
        fetch PUT ["clusters", cluster_id, "encryption"];

    /// `GET /meta/ip-ranges`: the egress addresses per service. Needs no credentials.
    ip_ranges() -> IpRanges = fetch GET ["meta", "ip-ranges"] with ANONYMOUS;
}

/// The endpoints whose bodies or answers are more than their arguments or their JSON.
impl Client {
    /// `POST /clusters`, giving the new cluster's id. Repeated only after a refusal: after a
    /// lost answer the cluster may exist, which only the caller can check.
    pub async fn create_cluster(&self, cluster: &CreateCluster) -> Result<String, Error> {
        let body = Some(to_json(cluster));
        let created: CreatedCluster = self
            .fetch(Method::POST, &["clusters"], body, Options::default())
            .await?;
        Ok(created.cluster_id)
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
        let segments = ["clusters", cluster_id, "secrets"];
        self.act(Method::POST, &segments, Some(to_json(&body)), SECRET_CHANGE)
            .await
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
        let segments = ["clusters", cluster_id, "secrets", name];
        self.act(Method::PUT, &segments, Some(to_json(&body)), SECRET_CHANGE)
            .await
    }

    /// `PUT /clusters/{id}/ipallowlist`: replaces the whole allowlist (empty: no rules).
    pub async fn update_ip_allowlist(
        &self,
        cluster_id: &str,
        rules: &[IpRule],
    ) -> Result<(), Error> {
        let body = IpAllowlistBody { ipallowlist: rules };
        let segments = ["clusters", cluster_id, "ipallowlist"];
        self.act(
            Method::PUT,
            &segments,
            Some(to_json(&body)),
            Options::default(),
        )
        .await
    }

    /// `POST /members/{email}`: invites the address with these roles, or gives an existing
    /// member these roles. Repeated on transient failures: it only ever sets one state.
    pub async fn put_member(&self, email: &str, roles: &[String]) -> Result<(), Error> {
        let body = PostMember { org_roles: roles };
        let segments = ["members", email];
        self.act(
            Method::POST,
            &segments,
            Some(to_json(&body)),
            SETS_ONE_STATE,
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
        let answer: SecureConnectivityAnswer = self
            .fetch(Method::GET, &segments, None, Options::default())
            .await?;
        answer.connectivity().map_err(|e| {
            let call = call_of(&Method::GET, &segments);
            Error::invalid_response(&call, e.to_string())
        })
    }
}
