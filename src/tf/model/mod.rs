//! Typed models: the serde structs that resources and data sources declare, converted to
//! and from protocol values here and nowhere else.
//!
//! - A model struct's fields are the schema's attributes and blocks, by name; the
//!   conversions check that both are the same set, and [`check`] proves it in a unit
//!   test before any user meets a mismatch.
//! - Fields that may be null or unknown are [`Attr`](super::Attr); a nested block that may
//!   be absent is an `Option`; results that are always known may be plain types.
//! - Serialization is guided by the schema's type, which decides between lists and
//!   sets, maps and objects.
//! - A struct maps to an object field by field; a map-like type (serialized as a map)
//!   onto an object type may leave attributes out, which then are null.

mod de;
mod error;
mod probe;
mod ser;
mod walk;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use error::Error;

use super::schema::Schema;
use super::types::Type;
use super::value::Value;

/// What a resource's or data source's model is.
pub trait Model:
    Serialize + DeserializeOwned + Default + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static
{
}

impl<T> Model for T where
    T: Serialize
        + DeserializeOwned
        + Default
        + Clone
        + std::fmt::Debug
        + PartialEq
        + Send
        + Sync
        + 'static
{
}

/// The value of `model` as a value of type `ty`.
pub fn to_value<T: Serialize + ?Sized>(model: &T, ty: &Type) -> Result<Value, Error> {
    model.serialize(ser::ValueSerializer::new(ty))
}

/// The model held by `value`.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    T::deserialize(de::ValueDeserializer::new(value))
}

/// The JSON of `model` as a stored state holds it, for a state upgrade that builds the
/// current model from an older shape.
pub fn to_state_json<T: Serialize>(
    model: &T,
    schema: &Schema,
) -> Result<serde_json::Value, String> {
    let ty = schema.value_type();
    let value = to_value(model, &ty).map_err(|error| error.to_string())?;
    super::json::to_json(&value, &ty).map_err(|error| error.to_string())
}

/// Whether model `T` has exactly the attributes and blocks of `schema`, at every depth
/// that a struct describes. For a unit test of each model.
pub fn check<T: DeserializeOwned>(schema: &Schema) -> Result<(), Error> {
    let ty = schema.value_type();
    T::deserialize(probe::Probe::new(&ty)).map(|_| ())
}

/// The path of a model's top-level attribute, checked by the compiler: `attr_path!(ClusterModel,
/// name)` does not build unless `ClusterModel` has a field `name`.
#[macro_export]
macro_rules! attr_path {
    ($model:ty, $field:ident) => {{
        let _field_exists = |model: &$model| {
            let _ = &model.$field;
        };
        $crate::tf::Path::attr(stringify!($field))
    }};
}

#[cfg(test)]
mod tests;
