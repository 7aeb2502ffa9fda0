//! Lists fetched at most once per key per provider process: a cluster's Zeebe clients, a
//! cluster's connector secrets, the organization's members. A refresh of N objects of one
//! list then costs one list call, not N.
//!
//! Terraform runs each command in a provider process of its own, so an entry never
//! outlives one plan or apply. Within a process, a change to a listed object drops its
//! entry, so a read after a change asks the API again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::console;

/// A list, or `None` when what holds it is gone (404): an answer too.
type Entry<T> = Option<Arc<T>>;

pub struct Lists<T> {
    entries: Mutex<HashMap<String, Arc<OnceCell<Entry<T>>>>>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists {
            entries: Mutex::default(),
        }
    }
}

impl<T> Lists<T> {
    /// The list under `key` (`None` when its owner is gone), fetched by `fetch` the first
    /// time. Concurrent callers for one key share one request; a failure is not kept, so a
    /// later caller tries again.
    pub async fn get<F: Future<Output = Result<T, console::Error>>>(
        &self,
        key: &str,
        fetch: impl FnOnce() -> F,
    ) -> Result<Entry<T>, console::Error> {
        let cell = self
            .entries
            .lock()
            .expect("lists lock")
            .entry(key.to_owned())
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            match fetch().await {
                Ok(list) => Ok(Some(Arc::new(list))),
                Err(error) if error.is_not_found() => Ok(None),
                Err(error) => Err(error),
            }
        })
        .await
        .cloned()
    }

    /// Forgets the list under `key` after a change to it. A fetch still in flight fills the
    /// forgotten entry only, so its answer is never served afterwards.
    pub fn invalidate(&self, key: &str) {
        self.entries.lock().expect("lists lock").remove(key);
    }

    /// Applies a change whose effect is known (such as a removal) to the list under `key`,
    /// so that it need not be fetched again; a list not fetched yet, or still being
    /// fetched, is forgotten instead.
    pub fn amend(&self, key: &str, change: impl FnOnce(&T) -> T) {
        let mut entries = self.entries.lock().expect("lists lock");
        let amended = match entries.get(key).and_then(|cell| cell.get()) {
            Some(Some(list)) => Some(change(list)),
            _ => None,
        };
        match amended {
            Some(list) => {
                let cell = OnceCell::new_with(Some(Some(Arc::new(list))));
                entries.insert(key.to_owned(), Arc::new(cell));
            }
            None => {
                entries.remove(key);
            }
        }
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
    async fn a_list_is_fetched_once_until_invalidated_and_an_amendment_keeps_it() {
        let lists = Lists::default();
        let calls = AtomicUsize::new(0);
        let (first, second) = tokio::join!(
            lists.get("k", || fetch(&calls)),
            lists.get("k", || fetch(&calls))
        );
        assert_eq!(first.unwrap(), second.unwrap());
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        lists.amend("k", |list| {
            list.iter().copied().filter(|x| *x != "a").collect()
        });
        let amended = lists.get("k", || fetch(&calls)).await.unwrap().unwrap();
        assert_eq!(*amended, ["b"]);
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "the amendment needs no fetch"
        );

        lists.invalidate("k");
        lists.amend("k", |list| list.clone());
        let fresh = lists.get("k", || fetch(&calls)).await.unwrap().unwrap();
        assert_eq!(*fresh, ["a", "b"]);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
