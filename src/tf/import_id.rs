//! Composite import ids such as `<cluster_id>/<name>`: one parser, one error message.

use super::diagnostics::Diagnostics;

/// Splits `id` into the parts named by `form`, separated by single slashes. Each part is
/// non-empty, without surrounding whitespace and without a slash; otherwise an error says
/// what the id should look like.
pub fn split<'a, const N: usize>(
    id: &'a str,
    form: [&str; N],
    diags: &mut Diagnostics,
) -> Option<[&'a str; N]> {
    let parts: Vec<&str> = id.split('/').collect();
    let valid = parts.len() == N && parts.iter().all(|p| !p.is_empty() && p.trim() == *p);
    match <[&str; N]>::try_from(parts) {
        Ok(parts) if valid => Some(parts),
        _ => {
            let expected = form.map(|part| format!("<{part}>")).join("/");
            diags.error(
                "Invalid import ID",
                format!(
                    "{id:?} is not an import ID of this resource type; the expected form is \
                     `{expected}`: {}, separated by single slashes, none of them empty.",
                    form.join(", ")
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_exactly_the_named_non_empty_parts() {
        let mut diags = Diagnostics::new();
        assert_eq!(
            split("c-1/abc", ["cluster_id", "client_id"], &mut diags),
            Some(["c-1", "abc"])
        );
        assert!(diags.is_empty());
        for bad in ["", "c-1", "c-1/", "/abc", "c-1/abc/x", " c-1/abc"] {
            let mut diags = Diagnostics::new();
            assert_eq!(
                split(bad, ["cluster_id", "client_id"], &mut diags),
                None,
                "{bad:?}"
            );
            let detail = &diags.iter().next().unwrap().detail;
            assert!(detail.contains("`<cluster_id>/<client_id>`"), "{detail}");
        }
    }
}
