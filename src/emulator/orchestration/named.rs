//! Kinds whose objects are an id, a name and a description: roles, groups and tenants.
//! Each declares itself with [`named_object!`]: its wire types and its [`Object`] impl,
//! which differ only in names.
//!
//! [`Object`]: super::objects::Object

use super::search::StringFilter;

/// A search filter of an object's id: an exact value, or (groups) a string filter.
pub trait IdFilter {
    fn admits(&self, id: &str) -> bool;
}

impl IdFilter for String {
    fn admits(&self, id: &str) -> bool {
        self == id
    }
}

impl IdFilter for StringFilter {
    fn admits(&self, id: &str) -> bool {
        self.matches(Some(id))
    }
}

/// Declares a named kind: its answer (`Role`), create body (`NewRole`), filter
/// (`RoleFilter`, whose id filter is `$id_filter`), sort fields (`Name`, and those that
/// sort by the id), and its `Object` impl.
macro_rules! named_object {
    (
        $kind:ident { $id:ident: $id_filter:ty },
        create: $new:ident, filter: $filter:ident, sort: $field:ident { $($by_id:ident),+ } $(,)?
    ) => {
        #[doc = concat!("A ", stringify!($kind), " as the API answers it.")]
        #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $kind {
            pub $id: String,
            pub name: String,
            /// `""` when none was given, as 8.8's records keep it; null only in state
            /// files written before (the API's description lets answers carry null).
            pub description: Option<String>,
        }

        #[doc = concat!("`", stringify!($kind), "CreateRequest`.")]
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $new {
            $id: String,
            name: String,
            description: Option<String>,
        }

        #[doc = concat!("`", stringify!($kind), "Filter`.")]
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $filter {
            $id: Option<$id_filter>,
            name: Option<String>,
        }

        #[derive(Clone, Copy, Debug, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub enum $field {
            Name,
            $($by_id),+
        }

        impl super::objects::Object for $kind {
            const KIND: super::store::Kind = super::store::Kind::$kind;
            type Create = $new;
            type Update = super::objects::Renaming;
            type Filter = $filter;
            type SortField = $field;

            fn id(&self) -> &str {
                &self.$id
            }

            fn create(body: $new) -> $crate::emulator::error::ApiResult<Self> {
                super::ids::check(Self::KIND, &body.$id)?;
                // A create may leave the description out: the record keeps it as "".
                let renaming = super::objects::Renaming {
                    name: body.name,
                    description: Some(body.description.unwrap_or_default()),
                };
                let (name, description) = renaming.checked()?;
                Ok(Self {
                    $id: body.$id,
                    name,
                    description: Some(description),
                })
            }

            fn update(
                &self,
                body: super::objects::Renaming,
            ) -> $crate::emulator::error::ApiResult<Self> {
                let (name, description) = body.checked()?;
                Ok(Self {
                    name,
                    description: Some(description),
                    ..self.clone()
                })
            }

            fn matches(&self, filter: &$filter) -> bool {
                use super::named::IdFilter;
                filter.$id.as_ref().is_none_or(|f| f.admits(&self.$id))
                    && super::search::equals(&filter.name, Some(&self.name))
            }

            fn sort_value(&self, field: $field) -> Option<&str> {
                Some(match field {
                    $field::Name => &self.name,
                    $($field::$by_id)|+ => &self.$id,
                })
            }
        }
    };
}
pub(super) use named_object;
