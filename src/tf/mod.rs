//! The Terraform plugin protocol's data model: types, values, codecs, schemas,
//! diagnostics, and the traits that resources and data sources implement.

mod codec;
pub mod json;
pub mod msgpack;
pub mod number;
pub mod path;
pub mod types;
pub mod value;

pub use number::Number;
pub use path::{Path, Step};
pub use types::Type;
pub use value::Value;
