//! Paging through a search: each request asks for the page after the last one's
//! `endCursor`, until a page comes back short. Cursors, not offsets, so that an object
//! created or deleted between two pages neither hides nor repeats another.

use serde::Deserialize;
use serde_json::{Value, json};

/// Items per request: few requests for the objects of one configuration, and far below
/// the API's largest page (10,000).
pub const PAGE_SIZE: u32 = 1000;

/// Declares a search filter: every field is optional and left out of the body when unset,
/// so that it does not filter.
macro_rules! search_filter {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$field_doc:meta])* $field:ident: $ty:ty),* $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $(
                $(#[$field_doc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}
pub(super) use search_filter;

/// One answer of a search.
#[derive(Debug, Deserialize)]
pub struct SearchPage<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub page: PageInfo,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    #[serde(default)]
    pub end_cursor: Option<String>,
}

/// Where a search stands: the next request to make, until there is none.
#[derive(Debug)]
pub struct Pager {
    limit: u32,
    after: Option<String>,
}

impl Pager {
    pub fn new(limit: u32) -> Pager {
        Pager { limit, after: None }
    }

    /// The body of the next request.
    pub fn request(&self, filter: Option<&Value>) -> Value {
        let mut page = json!({ "limit": self.limit });
        if let Some(after) = &self.after {
            page["after"] = json!(after);
        }
        let mut body = json!({ "page": page });
        if let Some(filter) = filter {
            body["filter"] = filter.clone();
        }
        body
    }

    /// Takes in a page of `items` items; whether there may be more. A server that hands
    /// out the same cursor again would make the search endless, and is reported.
    pub fn advance(&mut self, items: usize, page: PageInfo) -> Result<bool, String> {
        let short = items < self.limit as usize;
        match page.end_cursor {
            None => Ok(false),
            Some(_) if short => Ok(false),
            Some(cursor) if self.after.as_ref() == Some(&cursor) => Err(format!(
                "the answer repeats the page cursor {cursor:?}, so the search would not end"
            )),
            Some(cursor) => {
                self.after = Some(cursor);
                Ok(true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(cursor: Option<&str>) -> PageInfo {
        PageInfo {
            end_cursor: cursor.map(str::to_owned),
        }
    }

    #[test]
    fn pages_follow_the_end_cursor_until_a_short_page() {
        let mut pager = Pager::new(2);
        let filter = json!({"name": "x"});
        assert_eq!(
            pager.request(Some(&filter)),
            json!({"page": {"limit": 2}, "filter": {"name": "x"}})
        );
        assert_eq!(pager.advance(2, info(Some("c1"))), Ok(true));
        assert_eq!(
            pager.request(None),
            json!({"page": {"limit": 2, "after": "c1"}})
        );
        assert_eq!(pager.advance(2, info(Some("c2"))), Ok(true));
        assert_eq!(pager.advance(1, info(Some("c3"))), Ok(false));
    }

    #[test]
    fn an_empty_page_or_a_missing_cursor_ends_the_search() {
        let mut pager = Pager::new(2);
        assert_eq!(pager.advance(2, info(None)), Ok(false));
        let mut pager = Pager::new(2);
        assert_eq!(pager.advance(0, info(Some("c1"))), Ok(false));
    }

    #[test]
    fn a_repeated_cursor_is_an_error_not_an_endless_search() {
        let mut pager = Pager::new(2);
        assert_eq!(pager.advance(2, info(Some("c1"))), Ok(true));
        let error = pager.advance(2, info(Some("c1"))).unwrap_err();
        assert!(error.contains("repeats the page cursor"), "{error}");
    }
}
