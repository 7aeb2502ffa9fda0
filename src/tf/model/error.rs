//! A value that does not fit its model, or a model that does not fit its schema: always a
//! provider bug, reported with the attribute path where it happened.

use std::fmt;

use crate::tf::path::Path;

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    path: Option<Path>,
    message: String,
}

impl Error {
    pub(super) fn at(path: &Path, message: impl Into<String>) -> Error {
        Error {
            path: Some(path.clone()),
            message: message.into(),
        }
    }

    /// Places an error raised without a path (by a field's own deserializer) at `path`.
    pub(super) fn located(mut self, path: &Path) -> Error {
        self.path.get_or_insert_with(|| path.clone());
        self
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_ref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) if !path.steps().is_empty() => write!(f, "at {path}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error {
            path: None,
            message: message.to_string(),
        }
    }
}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error {
            path: None,
            message: message.to_string(),
        }
    }
}
