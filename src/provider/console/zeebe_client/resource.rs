//! Resource `camunda_zeebe_client`: an API client of one cluster, for Zeebe workers and
//! apps. Every argument forces replacement, so there is no update; the one-time secret is
//! kept in state from the create answer on, whatever else fails. Creates happen exactly
//! once (see `zeebe_client_create.rs`).

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::ZeebeClient;
use super::create::{self as creating, ClientCreate};
use super::{Found, PERMISSIONS, rest_address};
use crate::attr_path;
use crate::console::{self, ClientDetails, ClientSummary};
use crate::provider::machinery::{
    Object, Shared, awake, cluster_ref, community,
    exactly_once::{self, Done},
    report::{ApiResult, exactly_one, report},
};
use crate::secret::Secret;
use crate::tf::import_id;
use crate::tf::validators::{each_one_of, name};
use crate::tf::{
    Attr, Attribute, Block, Change, Ctx, Diagnostics, MovedState, Operation, Resource, Schema,
    Timeouts, TimeoutsSpec, Type, call,
};

/// Attempts at the connection details right after create: a new cluster answers 412 until
/// it is ready, which may take longer than an apply should wait; the next refresh retries.
const DETAILS_ATTEMPTS: u32 = 5;
const DETAILS_FIRST_WAIT: Duration = Duration::from_secs(1);

/// The longest client name the API accepts, and the random suffix a `name_prefix` gets.
const MAX_NAME_LEN: usize = 50;
const SUFFIX_LEN: usize = 10;

/// How long a create may wait for a suspended cluster to wake.
const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "the client",
    defaults: &[(Operation::Create, Duration::from_secs(20 * 60))],
};

const ONE_OF_NAME_OR_PREFIX: &str = "Set exactly one of them: `name` for a fixed name, or \
                                     `name_prefix` for a unique name made from it.";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ZeebeClientModel {
    cluster_id: Attr<String>,
    name: Attr<String>,
    name_prefix: Attr<String>,
    permissions: Attr<Vec<String>>,
    keepers: Attr<BTreeMap<String, String>>,
    id: Attr<String>,
    client_id: Attr<String>,
    client_secret: Attr<Secret>,
    zeebe_address: Attr<String>,
    zeebe_authorization_server_url: Attr<String>,
    rest_address: Attr<String>,
    timeouts: Attr<Timeouts>,
}

impl ZeebeClientModel {
    /// The state of a client: what the API lists, with what only Terraform knows (the
    /// secret and the keepers) from `base`, and the connection details where known.
    fn of(cluster_id: &str, summary: &ClientSummary, base: &ZeebeClientModel) -> ZeebeClientModel {
        ZeebeClientModel {
            id: format!("{cluster_id}/{}", summary.client_id).into(),
            cluster_id: cluster_id.into(),
            client_id: summary.client_id.clone().into(),
            name: summary.name.clone().into(),
            name_prefix: base.name_prefix.clone(),
            permissions: summary.permissions.clone().into(),
            keepers: base.keepers.clone(),
            client_secret: base.client_secret.clone(),
            zeebe_address: base.zeebe_address.clone(),
            zeebe_authorization_server_url: base.zeebe_authorization_server_url.clone(),
            rest_address: base.rest_address.clone(),
            timeouts: base.timeouts.clone(),
        }
    }

    fn with_details(mut self, details: &ClientDetails) -> ZeebeClientModel {
        self.zeebe_address = details.zeebe_address.clone().into();
        self.zeebe_authorization_server_url = details.zeebe_authorization_server_url.clone().into();
        self.rest_address = details.rest_address().into();
        self
    }

    /// The state of a client that the community provider managed, secret included.
    fn from_community(client: community::ClusterClient) -> ZeebeClientModel {
        ZeebeClientModel {
            id: format!("{}/{}", client.cluster_id, client.zeebe_client_id).into(),
            cluster_id: client.cluster_id.into(),
            name: client.name.into(),
            name_prefix: Attr::Null,
            permissions: client.scopes.into(),
            keepers: Attr::Null,
            client_id: client.zeebe_client_id.into(),
            client_secret: client.secret.into(),
            zeebe_address: client.zeebe_address.into(),
            zeebe_authorization_server_url: client.zeebe_authorization_server_url.into(),
            // The community provider had none: the first refresh reads it.
            rest_address: Attr::Null,
            timeouts: Attr::Null,
        }
    }

    /// Whether the connection details are all in the state. A state written before
    /// `rest_address` existed lacks it, so that its next refresh reads the details again.
    fn has_details(&self) -> bool {
        self.zeebe_address.get().is_some()
            && self.zeebe_authorization_server_url.get().is_some()
            && self.rest_address.get().is_some()
    }
}

#[async_trait]
impl Resource for Object<ZeebeClient> {
    type Model = ZeebeClientModel;

    const TYPE_NAME: &'static str = "camunda_zeebe_client";

    fn schema() -> Schema {
        Schema::new(
            Block::new(format!(
                "An API client of a Camunda SaaS cluster, for Zeebe workers and applications. \
                 Its secret is only issued when the client is created: it is kept in the state, \
                 marked sensitive, and a change of `keepers` creates a new client to rotate it.\n\n\
                 A create happens exactly once: a name that another client of the cluster holds is \
                 refused at plan time, with that client's id and how to import or delete it. When \
                 the answer to a create is lost, the client it made is deleted and created again, \
                 so that its secret reaches the state.\n\n\
                 A client is created on a running cluster. {}",
                awake::WAKES
            ))
            .attribute(
                cluster_ref::replacing_cluster_id("The ID of the cluster the client belongs to. A change creates a new client.",),
            )
            .attribute(
                Attribute::string("name")
                    .optional()
                    .computed()
                    .requires_replace()
                    .keep_when_unset()
                    .validate(name(1, MAX_NAME_LEN))
                    .description(
                        "The client's name: 1 to 50 characters without whitespace, unique within the \
                         cluster. Set exactly one of `name` and `name_prefix`; with `name_prefix`, \
                         this is the name the provider made. A change creates a new client.",
                    ),
            )
            .attribute(
                Attribute::string("name_prefix")
                    .optional()
                    .requires_replace()
                    .validate(name(1, MAX_NAME_LEN - SUFFIX_LEN))
                    .description(
                        "Makes a unique name that begins with this prefix (1 to 40 characters \
                         without whitespace), followed by 10 random lowercase letters and digits. \
                         Because names are unique within a cluster, a replacement under \
                         `lifecycle { create_before_destroy = true }` needs it: the new client \
                         exists beside the old one until the old one is deleted. A change creates \
                         a new client.",
                    ),
            )
            .attribute(
                Attribute::new("permissions", Type::set(Type::String))
                    .optional()
                    .computed()
                    .requires_replace()
                    .keep_when_unset()
                    .validate(each_one_of(PERMISSIONS))
                    .description(
                        "What the client may access: any of `Zeebe`, `Operate`, `Tasklist`, `Optimize` \
                         and `Secrets`. When omitted, the client gets what the API grants by default \
                         (all of them). A change creates a new client.",
                    ),
            )
            .attribute(
                Attribute::new("keepers", Type::map(Type::String))
                    .optional()
                    .requires_replace()
                    .description(
                        "Arbitrary values whose change creates a new client, and so rotates its secret \
                         (for example a date or a version number).",
                    ),
            )
            .attribute(
                Attribute::kept_string("id")
                    .description("The import ID: `<cluster_id>/<client_id>`."),
            )
            .attribute(
                Attribute::kept_string("client_id")
                    .description("The client ID, used with the secret to request access tokens."),
            )
            .attribute(
                Attribute::string("client_secret")
                    .computed()
                    .sensitive()
                    .use_state_for_unknown()
                    .description(
                        "The client secret. The API issues it only when the client is created, so it is \
                         null for an imported client; change `keepers` to get a new client with a new secret.",
                    ),
            )
            .attribute(
                Attribute::kept_string("zeebe_address")
                    .description("The address of the cluster's Zeebe gateway, for this client."),
            )
            .attribute(
                Attribute::kept_string("zeebe_authorization_server_url")
                    .description("The OAuth token endpoint at which this client requests access tokens."),
            )
            .attribute(
                rest_address().use_state_for_unknown(),
            )
            .block(TIMEOUTS.block()),
        )
    }

    fn validate(&self, config: &ZeebeClientModel, diags: &mut Diagnostics) {
        // An unknown value counts as set: it will be known when the client is created.
        let set = [!config.name.is_null(), !config.name_prefix.is_null()];
        let at = attr_path!(ZeebeClientModel, name_prefix);
        exactly_one(
            diags,
            ["name", "name_prefix"],
            set,
            at,
            ONE_OF_NAME_OR_PREFIX,
        );
        if config.permissions.get().is_some_and(Vec::is_empty) {
            diags.attribute_error(
                attr_path!(ZeebeClientModel, permissions),
                "No permissions",
                "`permissions` is an empty set; name at least one of Zeebe, Operate, Tasklist, Optimize \
                 and Secrets, or omit it for the API's default (all of them).",
            );
        }
    }

    async fn modify_plan(&self, call: call::ModifyPlan<'_, Self::Model>) {
        match call.plan.change() {
            Change::Create { planned, .. } => {
                if let (Some(cluster_id), Some(name)) =
                    (planned.cluster_id.get(), planned.name.get())
                {
                    let paths = creating::Paths {
                        cluster_id: attr_path!(ZeebeClientModel, cluster_id),
                        name: attr_path!(ZeebeClientModel, name),
                    };
                    creating::check_plan(
                        &self.shared,
                        call.ctx,
                        cluster_id,
                        name,
                        paths,
                        call.diags,
                    )
                    .await;
                }
            }
            Change::Update {
                prior, replacing, ..
            } => creating::plan_replacement(call.ctx, replacing.then(|| prior.client_id.as_str())),
            Change::Destroy { .. } => {}
        }
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<ZeebeClientModel> {
        let cluster_id = call.planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&call.planned.timeouts, Operation::Create);
        let to = "create the Zeebe client";
        let api =
            awake::api_for(&self.shared, call.ctx, cluster_id, deadline, to, call.diags).await?;
        // Made once: a lost answer's second attempt looks for the same name.
        let name = client_name(&self.shared, cluster_id, call.planned);
        let target = creating::target(cluster_id, &name);
        let creator = ClientCreate::new(
            &self.shared,
            api,
            cluster_id,
            name.clone(),
            &call.planned.permissions,
        );
        let replaced = creating::replaced(call.ctx);
        let (created, unrecorded) =
            match exactly_once::create(&self.shared, &target, &creator, replaced.as_deref(), false)
                .await
            {
                Ok((Done::Made(created), unrecorded)) => (created, unrecorded),
                // Clients are never adopted: a lost answer takes the secret with it.
                Ok((Done::Adopted(_), _)) => unreachable!("a lost client is created again"),
                Err(exactly_once::Refused::Failed(error)) if error.is_not_found() => {
                    let at = attr_path!(ZeebeClientModel, cluster_id);
                    cluster_ref::not_found(call.diags, at, cluster_id);
                    return None;
                }
                Err(refused) => {
                    let name_path = attr_path!(ZeebeClientModel, name);
                    creating::report_refusal(call.diags, &creator, name_path, refused);
                    return None;
                }
            };
        let summary = ClientSummary {
            client_id: created.client_id,
            name: created.name,
            permissions: created.permissions,
        };
        let state = ZeebeClientModel::of(
            cluster_id,
            &summary,
            &ZeebeClientModel {
                name_prefix: call.planned.name_prefix.clone(),
                keepers: call.planned.keepers.clone(),
                client_secret: Attr::Known(created.client_secret),
                timeouts: call.planned.timeouts.clone(),
                ..ZeebeClientModel::default()
            },
        );
        let client_id = &summary.client_id;
        let details = details_when_ready(call.ctx, api, cluster_id, client_id).await.or_warn(
            call.diags,
            "Zeebe client created without its connection details",
            |error| {
                format!(
                    "The client {client_id} and its secret are saved in the state, but its connection details \
                     (`zeebe_address`, `zeebe_authorization_server_url`, `rest_address`) could not be read yet: {error}. \
                     The next refresh (`terraform plan` or `terraform apply`) fills them in."
                )
            },
        );
        let state = match details {
            Some(details) => state.with_details(&details),
            None => state,
        };
        unrecorded.recorded();
        Some(state)
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<ZeebeClientModel> {
        let api = self.shared.api(call.diags)?;
        let (cluster_id, client_id) = (
            call.state.cluster_id.as_str(),
            call.state.client_id.as_str(),
        );
        self.shared.held.add(creating::KIND, client_id);
        let summary = match super::summary(&self.shared, api, cluster_id, client_id).await {
            Ok(found) => found.client()?,
            Err(error) => return keep_prior(call.state, call.diags, &error),
        };
        let state = ZeebeClientModel::of(cluster_id, &summary, call.state);
        if state.has_details() {
            return Some(state);
        }
        match api.get_client(cluster_id, client_id).await.found() {
            Ok(details) => Some(state.with_details(&details?)),
            Err(error) => keep_prior(call.state, call.diags, &error),
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let cluster_id = call.prior.cluster_id.as_str();
        let deleted = api
            .delete_client(cluster_id, call.prior.client_id.as_str())
            .await;
        self.shared.client_lists.invalidate(cluster_id);
        if let Err(error) = deleted.found() {
            report(call.diags, "Could not delete the Zeebe client", &error);
        }
    }

    /// Takes over the community provider's `camunda_cluster_client`, secret and all.
    fn move_state(&self, source: &MovedState, diags: &mut Diagnostics) -> Option<ZeebeClientModel> {
        let client: community::ClusterClient = community::read_moved(source, diags)?;
        if client.secret.is_none() {
            diags.warning(
                "Zeebe client taken over without a secret",
                format!(
                    "The community state of client {} ({}) holds no secret, as after an import \
                     there: the Console API tells a secret only when the client is created. To \
                     have one in the state, set or change `keepers`, which replaces the client.",
                    client.name, client.zeebe_client_id
                ),
            );
        }
        Some(ZeebeClientModel::from_community(client))
    }

    async fn import(&self, call: call::Import<'_>) -> Option<ZeebeClientModel> {
        let id = call.id;
        let [cluster_id, client_id] =
            import_id::split(id, ["cluster_id", "client_id"], call.diags)?;
        let failed = "Could not read the Zeebe client to import";
        let summary = |api| super::summary(&self.shared, api, cluster_id, client_id);
        match self.shared.fetch(call.diags, failed, summary).await? {
            Found::Client(_) => {}
            Found::NoClient => {
                call.diags.error(
                    "Zeebe client not found",
                    format!("Cluster {cluster_id} has no Zeebe client with the ID {client_id:?} (import ID {id:?})."),
                );
                return None;
            }
            Found::NoCluster => {
                call.diags.error(
                    "Cluster not found",
                    format!(
                        "No cluster with the ID {cluster_id:?} exists in this organization (import ID \
                         {id:?}); the import ID is `<cluster_id>/<client_id>`."
                    ),
                );
                return None;
            }
        }
        call.diags.warning(
            "The imported Zeebe client has no secret in the state",
            "The Console API gives a client's secret only when the client is created, so `client_secret` \
             is null after import. To get a secret in the state, rotate the client: set or change its \
             `keepers`, and the next apply replaces it with a new client and secret.",
        );
        Some(ZeebeClientModel {
            id: id.into(),
            cluster_id: cluster_id.into(),
            client_id: client_id.into(),
            ..ZeebeClientModel::default()
        })
    }
}

const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// The name to create a client with: the configured one; else the name of a create with
/// the same prefix that an interrupted apply began (so that it is resumed, not orphaned);
/// else the prefix with a random suffix (about 52 bits: a clash within one cluster is not
/// to be expected).
fn client_name(shared: &Shared, cluster_id: &str, planned: &ZeebeClientModel) -> String {
    if let Some(name) = planned.name.get() {
        return name.clone();
    }
    let prefix = planned.name_prefix.as_str();
    let made_from_prefix = |name: &str| {
        name.strip_prefix(prefix).is_some_and(|suffix| {
            suffix.len() == SUFFIX_LEN && suffix.bytes().all(|b| ALPHABET.contains(&b))
        })
    };
    if let Some(name) = shared
        .journal()
        .take_up(creating::KIND, cluster_id, made_from_prefix)
    {
        return name;
    }
    let mut rng = rand::rng();
    let suffix: String = (0..SUFFIX_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{prefix}{suffix}")
}

/// The connection details, asked again with growing waits while the cluster is not ready.
/// Transient failures are already retried by the client.
pub(crate) async fn details_when_ready(
    ctx: &Ctx,
    api: &console::Client,
    cluster_id: &str,
    client_id: &str,
) -> Result<ClientDetails, console::Error> {
    let mut wait = DETAILS_FIRST_WAIT;
    let mut attempt = 1;
    loop {
        match api.get_client(cluster_id, client_id).await {
            Err(error) if error.is_not_ready() && attempt < DETAILS_ATTEMPTS => {
                tracing::debug!(
                    cluster_id,
                    client_id,
                    attempt,
                    "cluster not ready for client details; waiting"
                );
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = ctx.cancelled() => return Err(error),
                }
                wait *= 2;
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

/// A read that failed keeps what the state had; a cluster that is not ready is expected
/// (it is being created, updated or resumed) and only warned about.
fn keep_prior(
    prior: &ZeebeClientModel,
    diags: &mut Diagnostics,
    error: &console::Error,
) -> Option<ZeebeClientModel> {
    if error.is_not_ready() {
        diags.warning(
            "Zeebe client not refreshed: the cluster is not ready",
            format!("The client keeps its values from the state until the cluster is ready again. {error}"),
        );
    } else {
        report(diags, "Could not read the Zeebe client", error);
    }
    Some(prior.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::machinery::community::{ClusterClient, moved_from};

    #[test]
    fn a_prefix_gets_a_random_suffix_and_a_name_is_kept() {
        let prefixed = ZeebeClientModel {
            name: Attr::Unknown,
            name_prefix: "worker-".into(),
            ..ZeebeClientModel::default()
        };
        let shared = Shared::default();
        let name = |planned| client_name(&shared, "c1", planned);
        let (a, b) = (name(&prefixed), name(&prefixed));
        assert_ne!(a, b);
        for made in [a, b] {
            let suffix = made.strip_prefix("worker-").unwrap();
            assert_eq!(suffix.len(), SUFFIX_LEN);
            assert!(
                suffix
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            );
        }
        let named = ZeebeClientModel {
            name: "worker".into(),
            ..ZeebeClientModel::default()
        };
        assert_eq!(name(&named), "worker");
    }

    #[test]
    fn a_state_without_a_rest_address_reads_the_details_again() {
        let details: ClientDetails = serde_json::from_value(serde_json::json!({
            "name": "worker", "ZEEBE_CLIENT_ID": "z1",
            "ZEEBE_ADDRESS": "c1.bru-2.zeebe.camunda.io:443",
            "ZEEBE_AUTHORIZATION_SERVER_URL": "https://login.example/oauth/token",
        }))
        .unwrap();
        let state = ZeebeClientModel::default().with_details(&details);
        assert_eq!(
            state.rest_address,
            Attr::from("https://bru-2.zeebe.camunda.io/c1")
        );
        assert!(state.has_details());
        let older = ZeebeClientModel {
            rest_address: Attr::Null,
            ..state
        };
        assert!(!older.has_details());
    }

    #[test]
    fn a_community_client_moves_with_its_secret_and_an_id_of_this_provider() {
        let resource = Object::<ZeebeClient>::default();
        let source = moved_from::<ClusterClient>(serde_json::json!({
            "id": "0b5e6b4c-first-releases-uuid",
            "cluster_id": "c1",
            "name": "worker",
            "secret": "s3cr3t",
            "scopes": ["Zeebe", "Operate"],
            "zeebe_address": "c1.zeebe.example:443",
            "zeebe_client_id": "z1",
            "zeebe_authorization_server_url": "https://login.example/oauth/token",
        }));
        let mut diags = Diagnostics::new();
        let moved = resource.move_state(&source, &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(moved.id.as_str(), "c1/z1");
        assert_eq!(moved.client_id.as_str(), "z1");
        assert_eq!(
            moved.client_secret.get().map(Secret::expose),
            Some("s3cr3t")
        );
        assert_eq!(moved.permissions.get().unwrap(), &["Zeebe", "Operate"]);
        assert!(moved.keepers.is_null());

        let imported = MovedState {
            state: serde_json::json!({
                "cluster_id": "c1", "name": "worker", "zeebe_client_id": "z1", "secret": null,
            }),
            ..source.clone()
        };
        let moved = resource.move_state(&imported, &mut diags).unwrap();
        assert!(moved.client_secret.is_null());
        let warnings: Vec<_> = diags.iter().map(|d| d.summary.as_str()).collect();
        assert_eq!(warnings, ["Zeebe client taken over without a secret"]);
        let mut diags = Diagnostics::new();

        let other = MovedState {
            type_name: "camunda_cluster".into(),
            ..source
        };
        assert!(resource.move_state(&other, &mut diags).is_none());
        assert!(diags.is_empty(), "the handler says why: {diags:?}");
    }
}
