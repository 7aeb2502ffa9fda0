//! The cluster creation parameters as data sources: all of them
//! (`camunda_cluster_parameters`), or one channel, region or plan type found by name
//! (`camunda_channel`, `camunda_region`, `camunda_cluster_plan_type`). Every one of them
//! reads the parameters through `Shared::parameters`, so a plan fetches them once.

use std::marker::PhantomData;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ClusterParameters;
use crate::console;
use crate::provider::machinery::{
    Object,
    lookup::{self, Named},
};
use crate::tf::{Attr, Attribute, Block, DataSource, Model, Path, Schema, Type, call};

/// One kind of creation parameter. Its model serves both its lookup data source and, as
/// an element, its `camunda_cluster_parameters` list, so the two always agree.
pub trait Parameter: Model {
    /// The API's object of this kind.
    type Source: Named;
    /// The data source that finds one object of this kind by name.
    const TYPE_NAME: &'static str;
    /// The name messages use for one object of this kind.
    const NOUN: &'static str;
    const EXAMPLE_NAME: &'static str;

    /// The attributes other than `name`, all computed.
    fn attributes() -> Vec<Attribute>;
    fn sources(parameters: &console::Parameters) -> &[Self::Source];
    fn of(source: &Self::Source) -> Self;
    /// The `name` argument.
    fn name(&self) -> &Attr<String>;
}

fn computed(name: &str, ty: Type, description: &str) -> Attribute {
    Attribute::new(name, ty).computed().description(description)
}

/// One of a channel's generations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Generation {
    id: String,
    name: String,
}

impl Generation {
    fn of(generation: &console::IdName) -> Generation {
        Generation {
            id: generation.uuid.clone(),
            name: generation.name.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelModel {
    name: Attr<String>,
    id: Attr<String>,
    default_generation_id: Attr<String>,
    default_generation_name: Attr<String>,
    allowed_generations: Attr<Vec<Generation>>,
}

impl Parameter for ChannelModel {
    type Source = console::Channel;
    const TYPE_NAME: &'static str = "camunda_channel";
    const NOUN: &'static str = "channel";
    const EXAMPLE_NAME: &'static str = "Stable";

    fn attributes() -> Vec<Attribute> {
        vec![
            computed(
                "id",
                Type::String,
                "The channel's ID: the value for `channel_id` of a `camunda_cluster`.",
            ),
            computed(
                "default_generation_id",
                Type::String,
                "The ID of the generation that a new cluster in this channel runs when its \
                 `generation_id` is not set.",
            ),
            computed(
                "default_generation_name",
                Type::String,
                "The name of that default generation.",
            ),
            computed(
                "allowed_generations",
                Type::list(Type::object([("id", Type::String), ("name", Type::String)])),
                "The generations that a cluster in this channel can run, each with its `id` \
                 and `name`.",
            )
            .describe_field(
                "id",
                "The generation's ID: a value for `generation_id` of a `camunda_cluster`.",
            )
            .describe_field(
                "name",
                "The generation's name, such as its Camunda version.",
            ),
        ]
    }

    fn sources(parameters: &console::Parameters) -> &[console::Channel] {
        &parameters.channels
    }

    fn of(channel: &console::Channel) -> ChannelModel {
        ChannelModel {
            name: channel.name.as_str().into(),
            id: channel.uuid.as_str().into(),
            default_generation_id: channel.default_generation.uuid.as_str().into(),
            default_generation_name: channel.default_generation.name.as_str().into(),
            allowed_generations: channel
                .allowed_generations
                .iter()
                .map(Generation::of)
                .collect(),
        }
    }

    fn name(&self) -> &Attr<String> {
        &self.name
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionModel {
    name: Attr<String>,
    id: Attr<String>,
    provider: Attr<String>,
}

impl Parameter for RegionModel {
    type Source = console::Region;
    const TYPE_NAME: &'static str = "camunda_region";
    const NOUN: &'static str = "region";
    const EXAMPLE_NAME: &'static str = "Belgium, Europe (europe-west1)";

    fn attributes() -> Vec<Attribute> {
        vec![
            computed(
                "id",
                Type::String,
                "The region's ID: the value for `region_id` or `backup_region_id` of a \
                 `camunda_cluster`.",
            ),
            computed(
                "provider",
                Type::String,
                "The cloud provider that hosts the region, such as `gcp` or `aws`.",
            ),
        ]
    }

    fn sources(parameters: &console::Parameters) -> &[console::Region] {
        &parameters.regions
    }

    fn of(region: &console::Region) -> RegionModel {
        RegionModel {
            name: region.name.as_str().into(),
            id: region.uuid.as_str().into(),
            provider: region.provider.as_str().into(),
        }
    }

    fn name(&self) -> &Attr<String> {
        &self.name
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanTypeModel {
    name: Attr<String>,
    id: Attr<String>,
}

impl Parameter for PlanTypeModel {
    type Source = console::IdName;
    const TYPE_NAME: &'static str = "camunda_cluster_plan_type";
    const NOUN: &'static str = "cluster plan type";
    const EXAMPLE_NAME: &'static str = "Basic Package";

    fn attributes() -> Vec<Attribute> {
        vec![computed(
            "id",
            Type::String,
            "The plan type's ID: the value for `plan_type_id` of a `camunda_cluster`.",
        )]
    }

    fn sources(parameters: &console::Parameters) -> &[console::IdName] {
        &parameters.cluster_plan_types
    }

    fn of(plan_type: &console::IdName) -> PlanTypeModel {
        PlanTypeModel {
            name: plan_type.name.as_str().into(),
            id: plan_type.uuid.as_str().into(),
        }
    }

    fn name(&self) -> &Attr<String> {
        &self.name
    }
}

/// Every object of kind `P`, in the API's order.
fn all<P: Parameter>(parameters: &console::Parameters) -> Vec<P> {
    P::sources(parameters).iter().map(P::of).collect()
}

/// The argument of every lookup data source: the name to find.
const NAME: &str = "name";

/// The schema of `P`'s lookup data source. Its attributes are also those of each object
/// in `P`'s `camunda_cluster_parameters` list.
fn lookup_schema<P: Parameter>() -> Schema {
    let noun = P::NOUN;
    let block = Block::new(format!(
        "Finds a {noun} by its name, among the cluster creation parameters. The name must \
         match exactly one {noun}."
    ))
    .attribute(Attribute::string(NAME).required().description(format!(
        "The {noun}'s exact name, such as `{}`.",
        P::EXAMPLE_NAME
    )));
    Schema::new(P::attributes().into_iter().fold(block, Block::attribute))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterParametersModel {
    channels: Attr<Vec<ChannelModel>>,
    regions: Attr<Vec<RegionModel>>,
    plan_types: Attr<Vec<PlanTypeModel>>,
}

impl ClusterParametersModel {
    fn of(parameters: &console::Parameters) -> ClusterParametersModel {
        ClusterParametersModel {
            channels: all(parameters).into(),
            regions: all(parameters).into(),
            plan_types: all(parameters).into(),
        }
    }
}

#[async_trait]
impl DataSource for Object<ClusterParameters> {
    type Model = ClusterParametersModel;

    const TYPE_NAME: &'static str = "camunda_cluster_parameters";

    fn schema() -> Schema {
        fn list<P: Parameter>(name: &str, description: &str) -> Attribute {
            let noun = P::NOUN;
            computed(
                name,
                Type::list(lookup_schema::<P>().value_type()),
                description,
            )
            .describe_fields_as(&P::attributes())
            .describe_field("name", format!("The {noun}'s name."))
        }
        Schema::new(
            Block::new(
                "Everything a cluster can be created with in this organization: the channels with \
                 their generations, the regions and the plan types.",
            )
            .attribute(list::<ChannelModel>(
                "channels",
                "The release channels. Each has an `id`, a `name`, the `default_generation_id` and \
                 `default_generation_name` that new clusters get, and its `allowed_generations` \
                 (each with `id` and `name`).",
            ))
            .attribute(list::<RegionModel>(
                "regions",
                "The regions. Each has an `id`, a `name` and the cloud `provider` that hosts it.",
            ))
            .attribute(list::<PlanTypeModel>(
                "plan_types",
                "The cluster plan types. Each has an `id` and a `name`.",
            )),
        )
    }

    async fn read(
        &self,
        call: call::Configured<'_, Self::Model>,
    ) -> Option<ClusterParametersModel> {
        let parameters = self.shared.parameters(call.diags).await?;
        Some(ClusterParametersModel::of(parameters))
    }
}

/// `camunda_channel`, `camunda_region` and `camunda_cluster_plan_type`: one object of
/// kind `P`, found by its exact name.
pub struct ByName<P>(PhantomData<P>);

pub type Channel = ByName<ChannelModel>;
pub type Region = ByName<RegionModel>;
pub type ClusterPlanType = ByName<PlanTypeModel>;

#[async_trait]
impl<P: Parameter> DataSource for Object<ByName<P>> {
    type Model = P;

    const TYPE_NAME: &'static str = P::TYPE_NAME;

    fn schema() -> Schema {
        lookup_schema::<P>()
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<P> {
        let Some(name) = call.config.name().get() else {
            call.diags.error(
                format!("{} needs a name", P::TYPE_NAME),
                "Set `name` to a known value.",
            );
            return None;
        };
        let parameters = self.shared.parameters(call.diags).await?;
        lookup::by_name(
            P::NOUN,
            P::sources(parameters),
            name,
            Path::attr(NAME),
            call.diags,
        )
        .map(P::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::Value;
    use crate::tf::model::to_value;

    fn parameters() -> console::Parameters {
        let generation = console::IdName {
            uuid: "g".into(),
            name: "8.7".into(),
        };
        console::Parameters {
            channels: vec![console::Channel {
                uuid: "c".into(),
                name: "Stable".into(),
                default_generation: generation.clone(),
                allowed_generations: vec![generation.clone()],
            }],
            regions: vec![console::Region {
                backups: Vec::new(),
                uuid: "r".into(),
                name: "Iowa".into(),
                provider: "gcp".into(),
            }],
            cluster_plan_types: vec![generation],
        }
    }

    /// Whether `value` is known and not null, at every depth.
    fn wholly_set(value: &Value) -> bool {
        match value {
            Value::Null | Value::Unknown => false,
            Value::List(values) => !values.is_empty() && values.iter().all(wholly_set),
            Value::Object(attributes) => attributes.values().all(wholly_set),
            _ => true,
        }
    }

    /// Every attribute of every object comes from the API.
    #[test]
    fn every_attribute_is_set() {
        let model = ClusterParametersModel::of(&parameters());
        let value = to_value(
            &model,
            &<Object<ClusterParameters> as DataSource>::schema().value_type(),
        )
        .unwrap();
        assert!(wholly_set(&value), "{value:?}");
    }
}
