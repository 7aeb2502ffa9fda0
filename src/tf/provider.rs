//! The trait a provider implements: its own configuration, and the resources and data
//! sources it serves.

use std::sync::Arc;

use async_trait::async_trait;

use super::diagnostics::Diagnostics;
use super::resource::{DataSource, Resource};
use super::schema::Schema;
use super::value::Value;

#[async_trait]
pub trait Provider: Send + Sync + 'static {
    /// The schema of the `provider` block.
    fn schema(&self) -> Schema;

    /// Checks the provider block; values may be unknown, and no network is allowed.
    fn validate(&self, _config: &Value, _diags: &mut Diagnostics) {}

    /// Called before any resource operation of a plan, apply or import. In a plan the
    /// configuration may still hold unknowns.
    async fn configure(&self, config: &Value, diags: &mut Diagnostics);

    fn resources(&self) -> Vec<Arc<dyn Resource>>;

    fn data_sources(&self) -> Vec<Arc<dyn DataSource>>;
}
