//! The Zeebe client lists of clusters, fetched at most once per cluster per provider
//! process, so that a refresh of N clients on one cluster costs one list call, not N.
//!
//! Terraform runs each command in a provider process of its own, so an entry never
//! outlives one plan or apply. Within a process, a create or delete of a client drops its
//! cluster's entry, so a read after a change asks the API again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::console::{self, ClientSummary};

/// A cluster's clients, or `None` when the cluster is gone (404): an answer too.
type Entry = Option<Arc<Vec<ClientSummary>>>;

#[derive(Default)]
pub struct ClientLists {
    entries: Mutex<HashMap<String, Arc<OnceCell<Entry>>>>,
}

impl ClientLists {
    /// The cluster's clients (`None` when the cluster is gone). Concurrent callers for one
    /// cluster share one request; a failure is not kept, so a later caller tries again.
    pub async fn get(
        &self,
        api: &console::Client,
        cluster_id: &str,
    ) -> Result<Entry, console::Error> {
        let cell = self
            .entries
            .lock()
            .expect("client lists lock")
            .entry(cluster_id.to_owned())
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            match api.list_clients(cluster_id).await {
                Ok(clients) => Ok(Some(Arc::new(clients))),
                Err(error) if error.is_not_found() => Ok(None),
                Err(error) => Err(error),
            }
        })
        .await
        .cloned()
    }

    /// Forgets the cluster's list after a change to its clients. A fetch still in flight
    /// fills the forgotten entry only, so its answer is never served afterwards.
    pub fn invalidate(&self, cluster_id: &str) {
        self.entries
            .lock()
            .expect("client lists lock")
            .remove(cluster_id);
    }
}
