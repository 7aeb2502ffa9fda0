//! Serde for the models whose attribute names come from their kind (`role_id`, `roles`):
//! derive cannot name those, so each such model says where the value of each attribute
//! lives, and these two functions turn it into the struct its schema expects and back.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A model whose attributes are all of one type and named at run time.
pub trait KindFields: Default {
    type Value;
    /// The struct's name: its Terraform type.
    const TYPE_NAME: &'static str;
    /// The value of attribute `field`.
    fn value(&self, field: &str) -> &Self::Value;
    fn value_mut(&mut self, field: &str) -> &mut Self::Value;
}

/// Serializes the attributes `fields` of `model` as a struct.
pub fn serialize<M, S>(model: &M, fields: &[&'static str], serializer: S) -> Result<S::Ok, S::Error>
where
    M: KindFields<Value: Serialize>,
    S: Serializer,
{
    let mut object = serializer.serialize_struct(M::TYPE_NAME, fields.len())?;
    for &field in fields {
        object.serialize_field(field, model.value(field))?;
    }
    object.end()
}

/// Deserializes a struct of the attributes `fields`; the model's others stay as they are
/// by default.
pub fn deserialize<'de, M, D>(
    fields: &'static [&'static str],
    deserializer: D,
) -> Result<M, D::Error>
where
    M: KindFields<Value: Deserialize<'de>>,
    D: Deserializer<'de>,
{
    struct Fields<M> {
        fields: &'static [&'static str],
        model: PhantomData<M>,
    }

    impl<'de, M: KindFields<Value: Deserialize<'de>>> Visitor<'de> for Fields<M> {
        type Value = M;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the attributes of {}", M::TYPE_NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
            let mut model = M::default();
            while let Some(field) = map.next_key::<String>()? {
                if !self.fields.contains(&field.as_str()) {
                    return Err(de::Error::unknown_field(&field, self.fields));
                }
                *model.value_mut(&field) = map.next_value()?;
            }
            Ok(model)
        }
    }

    let visitor = Fields {
        fields,
        model: PhantomData,
    };
    deserializer.deserialize_struct(M::TYPE_NAME, fields, visitor)
}

/// Serde for `$model<K>` through [`serialize`] and [`deserialize`], with the attributes
/// `$fields` (a `&'static` slice).
macro_rules! serde_by_fields {
    ($model:ident<$k:ident: $bound:path>, $fields:expr) => {
        impl<$k: $bound> serde::Serialize for $model<$k> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::provider::machinery::kind_fields::serialize(self, $fields, serializer)
            }
        }

        impl<'de, $k: $bound> serde::Deserialize<'de> for $model<$k> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::provider::machinery::kind_fields::deserialize($fields, deserializer)
            }
        }
    };
}
pub(crate) use serde_by_fields;

/// [`KindFields`] and serde for `$model<K>`, whose attributes `$fields` are all
/// `Attr<String>`: each named attribute lives in the field it names, and the one left
/// (named after the kind, such as `role_id`) in `$other`.
macro_rules! string_fields {
    ($model:ident<$k:ident: $bound:path>, $fields:expr, { $($name:literal => $field:ident),* ; _ => $other:ident }) => {
        impl<$k: $bound> $crate::provider::machinery::kind_fields::KindFields for $model<$k> {
            type Value = $crate::tf::Attr<String>;
            const TYPE_NAME: &'static str = $k::TYPE_NAME;

            fn value(&self, field: &str) -> &Self::Value {
                match field {
                    $($name => &self.$field,)*
                    _ => &self.$other,
                }
            }

            fn value_mut(&mut self, field: &str) -> &mut Self::Value {
                match field {
                    $($name => &mut self.$field,)*
                    _ => &mut self.$other,
                }
            }
        }

        $crate::provider::machinery::kind_fields::serde_by_fields!($model<$k: $bound>, $fields);
    };
}
pub(crate) use string_fields;
