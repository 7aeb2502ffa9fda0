//! A value that does not fit its model, or a model that does not fit its schema, reported
//! with the attribute path where it happened. Most are the provider's bug; a value that
//! the model refuses (a number out of its range, text it cannot parse, null or unknown
//! where it needs a value) can come from configuration, and is the user's to fix.

use std::fmt;

use crate::tf::path::Path;

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    path: Option<Path>,
    message: String,
    refused: bool,
}

impl Error {
    /// The model and the schema (or the value's shape) disagree: the provider's bug.
    pub(super) fn at(path: &Path, message: impl Into<String>) -> Error {
        Error {
            path: Some(path.clone()),
            message: message.into(),
            refused: false,
        }
    }

    /// The value has the schema's type, but the model does not take it; `message` names
    /// the value and says what would be taken.
    pub(super) fn refused(path: &Path, message: impl Into<String>) -> Error {
        Error {
            refused: true,
            ..Error::at(path, message)
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

    /// Where the value was refused, for an error that a configuration can cause: the
    /// attribute to fix. `None` for the provider's bug.
    pub fn refused_at(&self) -> Option<&Path> {
        self.path.as_ref().filter(|_| self.refused)
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
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
            refused: false,
        }
    }
}

/// A field's own deserializer refuses values with `custom` (and `invalid_value`,
/// `unknown_variant`, which call it): text it cannot parse, a name it does not know. The
/// other errors are about shape, which the schema's type fixes: the provider's bug.
impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error {
            path: None,
            message: message.to_string(),
            refused: true,
        }
    }

    fn invalid_type(
        unexpected: serde::de::Unexpected<'_>,
        expected: &dyn serde::de::Expected,
    ) -> Error {
        misfit(format_args!(
            "invalid type: {unexpected}, expected {expected}"
        ))
    }

    fn invalid_length(len: usize, expected: &dyn serde::de::Expected) -> Error {
        misfit(format_args!("invalid length {len}, expected {expected}"))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Error {
        misfit(format_args!(
            "unknown field `{field}`, expected one of {expected:?}"
        ))
    }

    fn missing_field(field: &'static str) -> Error {
        misfit(format_args!("missing field `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> Error {
        misfit(format_args!("duplicate field `{field}`"))
    }
}

fn misfit(message: fmt::Arguments<'_>) -> Error {
    <Error as serde::ser::Error>::custom(message)
}
