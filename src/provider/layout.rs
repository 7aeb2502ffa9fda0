//! The dependency rules of `provider/`, checked over its source: registry → objects →
//! machinery, and never back. An object folder imports no other object folder, nothing
//! beneath the registry imports it, and the machinery imports no object. And an object
//! writes its type name once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where a module of `provider/` stands in the layout.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// `provider/mod.rs` and the provider's own configuration.
    Registry,
    /// An API's group folder itself (`console/mod.rs`).
    Group(String),
    /// One object's folder: (group, object).
    Object(String, String),
    Machinery,
}

/// The part that the module at `path` (segments below `provider`) belongs to, with the
/// API groups `groups`; what is neither a group nor the machinery is the registry's.
fn part(path: &[&str], groups: &[&str]) -> Part {
    match path {
        ["machinery", ..] => Part::Machinery,
        [group] if groups.contains(group) => Part::Group(group.to_string()),
        [group, object, ..] if groups.contains(group) => {
            Part::Object(group.to_string(), object.to_string())
        }
        _ => Part::Registry,
    }
}

/// The module path of the file `relative` (below `provider/`): `console/cluster/data.rs`
/// is `["console", "cluster", "data"]`, a `mod.rs` is its folder.
fn module_of(relative: &str) -> Vec<String> {
    let mut segments: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if segments.last().is_some_and(|last| last == "mod") {
        segments.pop();
    }
    segments
}

/// The modules of `provider/` that `source`, the text of the file at `module`, refers
/// to, as paths below `provider` (empty: the registry itself). `super` is resolved
/// against the file's module and the inline modules (such as `mod tests`) it stands in.
fn references(module: &[String], source: &str) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    // The indentation of each inline module opened and not yet closed.
    let mut inline: Vec<usize> = Vec::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let indent = code.len() - code.trim_start().len();
        let trimmed = code.trim();
        if trimmed == "}" && inline.last() == Some(&indent) {
            inline.pop();
            continue;
        }
        let opens_module = trimmed
            .strip_prefix("pub ")
            .unwrap_or(trimmed)
            .starts_with("mod ")
            && trimmed.ends_with('{');
        if opens_module {
            inline.push(indent);
            continue;
        }
        let here: Vec<&str> = module
            .iter()
            .map(String::as_str)
            .chain(std::iter::repeat_n("<inline>", inline.len()))
            .collect();
        for start in code.match_indices("crate::provider").map(|(i, _)| i).chain(
            code.match_indices("super::")
                .map(|(i, _)| i)
                .filter(|&i| i == 0 || !code[..i].ends_with("::")),
        ) {
            if let Some(target) = resolve(&here, &code[start..]) {
                found.insert(target);
            }
        }
    }
    found
}

/// The module below `provider` that the path at the start of `text` names, seen from
/// the module `here`; `None` for a path that leaves `provider`.
fn resolve(here: &[&str], text: &str) -> Option<Vec<String>> {
    let path: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    let mut segments = path.split("::").filter(|s| !s.is_empty());
    let mut at: Vec<&str> = match segments.clone().next()? {
        "crate" => {
            segments.next();
            if segments.next()? != "provider" {
                return None;
            }
            Vec::new()
        }
        _ => here.to_vec(),
    };
    for segment in segments {
        if segment == "super" {
            at.pop()?;
        } else {
            at.push(segment);
        }
    }
    // A module path names modules; its last segment may be an item, and items of an
    // inline module belong to its file.
    at.retain(|s| *s != "<inline>");
    Some(at.into_iter().map(str::to_owned).collect())
}

/// Whether a module of part `from` may refer to one of part `to`.
fn allowed(from: &Part, to: &Part) -> bool {
    match (from, to) {
        (Part::Registry, _) | (_, Part::Machinery) => true,
        // A group folder declares its objects.
        (Part::Group(group), Part::Object(g, _)) => group == g,
        (Part::Object(..), Part::Object(..)) => from == to,
        // The registry, or a group's own items, seen from beneath the registry.
        _ => false,
    }
}

/// Every reference in the files `files` (path below `provider/`, text) that breaks the
/// rules, with the API groups `groups`, as "file: refers to target".
fn violations<'a>(
    groups: &[&str],
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    let part_of =
        |path: &[String]| part(&path.iter().map(String::as_str).collect::<Vec<_>>(), groups);
    let mut found = Vec::new();
    for (relative, source) in files {
        let module = module_of(relative);
        let from = part_of(&module);
        for target in references(&module, source) {
            if !allowed(&from, &part_of(&target)) {
                let named = if target.is_empty() {
                    "the registry".to_owned()
                } else {
                    format!("provider::{}", target.join("::"))
                };
                found.push(format!("{relative}: refers to {named}"));
            }
        }
    }
    found
}

fn sources(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.push((relative, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The type names (`"camunda_…"` string literals) that the code of an object folder spells
/// out, with the files that spell each; test modules aside. The machinery's names are the
/// community provider's mapping, not an object's.
fn type_names<'a>(
    groups: &[&str],
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, Vec<&'a str>> {
    let mut names: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (path, source) in files {
        let module = module_of(path);
        let module: Vec<&str> = module.iter().map(String::as_str).collect();
        if !matches!(part(&module, groups), Part::Object(..)) {
            continue;
        }
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        for literal in code.split("\"camunda_").skip(1) {
            if let Some((rest, _)) = literal.split_once('"')
                && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                names
                    .entry(format!("camunda_{rest}"))
                    .or_default()
                    .push(path);
            }
        }
    }
    names
}

fn provider_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/provider");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    files
}

/// Every folder directly beneath `provider/` but the machinery is an API's group.
fn groups(files: &[(String, String)]) -> Vec<&str> {
    let groups: BTreeSet<&str> = files
        .iter()
        .filter_map(|(path, _)| path.split_once('/').map(|(first, _)| first))
        .filter(|first| *first != "machinery")
        .collect();
    groups.into_iter().collect()
}

#[test]
fn dependencies_point_from_the_registry_to_the_objects_to_the_machinery() {
    let files = provider_sources();
    assert!(files.len() > 20, "the provider's files are found");
    let groups = groups(&files);
    let found = violations(&groups, files.iter().map(|(p, s)| (p.as_str(), s.as_str())));
    assert!(found.is_empty(), "{found:#?}");
}

/// Two levels up, spelled in two parts in the samples below so that a search of the tree
/// for such imports finds only real ones.
const UP_TWO: &str = "super::super::";

#[test]
fn each_rule_is_enforced() {
    let sample = |text: &str| text.replace("UP_TWO::", UP_TWO);
    // Each sample with whether it breaks a rule.
    let cases = [
        // An object importing another object.
        (
            "console/cluster/data.rs",
            "use crate::provider::console::zeebe_client::ZeebeClient;",
            true,
        ),
        (
            "console/cluster/data.rs",
            "use UP_TWO::zeebe_client::PERMISSIONS;",
            true,
        ),
        (
            "console/zeebe_client/mod.rs",
            "use super::cluster::Cluster;",
            true,
        ),
        // Anything beneath the registry importing it.
        (
            "console/cluster/resource.rs",
            "use crate::provider::CamundaProvider;",
            true,
        ),
        (
            "machinery/shared.rs",
            "use UP_TWO::settings::ProviderModel;",
            true,
        ),
        ("console/mod.rs", "use super::CamundaProvider;", true),
        // The machinery importing an object.
        (
            "machinery/awake.rs",
            "use crate::provider::console::cluster::Cluster;",
            true,
        ),
        (
            "machinery/wait.rs",
            "    let x = UP_TWO::console::cluster::wait();",
            true,
        ),
        // What the rules allow.
        (
            "console/cluster/data.rs",
            "use super::state::{Facts, Links};",
            false,
        ),
        (
            "console/cluster/data.rs",
            "use crate::provider::machinery::Shared;",
            false,
        ),
        (
            "console/cluster/mod.rs",
            "mod data;\nuse UP_TWO::machinery::wait;",
            false,
        ),
        (
            "console/cluster/ids.rs",
            "mod tests {\n    use super::*;\n    use UP_TWO::model::X;\n}",
            false,
        ),
        (
            "machinery/awake.rs",
            "use super::wait;\nuse crate::tf::Diagnostics;",
            false,
        ),
        (
            "mod.rs",
            "use console::cluster;\nuse crate::provider::console::zeebe_client::sweep;",
            false,
        ),
    ];
    for (file, text, breaks) in cases {
        let text = sample(text);
        let found = violations(&["console"], [(file, text.as_str())]);
        assert_eq!(
            found.len(),
            usize::from(breaks),
            "{file}: {text}: {found:?}"
        );
    }
}

#[test]
fn an_object_writes_its_type_name_once() {
    let files = provider_sources();
    let names = type_names(
        &groups(&files),
        files.iter().map(|(p, s)| (p.as_str(), s.as_str())),
    );
    assert!(names.len() > 30, "the type names are found: {names:?}");
    let repeated: Vec<_> = names
        .iter()
        .filter(|(_, places)| places.len() > 1)
        .collect();
    assert!(repeated.is_empty(), "written more than once: {repeated:#?}");

    let twice = [
        (
            "console/backup/mod.rs",
            "const A: &str = \"camunda_backup\";",
        ),
        (
            "console/backup/create.rs",
            "Target::new(\"camunda_backup\", id, \"\")",
        ),
        (
            "machinery/community.rs",
            "const TARGET: &str = \"camunda_backup\";",
        ),
    ];
    assert_eq!(
        type_names(&["console"], twice)["camunda_backup"],
        ["console/backup/mod.rs", "console/backup/create.rs"]
    );
}
