//! Plan-time checks of the ids a cluster is created with, against the creation parameters.
//! Each invalid id is an error on its attribute that lists what is valid, by name and id.

use super::model::ClusterModel;
use crate::attr_path;
use crate::console::{Channel, IdName, Parameters, Region};
use crate::tf::{Diagnostics, Path};

/// The ids of a cluster that the creation parameters define; `None` where not known.
#[derive(Debug, PartialEq)]
pub(super) struct Ids<'a> {
    channel_id: Option<&'a str>,
    generation_id: Option<&'a str>,
    region_id: Option<&'a str>,
    plan_type_id: Option<&'a str>,
    backup_region_id: Option<&'a str>,
}

impl Ids<'_> {
    pub(super) fn of(cluster: &ClusterModel) -> Ids<'_> {
        Ids {
            channel_id: cluster.channel_id.as_deref(),
            generation_id: cluster.generation_id.as_deref(),
            region_id: cluster.region_id.as_deref(),
            plan_type_id: cluster.plan_type_id.as_deref(),
            backup_region_id: cluster.backup_region_id.as_deref(),
        }
    }
}

/// Checks the known ids of `cluster`; unknown and null ones are left for later.
pub(super) fn check(params: &Parameters, cluster: &ClusterModel, diags: &mut Diagnostics) {
    let ids = Ids::of(cluster);
    let channel = ids.channel_id.and_then(|id| {
        let at = (attr_path!(ClusterModel, channel_id), "channel");
        known(&params.channels, id, at, |c| (&c.name, &c.uuid), diags)
    });
    if let (Some(channel), Some(generation)) = (channel, ids.generation_id) {
        check_generation(channel, generation, diags);
    }
    let region = ids.region_id.and_then(|id| {
        let at = (attr_path!(ClusterModel, region_id), "region");
        known(&params.regions, id, at, |r| (&r.name, &r.uuid), diags)
    });
    if let (Some(region), Some(backup)) = (region, ids.backup_region_id) {
        check_backup_region(region, backup, diags);
    }
    if let Some(id) = ids.plan_type_id {
        let at = (attr_path!(ClusterModel, plan_type_id), "cluster plan type");
        known(
            &params.cluster_plan_types,
            id,
            at,
            |p| (&p.name, &p.uuid),
            diags,
        );
    }
}

/// The channel with id `id`.
pub(super) fn channel<'a>(params: &'a Parameters, id: &str) -> Option<&'a Channel> {
    params.channels.iter().find(|c| c.uuid == id)
}

/// Whether `channel` offers the generation with id `generation`.
pub(super) fn offers(channel: &Channel, generation: &str) -> bool {
    channel
        .allowed_generations
        .iter()
        .any(|g| g.uuid == generation)
}

/// `Name (id), …`, for messages that say what is valid.
fn listing<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    items
        .map(|(name, id)| format!("{name} ({id})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_generation(channel: &Channel, generation: &str, diags: &mut Diagnostics) {
    if !offers(channel, generation) {
        diags.attribute_error(
            attr_path!(ClusterModel, generation_id),
            "Generation not offered by the channel",
            format!(
                "{generation:?} is not a generation of channel {} ({}). Its generations are: {}. \
                 Leave generation_id unset to use the channel's default, {} ({}).",
                channel.name,
                channel.uuid,
                listing(id_names(&channel.allowed_generations)),
                channel.default_generation.name,
                channel.default_generation.uuid,
            ),
        );
    }
}

/// A backup region must be one that `region` offers. Where the parameters list none for
/// it, the API is left to decide: they may not say for every plan.
fn check_backup_region(region: &Region, backup: &str, diags: &mut Diagnostics) {
    let mut offered = region.backup_regions().peekable();
    if offered.peek().is_none() || region.backup_regions().any(|r| r.id == backup) {
        return;
    }
    diags.attribute_error(
        attr_path!(ClusterModel, backup_region_id),
        "Unknown backup region id",
        format!(
            "{backup:?} is not a backup region of region {} ({}). Its backup regions are: {}.",
            region.name,
            region.uuid,
            listing(offered.map(|r| (r.label.as_str(), r.id.as_str()))),
        ),
    );
}

fn id_names(items: &[IdName]) -> impl Iterator<Item = (&str, &str)> {
    items.iter().map(|i| (i.name.as_str(), i.uuid.as_str()))
}

/// The item of `items` whose id is `id`; else an error at `path` that says it is no `what`
/// and lists the valid ones by name and id (`name_and_id`).
fn known<'a, T>(
    items: &'a [T],
    id: &str,
    (path, what): (Path, &str),
    name_and_id: fn(&T) -> (&str, &str),
    diags: &mut Diagnostics,
) -> Option<&'a T> {
    let found = items.iter().find(|item| name_and_id(item).1 == id);
    if found.is_none() {
        diags.attribute_error(
            path,
            format!("Unknown {what} id"),
            format!(
                "{id:?} is not a {what} id. Valid {what}s are: {}.",
                listing(items.iter().map(name_and_id))
            ),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::console::cluster::test_parameters::params;
    use crate::tf::Attr;

    fn errors(cluster: ClusterModel) -> Vec<(String, String)> {
        let mut diags = Diagnostics::new();
        check(&params(), &cluster, &mut diags);
        diags
            .into_iter()
            .map(|d| (d.attribute.unwrap().to_string(), d.detail))
            .collect()
    }

    #[test]
    fn valid_and_unknown_ids_pass() {
        let cluster = ClusterModel {
            channel_id: "ch".into(),
            generation_id: "g1".into(),
            region_id: "r1".into(),
            plan_type_id: Attr::Unknown,
            ..ClusterModel::default()
        };
        assert_eq!(errors(cluster), vec![]);
    }

    #[test]
    fn each_invalid_id_is_reported_on_its_attribute_with_the_valid_ones() {
        let cluster = ClusterModel {
            channel_id: "ch".into(),
            generation_id: "g9".into(),
            region_id: "r9".into(),
            plan_type_id: "p9".into(),
            ..ClusterModel::default()
        };
        let errors = errors(cluster);
        let attributes: Vec<&str> = errors.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(attributes, ["generation_id", "region_id", "plan_type_id"]);
        assert!(
            errors[0].1.contains("Camunda 8.6 (g1), Camunda 8.7 (g2)"),
            "{}",
            errors[0].1
        );
        assert!(errors[1].1.contains("\"r9\"") && errors[1].1.contains("Belgium (r1)"));
        assert!(errors[2].1.contains("Basic (p1)"));
    }

    #[test]
    fn a_backup_region_is_one_that_the_region_offers() {
        let in_region = |region: &str, backup: &str| ClusterModel {
            region_id: region.into(),
            backup_region_id: backup.into(),
            ..ClusterModel::default()
        };
        assert_eq!(errors(in_region("r1", "b1")), vec![]);
        let errors_of_r1 = errors(in_region("r1", "r1"));
        assert_eq!(errors_of_r1.len(), 1);
        let (attribute, detail) = &errors_of_r1[0];
        assert_eq!(attribute, "backup_region_id");
        assert!(detail.contains("\"r1\" is not a backup region of region Belgium (r1)"));
        assert!(detail.contains("Netherlands (b1)"), "{detail}");

        // Where the parameters list no backup regions, the API decides.
        let mut params = params();
        params.regions[0].backups.clear();
        let mut diags = Diagnostics::new();
        check(&params, &in_region("r1", "r1"), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn an_unknown_channel_lists_the_channels() {
        let cluster = ClusterModel {
            channel_id: "x".into(),
            generation_id: "g9".into(),
            ..ClusterModel::default()
        };
        let errors = errors(cluster);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "channel_id");
        assert!(errors[0].1.contains("Stable (ch)"));
    }
}
