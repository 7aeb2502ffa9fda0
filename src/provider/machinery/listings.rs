//! Lists fetched at most once per key per provider process: the organization's clusters
//! and members, and each cluster's Zeebe clients and connector secrets. A refresh of N
//! objects of one list costs one list call, not N, and the creates of one apply share one
//! look at what exists before them.
//!
//! Terraform runs each command in a provider process of its own, so an entry never
//! outlives one plan or apply. Within a process, a create or delete amends the entry it
//! changes, or drops it, so that a read after a change never sees the list before it.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::report::{ApiError, ApiResult};
use crate::console::{self, ClientSummary, Cluster};

/// A list, or `None` when what holds it is gone (404): an answer too.
pub type Entry<T> = Option<Arc<T>>;

/// Lists by key, each fetched once until invalidated.
pub struct Listings<T> {
    entries: Mutex<HashMap<String, Arc<OnceCell<Entry<T>>>>>,
}

impl<T> Default for Listings<T> {
    fn default() -> Self {
        Listings {
            entries: Mutex::default(),
        }
    }
}

impl<T> Listings<T> {
    /// The list under `key`. Concurrent callers share one `fetch`; a failure is not kept,
    /// so a later caller tries again.
    pub async fn get<F, E: ApiError>(
        &self,
        key: &str,
        fetch: impl FnOnce() -> F,
    ) -> Result<Entry<T>, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        let cell = self
            .entries
            .lock()
            .expect("listings lock")
            .entry(key.to_owned())
            .or_default()
            .clone();
        cell.get_or_try_init(|| async { fetch().await.found().map(|list| list.map(Arc::new)) })
            .await
            .cloned()
    }

    /// Forgets the list under `key` after a change. A fetch still in flight fills the
    /// forgotten entry only, so its answer is never served afterwards.
    pub fn invalidate(&self, key: &str) {
        self.entries.lock().expect("listings lock").remove(key);
    }

    /// Applies a change that this process made to the list under `key`, if it holds one;
    /// a list still being fetched is forgotten instead, as its answer may predate the change.
    pub fn amend(&self, key: &str, change: impl FnOnce(&mut T))
    where
        T: Clone,
    {
        let mut entries = self.entries.lock().expect("listings lock");
        let Some(Some(list)) = entries.get(key).and_then(|cell| cell.get()) else {
            entries.remove(key);
            return;
        };
        let mut list = T::clone(list);
        change(&mut list);
        entries.insert(
            key.to_owned(),
            Arc::new(OnceCell::new_with(Some(Some(Arc::new(list))))),
        );
    }
}

/// A [`Listings`] per type of list, made on first use: one place for the lists of every
/// kind of object inside a cluster, each under its kind's name.
#[derive(Default)]
pub struct TypedListings(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl TypedListings {
    /// The lists of type `T`.
    pub fn of<T: Send + Sync + 'static>(&self) -> Arc<Listings<T>> {
        let listings = self
            .0
            .lock()
            .expect("listings lock")
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(Listings::<T>::default()))
            .clone();
        listings
            .downcast()
            .expect("the lists under a type's id are of that type")
    }
}

/// The Zeebe clients of each cluster, keyed by cluster id.
#[derive(Default)]
pub struct ClientLists(Listings<Vec<ClientSummary>>);

impl ClientLists {
    /// The cluster's clients, or `None` when the cluster is gone.
    pub async fn get(
        &self,
        api: &console::Client,
        cluster_id: &str,
    ) -> Result<Entry<Vec<ClientSummary>>, console::Error> {
        self.0
            .get(cluster_id, || api.list_clients(cluster_id))
            .await
    }

    pub fn invalidate(&self, cluster_id: &str) {
        self.0.invalidate(cluster_id);
    }

    /// Adds a client that this process created to its cluster's list.
    pub fn created(&self, cluster_id: &str, client: ClientSummary) {
        self.0.amend(cluster_id, |clients| clients.push(client));
    }

    /// Removes a client that this process deleted from its cluster's list.
    pub fn deleted(&self, cluster_id: &str, client_id: &str) {
        self.0.amend(cluster_id, |clients| {
            clients.retain(|c| c.client_id != client_id)
        });
    }
}

/// The organization's clusters.
#[derive(Default)]
pub struct ClusterList(Listings<Vec<Cluster>>);

impl ClusterList {
    pub async fn get(&self, api: &console::Client) -> Result<Arc<Vec<Cluster>>, console::Error> {
        let clusters = self.0.get("", || api.list_clusters()).await?;
        Ok(clusters.unwrap_or_default())
    }

    pub fn invalidate(&self) {
        self.0.invalidate("");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Lists `["a", "b"]`, counting the calls.
    async fn fetch(calls: &AtomicUsize) -> Result<Vec<&'static str>, console::Error> {
        calls.fetch_add(1, Ordering::SeqCst);
        Ok(vec!["a", "b"])
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch_until_the_list_is_invalidated() {
        let lists = Listings::default();
        let calls = AtomicUsize::new(0);
        let (first, second) = tokio::join!(
            lists.get("k", || fetch(&calls)),
            lists.get("k", || fetch(&calls))
        );
        assert_eq!(first.unwrap(), second.unwrap());
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        lists.invalidate("k");
        let fresh = lists.get("k", || fetch(&calls)).await.unwrap().unwrap();
        assert_eq!(*fresh, ["a", "b"]);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn lists_of_one_type_are_kept_in_one_place() {
        let typed = TypedListings::default();
        let listed = typed
            .of::<Vec<u32>>()
            .get("k", || async { Ok::<_, console::Error>(vec![1]) })
            .await
            .unwrap();
        assert_eq!(listed.as_deref(), Some(&vec![1]));
        let again: Result<_, console::Error> = typed
            .of::<Vec<u32>>()
            .get("k", || async { panic!("the list is kept") })
            .await;
        assert_eq!(again.unwrap().as_deref(), Some(&vec![1]));
        let other: Result<_, console::Error> = typed
            .of::<Vec<String>>()
            .get("k", || async { Ok(vec!["a".to_owned()]) })
            .await;
        assert_eq!(other.unwrap().as_deref(), Some(&vec!["a".to_owned()]));
    }

    #[tokio::test]
    async fn an_amended_list_is_served_without_a_fetch() {
        let lists = Listings::<Vec<u32>>::default();
        let fetched = lists
            .get("k", || async { Ok::<_, console::Error>(vec![1]) })
            .await
            .unwrap();
        assert_eq!(fetched.as_deref(), Some(&vec![1]));
        lists.amend("k", |list| list.push(2));
        let again: Result<_, console::Error> = lists
            .get("k", || async { panic!("the amended list is served") })
            .await;
        let again = again.unwrap();
        assert_eq!(again.as_deref(), Some(&vec![1, 2]));

        // Without a list to amend, the next caller fetches.
        lists.amend("other", |list| list.push(3));
        let other = lists
            .get("other", || async { Ok::<_, console::Error>(vec![7]) })
            .await
            .unwrap();
        assert_eq!(other.as_deref(), Some(&vec![7]));
    }
}
