//! The objects of a kind that one key names, described once (where they live, what a
//! search filters by, which permissions the calls need), so that one read, one delete and
//! one search of every page serve every kind.

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::{Client, Op, to_json};
use super::error::Error;

/// A kind of object that one key names: what a read and a search give (`Self`), and where
/// the API keeps it.
pub trait Collection: DeserializeOwned + Send + Sync + 'static {
    /// What names one object: an ID, or a scope and a name.
    type Key: ?Sized + Sync;
    /// What a search filters by.
    type Filter: Serialize + Sync;
    /// The permission a read and a search need: `USER:READ`.
    const READ: &'static str;
    /// The permission a delete needs: `USER:DELETE`.
    const DELETE: &'static str;
    /// The search's path: `["users", "search"]`.
    const SEARCH: &'static [&'static str];
    /// The search's query parameters.
    const SEARCH_QUERY: &'static [(&'static str, &'static str)] = &[];

    /// The path of the object that `key` names.
    fn path(key: &Self::Key) -> Vec<&str>;
    /// Whether this is the object that `key` names.
    fn is(&self, key: &Self::Key) -> bool;
}

impl Client {
    /// `GET` of the object that `key` names.
    pub async fn read<C: Collection>(&self, key: &C::Key) -> Result<C, Error> {
        self.get(&C::path(key), Op::repeatable(C::READ)).await
    }

    /// `DELETE` of the object that `key` names.
    pub async fn delete<C: Collection>(&self, key: &C::Key) -> Result<(), Error> {
        let op = Op::repeatable(C::DELETE);
        self.act(Method::DELETE, &C::path(key), op).await
    }

    /// The kind's search, every page, with `filter` if given.
    pub async fn search_every<C: Collection>(
        &self,
        filter: Option<&C::Filter>,
    ) -> Result<Vec<C>, Error> {
        let op = Op::repeatable(C::READ);
        self.search_all_with(C::SEARCH, C::SEARCH_QUERY, filter.map(to_json), op)
            .await
    }
}
