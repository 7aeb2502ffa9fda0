//! The Terraform plugin protocol's data model: types, values, codecs, schemas,
//! diagnostics, typed models, the traits that resources and data sources implement, the
//! plan rules, and the gRPC service that dispatches to them.
//!
//! Layers inside, each knowing only those after it: `server` and `wire` (the only files
//! that touch protocol messages) → `handler` and `provider` (values meet models; the
//! protocol's policies) → `resource`, `call`, `plan`, `model` (what resources see) → `value`,
//! `types`, `schema`, `path`, `diagnostics`.

pub mod attr;
pub mod call;
mod codec;
pub mod diagnostics;
pub mod handler;
pub mod import_id;
pub mod json;
pub mod model;
pub mod msgpack;
pub mod number;
pub mod path;
pub mod plan;
pub mod private;
pub mod provider;
pub mod resource;
pub mod schema;
pub mod server;
#[cfg(test)]
pub(crate) mod stubs;
pub mod timeouts;
pub mod types;
pub mod validators;
pub mod value;
mod wire;

pub use attr::Attr;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use handler::{DataSourceHandler, EphemeralResourceHandler, ResourceHandler};
pub use model::Model;
pub use number::Number;
pub use path::{Path, Step};
pub use plan::{Change, Plan};
pub use provider::{Provider, ProviderHandler};
pub use resource::{Ctx, DataSource, EphemeralResource, MovedState, Resource};
pub use schema::{Attribute, Block, NestedBlock, Nesting, Schema};
pub use timeouts::{Elapsed, Operation, Timeouts, TimeoutsSpec};
pub use types::Type;
pub use value::Value;
