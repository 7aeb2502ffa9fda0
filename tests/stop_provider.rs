//! StopProvider cancels operations in flight: a create that would wait for minutes
//! returns at once, with its diagnostics and the state it had reached.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tonic::Request;

use camunda_provider::proto::tfplugin6 as pb;
use camunda_provider::proto::tfplugin6::provider_server::Provider as _;
use camunda_provider::tf::server::ProviderServer;
use camunda_provider::tf::{
    Attribute, Block, Ctx, DataSource, Diagnostics, Path, Provider, Resource, Schema, Value,
    msgpack,
};

struct Waiting;

#[async_trait]
impl Resource for Waiting {
    fn type_name(&self) -> &'static str {
        "test_waiting"
    }

    fn schema(&self) -> Schema {
        Schema::new(Block::new("Waits.").attribute(Attribute::string("id").computed()))
    }

    async fn create(&self, ctx: &Ctx, planned: &Value, diags: &mut Diagnostics) -> Value {
        let mut state = planned.clone();
        state.set_at(&Path::attr("id"), Value::from("created-before-waiting"));
        tokio::select! {
            () = ctx.cancelled() => diags.error("Cancelled", "Terraform asked the provider to stop."),
            () = tokio::time::sleep(Duration::from_secs(600)) => {}
        }
        state
    }

    async fn read(&self, _: &Ctx, state: &Value, _: &mut Diagnostics) -> Value {
        state.clone()
    }

    async fn update(&self, _: &Ctx, _: &Value, planned: &Value, _: &mut Diagnostics) -> Value {
        planned.clone()
    }

    async fn delete(&self, _: &Ctx, _: &Value, _: &mut Diagnostics) {}
}

struct TestProvider;

#[async_trait]
impl Provider for TestProvider {
    fn schema(&self) -> Schema {
        Schema::new(Block::new("Test."))
    }

    async fn configure(&self, _: &Value, _: &mut Diagnostics) {}

    fn resources(&self) -> Vec<Arc<dyn Resource>> {
        vec![Arc::new(Waiting)]
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSource>> {
        Vec::new()
    }
}

#[tokio::test]
async fn stop_cancels_a_create_in_flight() {
    let server = Arc::new(ProviderServer::new(Arc::new(TestProvider)));
    let ty = Waiting.schema().value_type();
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
