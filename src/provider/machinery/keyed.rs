//! Writes of objects inside a cluster whose ID the caller chooses (tenants, roles, groups,
//! users): a create happens exactly once, and every write is waited for until the
//! cluster's reads show it (see [`consistency`]), so that the next plan finds what the
//! apply left.
//!
//! A create whose answer was lost is sent again: one that acted answers the next with 409.
//! A 409 is resolved by reading the object under the ID: it is adopted when it is what was
//! asked for, and otherwise an error says what differs and how to import it.

use std::future::Future;
use std::sync::Arc;

use super::cluster_api::ClusterApiCell;
use super::consistency::{self, Unshown};
use super::listings::Listings;
use crate::orchestration;
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
        diags.error(
            format!("Could not {doing} {} {id:?}", self.what),
            error.to_string(),
        );
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
    match lists.get(what, fetch).await {
        Ok(listed) => Some(listed.unwrap_or_default()),
        Err(error) => {
            let summary = format!("Could not list the cluster's {what}s");
            diags.error(summary, error.to_string());
            None
        }
    }
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

/// A kind whose objects this provider process lists with one search (see [`every`]):
/// every write makes that list stale, so it is dropped before the write is waited for.
pub struct Listing<'a, T> {
    kind: &'a Kind,
    list: &'a Listings<Vec<T>>,
    cluster_api: &'a ClusterApiCell,
}

impl<'a, T> Listing<'a, T> {
    /// The kind's `list`, searched through `cluster_api`.
    pub fn new(
        kind: &'a Kind,
        list: &'a Listings<Vec<T>>,
        cluster_api: &'a ClusterApiCell,
    ) -> Listing<'a, T> {
        Listing {
            kind,
            list,
            cluster_api,
        }
    }

    /// Every object of the kind, through the search of this process (`fetch`); `None`
    /// when it failed, as reported.
    pub async fn every<Fetched>(
        &self,
        fetch: impl FnOnce() -> Fetched,
        diags: &mut Diagnostics,
    ) -> Option<Arc<Vec<T>>>
    where
        Fetched: Future<Output = Result<Vec<T>, orchestration::Error>>,
    {
        every(self.list, self.kind.what, fetch, diags).await
    }

    /// A refresh: `found` makes the new state from every object of the kind (`search`),
    /// or `None` when the object is gone. The state stands while the cluster's settings
    /// are known only at apply, and when the search failed (as reported).
    pub async fn refresh<M: Clone, Fetched>(
        &self,
        state: &M,
        search: impl FnOnce(&'a orchestration::Client) -> Fetched,
        found: impl FnOnce(&[T]) -> Option<M>,
        diags: &mut Diagnostics,
    ) -> Option<M>
    where
        Fetched: Future<Output = Result<Vec<T>, orchestration::Error>>,
    {
        // Settings known only at apply: the state stands until then.
        if !self.cluster_api.available() {
            return Some(state.clone());
        }
        let api = self.cluster_api.get(diags)?;
        match self.every(|| search(api), diags).await {
            Some(all) => found(&all),
            None => Some(state.clone()),
        }
    }

    /// Waits until reads of `id` show what `shows` expects (see [`settle`]), after
    /// dropping the list that the write made stale.
    pub async fn settle<R, Read>(
        &self,
        api: &orchestration::Client,
        id: &str,
        read: impl Fn() -> Read,
        shows: impl Fn(Option<&R>) -> bool,
        diags: &mut Diagnostics,
    ) where
        Read: Future<Output = Result<R, orchestration::Error>>,
    {
        self.list.invalidate(self.kind.what);
        settle(self.kind, api, id, read, shows, diags).await;
    }

    /// The object that an import ID names, read with `read`; an error when there is none.
    pub async fn import<R, Read>(
        &self,
        id: &str,
        read: impl FnOnce(&'a orchestration::Client) -> Read,
        diags: &mut Diagnostics,
    ) -> Option<R>
    where
        Read: Future<Output = Result<R, orchestration::Error>>,
    {
        let api = self.cluster_api.get(diags)?;
        match read(api).await {
            Ok(found) => Some(found),
            Err(error) if error.is_not_found() => {
                diags.error(
                    format!("No {} to import", self.kind.what),
                    format!(
                        "The cluster has no {what} with the ID {id:?}. The import ID is the \
                         {what}'s ID ({}).",
                        self.kind.id_attr,
                        what = self.kind.what,
                    ),
                );
                None
            }
            Err(error) => {
                self.kind.report(diags, "read", id, &error);
                None
            }
        }
    }

    /// Deletes `id` with `delete` and waits until reads (`read`) no longer find it; one
    /// already gone is no error.
    pub async fn delete<R, Deleted, Read>(
        &self,
        id: &str,
        delete: impl FnOnce(&'a orchestration::Client) -> Deleted,
        read: impl Fn(&'a orchestration::Client) -> Read,
        diags: &mut Diagnostics,
    ) where
        Deleted: Future<Output = Result<(), orchestration::Error>>,
        Read: Future<Output = Result<R, orchestration::Error>>,
    {
        let Some(api) = self.cluster_api.get(diags) else {
            return;
        };
        self.list.invalidate(self.kind.what);
        match delete(api).await {
            Ok(()) => {
                let read = || read(api);
                settle(self.kind, api, id, read, |found| found.is_none(), diags).await;
            }
            Err(error) if error.is_not_found() => {}
            Err(error) => self.kind.report(diags, "delete", id, &error),
        }
    }
}
