//! The tfplugin6 gRPC service: decodes each request against the right schema, dispatches
//! to the provider, its resources or data sources, and encodes the answer.

use std::collections::HashMap;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::Provider as ProviderRpc;

use super::diagnostics::Diagnostics;
use super::handler::{DataSourceHandler, EphemeralResourceHandler, MovedSource, ResourceHandler};
use super::private::Private;
use super::provider::ProviderHandler;
use super::resource::Ctx;
use super::wire;

/// Serves one provider. Schemas are built once, at start.
pub struct ProviderServer {
    provider: Arc<dyn ProviderHandler>,
    resources: HashMap<&'static str, Arc<dyn ResourceHandler>>,
    data_sources: HashMap<&'static str, Arc<dyn DataSourceHandler>>,
    ephemeral_resources: HashMap<&'static str, Arc<dyn EphemeralResourceHandler>>,
    stop: CancellationToken,
}

impl ProviderServer {
    pub fn new(provider: Arc<dyn ProviderHandler>) -> ProviderServer {
        let resources = provider
            .resources()
            .into_iter()
            .map(|r| (r.type_name(), r))
            .collect();
        let data_sources = provider
            .data_sources()
            .into_iter()
            .map(|d| (d.type_name(), d))
            .collect();
        let ephemeral_resources = provider
            .ephemeral_resources()
            .into_iter()
            .map(|e| (e.type_name(), e))
            .collect();
        ProviderServer {
            provider,
            resources,
            data_sources,
            ephemeral_resources,
            stop: CancellationToken::new(),
        }
    }

    /// Cancelled when Terraform calls StopProvider.
    pub fn stop_token(&self) -> CancellationToken {
        self.stop.clone()
    }

    fn ctx(&self, private: &[u8]) -> Ctx {
        Ctx::new(self.stop.clone(), Private::from_bytes(private))
    }

    fn resource(&self, name: &str, diags: &mut Diagnostics) -> Option<&dyn ResourceHandler> {
        let found = self.resources.get(name);
        if found.is_none() {
            diags.error(
                format!("Unknown resource type {name:?}"),
                "This provider does not serve that resource type.",
            );
        }
        found.map(|r| &**r)
    }

    fn data_source(&self, name: &str, diags: &mut Diagnostics) -> Option<&dyn DataSourceHandler> {
        let found = self.data_sources.get(name);
        if found.is_none() {
            diags.error(
                format!("Unknown data source {name:?}"),
                "This provider does not serve that data source.",
            );
        }
        found.map(|d| &**d)
    }

    fn ephemeral_resource(
        &self,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<&dyn EphemeralResourceHandler> {
        let found = self.ephemeral_resources.get(name);
        if found.is_none() {
            diags.error(
                format!("Unknown ephemeral resource type {name:?}"),
                "This provider does not serve that ephemeral resource type.",
            );
        }
        found.map(|e| &**e)
    }

    fn capabilities() -> pb::ServerCapabilities {
        pb::ServerCapabilities {
            // Lets newer Terraform plan destroys through us, so that deletion protection
            // refuses them at plan time.
            plan_destroy: true,
            // Lets newer Terraform bring objects of other resource types to ours with
            // `moved` blocks; each resource type says which sources it takes.
            move_resource_state: true,
            ..Default::default()
        }
    }
}

fn names<T: ?Sized>(map: &HashMap<&'static str, Arc<T>>) -> impl Iterator<Item = String> {
    map.keys().map(|name| name.to_string())
}

type Answer<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl ProviderRpc for ProviderServer {
    async fn get_metadata(
        &self,
        _: Request<pb::get_metadata::Request>,
    ) -> Answer<pb::get_metadata::Response> {
        use pb::get_metadata::{DataSourceMetadata, EphemeralMetadata, ResourceMetadata};
        Ok(Response::new(pb::get_metadata::Response {
            server_capabilities: Some(Self::capabilities()),
            resources: names(&self.resources)
                .map(|type_name| ResourceMetadata { type_name })
                .collect(),
            data_sources: names(&self.data_sources)
                .map(|type_name| DataSourceMetadata { type_name })
                .collect(),
            ephemeral_resources: names(&self.ephemeral_resources)
                .map(|type_name| EphemeralMetadata { type_name })
                .collect(),
            ..Default::default()
        }))
    }

    async fn get_provider_schema(
        &self,
        _: Request<pb::get_provider_schema::Request>,
    ) -> Answer<pb::get_provider_schema::Response> {
        Ok(Response::new(pb::get_provider_schema::Response {
            provider: Some(wire::schema(self.provider.schema())),
            resource_schemas: self
                .resources
                .iter()
                .map(|(name, r)| (name.to_string(), wire::schema(r.schema())))
                .collect(),
            data_source_schemas: self
                .data_sources
                .iter()
                .map(|(name, d)| (name.to_string(), wire::schema(d.schema())))
                .collect(),
            ephemeral_resource_schemas: self
                .ephemeral_resources
                .iter()
                .map(|(name, e)| (name.to_string(), wire::schema(e.schema())))
                .collect(),
            server_capabilities: Some(Self::capabilities()),
            ..Default::default()
        }))
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> Answer<pb::validate_provider_config::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let config = wire::decode(
            request.config.as_ref(),
            self.provider.value_type(),
            &mut diags,
        );
        if !diags.has_errors() {
            self.provider.validate(&config, &mut diags);
        }
        Ok(Response::new(pb::validate_provider_config::Response {
            diagnostics: wire::diagnostics(diags),
        }))
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> Answer<pb::validate_resource_config::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        if let Some(r) = self.resource(&request.type_name, &mut diags) {
            let config = wire::decode(request.config.as_ref(), r.value_type(), &mut diags);
            if !diags.has_errors() {
                let client = wire::client_capabilities(request.client_capabilities.as_ref());
                r.validate(&config, client, &mut diags);
            }
        }
        Ok(Response::new(pb::validate_resource_config::Response {
            diagnostics: wire::diagnostics(diags),
        }))
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> Answer<pb::validate_data_resource_config::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        if let Some(d) = self.data_source(&request.type_name, &mut diags) {
            let config = wire::decode(request.config.as_ref(), d.value_type(), &mut diags);
            if !diags.has_errors() {
                d.validate(&config, &mut diags);
            }
        }
        Ok(Response::new(pb::validate_data_resource_config::Response {
            diagnostics: wire::diagnostics(diags),
        }))
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Answer<pb::upgrade_resource_state::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut upgraded_state = None;
        if let Some(r) = self.resource(&request.type_name, &mut diags) {
            let raw = request.raw_state.map(|raw| raw.json).unwrap_or_default();
            let state = r.upgrade(request.version, &raw, &mut diags);
            if !diags.has_errors() {
                upgraded_state = wire::encode(&state, r.value_type(), &mut diags);
            }
        }
        Ok(Response::new(pb::upgrade_resource_state::Response {
            upgraded_state,
            diagnostics: wire::diagnostics(diags),
        }))
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> Answer<pb::configure_provider::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let config = wire::decode(
            request.config.as_ref(),
            self.provider.value_type(),
            &mut diags,
        );
        if !diags.has_errors() {
            self.provider.configure(&config, &mut diags).await;
        }
        Ok(Response::new(pb::configure_provider::Response {
            diagnostics: wire::diagnostics(diags),
        }))
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Answer<pb::read_resource::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut response = pb::read_resource::Response::default();
        if let Some(r) = self.resource(&request.type_name, &mut diags) {
            let state = wire::decode(request.current_state.as_ref(), r.value_type(), &mut diags);
            if !diags.has_errors() {
                let ctx = self.ctx(&request.private);
                let new_state = r.read(&ctx, state, &mut diags).await;
                response.new_state = wire::encode(&new_state, r.value_type(), &mut diags);
                response.private = ctx.into_private().to_bytes();
            }
        }
        response.diagnostics = wire::diagnostics(diags);
        Ok(Response::new(response))
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Answer<pb::plan_resource_change::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut response = pb::plan_resource_change::Response::default();
        if let Some(r) = self.resource(&request.type_name, &mut diags) {
            let ty = r.value_type();
            let prior = wire::decode(request.prior_state.as_ref(), ty, &mut diags);
            let proposed = wire::decode(request.proposed_new_state.as_ref(), ty, &mut diags);
            let config = wire::decode(request.config.as_ref(), ty, &mut diags);
            if !diags.has_errors() {
                let ctx = self.ctx(&request.prior_private);
                let plan = r.plan(&ctx, prior, proposed, config, &mut diags).await;
                response.planned_state = wire::encode(&plan.state, ty, &mut diags);
                response.requires_replace = plan.requires_replace.iter().map(wire::path).collect();
                response.planned_private = ctx.into_private().to_bytes();
            }
        }
        response.diagnostics = wire::diagnostics(diags);
        Ok(Response::new(response))
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Answer<pb::apply_resource_change::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut response = pb::apply_resource_change::Response::default();
        if let Some(r) = self.resource(&request.type_name, &mut diags) {
            let ty = r.value_type();
            let prior = wire::decode(request.prior_state.as_ref(), ty, &mut diags);
            let planned = wire::decode(request.planned_state.as_ref(), ty, &mut diags);
            let config = wire::decode(request.config.as_ref(), ty, &mut diags);
            if !diags.has_errors() {
                let ctx = self.ctx(&request.planned_private);
                let new_state = r.apply(&ctx, prior, planned, config, &mut diags).await;
                response.new_state = wire::encode(&new_state, ty, &mut diags);
                response.private = ctx.into_private().to_bytes();
            }
        }
        response.diagnostics = wire::diagnostics(diags);
        Ok(Response::new(response))
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Answer<pb::import_resource_state::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut response = pb::import_resource_state::Response::default();
        if let Some(r) = self.resource(&request.type_name, &mut diags) {
            let ctx = self.ctx(&[]);
            let state = r.import(&ctx, &request.id, &mut diags).await;
            if !diags.has_errors() && !state.is_null() {
                let state = wire::encode(&state, r.value_type(), &mut diags);
                response
                    .imported_resources
                    .push(pb::import_resource_state::ImportedResource {
                        type_name: request.type_name.clone(),
                        state,
                        private: ctx.into_private().to_bytes(),
                    });
            }
        }
        response.diagnostics = wire::diagnostics(diags);
        Ok(Response::new(response))
    }

    async fn move_resource_state(
        &self,
        request: Request<pb::move_resource_state::Request>,
    ) -> Answer<pb::move_resource_state::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut response = pb::move_resource_state::Response::default();
        if let Some(r) = self.resource(&request.target_type_name, &mut diags) {
            let raw = request.source_state.map(|raw| raw.json).unwrap_or_default();
            let source = MovedSource {
                provider: &request.source_provider_address,
                type_name: &request.source_type_name,
                schema_version: request.source_schema_version,
                state: &raw,
            };
            let state = r.move_from(source, &mut diags);
            // The source's private bytes belong to its own type: the moved object
            // starts without any.
            if !diags.has_errors() {
                response.target_state = wire::encode(&state, r.value_type(), &mut diags);
            }
        }
        response.diagnostics = wire::diagnostics(diags);
        Ok(Response::new(response))
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Answer<pb::read_data_source::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut response = pb::read_data_source::Response::default();
        if let Some(d) = self.data_source(&request.type_name, &mut diags) {
            let config = wire::decode(request.config.as_ref(), d.value_type(), &mut diags);
            if !diags.has_errors() {
                let ctx = self.ctx(&[]);
                let state = d.read(&ctx, config, &mut diags).await;
                if !diags.has_errors() {
                    response.state = wire::encode(&state, d.value_type(), &mut diags);
                }
            }
        }
        response.diagnostics = wire::diagnostics(diags);
        Ok(Response::new(response))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> Answer<pb::validate_ephemeral_resource_config::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        if let Some(e) = self.ephemeral_resource(&request.type_name, &mut diags) {
            let config = wire::decode(request.config.as_ref(), e.value_type(), &mut diags);
            if !diags.has_errors() {
                e.validate(&config, &mut diags);
            }
        }
        Ok(Response::new(
            pb::validate_ephemeral_resource_config::Response {
                diagnostics: wire::diagnostics(diags),
            },
        ))
    }

    async fn open_ephemeral_resource(
        &self,
        request: Request<pb::open_ephemeral_resource::Request>,
    ) -> Answer<pb::open_ephemeral_resource::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut response = pb::open_ephemeral_resource::Response::default();
        if let Some(e) = self.ephemeral_resource(&request.type_name, &mut diags) {
            let config = wire::decode(request.config.as_ref(), e.value_type(), &mut diags);
            if !diags.has_errors() {
                let ctx = self.ctx(&[]);
                let result = e.open(&ctx, config, &mut diags).await;
                if !diags.has_errors() {
                    response.result = wire::encode(&result, e.value_type(), &mut diags);
                }
                // Even after an error: whatever was opened must reach close.
                response.private = Some(ctx.into_private().to_bytes());
            }
        }
        response.diagnostics = wire::diagnostics(diags);
        Ok(Response::new(response))
    }

    async fn renew_ephemeral_resource(
        &self,
        request: Request<pb::renew_ephemeral_resource::Request>,
    ) -> Answer<pb::renew_ephemeral_resource::Response> {
        // No result of this provider asks to be renewed (none sets renew_at).
        let request = request.into_inner();
        Ok(Response::new(pb::renew_ephemeral_resource::Response {
            private: request.private,
            ..Default::default()
        }))
    }

    async fn close_ephemeral_resource(
        &self,
        request: Request<pb::close_ephemeral_resource::Request>,
    ) -> Answer<pb::close_ephemeral_resource::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::new();
        if let Some(e) = self.ephemeral_resource(&request.type_name, &mut diags) {
            let ctx = self.ctx(request.private.as_deref().unwrap_or_default());
            e.close(&ctx, &mut diags).await;
        }
        Ok(Response::new(pb::close_ephemeral_resource::Response {
            diagnostics: wire::diagnostics(diags),
        }))
    }

    async fn get_functions(
        &self,
        _: Request<pb::get_functions::Request>,
    ) -> Answer<pb::get_functions::Response> {
        Ok(Response::new(pb::get_functions::Response::default()))
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Answer<pb::call_function::Response> {
        Ok(Response::new(pb::call_function::Response {
            error: Some(pb::FunctionError {
                text: format!(
                    "This provider has no function named {:?}.",
                    request.get_ref().name
                ),
                function_argument: None,
            }),
            ..Default::default()
        }))
    }

    async fn stop_provider(
        &self,
        _: Request<pb::stop_provider::Request>,
    ) -> Answer<pb::stop_provider::Response> {
        tracing::info!("stop requested: cancelling operations in flight");
        self.stop.cancel();
        Ok(Response::new(pb::stop_provider::Response::default()))
    }
}
