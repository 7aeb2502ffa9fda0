//! Finding an object by its name, for the data sources that take a `name`: the name must
//! match exactly one object, and an error says what would have been valid.

use crate::console;
use crate::tf::validators::quoted_list;
use crate::tf::{Diagnostics, Path};

/// Something with an ID and a display name.
pub trait Named {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
}

/// The Console API's objects that data sources find by name: each has a `uuid` and a
/// `name`.
macro_rules! named_by_uuid {
    ($($object:ty),+) => {$(
        impl Named for $object {
            fn id(&self) -> &str {
                &self.uuid
            }
            fn name(&self) -> &str {
                &self.name
            }
        }
    )+};
}

named_by_uuid!(
    console::IdName,
    console::Channel,
    console::Region,
    console::Cluster
);

/// The one item of `items` whose name is exactly `name`. Otherwise reports an error on
/// `at`, the data source's `name` attribute: for no match it lists the valid names, for
/// several matches their IDs. `kind` names the objects in messages, e.g. `"region"`.
pub fn by_name<'a, T: Named>(
    kind: &str,
    items: &'a [T],
    name: &str,
    at: Path,
    diags: &mut Diagnostics,
) -> Option<&'a T> {
    let matches: Vec<&T> = items.iter().filter(|item| item.name() == name).collect();
    match matches.as_slice() {
        [one] => Some(one),
        [] => {
            let mut valid: Vec<&str> = Vec::new();
            for item in items {
                if !valid.contains(&item.name()) {
                    valid.push(item.name());
                }
            }
            let detail = if valid.is_empty() {
                format!("There is no {kind} named {name:?}: there are no {kind}s at all.")
            } else {
                format!(
                    "There is no {kind} named {name:?}. Valid names: {}.",
                    quoted_list(&valid)
                )
            };
            diags.attribute_error(at, format!("Unknown {kind} name"), detail);
            None
        }
        several => {
            let ids: Vec<&str> = several.iter().map(|item| item.id()).collect();
            diags.attribute_error(
                at,
                format!("Ambiguous {kind} name"),
                format!(
                    "{} {kind}s are named {name:?} (IDs {}); the name must match exactly one.",
                    several.len(),
                    quoted_list(&ids)
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(uuid: &str, name: &str) -> console::IdName {
        console::IdName {
            uuid: uuid.into(),
            name: name.into(),
        }
    }

    /// Where errors are reported: any attribute's path does.
    fn at() -> Path {
        crate::attr_path!(console::IdName, name)
    }

    fn find<'a>(
        kind: &str,
        items: &'a [console::IdName],
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<&'a console::IdName> {
        by_name(kind, items, name, at(), diags)
    }

    fn only_error(diags: &Diagnostics) -> (String, String) {
        let errors: Vec<_> = diags.iter().collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let error = errors[0];
        assert_eq!(error.attribute, Some(at()));
        (error.summary.clone(), error.detail.clone())
    }

    #[test]
    fn an_exact_match_is_found() {
        let items = [plan("1", "Basic"), plan("2", "Basic Plus")];
        let mut diags = Diagnostics::new();
        let found = find("plan type", &items, "Basic", &mut diags);
        assert_eq!(found.map(|p| p.uuid.as_str()), Some("1"));
        assert!(diags.is_empty());
    }

    #[test]
    fn no_match_lists_each_valid_name_once() {
        let items = [
            plan("1", "Basic"),
            plan("2", "Advanced"),
            plan("3", "Basic"),
        ];
        let mut diags = Diagnostics::new();
        assert!(find("plan type", &items, "basic", &mut diags).is_none());
        let (summary, detail) = only_error(&diags);
        assert_eq!(summary, "Unknown plan type name");
        assert!(detail.contains(r#"named "basic""#), "{detail}");
        assert!(
            detail.contains(r#"Valid names: "Basic", "Advanced"."#),
            "{detail}"
        );
    }

    #[test]
    fn several_matches_are_an_error_naming_their_ids() {
        let items = [plan("1", "Dup"), plan("2", "Other"), plan("3", "Dup")];
        let mut diags = Diagnostics::new();
        assert!(find("cluster", &items, "Dup", &mut diags).is_none());
        let (summary, detail) = only_error(&diags);
        assert_eq!(summary, "Ambiguous cluster name");
        assert!(
            detail.contains(r#"2 clusters are named "Dup" (IDs "1", "3")"#),
            "{detail}"
        );
    }

    #[test]
    fn an_empty_list_says_so() {
        let mut diags = Diagnostics::new();
        assert!(find("cluster", &[], "x", &mut diags).is_none());
        let (_, detail) = only_error(&diags);
        assert!(detail.contains("there are no clusters at all"), "{detail}");
    }
}
