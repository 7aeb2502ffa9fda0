//! The tfplugin6 gRPC service: decodes each request against the right schema, dispatches
//! to the provider, its resources or data sources, and encodes the answer.

use std::collections::HashMap;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::Provider as ProviderRpc;

use super::diagnostics::Diagnostics;
use super::handler::{
    ConfigHandler, DataSourceHandler, EphemeralResourceHandler, HasSchema, MovedSource,
    ResourceHandler,
};
use super::private::Private;
use super::provider::ProviderHandler;
use super::resource::Ctx;
use super::types::Type;
use super::value::Value;
use super::wire;

/// Serves one provider. Schemas are built once, at start.
pub struct ProviderServer {
    provider: Arc<dyn ProviderHandler>,
    resources: Handlers<dyn ResourceHandler>,
    data_sources: Handlers<dyn DataSourceHandler>,
    ephemeral_resources: Handlers<dyn EphemeralResourceHandler>,
    stop: CancellationToken,
}

impl ProviderServer {
    pub fn new(provider: Arc<dyn ProviderHandler>) -> ProviderServer {
        ProviderServer {
            resources: Handlers::new("resource type", provider.resources(), |r| r.type_name()),
            data_sources: Handlers::new("data source", provider.data_sources(), |d| d.type_name()),
            ephemeral_resources: Handlers::new(
                "ephemeral resource type",
                provider.ephemeral_resources(),
                |e| e.type_name(),
            ),
            provider,
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

    /// The provider, found as [`dispatch`] takes a handler: it is always there.
    fn provider(&self) -> Result<&dyn ProviderHandler, Diagnostics> {
        Ok(&*self.provider)
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

/// The handlers of one kind, by type name.
struct Handlers<H: ?Sized> {
    /// What they serve, for errors: "resource type", "data source", …
    kind: &'static str,
    by_name: HashMap<&'static str, Arc<H>>,
}

impl<H: ?Sized + HasSchema> Handlers<H> {
    fn new(
        kind: &'static str,
        handlers: Vec<Arc<H>>,
        type_name: impl Fn(&H) -> &'static str,
    ) -> Handlers<H> {
        let by_name = handlers.into_iter().map(|h| (type_name(&h), h)).collect();
        Handlers { kind, by_name }
    }

    /// The handler of type `name`, or the error that this provider serves no such type.
    fn get(&self, name: &str) -> Result<&H, Diagnostics> {
        self.by_name.get(name).map(|h| &**h).ok_or_else(|| {
            let mut diags = Diagnostics::new();
            diags.error(
                format!("Unknown {} {name:?}", self.kind),
                format!("This provider does not serve that {}.", self.kind),
            );
            diags
        })
    }

    fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.by_name.keys().map(|name| name.to_string())
    }

    fn schemas(&self) -> HashMap<String, pb::Schema> {
        self.by_name
            .iter()
            .map(|(name, h)| (name.to_string(), wire::schema(h.schema())))
            .collect()
    }
}

/// A response that carries the diagnostics of its call.
trait Diagnosed: Default {
    fn set_diagnostics(&mut self, diagnostics: Vec<pb::Diagnostic>);
}

macro_rules! diagnosed {
    ($($rpc:ident),* $(,)?) => {$(
        impl Diagnosed for pb::$rpc::Response {
            fn set_diagnostics(&mut self, diagnostics: Vec<pb::Diagnostic>) {
                self.diagnostics = diagnostics;
            }
        }
    )*};
}

diagnosed!(
    validate_provider_config,
    validate_resource_config,
    validate_data_resource_config,
    upgrade_resource_state,
    configure_provider,
    read_resource,
    plan_resource_change,
    apply_resource_change,
    import_resource_state,
    move_resource_state,
    read_data_source,
    validate_ephemeral_resource_config,
    open_ephemeral_resource,
    close_ephemeral_resource,
);

/// One call to the handler that a request names. `values` are decoded against the
/// handler's type; unless the lookup or the decoding failed, `call` is given the handler
/// and gives the call itself, from the decoded values to the response. The diagnostics go
/// into the response whatever happens.
///
/// The handler reaches the call through `call` rather than as one of its arguments: the
/// compiler cannot prove Send the future of an async closure that takes a trait object.
async fn dispatch<'h, H, R, C, const N: usize>(
    found: Result<&'h H, Diagnostics>,
    values: [Option<&pb::DynamicValue>; N],
    call: impl FnOnce(&'h H) -> C,
) -> Answer<R>
where
    H: ?Sized + HasSchema,
    R: Diagnosed,
    C: AsyncFnOnce([Value; N], &mut Diagnostics) -> R,
{
    let (mut response, diags) = match found {
        Err(unknown) => (R::default(), unknown),
        Ok(handler) => {
            let mut diags = Diagnostics::new();
            let values = values.map(|value| wire::decode(value, handler.value_type(), &mut diags));
            let response = if diags.has_errors() {
                R::default()
            } else {
                call(handler)(values, &mut diags).await
            };
            (response, diags)
        }
    };
    response.set_diagnostics(wire::diagnostics(diags));
    Ok(Response::new(response))
}

/// A validation: the handler's `validate` on the configuration, and the diagnostics back.
async fn validated<H, R>(
    found: Result<&H, Diagnostics>,
    config: Option<&pb::DynamicValue>,
    validate: impl FnOnce(&H, &Value, &mut Diagnostics),
) -> Answer<R>
where
    H: ?Sized + HasSchema,
    R: Diagnosed,
{
    dispatch(found, [config], |handler| {
        async |[config], diags| {
            validate(handler, &config, diags);
            R::default()
        }
    })
    .await
}

/// A result for Terraform: none after an error.
fn result(value: &Value, ty: &Type, diags: &mut Diagnostics) -> Option<pb::DynamicValue> {
    if diags.has_errors() {
        None
    } else {
        wire::encode(value, ty, diags)
    }
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
            resources: self
                .resources
                .names()
                .map(|type_name| ResourceMetadata { type_name })
                .collect(),
            data_sources: self
                .data_sources
                .names()
                .map(|type_name| DataSourceMetadata { type_name })
                .collect(),
            ephemeral_resources: self
                .ephemeral_resources
                .names()
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
            resource_schemas: self.resources.schemas(),
            data_source_schemas: self.data_sources.schemas(),
            ephemeral_resource_schemas: self.ephemeral_resources.schemas(),
            server_capabilities: Some(Self::capabilities()),
            ..Default::default()
        }))
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> Answer<pb::validate_provider_config::Response> {
        let request = request.into_inner();
        validated(
            self.provider(),
            request.config.as_ref(),
            ProviderHandler::validate,
        )
        .await
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> Answer<pb::validate_resource_config::Response> {
        let request = request.into_inner();
        let client = wire::client_capabilities(request.client_capabilities.as_ref());
        let found = self.resources.get(&request.type_name);
        validated(found, request.config.as_ref(), |r, config, diags| {
            r.validate(config, client, diags)
        })
        .await
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> Answer<pb::validate_data_resource_config::Response> {
        let request = request.into_inner();
        let found = self.data_sources.get(&request.type_name);
        validated(found, request.config.as_ref(), ConfigHandler::validate).await
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Answer<pb::upgrade_resource_state::Response> {
        let request = request.into_inner();
        let raw = request.raw_state.map(|raw| raw.json).unwrap_or_default();
        let found = self.resources.get(&request.type_name);
        dispatch(found, [], |r| {
            async |[], diags| {
                let state = r.upgrade(request.version, &raw, diags);
                pb::upgrade_resource_state::Response {
                    upgraded_state: result(&state, r.value_type(), diags),
                    ..Default::default()
                }
            }
        })
        .await
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> Answer<pb::configure_provider::Response> {
        let request = request.into_inner();
        dispatch(self.provider(), [request.config.as_ref()], |p| {
            async |[config], diags| {
                p.configure(&config, diags).await;
                Default::default()
            }
        })
        .await
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Answer<pb::read_resource::Response> {
        let request = request.into_inner();
        let found = self.resources.get(&request.type_name);
        dispatch(found, [request.current_state.as_ref()], |r| {
            async |[state], diags| {
                let ctx = self.ctx(&request.private);
                let new_state = r.read(&ctx, state, diags).await;
                pb::read_resource::Response {
                    new_state: wire::encode(&new_state, r.value_type(), diags),
                    private: ctx.into_private().to_bytes(),
                    ..Default::default()
                }
            }
        })
        .await
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Answer<pb::plan_resource_change::Response> {
        let request = request.into_inner();
        let found = self.resources.get(&request.type_name);
        let values = [
            request.prior_state.as_ref(),
            request.proposed_new_state.as_ref(),
            request.config.as_ref(),
        ];
        dispatch(found, values, |r| {
            async |[prior, proposed, config], diags| {
                let ctx = self.ctx(&request.prior_private);
                let plan = r.plan(&ctx, prior, proposed, config, diags).await;
                pb::plan_resource_change::Response {
                    planned_state: wire::encode(&plan.state, r.value_type(), diags),
                    requires_replace: plan.requires_replace.iter().map(wire::path).collect(),
                    planned_private: ctx.into_private().to_bytes(),
                    ..Default::default()
                }
            }
        })
        .await
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Answer<pb::apply_resource_change::Response> {
        let request = request.into_inner();
        let found = self.resources.get(&request.type_name);
        let values = [
            request.prior_state.as_ref(),
            request.planned_state.as_ref(),
            request.config.as_ref(),
        ];
        dispatch(found, values, |r| {
            async |[prior, planned, config], diags| {
                let ctx = self.ctx(&request.planned_private);
                let new_state = r.apply(&ctx, prior, planned, config, diags).await;
                pb::apply_resource_change::Response {
                    new_state: wire::encode(&new_state, r.value_type(), diags),
                    private: ctx.into_private().to_bytes(),
                    ..Default::default()
                }
            }
        })
        .await
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Answer<pb::import_resource_state::Response> {
        use pb::import_resource_state::{ImportedResource, Response};
        let request = request.into_inner();
        let found = self.resources.get(&request.type_name);
        dispatch(found, [], |r| {
            async |[], diags| {
                let ctx = self.ctx(&[]);
                let state = r.import(&ctx, &request.id, diags).await;
                let mut response = Response::default();
                if !diags.has_errors() && !state.is_null() {
                    response.imported_resources.push(ImportedResource {
                        type_name: request.type_name.clone(),
                        state: wire::encode(&state, r.value_type(), diags),
                        private: ctx.into_private().to_bytes(),
                    });
                }
                response
            }
        })
        .await
    }

    async fn move_resource_state(
        &self,
        request: Request<pb::move_resource_state::Request>,
    ) -> Answer<pb::move_resource_state::Response> {
        let request = request.into_inner();
        let raw = request.source_state.map(|raw| raw.json).unwrap_or_default();
        let source = MovedSource {
            provider: &request.source_provider_address,
            type_name: &request.source_type_name,
            schema_version: request.source_schema_version,
            state: &raw,
        };
        let found = self.resources.get(&request.target_type_name);
        dispatch(found, [], |r| {
            async |[], diags| {
                let state = r.move_from(source, diags);
                // The source's private bytes belong to its own type: the moved object
                // starts without any.
                pb::move_resource_state::Response {
                    target_state: result(&state, r.value_type(), diags),
                    ..Default::default()
                }
            }
        })
        .await
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Answer<pb::read_data_source::Response> {
        let request = request.into_inner();
        let found = self.data_sources.get(&request.type_name);
        dispatch(found, [request.config.as_ref()], |d| {
            async |[config], diags| {
                let state = d.answer(&self.ctx(&[]), config, diags).await;
                pb::read_data_source::Response {
                    state: result(&state, d.value_type(), diags),
                    ..Default::default()
                }
            }
        })
        .await
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> Answer<pb::validate_ephemeral_resource_config::Response> {
        let request = request.into_inner();
        let found = self.ephemeral_resources.get(&request.type_name);
        validated(found, request.config.as_ref(), ConfigHandler::validate).await
    }

    async fn open_ephemeral_resource(
        &self,
        request: Request<pb::open_ephemeral_resource::Request>,
    ) -> Answer<pb::open_ephemeral_resource::Response> {
        let request = request.into_inner();
        let found = self.ephemeral_resources.get(&request.type_name);
        dispatch(found, [request.config.as_ref()], |e| {
            async |[config], diags| {
                let ctx = self.ctx(&[]);
                let opened = e.answer(&ctx, config, diags).await;
                pb::open_ephemeral_resource::Response {
                    result: result(&opened, e.value_type(), diags),
                    // Even after an error: whatever was opened must reach close.
                    private: Some(ctx.into_private().to_bytes()),
                    ..Default::default()
                }
            }
        })
        .await
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
        let found = self.ephemeral_resources.get(&request.type_name);
        dispatch(found, [], |e| {
            async |[], diags| {
                let ctx = self.ctx(request.private.as_deref().unwrap_or_default());
                e.close(&ctx, diags).await;
                Default::default()
            }
        })
        .await
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
