//! The create of a monitoring client, exactly once. Usernames are unique per cluster; a
//! client that a create whose answer was lost made is deleted and created again, since
//! only that answer carried its password.

use std::sync::Mutex;

use async_trait::async_trait;

use super::ClusterMonitoringClient;
use crate::console::{self, CreateMonitoringClient, Monitoring, MonitoringClientWithPassword};
use crate::provider::machinery::{
    Object,
    exactly_once::{Create, Existing, Identified, TakeOver},
    journal::Target,
    report::ApiResult,
};
use crate::tf::Resource;

/// How a user deals with a monitoring client that Terraform does not hold.
pub fn recovery(cluster_id: &str, client_id: &str) -> String {
    format!(
        "Its password cannot be had again. Delete it (`DELETE \
         /clusters/{cluster_id}/monitoring/clients/{client_id}` of the Console API) and apply \
         again; or import it with `terraform import camunda_cluster_monitoring_client.<NAME> \
         {cluster_id}/{client_id}` and set `keepers`, which rotates its password."
    )
}

/// The resource type, as the journal knows it.
const KIND: &str = <Object<ClusterMonitoringClient> as Resource>::TYPE_NAME;

/// What a monitoring client create creates: usernames are unique per cluster.
pub fn target(cluster_id: &str, username: &str) -> Target {
    Target::new(KIND, cluster_id, username)
}

impl Identified for MonitoringClientWithPassword {
    fn id(&self) -> &str {
        &self.client.uuid
    }
}

/// A monitoring client create as [`crate::provider::machinery::exactly_once::create`]
/// drives it.
pub struct MonitoringClientCreate<'a> {
    pub api: &'a console::Client,
    pub cluster_id: &'a str,
    pub request: CreateMonitoringClient,
    /// What the last look found, for the metrics endpoint: no call after the create may
    /// fail between the password and the state.
    seen: Mutex<Option<Monitoring>>,
}

impl<'a> MonitoringClientCreate<'a> {
    pub fn new(
        api: &'a console::Client,
        cluster_id: &'a str,
        username: &str,
    ) -> MonitoringClientCreate<'a> {
        MonitoringClientCreate {
            api,
            cluster_id,
            request: CreateMonitoringClient {
                username: username.to_owned(),
            },
            seen: Mutex::default(),
        }
    }

    /// External Monitoring as the last look found it; `None` when it was off.
    pub fn seen(&self) -> Option<Monitoring> {
        self.seen.lock().expect("seen lock").clone()
    }
}

#[async_trait]
impl Create for MonitoringClientCreate<'_> {
    type Made = MonitoringClientWithPassword;

    /// Always asked afresh: one list call per create, which no other create shares.
    async fn existing(&self, _fresh: bool) -> Result<Vec<Existing>, console::Error> {
        let monitoring = self.api.monitoring(self.cluster_id).await.found()?;
        self.seen.lock().expect("seen lock").clone_from(&monitoring);
        Ok(monitoring
            .into_iter()
            .flat_map(|m| m.clients)
            .map(|c| Existing::undated(c.uuid, c.username))
            .collect())
    }

    async fn send(&self) -> Result<MonitoringClientWithPassword, console::Error> {
        self.api
            .create_monitoring_client(self.cluster_id, &self.request)
            .await
    }

    async fn take_over(&self, id: &str) -> Result<TakeOver, console::Error> {
        self.api
            .delete_monitoring_client(self.cluster_id, id)
            .await
            .found()?;
        Ok(TakeOver::SendAgain)
    }

    fn recovery(&self, id: &str) -> String {
        recovery(self.cluster_id, id)
    }
}
