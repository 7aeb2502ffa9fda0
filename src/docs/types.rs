//! Type names as the Terraform Registry's documentation spells them.

use std::collections::BTreeMap;

use crate::tf::Type;

/// The reader-facing name of a type: `String`, `Boolean`, `List of String`, `Object`, ….
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Number => "Number".to_owned(),
        Type::Bool => "Boolean".to_owned(),
        Type::Dynamic => "Dynamic".to_owned(),
        Type::List(element) => format!("List of {}", type_name(element)),
        Type::Set(element) => format!("Set of {}", type_name(element)),
        Type::Map(element) => format!("Map of {}", type_name(element)),
        Type::Tuple(_) => "Tuple".to_owned(),
        Type::Object(_) => "Object".to_owned(),
    }
}

/// The attributes to spell out in a nested section: those of an object, or of the
/// objects a collection holds.
pub fn object_attributes(ty: &Type) -> Option<&BTreeMap<String, Type>> {
    match ty {
        Type::Object(attributes) => Some(attributes),
        Type::List(element) | Type::Set(element) | Type::Map(element) => match &**element {
            Type::Object(attributes) => Some(attributes),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_primitives_and_collections() {
        assert_eq!(type_name(&Type::String), "String");
        assert_eq!(type_name(&Type::Bool), "Boolean");
        assert_eq!(type_name(&Type::Number), "Number");
        assert_eq!(type_name(&Type::list(Type::String)), "List of String");
        assert_eq!(type_name(&Type::set(Type::String)), "Set of String");
        assert_eq!(type_name(&Type::map(Type::String)), "Map of String");
        assert_eq!(
            type_name(&Type::map(Type::list(Type::Number))),
            "Map of List of Number"
        );
    }

    #[test]
    fn objects_and_collections_of_objects_have_nested_attributes() {
        let object = Type::object([("url", Type::String)]);
        assert_eq!(type_name(&object), "Object");
        assert_eq!(type_name(&Type::list(object.clone())), "List of Object");
        let expected = BTreeMap::from([("url".to_owned(), Type::String)]);
        assert_eq!(object_attributes(&object), Some(&expected));
        assert_eq!(
            object_attributes(&Type::set(object.clone())),
            Some(&expected)
        );
        assert_eq!(object_attributes(&Type::list(Type::String)), None);
        assert_eq!(object_attributes(&Type::String), None);
    }
}
