//! The create of a Zeebe client, exactly once: the name checked against the cluster's
//! clients at plan time and before sending; a client that a create whose answer was lost
//! made is deleted and created again, since only that answer carried its secret.

use async_trait::async_trait;
use serde_json::json;

use super::ZeebeClient;
use crate::console::{self, ClientSummary, CreateClient, CreatedClient};
use crate::provider::machinery::{
    Object, Shared, cluster_ref,
    exactly_once::{self, Create, Existing, Identified, NameCheck, TakeOver},
    journal::Target,
    report::ApiResult,
};
use crate::tf::{Attr, Ctx, Diagnostics, Path, Resource};

/// The resource type, as the journal and the held objects know it.
pub const KIND: &str = <Object<ZeebeClient> as Resource>::TYPE_NAME;

/// Private-state key: the client id of the client that a planned create replaces.
const REPLACES: &str = "replaces";

/// What a client create creates: client names are unique per cluster.
pub fn target(cluster_id: &str, name: &str) -> Target {
    Target::new(KIND, cluster_id, name)
}

/// How a user deals with a client that Terraform does not hold.
fn recovery(cluster_id: &str, client_id: &str) -> String {
    format!(
        "Its secret cannot be had again. Delete it (in the Console, or `DELETE \
         /clusters/{cluster_id}/clients/{client_id}` of the Console API) and apply again; or \
         import it with `terraform import camunda_zeebe_client.<NAME> {cluster_id}/{client_id}` \
         and change its `keepers`, which replaces it with a new client and secret."
    )
}

/// The id of the client that the create replaces, from the plan's private state.
pub fn replaced(ctx: &Ctx) -> Option<String> {
    ctx.private()
        .get(REPLACES)
        .and_then(|v| v.as_str().map(str::to_owned))
}

/// Records, at plan time, which client a replacement replaces.
pub fn plan_replacement(ctx: &Ctx, prior_client_id: Option<&str>) {
    let mut private = ctx.private();
    match prior_client_id {
        Some(id) => private.set(REPLACES, json!(id)),
        None => private.remove(REPLACES),
    }
}

/// The error for a name that other clients of the cluster hold.
pub fn name_taken(
    diags: &mut Diagnostics,
    name_path: Path,
    cluster_id: &str,
    name: &str,
    ids: &[String],
) {
    let client_id = ids.first().map(String::as_str).unwrap_or_default();
    diags.attribute_error(
        name_path,
        "A Zeebe client with this name exists",
        format!(
            "Client {client_id} of cluster {cluster_id} already exists with the name {name:?}, \
             and this Terraform state does not hold it; client names are unique per cluster. {}",
            recovery(cluster_id, client_id)
        ),
    );
}

/// Where a plan-time check reports: the `cluster_id` and `name` attributes.
pub struct Paths {
    pub cluster_id: Path,
    pub name: Path,
}

/// The plan-time check of a new client on a cluster known at plan time: the cluster
/// exists, and no client that this state does not hold has the name.
pub async fn check_plan(
    shared: &Shared,
    ctx: &Ctx,
    cluster_id: &str,
    name: &str,
    paths: Paths,
    diags: &mut Diagnostics,
) {
    let name_path = paths.name;
    if !shared.api_available() {
        return;
    }
    let Some(api) = shared.api(diags) else {
        return;
    };
    let Some(listed) = clients(shared, api, cluster_id, false)
        .await
        .or_report(diags, "Could not list the cluster's Zeebe clients")
    else {
        return;
    };
    let Some(existing) = listed else {
        cluster_ref::not_found(diags, paths.cluster_id, cluster_id);
        return;
    };
    let replaced = replaced(ctx);
    match exactly_once::check_name(
        shared,
        &existing,
        &target(cluster_id, name),
        replaced.as_deref(),
    ) {
        NameCheck::Free => {}
        NameCheck::Taken(ids) => name_taken(diags, name_path, cluster_id, name, &ids),
        NameCheck::Unrecorded(id) => diags.attribute_warning(
            name_path,
            "An unfinished create of this Zeebe client is redone",
            format!(
                "Client {id} ({name:?}) of cluster {cluster_id} was created by an earlier apply \
                 of this configuration that ended before Terraform recorded it with its secret. \
                 This apply deletes it and creates the client again."
            ),
        ),
    }
}

/// The cluster's clients as existing objects, `None` when the cluster is gone.
async fn clients(
    shared: &Shared,
    api: &console::Client,
    cluster_id: &str,
    fresh: bool,
) -> Result<Option<Vec<Existing>>, console::Error> {
    if fresh {
        shared.client_lists.invalidate(cluster_id);
    }
    let listed = shared.client_lists.get(api, cluster_id).await?;
    Ok(listed.map(|clients| {
        clients
            .iter()
            .map(|c| Existing::undated(&c.client_id, &c.name))
            .collect()
    }))
}

impl Identified for CreatedClient {
    fn id(&self) -> &str {
        &self.client_id
    }
}

/// A client create as [`exactly_once::create`] drives it.
pub struct ClientCreate<'a> {
    pub shared: &'a Shared,
    pub api: &'a console::Client,
    pub cluster_id: &'a str,
    pub request: CreateClient,
}

impl<'a> ClientCreate<'a> {
    /// The create of client `name` in cluster `cluster_id`, with `permissions` (all of them
    /// when unset or empty).
    pub fn new(
        shared: &'a Shared,
        api: &'a console::Client,
        cluster_id: &'a str,
        name: String,
        permissions: &Attr<Vec<String>>,
    ) -> ClientCreate<'a> {
        ClientCreate {
            shared,
            api,
            cluster_id,
            request: CreateClient {
                client_name: name,
                permissions: permissions.get().filter(|p| !p.is_empty()).cloned(),
            },
        }
    }
}

#[async_trait]
impl Create for ClientCreate<'_> {
    type Made = CreatedClient;

    async fn existing(&self, fresh: bool) -> Result<Vec<Existing>, console::Error> {
        let listed = clients(self.shared, self.api, self.cluster_id, fresh).await?;
        Ok(listed.unwrap_or_default())
    }

    async fn send(&self) -> Result<CreatedClient, console::Error> {
        let mut created = self
            .api
            .create_client(self.cluster_id, &self.request)
            .await?;
        // What the answer left out is what was asked for.
        if created.name.is_empty() {
            created.name = self.request.client_name.clone();
        }
        if created.permissions.is_empty()
            && let Some(asked) = &self.request.permissions
        {
            created.permissions = asked.clone();
        }
        self.shared.client_lists.created(
            self.cluster_id,
            ClientSummary {
                client_id: created.client_id.clone(),
                name: created.name.clone(),
                permissions: created.permissions.clone(),
            },
        );
        Ok(created)
    }

    async fn take_over(&self, id: &str) -> Result<TakeOver, console::Error> {
        self.api.delete_client(self.cluster_id, id).await.found()?;
        self.shared.client_lists.deleted(self.cluster_id, id);
        Ok(TakeOver::SendAgain)
    }

    fn recovery(&self, id: &str) -> String {
        recovery(self.cluster_id, id)
    }
}

/// Reports a failed create of a client.
pub fn report_refusal(
    diags: &mut Diagnostics,
    creator: &ClientCreate<'_>,
    name_path: Path,
    refused: exactly_once::Refused,
) {
    let name = &creator.request.client_name;
    match refused {
        exactly_once::Refused::NameTaken(ids) => {
            name_taken(diags, name_path, creator.cluster_id, name, &ids)
        }
        // Name and permissions are checked at plan time: what is left is a name taken.
        exactly_once::Refused::Failed(console::Error::BadRequest { message, .. }) => diags
            .attribute_error(
                name_path,
                "The Console API refused the Zeebe client",
                message,
            ),
        other => other.report(diags, creator, &format!("Zeebe client {name:?}")),
    }
}
