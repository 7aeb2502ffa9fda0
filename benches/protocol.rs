//! Micro-benchmarks of the protocol layer's hot paths, on a value the size of a state
//! with 100 Zeebe clients: msgpack decoding and encoding, and the plan rules.

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};

use camunda_provider::tf::plan::{apply_schema_rules, replaced_paths};
use camunda_provider::tf::{Attribute, Block, NestedBlock, Nesting, Path, Type, Value, msgpack};

const CLIENTS: usize = 100;

/// A block with one nested block per Zeebe client, shaped like `camunda_zeebe_client`.
fn schema() -> Block {
    let client = Block::new("client")
        .attribute(
            Attribute::string("cluster_id")
                .required()
                .requires_replace(),
        )
        .attribute(Attribute::string("name").required().requires_replace())
        .attribute(
            Attribute::new("permissions", Type::set(Type::String))
                .optional()
                .computed()
                .use_state_for_unknown(),
        )
        .attribute(
            Attribute::new("keepers", Type::map(Type::String))
                .optional()
                .requires_replace(),
        )
        .attribute(Attribute::string("id").computed().use_state_for_unknown())
        .attribute(
            Attribute::string("client_id")
                .computed()
                .use_state_for_unknown(),
        )
        .attribute(
            Attribute::string("client_secret")
                .computed()
                .sensitive()
                .use_state_for_unknown(),
        )
        .attribute(Attribute::string("zeebe_address").computed())
        .attribute(Attribute::string("zeebe_authorization_server_url").computed());
    Block::new("state")
        .attribute(Attribute::string("id").computed())
        .block(NestedBlock::new("client", Nesting::List, client))
}

fn client_state(i: usize) -> Value {
    let cluster = "6b0f5ab3-1c0e-4d6f-9a53-4a1f0e9bd2a1";
    Value::object([
        ("cluster_id", Value::from(cluster)),
        ("name", Value::string(format!("worker-{i}"))),
        (
            "permissions",
            Value::Set(
                ["Zeebe", "Operate", "Tasklist", "Optimize", "Secrets"]
                    .map(Value::from)
                    .to_vec(),
            ),
        ),
        (
            "keepers",
            Value::Map(BTreeMap::from([(
                "rotation".to_owned(),
                Value::from("2026-11"),
            )])),
        ),
        ("id", Value::string(format!("{cluster}/client-{i:04}"))),
        ("client_id", Value::string(format!("client-{i:04}"))),
        ("client_secret", Value::string(format!("{i:064x}"))),
        (
            "zeebe_address",
            Value::string(format!("{cluster}.bru-2.zeebe.camunda.io:443")),
        ),
        (
            "zeebe_authorization_server_url",
            Value::from("https://login.cloud.camunda.io/oauth/token"),
        ),
    ])
}

fn state() -> Value {
    Value::object([
        ("id", Value::from("state")),
        (
            "client",
            Value::List((0..CLIENTS).map(client_state).collect()),
        ),
    ])
}

/// The configuration of that state: computed attributes unset, one name changed.
fn config(state: &Value) -> Value {
    let mut config = state.clone();
    for i in 0..CLIENTS {
        let client = Path::attr("client").then_index(i);
        for computed in [
            "id",
            "client_id",
            "client_secret",
            "zeebe_address",
            "zeebe_authorization_server_url",
        ] {
            config.set_at(&client.then_attr(computed), Value::Null);
        }
    }
    config.set_at(&Path::attr("id"), Value::Null);
    config.set_at(
        &Path::attr("client").then_index(7).then_attr("name"),
        Value::from("renamed"),
    );
    config
}

fn codec(c: &mut Criterion) {
    let ty = schema().value_type();
    let state = state();
    let bytes = msgpack::encode(&state, &ty).unwrap();
    let mut group = c.benchmark_group(format!(
        "msgpack, {CLIENTS}-client state ({} bytes)",
        bytes.len()
    ));
    group.bench_function("decode", |b| {
        b.iter(|| msgpack::decode(&bytes, &ty).unwrap())
    });
    group.bench_function("encode", |b| {
        b.iter(|| msgpack::encode(&state, &ty).unwrap())
    });
    group.finish();
}

fn plan_rules(c: &mut Criterion) {
    let block = schema();
    let prior = state();
    let config = config(&prior);
    // Terraform's proposal: the configuration with prior values for unset computed ones.
    let mut proposed = prior.clone();
    proposed.set_at(
        &Path::attr("client").then_index(7).then_attr("name"),
        Value::from("renamed"),
    );
    let mut group = c.benchmark_group(format!("plan rules, {CLIENTS}-client state"));
    group.bench_function("unchanged", |b| {
        b.iter(|| apply_schema_rules(&block, &prior, prior.clone(), &prior))
    });
    group.bench_function("one change", |b| {
        b.iter(|| {
            let planned = apply_schema_rules(&block, &prior, proposed.clone(), &config);
            replaced_paths(&block, &prior, &planned)
        })
    });
    group.finish();
}

criterion_group!(benches, codec, plan_rules);
criterion_main!(benches);
