//! The tests of the parts that need no Terraform: the Console and Orchestration Cluster API
//! clients against in-test servers, the emulator over HTTP (its Console API, and its
//! clusters' Orchestration Cluster APIs), the Orchestration Cluster API client against the
//! emulator, the plugin handshake and StopProvider, and the generated docs. One test binary, one module per part: `tools/test --test components
//! emulator::` runs one module.

mod console_client;
mod docs;
mod emulator;
mod orchestration_authorizations;
mod orchestration_client;
mod orchestration_cluster_variables;
mod orchestration_deployments;
mod orchestration_emulator;
mod orchestration_pair;
mod plugin_handshake;
mod stop_provider;
