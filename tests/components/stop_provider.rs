//! StopProvider cancels operations in flight: a create that would wait for minutes
//! returns at once, with its diagnostics and the state it had reached.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tonic::Request;

use camunda_provider::proto::tfplugin6 as pb;
use camunda_provider::proto::tfplugin6::provider_server::Provider as _;
use camunda_provider::tf::call;
use camunda_provider::tf::handler::resource;
use camunda_provider::tf::server::ProviderServer;
use camunda_provider::tf::{
    Attr, Attribute, Block, DataSourceHandler, Diagnostics, Provider, Resource, ResourceHandler,
    Schema, Value, msgpack, provider,
};
use serde::{Deserialize, Serialize};

struct Waiting;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct WaitingModel {
    id: Attr<String>,
}

fn schema() -> Schema {
    Schema::new(Block::new("Waits.").attribute(Attribute::string("id").computed()))
}

#[async_trait]
impl Resource for Waiting {
    type Model = WaitingModel;

    const TYPE_NAME: &'static str = "test_waiting";

    fn schema() -> Schema {
        schema()
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<WaitingModel> {
        let state = WaitingModel {
            id: "created-before-waiting".into(),
        };
        tokio::select! {
            () = call.ctx.cancelled() => call.diags.error("Cancelled", "Terraform asked the provider to stop."),
            () = tokio::time::sleep(Duration::from_secs(600)) => {}
        }
        Some(state)
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<WaitingModel> {
        Some(call.state.clone())
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> WaitingModel {
        call.planned.clone()
    }

    async fn delete(&self, _call: call::Delete<'_, Self::Model>) {}
}

struct TestProvider;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct NoSettings {}

#[async_trait]
impl Provider for TestProvider {
    type Model = NoSettings;

    fn schema(&self) -> Schema {
        Schema::new(Block::new("Test."))
    }

    async fn configure(&self, _: &NoSettings, _: &mut Diagnostics) {}

    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>> {
        vec![resource(Waiting)]
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>> {
        Vec::new()
    }
}

#[tokio::test]
async fn stop_cancels_a_create_in_flight() {
    let server = Arc::new(ProviderServer::new(provider::serve(TestProvider)));
    let ty = schema().value_type();
    let dynamic = |value: &Value| {
        Some(pb::DynamicValue {
            msgpack: msgpack::encode(value, &ty).unwrap(),
            json: Vec::new(),
        })
    };
    let planned = Value::object([("id", Value::Unknown)]);
    let request = pb::apply_resource_change::Request {
        type_name: "test_waiting".into(),
        prior_state: dynamic(&Value::Null),
        planned_state: dynamic(&planned),
        config: dynamic(&Value::object([("id", Value::Null)])),
        ..Default::default()
    };
    let applying = {
        let server = server.clone();
        tokio::spawn(async move { server.apply_resource_change(Request::new(request)).await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!applying.is_finished(), "the create waits until stopped");
    server
        .stop_provider(Request::new(pb::stop_provider::Request {}))
        .await
        .unwrap();

    let response = applying.await.unwrap().unwrap().into_inner();
    assert_eq!(response.diagnostics.len(), 1);
    assert_eq!(response.diagnostics[0].summary, "Cancelled");
    let state = msgpack::decode(&response.new_state.unwrap().msgpack, &ty).unwrap();
    assert_eq!(
        state.attr("id"),
        &Value::from("created-before-waiting"),
        "the partial state is kept"
    );
}
