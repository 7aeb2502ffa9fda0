//! Search requests and answers: filters, sorting, and paging by offset (`from`, `limit`)
//! or by cursor (`after`, `before`); an answer holds `items` and `page` with
//! `totalItems` and the cursors of its first and last item.

use std::cmp::Ordering;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::emulator::error::{ApiError, ApiResult};

/// The most items one page holds, and the default.
const MAX_LIMIT: u32 = 10_000;
const DEFAULT_LIMIT: u32 = 100;

/// A search of objects: filter, sort and page.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    bound = "F: DeserializeOwned, S: DeserializeOwned"
)]
pub struct Query<F, S> {
    #[serde(default)]
    pub filter: Option<F>,
    #[serde(default)]
    pub sort: Vec<Sort<S>>,
    #[serde(default)]
    pub page: Page,
}

impl<F, S> Default for Query<F, S> {
    fn default() -> Self {
        Self {
            filter: None,
            sort: Vec::new(),
            page: Page::default(),
        }
    }
}

/// A search of members that are only ids: sort and page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberQuery {
    #[serde(default)]
    pub sort: Vec<Sort<MemberField>>,
    #[serde(default)]
    pub page: Page,
}

/// The one field members that are ids sort by: the member's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MemberField {
    ClientId,
    Username,
    GroupId,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sort<S> {
    pub field: S,
    #[serde(default)]
    pub order: Order,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum Order {
    #[default]
    #[serde(rename = "ASC")]
    Asc,
    #[serde(rename = "DESC")]
    Desc,
}

/// `limit` with `from`, `after` or `before`, or none of them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    limit: Option<u32>,
    from: Option<u32>,
    after: Option<String>,
    before: Option<String>,
}

impl Page {
    fn limit(&self) -> ApiResult<usize> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        // Only the cursor and limit-only forms cap the limit; offset paging does not.
        let capped = self.from.is_none() && limit > MAX_LIMIT;
        if limit == 0 || capped {
            return Err(ApiError::bad_request(format!(
                "The value for page.limit is '{limit}' but must be between 1 and {MAX_LIMIT}."
            )));
        }
        Ok(limit as usize)
    }

    fn check(&self) -> ApiResult<()> {
        let given = [
            self.from.is_some(),
            self.after.is_some(),
            self.before.is_some(),
        ];
        if given.iter().filter(|&&g| g).count() > 1 {
            return Err(ApiError::bad_request(
                "Only one of page.from, page.after or page.before can be set.",
            ));
        }
        Ok(())
    }
}

/// A string filter: a value to equal, or operators.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum StringFilter {
    Equals(String),
    Operators(StringOperators),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StringOperators {
    #[serde(rename = "$eq")]
    eq: Option<String>,
    #[serde(rename = "$neq")]
    neq: Option<String>,
    #[serde(rename = "$exists")]
    exists: Option<bool>,
    #[serde(rename = "$in")]
    is_in: Option<Vec<String>>,
    #[serde(rename = "$notIn")]
    not_in: Option<Vec<String>>,
    #[serde(rename = "$like")]
    like: Option<String>,
}

impl StringFilter {
    pub fn matches(&self, value: Option<&str>) -> bool {
        let ops = match self {
            StringFilter::Equals(expected) => return value == Some(expected.as_str()),
            StringFilter::Operators(ops) => ops,
        };
        let contains = |list: &Option<Vec<String>>| {
            list.as_ref()
                .map(|list| value.is_some_and(|v| list.iter().any(|x| x == v)))
        };
        ops.eq.as_deref().is_none_or(|eq| value == Some(eq))
            && ops.neq.as_deref().is_none_or(|neq| value != Some(neq))
            && ops.exists.is_none_or(|exists| exists == value.is_some())
            && contains(&ops.is_in).is_none_or(|found| found)
            && contains(&ops.not_in).is_none_or(|found| !found)
            && ops
                .like
                .as_deref()
                .is_none_or(|pattern| value.is_some_and(|v| like(pattern, v)))
    }
}

/// Whether a filter on a plain string field holds: no filter, or equality.
pub fn equals(filter: &Option<String>, value: Option<&str>) -> bool {
    filter.as_deref().is_none_or(|f| value == Some(f))
}

/// `*` matches any run of characters, `?` one; a backslash escapes either.
fn like(pattern: &str, value: &str) -> bool {
    #[derive(PartialEq)]
    enum Token {
        Any,
        One,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            '*' => Token::Any,
            '?' => Token::One,
            c => Token::Char(c),
        });
    }
    let value: Vec<char> = value.chars().collect();
    // matched[j]: the tokens so far match value[..j].
    let mut matched = vec![false; value.len() + 1];
    matched[0] = true;
    for token in &tokens {
        let mut next = vec![false; value.len() + 1];
        for j in 0..=value.len() {
            next[j] = match token {
                Token::Any => matched[j] || (j > 0 && next[j - 1]),
                Token::One => j > 0 && matched[j - 1],
                Token::Char(c) => j > 0 && matched[j - 1] && value[j - 1] == *c,
            };
        }
        matched = next;
    }
    matched[value.len()]
}

/// Something a search answers: its sort values, its id (the last tiebreak), its answer.
pub trait Found {
    type Field: Copy;
    fn sort_value(&self, field: Self::Field) -> Option<&str>;
    fn id(&self) -> &str;
    fn answer(&self) -> Value;
}

/// The sort values of an item and its id: what a cursor holds.
type Key = Vec<Option<String>>;

/// Sorts, pages and answers the found items.
pub fn answer<I: Found>(
    mut items: Vec<I>,
    sort: &[Sort<I::Field>],
    page: &Page,
) -> ApiResult<Value> {
    page.check()?;
    let limit = page.limit()?;
    let orders: Vec<Order> = sort.iter().map(|s| s.order).chain([Order::Asc]).collect();
    let key = |item: &I| -> Key {
        sort.iter()
            .map(|s| item.sort_value(s.field).map(str::to_owned))
            .chain([Some(item.id().to_owned())])
            .collect()
    };
    let compare = |a: &Key, b: &Key| compare_keys(a, b, &orders);
    items.sort_by(|a, b| compare(&key(a), &key(b)));
    let total = items.len();
    let keys: Vec<Key> = items.iter().map(key).collect();
    let range = if let Some(after) = &page.after {
        let cursor = decode_cursor(after, "after", orders.len())?;
        let start = keys.partition_point(|k| compare(k, &cursor) != Ordering::Greater);
        start..(start + limit).min(total)
    } else if let Some(before) = &page.before {
        let cursor = decode_cursor(before, "before", orders.len())?;
        let end = keys.partition_point(|k| compare(k, &cursor) == Ordering::Less);
        end.saturating_sub(limit)..end
    } else {
        let start = (page.from.unwrap_or(0) as usize).min(total);
        start..(start + limit).min(total)
    };
    let cursor = |i: Option<usize>| i.map(|i| encode_cursor(&keys[i]));
    let answers: Vec<Value> = items[range.clone()].iter().map(Found::answer).collect();
    Ok(json!({
        "items": answers,
        "page": {
            "totalItems": total,
            "hasMoreTotalItems": false,
            "startCursor": cursor((!range.is_empty()).then_some(range.start)),
            "endCursor": cursor((!range.is_empty()).then(|| range.end - 1)),
        }
    }))
}

fn compare_keys(a: &Key, b: &Key, orders: &[Order]) -> Ordering {
    for ((x, y), order) in a.iter().zip(b).zip(orders) {
        let ordering = match order {
            Order::Asc => x.cmp(y),
            Order::Desc => y.cmp(x),
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

fn encode_cursor(key: &Key) -> String {
    STANDARD.encode(serde_json::to_vec(key).expect("a key serializes"))
}

fn decode_cursor(cursor: &str, field: &str, len: usize) -> ApiResult<Key> {
    STANDARD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Key>(&bytes).ok())
        .filter(|key| key.len() == len)
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "The page.{field} cursor '{cursor}' is not valid for this search."
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_knows_wildcards_and_escapes() {
        assert!(like("ad*", "admin"));
        assert!(like("*min", "admin"));
        assert!(like("a?min", "admin"));
        assert!(!like("a?min", "amin"));
        assert!(like(r"a\*", "a*"));
        assert!(!like(r"a\*", "ab"));
        assert!(like("*", ""));
    }

    struct Item(&'static str, &'static str);

    impl Found for Item {
        type Field = ();
        fn sort_value(&self, _: ()) -> Option<&str> {
            Some(self.1)
        }
        fn id(&self) -> &str {
            self.0
        }
        fn answer(&self) -> Value {
            json!(self.0)
        }
    }

    fn page(value: Value) -> Page {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn cursors_walk_forward_and_back() {
        let items = || {
            vec![
                Item("c", "1"),
                Item("a", "2"),
                Item("b", "2"),
                Item("d", "3"),
            ]
        };
        let sort = [Sort {
            field: (),
            order: Order::Desc,
        }];
        let first = answer(items(), &sort, &page(json!({"limit": 2}))).unwrap();
        assert_eq!(first["items"], json!(["d", "a"]));
        assert_eq!(first["page"]["totalItems"], 4);
        let end = first["page"]["endCursor"].as_str().unwrap();
        let second = answer(items(), &sort, &page(json!({"limit": 2, "after": end}))).unwrap();
        assert_eq!(second["items"], json!(["b", "c"]));
        let start = second["page"]["startCursor"].as_str().unwrap();
        let back = answer(items(), &sort, &page(json!({"limit": 1, "before": start}))).unwrap();
        assert_eq!(back["items"], json!(["a"]));
        let offset = answer(items(), &[], &page(json!({"from": 3, "limit": 5}))).unwrap();
        assert_eq!(offset["items"], json!(["d"]));
        let none = answer(items(), &[], &page(json!({"from": 9}))).unwrap();
        assert_eq!(none["page"]["startCursor"], Value::Null);
        assert!(answer(items(), &[], &page(json!({"from": 1, "after": end}))).is_err());
        assert!(answer(items(), &[], &page(json!({"limit": 0}))).is_err());
    }
}
