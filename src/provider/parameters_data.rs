//! The cluster creation parameters as data sources: all of them
//! (`camunda_cluster_parameters`), or one channel, region or plan type found by name
//! (`camunda_channel`, `camunda_region`, `camunda_cluster_plan_type`). Every one of them
//! reads the parameters through `Shared::parameters`, so a plan fetches them once.

use std::sync::Arc;

use async_trait::async_trait;

use super::Shared;
use super::lookup::{self, Named};
use crate::console;
use crate::tf::{Attribute, Block, Ctx, DataSource, Diagnostics, Schema, Type, Value};

/// One kind of creation parameter. Its objects have the same attributes in the
/// `camunda_cluster_parameters` lists as in the kind's own lookup data source.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Channel,
    Region,
    PlanType,
}

/// An attribute of a parameter object.
struct Field {
    name: &'static str,
    ty: Type,
    description: &'static str,
}

/// One parameter object: its ID and name, and its value as the data sources show it.
struct Entry<'a> {
    id: &'a str,
    name: &'a str,
    value: Value,
}

impl Named for Entry<'_> {
    fn id(&self) -> &str {
        self.id
    }
    fn name(&self) -> &str {
        self.name
    }
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Channel, Kind::Region, Kind::PlanType];

    /// The name messages use for one object of this kind.
    fn noun(self) -> &'static str {
        match self {
            Kind::Channel => "channel",
            Kind::Region => "region",
            Kind::PlanType => "cluster plan type",
        }
    }

    /// The attribute of `camunda_cluster_parameters` that lists this kind.
    fn list_name(self) -> &'static str {
        match self {
            Kind::Channel => "channels",
            Kind::Region => "regions",
            Kind::PlanType => "plan_types",
        }
    }

    /// The data source that finds one object of this kind by name.
    fn lookup_type_name(self) -> &'static str {
        match self {
            Kind::Channel => "camunda_channel",
            Kind::Region => "camunda_region",
            Kind::PlanType => "camunda_cluster_plan_type",
        }
    }

    fn example_name(self) -> &'static str {
        match self {
            Kind::Channel => "Stable",
            Kind::Region => "Belgium, Europe (europe-west1)",
            Kind::PlanType => "Basic Package",
        }
    }

    /// The attributes of an object of this kind, other than `name`.
    fn fields(self) -> Vec<Field> {
        let field = |name, ty, description| Field {
            name,
            ty,
            description,
        };
        match self {
            Kind::Channel => vec![
                field(
                    "id",
                    Type::String,
                    "The channel's ID: the value for `channel_id` of a `camunda_cluster`.",
                ),
                field(
                    "default_generation_id",
                    Type::String,
                    "The ID of the generation that a new cluster in this channel runs when its \
                     `generation_id` is not set.",
                ),
                field(
                    "default_generation_name",
                    Type::String,
                    "The name of that default generation.",
                ),
                field(
                    "allowed_generations",
                    Type::list(generation_type()),
                    "The generations that a cluster in this channel can run, each with its `id` \
                     and `name`.",
                ),
            ],
            Kind::Region => vec![
                field(
                    "id",
                    Type::String,
                    "The region's ID: the value for `region_id` or `backup_region_id` of a \
                     `camunda_cluster`.",
                ),
                field(
                    "provider",
                    Type::String,
                    "The cloud provider that hosts the region, such as `gcp` or `aws`.",
                ),
            ],
            Kind::PlanType => vec![field(
                "id",
                Type::String,
                "The plan type's ID: the value for `plan_type_id` of a `camunda_cluster`.",
            )],
        }
    }

    /// The type of one object of this kind, `name` included.
    fn object_type(self) -> Type {
        let fields = self.fields();
        Type::object(
            fields
                .iter()
                .map(|f| (f.name, f.ty.clone()))
                .chain([("name", Type::String)]),
        )
    }

    fn entries(self, parameters: &console::Parameters) -> Vec<Entry<'_>> {
        match self {
            Kind::Channel => parameters.channels.iter().map(channel_entry).collect(),
            Kind::Region => parameters.regions.iter().map(region_entry).collect(),
            Kind::PlanType => parameters
                .cluster_plan_types
                .iter()
                .map(|plan| Entry {
                    id: &plan.uuid,
                    name: &plan.name,
                    value: id_name(plan),
                })
                .collect(),
        }
    }
}

fn generation_type() -> Type {
    Type::object([("id", Type::String), ("name", Type::String)])
}

fn id_name(item: &console::IdName) -> Value {
    Value::object([
        ("id", Value::string(&item.uuid)),
        ("name", Value::string(&item.name)),
    ])
}

fn channel_entry(channel: &console::Channel) -> Entry<'_> {
    Entry {
        id: &channel.uuid,
        name: &channel.name,
        value: Value::object([
            ("id", Value::string(&channel.uuid)),
            ("name", Value::string(&channel.name)),
            (
                "default_generation_id",
                Value::string(&channel.default_generation.uuid),
            ),
            (
                "default_generation_name",
                Value::string(&channel.default_generation.name),
            ),
            (
                "allowed_generations",
                Value::List(channel.allowed_generations.iter().map(id_name).collect()),
            ),
        ]),
    }
}

fn region_entry(region: &console::Region) -> Entry<'_> {
    Entry {
        id: &region.uuid,
        name: &region.name,
        value: Value::object([
            ("id", Value::string(&region.uuid)),
            ("name", Value::string(&region.name)),
            ("provider", Value::string(&region.provider)),
        ]),
    }
}

/// `camunda_cluster_parameters`: every channel, region and plan type.
pub struct ClusterParameters {
    shared: Arc<Shared>,
}

impl ClusterParameters {
    pub fn new(shared: Arc<Shared>) -> ClusterParameters {
        ClusterParameters { shared }
    }
}

#[async_trait]
impl DataSource for ClusterParameters {
    fn type_name(&self) -> &'static str {
        "camunda_cluster_parameters"
    }

    fn schema(&self) -> Schema {
        let list = |kind: Kind, description: &str| {
            Attribute::new(kind.list_name(), Type::list(kind.object_type()))
                .computed()
                .description(description)
        };
        Schema::new(
            Block::new(
                "Everything a cluster can be created with in this organization: the channels with \
                 their generations, the regions and the plan types.",
            )
            .attribute(list(
                Kind::Channel,
                "The release channels. Each has an `id`, a `name`, the `default_generation_id` and \
                 `default_generation_name` that new clusters get, and its `allowed_generations` \
                 (each with `id` and `name`).",
            ))
            .attribute(list(
                Kind::Region,
                "The regions. Each has an `id`, a `name` and the cloud `provider` that hosts it.",
            ))
            .attribute(list(
                Kind::PlanType,
                "The cluster plan types. Each has an `id` and a `name`.",
            )),
        )
    }

    async fn read(&self, _ctx: &Ctx, _config: &Value, diags: &mut Diagnostics) -> Value {
        let Some(parameters) = self.shared.parameters(diags).await else {
            return Value::Null;
        };
        Value::object(Kind::ALL.map(|kind| {
            let values = kind.entries(parameters).into_iter().map(|e| e.value);
            (kind.list_name(), Value::List(values.collect()))
        }))
    }
}

/// `camunda_channel`, `camunda_region` and `camunda_cluster_plan_type`: one object of a
/// kind, found by its exact name.
pub struct ParameterByName {
    shared: Arc<Shared>,
    kind: Kind,
}

impl ParameterByName {
    pub fn new(shared: Arc<Shared>, kind: Kind) -> ParameterByName {
        ParameterByName { shared, kind }
    }
}

#[async_trait]
impl DataSource for ParameterByName {
    fn type_name(&self) -> &'static str {
        self.kind.lookup_type_name()
    }

    fn schema(&self) -> Schema {
        let noun = self.kind.noun();
        let block = Block::new(format!(
            "Finds a {noun} by its name, among the cluster creation parameters. The name must \
             match exactly one {noun}."
        ))
        .attribute(Attribute::string("name").required().description(format!(
            "The {noun}'s exact name, such as `{}`.",
            self.kind.example_name()
        )));
        let block = self.kind.fields().into_iter().fold(block, |block, field| {
            block.attribute(
                Attribute::new(field.name, field.ty)
                    .computed()
                    .description(field.description),
            )
        });
        Schema::new(block)
    }

    async fn read(&self, _ctx: &Ctx, config: &Value, diags: &mut Diagnostics) -> Value {
        let Some(name) = config.attr("name").as_str() else {
            diags.error(
                format!("{} needs a name", self.type_name()),
                "Set `name` to a known value.",
            );
            return Value::Null;
        };
        let Some(parameters) = self.shared.parameters(diags).await else {
            return Value::Null;
        };
        let entries = self.kind.entries(parameters);
        match lookup::by_name(self.kind.noun(), &entries, name, diags) {
            Some(entry) => entry.value.clone(),
            None => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind's values match the type its schema declares, so the lists and the
    /// lookups always agree on their attributes.
    #[test]
    fn values_have_the_declared_attributes() {
        let generation = console::IdName {
            uuid: "g".into(),
            name: "8.7".into(),
        };
        let parameters = console::Parameters {
            channels: vec![console::Channel {
                uuid: "c".into(),
                name: "Stable".into(),
                default_generation: generation.clone(),
                allowed_generations: vec![generation.clone()],
            }],
            regions: vec![console::Region {
                uuid: "r".into(),
                name: "Iowa".into(),
                provider: "gcp".into(),
            }],
            cluster_plan_types: vec![generation],
        };
        for kind in Kind::ALL {
            let Type::Object(types) = kind.object_type() else {
                panic!("{kind:?} is not an object type")
            };
            for entry in kind.entries(&parameters) {
                let attributes = entry.value.entries().unwrap();
                assert_eq!(
                    attributes.keys().collect::<Vec<_>>(),
                    types.keys().collect::<Vec<_>>(),
                    "{kind:?}"
                );
                assert!(entry.value.is_wholly_known());
            }
        }
    }
}
