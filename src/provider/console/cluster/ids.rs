//! Plan-time checks of the ids a cluster is created with, against the creation parameters.
//! Each invalid id is an error on its attribute that lists what is valid, by name and id.

use super::model::ClusterModel;
use crate::attr_path;
use crate::console::{Channel, IdName, Parameters};
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
    let regions = || {
        params
            .regions
            .iter()
            .map(|r| (r.name.as_str(), r.uuid.as_str()))
    };

    if let Some(id) = ids.channel_id {
        match channel(params, id) {
            Some(channel) => {
                if let Some(generation) = ids.generation_id {
                    check_generation(channel, generation, diags);
                }
            }
            None => invalid(
                diags,
                attr_path!(ClusterModel, channel_id),
                id,
                "channel",
                params
                    .channels
                    .iter()
                    .map(|c| (c.name.as_str(), c.uuid.as_str())),
            ),
        }
    }
    for (id, path, what) in [
        (ids.region_id, attr_path!(ClusterModel, region_id), "region"),
        (
            ids.backup_region_id,
            attr_path!(ClusterModel, backup_region_id),
            "backup region",
        ),
    ] {
        if let Some(id) = id
            && !params.regions.iter().any(|r| r.uuid == id)
        {
            invalid(diags, path, id, what, regions());
        }
    }
    if let Some(id) = ids.plan_type_id
        && !params.cluster_plan_types.iter().any(|p| p.uuid == id)
    {
        invalid(
            diags,
            attr_path!(ClusterModel, plan_type_id),
            id,
            "cluster plan type",
            id_names(&params.cluster_plan_types),
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

fn id_names(items: &[IdName]) -> impl Iterator<Item = (&str, &str)> {
    items.iter().map(|i| (i.name.as_str(), i.uuid.as_str()))
}

fn invalid<'a>(
    diags: &mut Diagnostics,
    path: Path,
    id: &str,
    what: &str,
    valid: impl Iterator<Item = (&'a str, &'a str)>,
) {
    diags.attribute_error(
        path,
        format!("Unknown {what} id"),
        format!(
            "{id:?} is not a {what} id. Valid {what}s are: {}.",
            listing(valid)
        ),
    );
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
            backup_region_id: "r8".into(),
            ..ClusterModel::default()
        };
        let errors = errors(cluster);
        let attributes: Vec<&str> = errors.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(
            attributes,
            [
                "generation_id",
                "region_id",
                "backup_region_id",
                "plan_type_id"
            ]
        );
        assert!(
            errors[0].1.contains("Camunda 8.6 (g1), Camunda 8.7 (g2)"),
            "{}",
            errors[0].1
        );
        assert!(errors[1].1.contains("\"r9\"") && errors[1].1.contains("Belgium (r1)"));
        assert!(errors[3].1.contains("Basic (p1)"));
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
