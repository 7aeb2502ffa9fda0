//! The trait a provider implements: its own configuration, and the resources and data
//! sources it serves.

use std::sync::Arc;

use async_trait::async_trait;

use super::diagnostics::Diagnostics;
use super::handler::{
    DataSourceHandler, EphemeralResourceHandler, HasSchema, ResourceHandler, Served, model_of,
};
use super::model::{self, Model};
use super::schema::Schema;
use super::value::Value;

#[async_trait]
pub trait Provider: Send + Sync + 'static {
    /// The `provider` block, field for field its schema.
    type Model: Model;

    /// The schema of the `provider` block.
    fn schema(&self) -> Schema;

    /// Checks the provider block; values may be unknown, and no network is allowed.
    fn validate(&self, _config: &Self::Model, _diags: &mut Diagnostics) {}

    /// Called before any resource operation of a plan, apply or import. In a plan the
    /// configuration may still hold unknowns.
    async fn configure(&self, config: &Self::Model, diags: &mut Diagnostics);

    /// Each resource, served through [`handler::resource`](super::handler::resource).
    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>>;

    /// Each data source, served through [`handler::data_source`](super::handler::data_source).
    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>>;

    /// Each ephemeral resource, served through
    /// [`handler::ephemeral_resource`](super::handler::ephemeral_resource).
    fn ephemeral_resources(&self) -> Vec<Arc<dyn EphemeralResourceHandler>> {
        Vec::new()
    }
}

/// A provider as the gRPC service drives it: values in.
#[async_trait]
pub trait ProviderHandler: HasSchema + Send + Sync {
    fn validate(&self, config: &Value, diags: &mut Diagnostics);
    async fn configure(&self, config: &Value, diags: &mut Diagnostics);
    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>>;
    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>>;
    fn ephemeral_resources(&self) -> Vec<Arc<dyn EphemeralResourceHandler>>;
}

/// Serves `provider`.
pub fn serve<P: Provider>(provider: P) -> Arc<dyn ProviderHandler> {
    Arc::new(Served::new(
        provider.schema(),
        provider,
        model::check::<P::Model>,
    ))
}

#[async_trait]
impl<P: Provider> ProviderHandler for Served<P> {
    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        self.validate_with(config, diags, P::validate);
    }

    async fn configure(&self, config: &Value, diags: &mut Diagnostics) {
        // An absent provider block configures like an empty one.
        let config = match model_of::<P::Model>(config, diags) {
            Some(config) => config,
            None if diags.has_errors() => return,
            None => P::Model::default(),
        };
        self.inner.configure(&config, diags).await;
    }

    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>> {
        self.inner.resources()
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>> {
        self.inner.data_sources()
    }

    fn ephemeral_resources(&self) -> Vec<Arc<dyn EphemeralResourceHandler>> {
        self.inner.ephemeral_resources()
    }
}
