//! Plan-time checks of the ids a cluster is created with, against the creation parameters.
//! Each invalid id is an error on its attribute that lists what is valid, by name and id.

use crate::console::{Channel, IdName, Parameters};
use crate::tf::{Diagnostics, Path, Value};

/// Checks the known ids among `channel_id`, `generation_id`, `region_id`, `plan_type_id`
/// and `backup_region_id` of `value`; unknown and null ones are left for later.
pub(crate) fn check_cluster_ids(params: &Parameters, value: &Value, diags: &mut Diagnostics) {
    let known = |name: &str| value.attr(name).as_str();
    let regions = || {
        params
            .regions
            .iter()
            .map(|r| (r.name.as_str(), r.uuid.as_str()))
    };

    if let Some(id) = known("channel_id") {
        match channel(params, id) {
            Some(channel) => {
                if let Some(generation) = known("generation_id") {
                    check_generation(channel, generation, diags);
                }
            }
            None => invalid(
                diags,
                "channel_id",
                id,
                "channel",
                params
                    .channels
                    .iter()
                    .map(|c| (c.name.as_str(), c.uuid.as_str())),
            ),
        }
    }
    for (attribute, what) in [
        ("region_id", "region"),
        ("backup_region_id", "backup region"),
    ] {
        if let Some(id) = known(attribute)
            && !params.regions.iter().any(|r| r.uuid == id)
        {
            invalid(diags, attribute, id, what, regions());
        }
    }
    if let Some(id) = known("plan_type_id")
        && !params.cluster_plan_types.iter().any(|p| p.uuid == id)
    {
        invalid(
            diags,
            "plan_type_id",
            id,
            "cluster plan type",
            id_names(&params.cluster_plan_types),
        );
    }
}

/// The channel with id `id`.
pub(crate) fn channel<'a>(params: &'a Parameters, id: &str) -> Option<&'a Channel> {
    params.channels.iter().find(|c| c.uuid == id)
}

/// `Name (id), …`, for messages that say what is valid.
pub(crate) fn listing<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    items
        .map(|(name, id)| format!("{name} ({id})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_generation(channel: &Channel, generation: &str, diags: &mut Diagnostics) {
    if !channel
        .allowed_generations
        .iter()
        .any(|g| g.uuid == generation)
    {
        diags.attribute_error(
            Path::attr("generation_id"),
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
    attribute: &str,
    id: &str,
    what: &str,
    valid: impl Iterator<Item = (&'a str, &'a str)>,
) {
    diags.attribute_error(
        Path::attr(attribute),
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
    use crate::console::Region;

    fn id_name(uuid: &str, name: &str) -> IdName {
        IdName {
            uuid: uuid.into(),
            name: name.into(),
        }
    }

    fn params() -> Parameters {
        Parameters {
            channels: vec![Channel {
                uuid: "ch".into(),
                name: "Stable".into(),
                default_generation: id_name("g2", "Camunda 8.7"),
                allowed_generations: vec![
                    id_name("g1", "Camunda 8.6"),
                    id_name("g2", "Camunda 8.7"),
                ],
            }],
            regions: vec![Region {
                uuid: "r1".into(),
                name: "Belgium".into(),
                provider: "gcp".into(),
            }],
            cluster_plan_types: vec![id_name("p1", "Basic")],
        }
    }

    fn errors(value: Value) -> Vec<(String, String)> {
        let mut diags = Diagnostics::new();
        check_cluster_ids(&params(), &value, &mut diags);
        diags
            .into_iter()
            .map(|d| (d.attribute.unwrap().to_string(), d.detail))
            .collect()
    }

    #[test]
    fn valid_and_unknown_ids_pass() {
        let value = Value::object([
            ("channel_id", Value::from("ch")),
            ("generation_id", "g1".into()),
            ("region_id", "r1".into()),
            ("plan_type_id", Value::Unknown),
            ("backup_region_id", Value::Null),
        ]);
        assert_eq!(errors(value), vec![]);
    }

    #[test]
    fn each_invalid_id_is_reported_on_its_attribute_with_the_valid_ones() {
        let value = Value::object([
            ("channel_id", Value::from("ch")),
            ("generation_id", "g9".into()),
            ("region_id", "r9".into()),
            ("plan_type_id", "p9".into()),
            ("backup_region_id", "r8".into()),
        ]);
        let errors = errors(value);
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
        let value = Value::object([
            ("channel_id", Value::from("x")),
            ("generation_id", "g9".into()),
        ]);
        let errors = errors(value);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "channel_id");
        assert!(errors[0].1.contains("Stable (ch)"));
    }
}
