//! Resources and data sources as the gRPC service drives them: values in, values out.
//! This is where models meet values, and where the protocol's policies live: the order of
//! the plan rules, what a failed read or delete keeps, what an apply may return, and how
//! a stored state is upgraded. No protocol messages here.

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::future::BoxFuture;

use super::call;
use super::diagnostics::Diagnostics;
use super::json;
use super::model::{self, Model};
use super::path::Path;
use super::plan::{Plan, apply_schema_rules, replaced_paths};
use super::resource::{Ctx, DataSource, EphemeralResource, MovedState, Resource};
use super::schema::Schema;
use super::types::Type;
use super::value::Value;

/// What the Terraform CLI at the other end can do, as its requests say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientCapabilities {
    /// Terraform 1.11 and later: write-only attributes come in configuration and are kept
    /// out of plans and state.
    pub write_only_attributes: bool,
}

/// A planned state, with the paths whose change replaces the object.
pub struct Planned {
    pub state: Value,
    pub requires_replace: Vec<Path>,
}

/// What every handler, the provider's included, holds: its schema, and the type of the
/// values it takes and gives.
pub trait HasSchema {
    fn schema(&self) -> &Schema;
    fn value_type(&self) -> &Type;
    /// Whether the typed model fits the schema, field for field.
    fn check_model(&self) -> Result<(), model::Error>;
}

#[async_trait]
pub trait ResourceHandler: HasSchema + Send + Sync {
    fn type_name(&self) -> &'static str;
    fn validate(&self, config: &Value, client: ClientCapabilities, diags: &mut Diagnostics);
    async fn plan(
        &self,
        ctx: &Ctx,
        prior: Value,
        proposed: Value,
        config: Value,
        diags: &mut Diagnostics,
    ) -> Planned;
    /// Creates, updates or deletes; `config` holds what only configuration carries (the
    /// write-only attributes), null on delete.
    async fn apply(
        &self,
        ctx: &Ctx,
        prior: Value,
        planned: Value,
        config: Value,
        diags: &mut Diagnostics,
    ) -> Value;
    async fn read(&self, ctx: &Ctx, state: Value, diags: &mut Diagnostics) -> Value;
    /// The imported state, or null when nothing was imported.
    async fn import(&self, ctx: &Ctx, id: &str, diags: &mut Diagnostics) -> Value;
    /// A stored state (raw JSON) of schema version `version`, in the current shape.
    fn upgrade(&self, version: i64, raw: &[u8], diags: &mut Diagnostics) -> Value;
    /// This type's state for an object that a `moved` block brings from `source`'s type;
    /// `source.state` is the stored JSON. Null after an error.
    fn move_from(&self, source: MovedSource<'_>, diags: &mut Diagnostics) -> Value;
}

/// Where a moved object's state comes from, as Terraform sends it.
pub struct MovedSource<'a> {
    pub provider: &'a str,
    pub type_name: &'a str,
    pub schema_version: i64,
    /// The stored state: JSON.
    pub state: &'a [u8],
}

/// A data source or an ephemeral resource as the service drives it: a configuration in,
/// a result out.
#[async_trait]
pub trait ConfigHandler: HasSchema + Send + Sync {
    fn type_name(&self) -> &'static str;
    fn validate(&self, config: &Value, diags: &mut Diagnostics);
    /// A data source's value or an ephemeral resource's result, or null after an error.
    async fn answer(&self, ctx: &Ctx, config: Value, diags: &mut Diagnostics) -> Value;
}

/// A data source as the service drives it: its answer is its read.
pub trait DataSourceHandler: ConfigHandler {}

/// An ephemeral resource as the service drives it: its answer opens it, and `close`
/// releases what that made.
#[async_trait]
pub trait EphemeralResourceHandler: ConfigHandler {
    async fn close(&self, ctx: &Ctx, diags: &mut Diagnostics);
}

/// Serves `resource`.
pub fn resource<R: Resource>(resource: R) -> Arc<dyn ResourceHandler> {
    Arc::new(Served::new(R::schema(), resource, model::check::<R::Model>))
}

/// Serves `data_source`.
pub fn data_source<D: DataSource>(data_source: D) -> Arc<dyn DataSourceHandler> {
    let read: Answer<D, D::Model> = |data_source, call| data_source.read(call);
    Answering::serve(D::schema(), data_source, D::TYPE_NAME, D::validate, read)
}

/// Serves `ephemeral`.
pub fn ephemeral_resource<E: EphemeralResource>(ephemeral: E) -> Arc<dyn EphemeralResourceHandler> {
    let open: Answer<E, E::Model> = |ephemeral, call| ephemeral.open(call);
    Answering::serve(E::schema(), ephemeral, E::TYPE_NAME, E::validate, open)
}

/// A data source or an ephemeral resource, with what tells them apart: the name, and the
/// operations that check and answer a configuration.
pub(crate) struct Answering<T, M> {
    object: T,
    type_name: &'static str,
    check: fn(&T, &M, &mut Diagnostics),
    answer: Answer<T, M>,
}

/// How a data source reads, or an ephemeral resource opens.
type Answer<T, M> = for<'a> fn(&'a T, call::Configured<'a, M>) -> BoxFuture<'a, Option<M>>;

impl<T, M: Model> Answering<T, M> {
    fn serve(
        schema: Schema,
        object: T,
        type_name: &'static str,
        check: fn(&T, &M, &mut Diagnostics),
        answer: Answer<T, M>,
    ) -> Arc<Served<Self>> {
        let answering = Answering {
            object,
            type_name,
            check,
            answer,
        };
        Arc::new(Served::new(schema, answering, model::check::<M>))
    }
}

/// A provider, resource, data source or ephemeral resource with its schema, built once.
pub(crate) struct Served<T> {
    pub(crate) schema: Schema,
    pub(crate) ty: Type,
    pub(crate) inner: T,
    /// Checks the typed model against the schema.
    check: fn(&Schema) -> Result<(), model::Error>,
}

impl<T> Served<T> {
    pub(crate) fn new(
        schema: Schema,
        inner: T,
        check: fn(&Schema) -> Result<(), model::Error>,
    ) -> Served<T> {
        Served {
            ty: schema.value_type(),
            schema,
            inner,
            check,
        }
    }

    /// The schema's validators, then `check` on the configuration's model.
    pub(crate) fn validate_with<M: Model>(
        &self,
        config: &Value,
        diags: &mut Diagnostics,
        check: impl FnOnce(&T, &M, &mut Diagnostics),
    ) {
        let mut invalid = Diagnostics::new();
        self.schema
            .block
            .validate(config, &Path::root(), &mut invalid);
        let mut refused = Diagnostics::new();
        let model = model_of(config, &mut refused);
        // The model refuses again what a validator refused: say it once.
        let said: Vec<_> = invalid.iter().filter_map(|d| d.attribute.clone()).collect();
        diags.extend(invalid);
        for diagnostic in refused {
            if diagnostic
                .attribute
                .as_ref()
                .is_none_or(|path| !said.contains(path))
            {
                diags.push(diagnostic);
            }
        }
        if let Some(config) = model {
            check(&self.inner, &config, diags);
        }
    }
}

impl<T> HasSchema for Served<T> {
    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn value_type(&self) -> &Type {
        &self.ty
    }

    fn check_model(&self) -> Result<(), model::Error> {
        (self.check)(&self.schema)
    }
}

/// The model held by `value`. A value that the model refuses, which a configuration can
/// hold, is an error on its attribute; a value that does not fit the model's shape is the
/// provider's bug.
pub(crate) fn model_of<M: Model>(value: &Value, diags: &mut Diagnostics) -> Option<M> {
    if value.is_null() {
        return None;
    }
    model::from_value(value)
        .map_err(|error| match error.refused_at() {
            Some(path) => diags.attribute_error(
                path.clone(),
                format!("Invalid value for {path}"),
                error.message(),
            ),
            None => diags.error(
                "Provider model does not fit the value",
                format!("This is a bug in the provider: {error}."),
            ),
        })
        .ok()
}

/// The value of `model`; a model that does not fit its schema is the provider's bug.
pub(crate) fn value_of<M: Model>(model: Option<&M>, ty: &Type, diags: &mut Diagnostics) -> Value {
    let Some(model) = model else {
        return Value::Null;
    };
    model::to_value(model, ty).unwrap_or_else(|error| {
        diags.error(
            "Provider model does not fit its schema",
            format!("This is a bug in the provider: {error}."),
        );
        Value::Null
    })
}

#[async_trait]
impl<R: Resource> ResourceHandler for Served<R> {
    fn type_name(&self) -> &'static str {
        R::TYPE_NAME
    }

    fn validate(&self, config: &Value, client: ClientCapabilities, diags: &mut Diagnostics) {
        if !client.write_only_attributes {
            self.refuse_write_only(config, diags);
        }
        self.validate_with(config, diags, R::validate);
    }

    async fn plan(
        &self,
        ctx: &Ctx,
        prior: Value,
        proposed: Value,
        config: Value,
        diags: &mut Diagnostics,
    ) -> Planned {
        let block = &self.schema.block;
        let mut planned = apply_schema_rules(block, &prior, proposed, &config);
        block.null_write_only(&mut planned);
        let replace = if prior.is_null() || planned.is_null() {
            Vec::new()
        } else {
            replaced_paths(block, &prior, &planned)
        };
        let mut misfit = Diagnostics::new();
        let models = (
            model_of(&prior, &mut misfit),
            model_of(&config, &mut misfit),
            model_of(&planned, &mut misfit),
        );
        if misfit.has_errors() {
            diags.extend(misfit);
            return Planned {
                state: planned,
                requires_replace: replace,
            };
        }
        let refined_from = models.2.clone();
        let mut plan = Plan::new(models.0, models.1, models.2, replace);
        self.inner
            .modify_plan(call::ModifyPlan {
                ctx,
                plan: &mut plan,
                diags,
            })
            .await;
        let requires_replace = plan.requires_replace().to_vec();
        let refined = plan.into_planned();
        // An untouched plan keeps its value as Terraform proposed it, partial unknowns and all.
        let state = if refined == refined_from {
            planned
        } else {
            self.stored(refined.as_ref(), diags)
        };
        Planned {
            state,
            requires_replace,
        }
    }

    async fn apply(
        &self,
        ctx: &Ctx,
        prior: Value,
        planned: Value,
        config: Value,
        diags: &mut Diagnostics,
    ) -> Value {
        if planned.is_null() {
            return self.delete(ctx, prior, diags).await;
        }
        let mut misfit = Diagnostics::new();
        let models = (
            model_of::<R::Model>(&prior, &mut misfit),
            model_of::<R::Model>(&planned, &mut misfit),
            model_of::<R::Model>(&config, &mut misfit),
        );
        let (prior_model, Some(planned), config) = models else {
            diags.extend(misfit);
            return prior;
        };
        if misfit.has_errors() {
            diags.extend(misfit);
            return prior;
        }
        let config = config.unwrap_or_default();
        match prior_model {
            None => {
                let created = self
                    .inner
                    .create(call::Create {
                        ctx,
                        planned: &planned,
                        config: &config,
                        diags,
                    })
                    .await;
                self.applied(created.as_ref(), diags)
            }
            Some(prior_model) => {
                let update = call::Update {
                    ctx,
                    prior: &prior_model,
                    planned: &planned,
                    config: &config,
                    diags,
                };
                let updated = self.inner.update(update).await;
                self.applied(Some(&updated), diags)
            }
        }
    }

    async fn read(&self, ctx: &Ctx, state: Value, diags: &mut Diagnostics) -> Value {
        let Some(model) = model_of::<R::Model>(&state, diags) else {
            return state;
        };
        let current = self
            .inner
            .read(call::Read {
                ctx,
                state: &model,
                diags,
            })
            .await;
        let current = self.stored(current.as_ref(), diags);
        // On a failed read the prior state stands, so nothing is dropped by accident.
        if diags.has_errors() { state } else { current }
    }

    async fn import(&self, ctx: &Ctx, id: &str, diags: &mut Diagnostics) -> Value {
        let imported = self.inner.import(call::Import { ctx, id, diags }).await;
        if diags.has_errors() {
            return Value::Null;
        }
        self.stored(imported.as_ref(), diags)
    }

    fn upgrade(&self, version: i64, raw: &[u8], diags: &mut Diagnostics) -> Value {
        let current = self.schema.version;
        if version > current {
            diags.error(
                "State written by a newer provider",
                format!(
                    "This state has schema version {version}, but this provider knows versions up to {current}. Upgrade the provider."
                ),
            );
            return Value::Null;
        }
        let Some(mut state) = stored_json(raw, diags) else {
            return Value::Null;
        };
        if version < current {
            state = self.inner.upgrade_state(version, state, diags);
        }
        let bytes = serde_json::to_vec(&state).expect("JSON values always serialize");
        let mut state = json::decode_lenient(&bytes, &self.ty).unwrap_or_else(|error| {
            diags.error(
                "Unreadable state",
                format!("The stored state does not fit the schema: {error}."),
            );
            Value::Null
        });
        self.schema.block.null_write_only(&mut state);
        state
    }

    fn move_from(&self, source: MovedSource<'_>, diags: &mut Diagnostics) -> Value {
        let Some(state) = stored_json(source.state, diags) else {
            return Value::Null;
        };
        let source = MovedState {
            provider: source.provider.to_owned(),
            type_name: source.type_name.to_owned(),
            schema_version: source.schema_version,
            state,
        };
        let moved = self.inner.move_state(&source, diags);
        if diags.has_errors() {
            return Value::Null;
        }
        let Some(moved) = moved else {
            let target = R::TYPE_NAME;
            diags.error(
                format!("Cannot move {} to {target}", source.type_name),
                format!(
                    "{target} takes no state from {} (schema version {}) of {}. Remove the \
                     moved block, and import the object into {target} instead.",
                    source.type_name, source.schema_version, source.provider
                ),
            );
            return Value::Null;
        };
        let state = value_of(Some(&moved), &self.ty, diags);
        if !diags.has_errors() && !state.is_wholly_known() {
            diags.error(
                "Provider left values unknown in a moved state",
                format!(
                    "This is a bug in the provider: {} left {} unknown.",
                    R::TYPE_NAME,
                    unknown_paths(&state).join(", ")
                ),
            );
            return Value::Null;
        }
        state
    }
}

/// A stored state's JSON; `None`, with an error, when it is not JSON.
fn stored_json(raw: &[u8], diags: &mut Diagnostics) -> Option<serde_json::Value> {
    serde_json::from_slice(raw)
        .map_err(|error| {
            diags.error(
                "Unreadable state",
                format!("The stored state is not valid JSON: {error}."),
            )
        })
        .ok()
}

impl<R: Resource> Served<R> {
    /// The value of a model that goes into a plan or the state: write-only attributes are
    /// null there, whatever the resource left in them.
    fn stored(&self, model: Option<&R::Model>, diags: &mut Diagnostics) -> Value {
        let mut value = value_of(model, &self.ty, diags);
        self.schema.block.null_write_only(&mut value);
        value
    }

    /// Errors for the write-only attributes that the configuration sets, for a Terraform
    /// that would keep them in its plan and state (one older than 1.11).
    fn refuse_write_only(&self, config: &Value, diags: &mut Diagnostics) {
        for (path, attribute) in self.schema.block.write_only_values(config) {
            let instead = attribute
                .write_only_fallback
                .as_ref()
                .map(|fallback| {
                    format!(
                        ", or set `{fallback}` instead, which this Terraform supports (its value \
                         is then kept in the state)"
                    )
                })
                .unwrap_or_default();
            diags.attribute_error(
                path,
                format!("`{}` needs Terraform 1.11 or later", attribute.name),
                format!(
                    "`{}` is a write-only attribute: Terraform 1.11 and later pass it to the \
                     provider without keeping it in the plan or the state. This version of \
                     Terraform does not know write-only attributes and would store the value, so \
                     the configuration is refused. Upgrade Terraform to 1.11 or later{instead}.",
                    attribute.name
                ),
            );
        }
    }
    async fn delete(&self, ctx: &Ctx, prior: Value, diags: &mut Diagnostics) -> Value {
        let Some(model) = model_of::<R::Model>(&prior, diags) else {
            return prior;
        };
        self.inner
            .delete(call::Delete {
                ctx,
                prior: &model,
                diags,
            })
            .await;
        // A failed delete keeps the object in state.
        if diags.has_errors() {
            prior
        } else {
            Value::Null
        }
    }

    /// The state after a create or update. Terraform rejects unknown values after apply:
    /// where a step failed, what it left unknown is recorded as not set; a successful
    /// apply that leaves any unknown is the provider's bug, and said so.
    fn applied(&self, model: Option<&R::Model>, diags: &mut Diagnostics) -> Value {
        let state = self.stored(model, diags);
        if !diags.has_errors() && !state.is_wholly_known() {
            diags.error(
                "Provider left values unknown after apply",
                format!(
                    "This is a bug in the provider: {} returned unknown values for {} after a \
                     successful apply.",
                    R::TYPE_NAME,
                    unknown_paths(&state).join(", ")
                ),
            );
        }
        state.unknowns_to_null()
    }
}

/// The paths of the unknown values in `value`.
fn unknown_paths(value: &Value) -> Vec<String> {
    fn walk(value: &Value, path: Path, found: &mut Vec<String>) {
        match value {
            Value::Unknown => found.push(path.to_string()),
            Value::Object(entries) => {
                for (name, inner) in entries {
                    walk(inner, path.then_attr(name), found);
                }
            }
            Value::Map(entries) => {
                for (key, inner) in entries {
                    walk(inner, path.then_key(key), found);
                }
            }
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
                for (i, inner) in items.iter().enumerate() {
                    walk(inner, path.then_index(i), found);
                }
            }
            Value::Dynamic(_, inner) => walk(inner, path, found),
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(value, Path::root(), &mut found);
    found
}

#[async_trait]
impl<T: Send + Sync, M: Model> ConfigHandler for Served<Answering<T, M>> {
    fn type_name(&self) -> &'static str {
        self.inner.type_name
    }

    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        self.validate_with(
            config,
            diags,
            |answering: &Answering<T, M>, config, diags| {
                (answering.check)(&answering.object, config, diags)
            },
        );
    }

    /// The result must be known everywhere; one with unknown values is the provider's bug.
    async fn answer(&self, ctx: &Ctx, config: Value, diags: &mut Diagnostics) -> Value {
        let Some(config) = model_of::<M>(&config, diags) else {
            return Value::Null;
        };
        let configured = call::Configured {
            ctx,
            config: &config,
            diags,
        };
        let result = (self.inner.answer)(&self.inner.object, configured).await;
        if diags.has_errors() {
            return Value::Null;
        }
        let result = value_of(result.as_ref(), &self.ty, diags);
        if result.is_wholly_known() {
            return result;
        }
        diags.error(
            "Provider left values unknown in a result",
            format!(
                "This is a bug in the provider: {} returned unknown values for {}.",
                self.inner.type_name,
                unknown_paths(&result).join(", ")
            ),
        );
        Value::Null
    }
}

impl<D: DataSource<Model = M>, M: Model> DataSourceHandler for Served<Answering<D, M>> {}

#[async_trait]
impl<E: EphemeralResource<Model = M>, M: Model> EphemeralResourceHandler
    for Served<Answering<E, M>>
{
    async fn close(&self, ctx: &Ctx, diags: &mut Diagnostics) {
        self.inner.object.close(ctx, diags).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::stubs::{Leaky, Widget};

    async fn create(name: &str) -> (Value, Diagnostics) {
        let planned = Value::object([("name", Value::from(name)), ("id", Value::Unknown)]);
        let mut diags = Diagnostics::new();
        let state = resource(Widget)
            .apply(
                &Ctx::default(),
                Value::Null,
                planned,
                Value::Null,
                &mut diags,
            )
            .await;
        (state, diags)
    }

    #[tokio::test]
    async fn unknown_values_after_a_successful_apply_are_a_provider_bug() {
        let (state, diags) = create("ok").await;
        let errors: Vec<_> = diags.iter().map(|d| (&d.summary, &d.detail)).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "Provider left values unknown after apply");
        assert!(errors[0].1.contains("stub_widget") && errors[0].1.contains("id"));
        assert!(
            state.is_wholly_known(),
            "Terraform gets no unknowns: {state:?}"
        );
    }

    fn moved_from(type_name: &str, state: &str) -> (Value, Diagnostics) {
        let mut diags = Diagnostics::new();
        let source = MovedSource {
            provider: "registry.terraform.io/someone/old",
            type_name,
            schema_version: 0,
            state: state.as_bytes(),
        };
        let moved = resource(Widget).move_from(source, &mut diags);
        (moved, diags)
    }

    #[test]
    fn a_move_is_refused_by_default_naming_both_types_and_the_way_out() {
        let (moved, diags) = moved_from("old_widget", r#"{"id":"1"}"#);
        assert_eq!(moved, Value::Null);
        let errors: Vec<_> = diags.iter().collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].summary, "Cannot move old_widget to stub_widget");
        assert!(
            errors[0]
                .detail
                .contains("registry.terraform.io/someone/old")
        );
        assert!(errors[0].detail.contains("import"));
    }

    #[test]
    fn a_moved_state_that_is_not_json_is_an_error() {
        let (moved, diags) = moved_from("old_widget", "{not json");
        assert_eq!(moved, Value::Null);
        assert_eq!(diags.iter().next().unwrap().summary, "Unreadable state");
    }

    #[tokio::test]
    async fn unknown_values_after_a_failed_apply_are_recorded_as_not_set() {
        let (state, diags) = create("fail").await;
        let summaries: Vec<_> = diags.iter().map(|d| d.summary.as_str()).collect();
        assert_eq!(summaries, ["Create failed"]);
        assert_eq!(
            state,
            Value::object([("name", Value::from("fail")), ("id", Value::Null)])
        );
    }

    fn leaky(token_wo: Value, seen: Value) -> Value {
        Value::object([
            ("token", Value::Null),
            ("token_wo", token_wo),
            ("seen", seen),
        ])
    }

    #[test]
    fn write_only_values_need_a_terraform_that_allows_them() {
        let handler = resource(Leaky);
        let config = leaky("s3cr3t".into(), Value::Null);
        let old = ClientCapabilities::default();
        let mut diags = Diagnostics::new();
        handler.validate(&config, old, &mut diags);
        let errors: Vec<_> = diags.iter().collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].summary,
            "`token_wo` needs Terraform 1.11 or later"
        );
        assert_eq!(errors[0].attribute, Some(Path::attr("token_wo")));
        assert!(
            errors[0].detail.contains("set `token` instead"),
            "{}",
            errors[0].detail
        );
        assert!(!errors[0].detail.contains("s3cr3t"));

        for (config, client) in [
            (leaky(Value::Null, Value::Null), old),
            (
                config.clone(),
                ClientCapabilities {
                    write_only_attributes: true,
                },
            ),
        ] {
            let mut diags = Diagnostics::new();
            handler.validate(&config, client, &mut diags);
            assert!(
                diags.is_empty(),
                "{config:?}: {:?}",
                diags.iter().collect::<Vec<_>>()
            );
        }
        let mut diags = Diagnostics::new();
        handler.validate(&leaky(Value::Unknown, Value::Null), old, &mut diags);
        assert!(
            diags.has_errors(),
            "a value known only later is set all the same"
        );
    }

    #[tokio::test]
    async fn write_only_values_reach_create_and_update_but_no_plan_or_state() {
        let handler = resource(Leaky);
        let ctx = Ctx::default();
        let config = leaky("s3cr3t".into(), Value::Null);
        let mut diags = Diagnostics::new();
        let proposed = leaky("s3cr3t".into(), Value::Null);
        let planned = handler
            .plan(&ctx, Value::Null, proposed, config.clone(), &mut diags)
            .await;
        assert_eq!(planned.state, leaky(Value::Null, Value::Unknown));

        let created = handler
            .apply(&ctx, Value::Null, planned.state, config.clone(), &mut diags)
            .await;
        assert_eq!(created, leaky(Value::Null, "s3cr3t".into()));
        let updated = handler
            .apply(
                &ctx,
                created.clone(),
                leaky(Value::Null, Value::Unknown),
                leaky("n3w".into(), Value::Null),
                &mut diags,
            )
            .await;
        assert_eq!(updated, leaky(Value::Null, "n3w".into()));

        let read = handler.read(&ctx, updated, &mut diags).await;
        assert_eq!(read.attr("token_wo"), &Value::Null);
        let imported = handler.import(&ctx, "an-id", &mut diags).await;
        assert_eq!(imported.attr("token_wo"), &Value::Null);
        let upgraded = handler.upgrade(0, br#"{"token_wo": "old"}"#, &mut diags);
        assert_eq!(upgraded.attr("token_wo"), &Value::Null);
        assert!(diags.is_empty(), "{:?}", diags.iter().collect::<Vec<_>>());
    }
}
