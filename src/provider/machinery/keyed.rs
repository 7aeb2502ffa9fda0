//! Writes of objects inside a cluster whose ID the caller chooses (tenants, roles, groups,
//! users): a create happens exactly once, and every write is waited for until the
//! cluster's reads show it (see [`consistency`]), so that the next plan finds what the
//! apply left.
//!
//! A create whose answer was lost is sent again: one that acted answers the next with 409.
//! A 409 is resolved by reading the object under the ID: it is adopted when it is what was
//! asked for, and otherwise an error says what differs and how to import it.

use std::fmt::Display;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;

use super::consistency::{self, Unshown};
use super::listings::Listings;
use super::report::{ApiResult, report};
use super::{Object, Shared};
use crate::orchestration::{self, Collection};
use crate::tf::{Diagnostics, Path};

/// How many times a create is sent while its answers are lost.
const MAX_SENDS: u32 = 3;

/// How messages name a kind of object, and how it is imported.
pub struct Kind {
    /// `role`
    pub what: &'static str,
    /// `camunda_role`
    pub type_name: &'static str,
    /// The ID's attribute: `role_id`.
    pub id_attr: &'static str,
}

impl Kind {
    pub fn report(
        &self,
        diags: &mut Diagnostics,
        doing: &str,
        id: &str,
        error: &orchestration::Error,
    ) {
        let summary = format!("Could not {doing} {} {id:?}", self.what);
        report(diags, summary, error);
    }
}

/// How a create ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Made {
    /// The create made the object.
    Created,
    /// A 409 found the object asked for, made by an earlier send whose answer was lost.
    Adopted,
}

/// Sends a create until it is answered. A 409 reads the object (`read`): it is adopted
/// unless `differs` describes what it holds instead of what was asked, which the error
/// then names.
pub async fn create_once<T, Sent, Read>(
    kind: &Kind,
    api: &orchestration::Client,
    id: &str,
    send: impl Fn() -> Sent,
    read: impl Fn() -> Read,
    differs: impl Fn(&T) -> Option<String>,
    diags: &mut Diagnostics,
) -> Option<Made>
where
    Sent: Future<Output = Result<(), orchestration::Error>>,
    Read: Future<Output = Result<T, orchestration::Error>>,
{
    let mut sends = 1;
    loop {
        match send().await {
            Ok(()) => return Some(Made::Created),
            Err(error) if error.outcome_unknown() && sends < MAX_SENDS => {
                tracing::debug!(id, error = %error, "the answer to a create was lost; sending it again");
                sends += 1;
            }
            Err(error) if error.is_conflict() => {
                return adopt(kind, api, id, read, differs, diags).await;
            }
            Err(error) => {
                kind.report(diags, "create", id, &error);
                return None;
            }
        }
    }
}

/// Resolves a 409 on a create of `id`.
async fn adopt<T, Read>(
    kind: &Kind,
    api: &orchestration::Client,
    id: &str,
    read: impl Fn() -> Read,
    differs: impl Fn(&T) -> Option<String>,
    diags: &mut Diagnostics,
) -> Option<Made>
where
    Read: Future<Output = Result<T, orchestration::Error>>,
{
    let timeout = api.settings().consistency_timeout;
    let id_path = Path::attr(kind.id_attr);
    let found = match consistency::until_shown(timeout, read, |f| f.is_some()).await {
        Ok(Ok(found)) => found?,
        Ok(Err(Unshown { waited })) => {
            diags.attribute_error(
                id_path,
                format!("The {} ID is taken", kind.what),
                format!(
                    "The cluster refused to create {} {id:?} because the ID exists (409), but \
                     its reads did not show it after {:.1} s. Apply again once they do.",
                    kind.what,
                    waited.as_secs_f64()
                ),
            );
            return None;
        }
        Err(error) => {
            kind.report(diags, "read", id, &error);
            return None;
        }
    };
    let Some(held) = differs(&found) else {
        return Some(Made::Adopted);
    };
    diags.attribute_error(
        id_path,
        format!("A {} with this ID exists", kind.what),
        format!(
            "{what} {id:?} exists with {}, not what this configuration asks, so it was not made \
             by it. To manage it here, import it: `terraform import {type_name}.<NAME> {id}`.",
            held,
            what = kind.what,
            type_name = kind.type_name,
        ),
    );
    None
}

/// Waits until reads of `id` show what `shows` expects (`None`: the object gone); a write
/// that has not shown in time is a warning, since it happened.
pub async fn settle<T, Read>(
    kind: &Kind,
    api: &orchestration::Client,
    id: &str,
    read: impl Fn() -> Read,
    shows: impl Fn(Option<&T>) -> bool,
    diags: &mut Diagnostics,
) where
    Read: Future<Output = Result<T, orchestration::Error>>,
{
    let timeout = api.settings().consistency_timeout;
    match consistency::until_shown(timeout, read, shows).await {
        Ok(Ok(_)) => {}
        Ok(Err(unshown)) => {
            let change = format!("The change of {} {id:?}", kind.what);
            unshown.warn(diags, change, "its reads");
        }
        Err(error) => kind.report(diags, "read", id, &error),
    }
}

/// Every object of a kind (`what`, as messages name one), through one search per process
/// (`fetch`, kept in `lists` under that name); `None` when it failed, as reported.
pub async fn every<T, Fetched>(
    lists: &Listings<Vec<T>>,
    what: &str,
    fetch: impl FnOnce() -> Fetched,
    diags: &mut Diagnostics,
) -> Option<Arc<Vec<T>>>
where
    Fetched: Future<Output = Result<Vec<T>, orchestration::Error>>,
{
    let failed = format!("Could not list the cluster's {what}s");
    let listed = lists.get(what, fetch).await.or_report(diags, failed)?;
    Some(listed.unwrap_or_default())
}

/// What [`settle`] waits for: a read that finds what `same` takes for `expected`, or, for
/// `None`, one that finds nothing.
pub fn shows<'e, T, E>(
    expected: Option<&'e E>,
    same: impl Fn(&T, &E) -> bool + 'e,
) -> impl Fn(Option<&T>) -> bool + 'e {
    move |found| match (found, expected) {
        (Some(found), Some(expected)) => same(found, expected),
        (found, expected) => found.is_none() && expected.is_none(),
    }
}

/// A kind of object inside a cluster that one key names: how messages name it, and what
/// a read finds, whose collection says how the API searches, reads and deletes it, so that
/// [`Listing`] refreshes, waits for, deletes and imports the objects of every kind alike.
pub trait Keyed: Send + Sync + 'static {
    /// How messages name the kind.
    const KIND: Kind;
    /// What a search lists and a read of one object finds. Its key (an ID, or a scope and
    /// a name) names it in messages and imports as it displays.
    type Found: Collection<Key: Display>;
    /// What a write asks for, as [`Keyed::shows`] compares it with a read.
    type Asked: Sync;

    /// Whether a read that found `found` shows what `asked` asked for.
    fn shows(found: &Self::Found, asked: &Self::Asked) -> bool;
}

/// What names an object of kind `K` to the API.
pub type Key<K> = <<K as Keyed>::Found as Collection>::Key;

/// The objects of kind `K` as this provider process lists them, with one search (see
/// [`every`]): every write makes that list stale, so it is dropped before the write is
/// waited for.
pub struct Listing<'a, K> {
    shared: &'a Shared,
    kind: PhantomData<K>,
}

impl<'a, K: Keyed> Listing<'a, K> {
    pub fn new(shared: &'a Shared) -> Listing<'a, K> {
        Listing {
            shared,
            kind: PhantomData,
        }
    }

    /// This process's lists of the kind's type (the kind's under its name).
    fn list(&self) -> Arc<Listings<Vec<K::Found>>> {
        self.shared.cluster_lists.of()
    }

    /// Every object of the kind, through the search of this process; `None` when it
    /// failed, as reported.
    pub async fn every(
        &self,
        api: &orchestration::Client,
        diags: &mut Diagnostics,
    ) -> Option<Arc<Vec<K::Found>>> {
        let list = self.list();
        let search = || api.search_every::<K::Found>(None);
        every(&list, K::KIND.what, search, diags).await
    }

    /// A refresh of the object that `key` names: `model` makes the new state from it, and
    /// there is none when it is gone. The state stands while the cluster's settings are
    /// known only at apply, and when the search failed (as reported).
    pub async fn refresh<M: Clone>(
        &self,
        state: &M,
        key: &Key<K>,
        model: impl FnOnce(&K::Found) -> M,
        diags: &mut Diagnostics,
    ) -> Option<M> {
        let cluster_api = &self.shared.cluster_api;
        // Settings known only at apply: the state stands until then.
        if cluster_api.pending() {
            return Some(state.clone());
        }
        let api = cluster_api.get(diags)?;
        match self.every(api, diags).await {
            Some(all) => all.iter().find(|found| found.is(key)).map(model),
            None => Some(state.clone()),
        }
    }

    /// Creates the object that `key` names exactly once (`send`; see [`create_once`]) and
    /// waits until reads show `asked`. An object found under the key that is not what was
    /// asked for is an error naming what it holds (`holds`).
    pub async fn create<Sent>(
        &self,
        api: &orchestration::Client,
        key: &Key<K>,
        asked: &K::Asked,
        send: impl Fn() -> Sent,
        holds: impl Fn(&K::Found) -> String,
        diags: &mut Diagnostics,
    ) -> Option<Made>
    where
        Sent: Future<Output = Result<(), orchestration::Error>>,
    {
        let read = || api.read::<K::Found>(key);
        let differs = |found: &K::Found| (!K::shows(found, asked)).then(|| holds(found));
        let id = key.to_string();
        let made = create_once(&K::KIND, api, &id, send, read, differs, diags).await?;
        self.settle(api, key, Some(asked), diags).await;
        Some(made)
    }

    /// Waits until reads of `key` show `expected` (`None`: the object gone; see
    /// [`settle`]), after dropping the list that the write made stale.
    pub async fn settle(
        &self,
        api: &orchestration::Client,
        key: &Key<K>,
        expected: Option<&K::Asked>,
        diags: &mut Diagnostics,
    ) {
        self.list().invalidate(K::KIND.what);
        let read = || api.read::<K::Found>(key);
        let shows = shows(expected, K::shows);
        settle(&K::KIND, api, &key.to_string(), read, shows, diags).await;
    }

    /// Sends the change of `key` to `asked` (`send`) and waits until reads show it;
    /// false when the change failed, as reported.
    pub async fn update<Sent>(
        &self,
        api: &orchestration::Client,
        key: &Key<K>,
        asked: &K::Asked,
        send: Sent,
        diags: &mut Diagnostics,
    ) -> bool
    where
        Sent: Future<Output = Result<(), orchestration::Error>>,
    {
        if let Err(error) = send.await {
            K::KIND.report(diags, "update", &key.to_string(), &error);
            return false;
        }
        self.settle(api, key, Some(asked), diags).await;
        true
    }

    /// The object that an import ID (`key`) names; an error when there is none.
    pub async fn import(&self, key: &Key<K>, diags: &mut Diagnostics) -> Option<K::Found> {
        let api = self.shared.cluster_api.get(diags)?;
        let kind = K::KIND;
        let id = key.to_string();
        match api.read::<K::Found>(key).await {
            Ok(found) => Some(found),
            Err(error) if error.is_not_found() => {
                diags.error(
                    format!("No {} to import", kind.what),
                    format!(
                        "The cluster has no {what} with the ID {id:?}. The import ID is the \
                         {what}'s ID ({}).",
                        kind.id_attr,
                        what = kind.what,
                    ),
                );
                None
            }
            Err(error) => {
                kind.report(diags, "read", &id, &error);
                None
            }
        }
    }

    /// Deletes `key` and waits until reads no longer find it; one already gone is no
    /// error.
    pub async fn delete(&self, key: &Key<K>, diags: &mut Diagnostics) {
        let Some(api) = self.shared.cluster_api.get(diags) else {
            return;
        };
        self.list().invalidate(K::KIND.what);
        match api.delete::<K::Found>(key).await {
            Ok(()) => self.settle(api, key, None, diags).await,
            Err(error) if error.is_not_found() => {}
            Err(error) => K::KIND.report(diags, "delete", &key.to_string(), &error),
        }
    }
}

impl<K: Keyed> Object<K> {
    /// The objects of this kind as this process lists them.
    pub fn listed(&self) -> Listing<'_, K> {
        Listing::new(&self.shared)
    }
}
