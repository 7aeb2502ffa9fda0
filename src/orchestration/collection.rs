//! The kinds of object the API searches, and those of them that one key names, described
//! once (where they live, what a search filters by, which permissions the calls need), so
//! that one search of every page, one read and one delete serve every kind.

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::{Client, Op, to_json};
use super::error::Error;

/// A kind of object that a search lists (`Self`, as the search gives it).
pub trait Searchable: DeserializeOwned + Send + Sync + 'static {
    /// What a search filters by.
    type Filter: Serialize + Sync;
    /// The permission a search (and a read) needs: `USER:READ`.
    const READ: &'static str;
    /// The search's path: `["users", "search"]`.
    const SEARCH: &'static [&'static str];
    /// The search's query parameters.
    const SEARCH_QUERY: &'static [(&'static str, &'static str)] = &[];
}

/// A searchable kind whose objects one key names, each read and deleted at its own path.
pub trait Collection: Searchable {
    /// What names one object: an ID, or a scope and a name.
    type Key: ?Sized + Sync;
    /// The permission a delete needs: `USER:DELETE`.
    const DELETE: &'static str;

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
    pub async fn search_every<S: Searchable>(
        &self,
        filter: Option<&S::Filter>,
    ) -> Result<Vec<S>, Error> {
        let op = Op::repeatable(S::READ);
        self.search_all_with(S::SEARCH, S::SEARCH_QUERY, filter.map(to_json), op)
            .await
    }
}
