//! What an API client is: state that its clones share, and the deadline of one handle's
//! calls.

use std::ops::Deref;
use std::sync::Arc;

use tokio::time::Instant;

/// A client's shared state `T` (its HTTP connections, tokens and settings), and when this
/// handle's calls, retries included, end. Cheap to clone: clones share the state.
pub struct Handle<T> {
    shared: Arc<T>,
    deadline: Option<Instant>,
}

impl<T> Handle<T> {
    /// A handle without a deadline.
    pub fn new(shared: T) -> Handle<T> {
        Handle {
            shared: Arc::new(shared),
            deadline: None,
        }
    }

    /// A handle on the same state whose calls end by `deadline`.
    pub fn with_deadline(&self, deadline: Instant) -> Handle<T> {
        Handle {
            deadline: Some(deadline),
            ..self.clone()
        }
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }
}

// Not derived: that would ask `T` to be `Clone`, where only the `Arc` is cloned.
impl<T> Clone for Handle<T> {
    fn clone(&self) -> Handle<T> {
        Handle {
            shared: Arc::clone(&self.shared),
            deadline: self.deadline,
        }
    }
}

impl<T> Deref for Handle<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.shared
    }
}
