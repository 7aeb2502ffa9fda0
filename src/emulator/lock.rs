//! The std mutex that the emulator's shared state sits behind.

use std::sync::{Mutex, MutexGuard};

/// A mutex whose `lock` panics when an earlier holder panicked: state left half-changed
/// by a bug should fail the requests after it loudly rather than be served.
#[derive(Debug)]
pub struct Lock<T>(Mutex<T>);

impl<T> Lock<T> {
    pub fn new(value: T) -> Self {
        Self(Mutex::new(value))
    }

    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0
            .lock()
            .expect("an emulator handler panicked while holding this lock")
    }
}
