//! A provider that exists only for the tests: one resource, `planrules_thing`, kept as
//! JSON files in `$PLANRULES_STORE`, so that the generic plan rules, import, private
//! state and destroy can be proved through Terraform with nothing Camunda-specific.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;

use camunda_provider::plugin::{self, Mode};
use camunda_provider::tf::call;
use camunda_provider::tf::handler::resource;
use camunda_provider::tf::validators::one_of;
use camunda_provider::tf::{
    Attr, Attribute, Block, Ctx, DataSourceHandler, Diagnostics, Provider, Resource,
    ResourceHandler, Schema, Type, provider,
};

struct PlanRules;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct NoSettings {}

#[async_trait]
impl Provider for PlanRules {
    type Model = NoSettings;

    fn schema(&self) -> Schema {
        Schema::new(Block::new("Test provider."))
    }

    async fn configure(&self, _config: &NoSettings, _diags: &mut Diagnostics) {}

    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>> {
        vec![resource(Thing)]
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>> {
        Vec::new()
    }
}

struct Thing;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct ThingModel {
    name: Attr<String>,
    zone: Attr<String>,
    size: Attr<String>,
    tags: Attr<BTreeMap<String, String>>,
    enabled: Attr<bool>,
    id: Attr<String>,
    revision: Attr<String>,
}

/// What a thing's file holds.
#[derive(Serialize, Deserialize)]
struct Record {
    name: Option<String>,
    zone: Option<String>,
    size: Option<String>,
    revision: u64,
}

fn store() -> PathBuf {
    PathBuf::from(std::env::var("PLANRULES_STORE").expect("PLANRULES_STORE is set by the tests"))
}

fn file(id: &str) -> PathBuf {
    store().join(format!("{id}.json"))
}

/// The private-state marker written at create; every later call checks it came back.
fn check_private(ctx: &Ctx, id: &str, diags: &mut Diagnostics) {
    if ctx.private().get("owner") != Some(&json!(id)) {
        diags.error(
            "private state lost",
            format!("expected the private marker of {id}"),
        );
    }
}

impl Thing {
    fn save(&self, state: &ThingModel, revision: u64) -> ThingModel {
        let record = Record {
            name: state.name.get().cloned(),
            zone: state.zone.get().cloned(),
            size: state.size.get().cloned(),
            revision,
        };
        let text = serde_json::to_string(&record).unwrap();
        std::fs::write(file(state.id.as_str()), text).unwrap();
        ThingModel {
            revision: revision.to_string().into(),
            ..state.clone()
        }
    }
}

#[async_trait]
impl Resource for Thing {
    type Model = ThingModel;

    const TYPE_NAME: &'static str = "planrules_thing";

    fn schema() -> Schema {
        Schema::new(
            Block::new("A thing.")
                .attribute(Attribute::string("name").required())
                .attribute(Attribute::string("zone").required().requires_replace())
                .attribute(
                    Attribute::string("size")
                        .optional()
                        .validate(one_of(&["small", "large"])),
                )
                .attribute(Attribute::new("tags", Type::map(Type::String)).optional())
                .attribute(Attribute::bool("enabled").default(true))
                .attribute(Attribute::string("id").computed().use_state_for_unknown())
                .attribute(Attribute::string("revision").computed()),
        )
        .version(1)
    }

    /// Version 0 called `name` `title`.
    fn upgrade_state(
        &self,
        version: i64,
        mut state: serde_json::Value,
        _diags: &mut Diagnostics,
    ) -> serde_json::Value {
        assert_eq!(version, 0);
        if let Some(title) = state.as_object_mut().and_then(|s| s.remove("title")) {
            state["name"] = title;
        }
        state
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<ThingModel> {
        let id = format!("thing-{}", rand::random::<u32>());
        call.ctx.private().set("owner", json!(id));
        let state = ThingModel {
            id: id.into(),
            ..call.planned.clone()
        };
        Some(self.save(&state, 1))
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<ThingModel> {
        let id = call.state.id.as_str().to_owned();
        if call.ctx.private().get("owner").is_none() {
            // Imported: the marker starts here.
            call.ctx.private().set("owner", json!(id));
        }
        check_private(call.ctx, &id, call.diags);
        let text = std::fs::read_to_string(file(&id)).ok()?;
        let record: Record = serde_json::from_str(&text).unwrap();
        Some(ThingModel {
            id: id.into(),
            name: record.name.into(),
            zone: record.zone.into(),
            size: record.size.into(),
            tags: call.state.tags.clone(),
            enabled: call.state.enabled.clone().or(Attr::Known(true)),
            revision: record.revision.to_string().into(),
        })
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> ThingModel {
        check_private(call.ctx, call.prior.id.as_str(), call.diags);
        let revision: u64 = call.prior.revision.as_str().parse().unwrap_or(0);
        self.save(call.planned, revision + 1)
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let _ = std::fs::remove_file(file(call.prior.id.as_str()));
    }

    async fn import(&self, call: call::Import<'_>) -> Option<ThingModel> {
        Some(ThingModel {
            id: call.id.into(),
            ..ThingModel::default()
        })
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    plugin::serve(provider::serve(PlanRules), Mode::Managed).await
}
