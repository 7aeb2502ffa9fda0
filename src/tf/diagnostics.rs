//! Diagnostics: how every error and warning reaches the user. Errors never travel as
//! gRPC statuses; Terraform shows these with the attribute they concern.

use super::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub summary: String,
    pub detail: String,
    pub attribute: Option<Path>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn error(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.add(Severity::Error, None, summary, detail);
    }

    pub fn warning(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.add(Severity::Warning, None, summary, detail);
    }

    /// An error shown against one attribute of the configuration.
    pub fn attribute_error(
        &mut self,
        path: Path,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.add(Severity::Error, Some(path), summary, detail);
    }

    pub fn attribute_warning(
        &mut self,
        path: Path,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.add(Severity::Warning, Some(path), summary, detail);
    }

    fn add(
        &mut self,
        severity: Severity,
        attribute: Option<Path>,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.0.push(Diagnostic {
            severity,
            summary: summary.into(),
            detail: detail.into(),
            attribute,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
