//! How an object type reaches the provider's shared state: the registry serves
//! `Object<K>` for each object type `K`, and every kind `K` is served as (resource, data
//! source, ephemeral resource) reads the API client, the lists and the claims through
//! `self.shared`. So an object type declares no struct of its own, and no constructor.

use std::marker::PhantomData;
use std::sync::Arc;

use super::Shared;

pub struct Object<K> {
    pub shared: Arc<Shared>,
    kind: PhantomData<fn() -> K>,
}

impl<K> Object<K> {
    pub fn new(shared: Arc<Shared>) -> Object<K> {
        Object {
            shared,
            kind: PhantomData,
        }
    }
}

/// An object of a provider that Terraform has not configured: for tests of what needs no API.
#[cfg(test)]
impl<K> Default for Object<K> {
    fn default() -> Object<K> {
        Object::new(Arc::default())
    }
}
