//! Ephemeral resource `camunda_zeebe_client`: a Zeebe client that lives for one Terraform
//! run. Opening it creates a client with a unique name (see `names`); closing it deletes
//! the client. Its secret reaches neither plan nor state.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;

use super::ZeebeClient;
use super::create::{self as creating, ClientCreate};
use super::names;
use super::resource::details_when_ready;
use super::{PERMISSIONS, rest_address};
use crate::attr_path;
use crate::console;
use crate::provider::machinery::{
    Object, cluster_ref,
    exactly_once::{self, Done},
    report::{ApiResult, report},
};
use crate::secret::Secret;
use crate::tf::validators::{each_one_of, name};
use crate::tf::{
    Attr, Attribute, Block, Ctx, Diagnostics, EphemeralResource, Resource, Schema, Type, call,
};

/// The prefix of clients whose configuration names none.
const DEFAULT_PREFIX: &str = "terraform";
/// Private-state keys: what close needs.
const CLUSTER_ID: &str = "cluster_id";
const CLIENT_ID: &str = "client_id";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EphemeralClientModel {
    cluster_id: Attr<String>,
    name_prefix: Attr<String>,
    permissions: Attr<Vec<String>>,
    name: Attr<String>,
    client_id: Attr<String>,
    client_secret: Attr<Secret>,
    zeebe_address: Attr<String>,
    zeebe_authorization_server_url: Attr<String>,
    rest_address: Attr<String>,
}

#[async_trait]
impl EphemeralResource for Object<ZeebeClient> {
    type Model = EphemeralClientModel;

    const TYPE_NAME: &'static str = <Self as Resource>::TYPE_NAME;

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "A Zeebe client that exists for one Terraform run: created when Terraform opens it \
                 and deleted when Terraform closes it, its secret never in plan or state. Its name \
                 is `<name_prefix>-ephemeral-<UTC time>-<4 hex digits>`, so that a client left by \
                 a run that died can be found and deleted with `terraform-provider-camunda sweep`.",
            )
            .attribute(
                cluster_ref::cluster_id()
                    .description("The ID of the cluster the client belongs to."),
            )
            .attribute(
                Attribute::string("name_prefix")
                    .optional()
                    .validate(name(1, names::MAX_PREFIX))
                    .description(format!(
                        "The start of the client's name. Defaults to `{DEFAULT_PREFIX}`."
                    )),
            )
            .attribute(
                Attribute::new("permissions", Type::set(Type::String))
                    .optional()
                    .validate(each_one_of(PERMISSIONS))
                    .description(
                        "What the client may access: any of `Zeebe`, `Operate`, `Tasklist`, \
                         `Optimize` and `Secrets`. When omitted, what the API grants by default.",
                    ),
            )
            .attribute(
                Attribute::string("name")
                    .computed()
                    .description("The client's name, unique within the cluster."),
            )
            .attribute(
                Attribute::string("client_id")
                    .computed()
                    .description("The client ID."),
            )
            .attribute(
                Attribute::string("client_secret")
                    .computed()
                    .sensitive()
                    .description("The client secret, valid until Terraform closes the client."),
            )
            .attribute(
                Attribute::string("zeebe_address")
                    .computed()
                    .description("The address of the cluster's Zeebe gateway."),
            )
            .attribute(
                Attribute::string("zeebe_authorization_server_url")
                    .computed()
                    .description("The OAuth token endpoint at which the client requests tokens."),
            )
            .attribute(rest_address()),
        )
    }

    async fn open(&self, call: call::Configured<'_, Self::Model>) -> Option<EphemeralClientModel> {
        let api = self.shared.api(call.diags)?;
        let cluster_id = call.config.cluster_id.as_str();
        let prefix = call.config.name_prefix.as_deref().unwrap_or(DEFAULT_PREFIX);
        let name = names::new(prefix, OffsetDateTime::now_utc());
        let target = creating::target(cluster_id, &name);
        let creator = ClientCreate::new(
            &self.shared,
            api,
            cluster_id,
            name,
            &call.config.permissions,
        );
        // The name is new, so nothing can hold it; a lost answer is resolved like a
        // resource's: what it made is deleted and the client created again.
        let created = match exactly_once::create(&self.shared, &target, &creator, None, false).await
        {
            Ok((Done::Made(created), unrecorded)) => {
                // Nothing records an ephemeral client; a left one is `sweep`'s to find.
                unrecorded.recorded();
                created
            }
            Ok((Done::Adopted(_), _)) => unreachable!("a lost client is created again"),
            // Terraform opens ephemeral resources in plans too, and a plan never wakes a
            // cluster: the user is told how to wake it instead.
            Err(exactly_once::Refused::Failed(error))
                if error.kind() == console::ErrorKind::NotReady =>
            {
                call.diags.error(
                    "Could not create the ephemeral Zeebe client: the cluster is not running",
                    format!(
                        "Cluster {cluster_id} does not take new clients now; a suspended \
                         cluster must be woken first. An ephemeral client never wakes a cluster, \
                         since Terraform opens it in plans too. Wake it in the Console, or with \
                         an apply of a change that needs it running (such as a new \
                         `camunda_zeebe_client` resource), then run Terraform again. ({error})"
                    ),
                );
                return None;
            }
            Err(refused) => {
                let name_path = attr_path!(EphemeralClientModel, name_prefix);
                creating::report_refusal(call.diags, &creator, name_path, refused);
                return None;
            }
        };
        let details = match details_when_ready(call.ctx, api, cluster_id, &created.client_id).await
        {
            Ok(details) => details,
            Err(error) => {
                // Terraform closes only what opened: the client is deleted here.
                report(
                    call.diags,
                    "Could not read the ephemeral Zeebe client's connection details",
                    &error,
                );
                self.remove(api, cluster_id, &created.client_id, call.diags)
                    .await;
                return None;
            }
        };
        // From here on the client is Terraform's to close.
        call.ctx.private().set(CLUSTER_ID, json!(cluster_id));
        call.ctx.private().set(CLIENT_ID, json!(created.client_id));
        Some(EphemeralClientModel {
            name: created.name.into(),
            client_id: created.client_id.into(),
            client_secret: Attr::Known(created.client_secret),
            rest_address: details.rest_address().into(),
            zeebe_address: details.zeebe_address.into(),
            zeebe_authorization_server_url: details.zeebe_authorization_server_url.into(),
            ..call.config.clone()
        })
    }

    async fn close(&self, ctx: &Ctx, diags: &mut Diagnostics) {
        let (cluster_id, client_id) = {
            let private = ctx.private();
            let text = |key| private.get(key).and_then(|v| v.as_str()).map(str::to_owned);
            (text(CLUSTER_ID), text(CLIENT_ID))
        };
        let (Some(cluster_id), Some(client_id)) = (cluster_id, client_id) else {
            return;
        };
        let Some(api) = self.shared.api(diags) else {
            return;
        };
        self.remove(api, &cluster_id, &client_id, diags).await;
    }
}

impl Object<ZeebeClient> {
    /// Deletes an ephemeral client; when that fails, the error names the client and the
    /// command that deletes what runs left behind.
    async fn remove(
        &self,
        api: &console::Client,
        cluster_id: &str,
        client_id: &str,
        diags: &mut Diagnostics,
    ) {
        let deleted = api.delete_client(cluster_id, client_id).await.found();
        self.shared.client_lists.invalidate(cluster_id);
        if let Err(error) = deleted {
            report(
                diags,
                format!(
                    "Could not delete the ephemeral Zeebe client {client_id} of cluster \
                     {cluster_id}; `terraform-provider-camunda sweep` deletes it later"
                ),
                &error,
            );
        }
    }
}
