//! Generates the gRPC code for the Terraform plugin protocol and go-plugin's
//! side services from `proto/`. `protox` parses the files in pure Rust, so the
//! build needs no system `protoc`; it also bundles the well-known
//! `google/protobuf/*` imports.

const PROTO_DIR: &str = "proto";

const PROTO_FILES: &[&str] = &[
    "proto/tfplugin6.proto",
    "proto/plugin/grpc_controller.proto",
    "proto/plugin/grpc_stdio.proto",
    "proto/plugin/grpc_broker.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={PROTO_DIR}");

    // Include paths are relative to the crate root, so file names inside the
    // descriptor set are `tfplugin6.proto`, `plugin/grpc_stdio.proto`, ...
    let descriptors = protox::compile(PROTO_FILES, [PROTO_DIR])?;

    tonic_prost_build::configure()
        .build_server(true)
        // Tests drive the server the way Terraform does, through a client.
        .build_client(true)
        // RPCs a server does not implement answer Unimplemented, which is
        // what Terraform and go-plugin expect for optional ones.
        .generate_default_stubs(true)
        .compile_fds(descriptors)?;
    Ok(())
}
