//! Stub resources and data sources, and a provider that serves some, for the tests of
//! what serves them (handlers, docs): the plainest behaviour, so that a test shows what
//! it sets up.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::call;
use super::handler::{self, DataSourceHandler, ResourceHandler};
use super::provider::Provider;
use super::{Attr, Attribute, Block, DataSource, Diagnostics, Resource, Schema};

/// Serves the widget and the gadget; its own block is shaped like a widget.
pub(crate) struct Stub;

#[async_trait]
impl Provider for Stub {
    type Model = WidgetModel;
    fn schema(&self) -> Schema {
        widget_schema("The stub provider.")
    }
    async fn configure(&self, _: &WidgetModel, _: &mut Diagnostics) {}
    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>> {
        vec![handler::resource(Widget)]
    }
    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>> {
        vec![handler::data_source(Gadget)]
    }
}

/// Creates as planned, so that `id` stays unknown, and reads back the state. Creating one
/// named "fail" fails.
pub(crate) struct Widget;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct WidgetModel {
    name: Attr<String>,
    id: Attr<String>,
}

#[async_trait]
impl Resource for Widget {
    type Model = WidgetModel;
    const TYPE_NAME: &'static str = "stub_widget";
    fn schema() -> Schema {
        widget_schema("A widget.")
    }
    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<WidgetModel> {
        if call.planned.name.as_str() == "fail" {
            call.diags.error("Create failed", "as asked");
        }
        Some(call.planned.clone())
    }
    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<WidgetModel> {
        Some(call.state.clone())
    }
    async fn delete(&self, _call: call::Delete<'_, Self::Model>) {}
}

/// A widget's schema: `name` is required, `id` computed.
fn widget_schema(description: &str) -> Schema {
    Schema::new(
        Block::new(description)
            .attribute(Attribute::string("name").required())
            .attribute(Attribute::string("id").computed()),
    )
}

/// Answers with its configuration, as if it had found a widget of that name.
pub(crate) struct Gadget;

#[async_trait]
impl DataSource for Gadget {
    type Model = WidgetModel;
    const TYPE_NAME: &'static str = "stub_gadget";
    fn schema() -> Schema {
        widget_schema("A gadget.")
    }
    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<WidgetModel> {
        Some(call.config.clone())
    }
}

/// Keeps what it is given: the write-only `token_wo` of the configuration goes into the
/// state it returns, and `seen` records what the configuration carried.
pub(crate) struct Leaky;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct LeakyModel {
    token: Attr<String>,
    token_wo: Attr<String>,
    seen: Attr<String>,
}

#[async_trait]
impl Resource for Leaky {
    type Model = LeakyModel;
    const TYPE_NAME: &'static str = "stub_leaky";
    fn schema() -> Schema {
        Schema::new(
            Block::new("x")
                .attribute(Attribute::string("token").optional().sensitive())
                .attribute(
                    Attribute::string("token_wo")
                        .optional()
                        .write_only(Some("token")),
                )
                .attribute(Attribute::string("seen").computed()),
        )
    }
    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<LeakyModel> {
        Some(LeakyModel {
            seen: call.config.token_wo.clone(),
            ..call.config.clone()
        })
    }
    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<LeakyModel> {
        Some(LeakyModel {
            token_wo: "read back".into(),
            ..call.state.clone()
        })
    }
    async fn update(&self, call: call::Update<'_, Self::Model>) -> LeakyModel {
        let call::Update {
            ctx,
            planned,
            config,
            diags,
            ..
        } = call;
        let create = call::Create {
            ctx,
            planned,
            config,
            diags,
        };
        self.create(create).await.unwrap()
    }
    async fn delete(&self, _call: call::Delete<'_, Self::Model>) {}
    async fn import(&self, call: call::Import<'_>) -> Option<LeakyModel> {
        Some(LeakyModel {
            token_wo: call.id.into(),
            ..LeakyModel::default()
        })
    }
}
