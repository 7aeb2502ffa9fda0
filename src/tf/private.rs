//! Private state: bytes a resource keeps beside its state, which Terraform stores and
//! hands back unchanged (plan → apply → state → read → plan).

use std::collections::BTreeMap;

use serde_json::Value as Json;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Private(BTreeMap<String, Json>);

impl Private {
    /// Reads what Terraform handed back; bytes that are not ours read as empty.
    pub fn from_bytes(bytes: &[u8]) -> Private {
        Private(serde_json::from_slice(bytes).unwrap_or_default())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        if self.0.is_empty() {
            Vec::new()
        } else {
            serde_json::to_vec(&self.0).expect("a JSON map always serializes")
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.get(key)
    }

    pub fn set(&mut self, key: &str, value: Json) {
        self.0.insert(key.to_owned(), value);
    }

    pub fn remove(&mut self, key: &str) {
        self.0.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_bytes() {
        let mut private = Private::default();
        assert!(private.to_bytes().is_empty());
        private.set("etag", Json::from("abc"));
        assert_eq!(Private::from_bytes(&private.to_bytes()), private);
        assert_eq!(Private::from_bytes(b"not json"), Private::default());
    }
}
