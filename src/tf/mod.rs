//! The Terraform plugin protocol's data model: types, values, codecs, schemas,
//! diagnostics, the traits that resources and data sources implement, the plan rules,
//! and the gRPC service that dispatches to them.

mod codec;
pub mod diagnostics;
pub mod json;
pub mod msgpack;
pub mod number;
pub mod path;
pub mod plan;
pub mod private;
pub mod provider;
pub mod resource;
pub mod schema;
pub mod server;
pub mod types;
pub mod validators;
pub mod value;
mod wire;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use number::Number;
pub use path::{Path, Step};
pub use plan::Plan;
pub use provider::Provider;
pub use resource::{Ctx, DataSource, Resource};
pub use schema::{Attribute, Block, NestedBlock, Nesting, Schema};
pub use types::Type;
pub use value::Value;
