//! A provider that exists only for the tests: one resource, `planrules_thing`, kept as
//! JSON files in `$PLANRULES_STORE`, so that the generic plan rules, import, private
//! state and destroy can be proved through Terraform with nothing Camunda-specific.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::json;

use camunda_provider::plugin::{self, Mode};
use camunda_provider::tf::validators::one_of;
use camunda_provider::tf::{
    Attribute, Block, Ctx, DataSource, Diagnostics, Provider, Resource, Schema, Type, Value,
};

struct PlanRules;

#[async_trait]
impl Provider for PlanRules {
    fn schema(&self) -> Schema {
        Schema::new(Block::new("Test provider."))
    }

    async fn configure(&self, _config: &Value, _diags: &mut Diagnostics) {}

    fn resources(&self) -> Vec<Arc<dyn Resource>> {
        vec![Arc::new(Thing)]
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        Vec::new()
    }
}

struct Thing;

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
    fn save(&self, state: &Value, revision: u64) -> Value {
        let mut state = state.clone();
        state.set_at(
            &camunda_provider::tf::Path::attr("revision"),
            Value::string(revision.to_string()),
        );
        let record = json!({
            "name": state.attr("name").as_str(),
            "zone": state.attr("zone").as_str(),
            "size": state.attr("size").as_str(),
            "revision": revision,
        });
        std::fs::write(file(state.attr("id").as_str().unwrap()), record.to_string()).unwrap();
        state
    }
}

#[async_trait]
impl Resource for Thing {
    fn type_name(&self) -> &'static str {
        "planrules_thing"
    }

    fn schema(&self) -> Schema {
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

    async fn create(&self, ctx: &Ctx, planned: &Value, _diags: &mut Diagnostics) -> Value {
        let id = format!("thing-{}", rand::random::<u32>());
        ctx.private().set("owner", json!(id));
        let mut state = planned.clone();
        state.set_at(&camunda_provider::tf::Path::attr("id"), Value::string(&id));
        self.save(&state, 1)
    }

    async fn read(&self, ctx: &Ctx, state: &Value, diags: &mut Diagnostics) -> Value {
        let id = state.attr("id").as_str().unwrap_or_default().to_owned();
        if ctx.private().get("owner").is_none() {
            // Imported: the marker starts here.
            ctx.private().set("owner", json!(id));
        }
        check_private(ctx, &id, diags);
        let Ok(text) = std::fs::read_to_string(file(&id)) else {
            return Value::Null;
        };
        let record: serde_json::Value = serde_json::from_str(&text).unwrap();
        let string = |key: &str| Value::opt_string(record[key].as_str());
        Value::object([
            ("id", Value::string(&id)),
            ("name", string("name")),
            ("zone", string("zone")),
            ("size", string("size")),
            ("tags", state.attr("tags").clone()),
            (
                "enabled",
                if state.attr("enabled").is_null() {
                    true.into()
                } else {
                    state.attr("enabled").clone()
                },
            ),
            ("revision", Value::string(record["revision"].to_string())),
        ])
    }

    async fn update(
        &self,
        ctx: &Ctx,
        prior: &Value,
        planned: &Value,
        diags: &mut Diagnostics,
    ) -> Value {
        let id = prior.attr("id").as_str().unwrap_or_default().to_owned();
        check_private(ctx, &id, diags);
        let revision: u64 = prior
            .attr("revision")
            .as_str()
            .and_then(|r| r.parse().ok())
            .unwrap_or(0);
        self.save(planned, revision + 1)
    }

    async fn delete(&self, _ctx: &Ctx, prior: &Value, _diags: &mut Diagnostics) {
        let _ = std::fs::remove_file(file(prior.attr("id").as_str().unwrap_or_default()));
    }

    async fn import(&self, _ctx: &Ctx, id: &str, _diags: &mut Diagnostics) -> Value {
        Value::object([("id", Value::string(id))])
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    plugin::serve(Arc::new(PlanRules), Mode::Managed).await
}
