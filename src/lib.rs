//! terraform-provider-camunda: a Terraform provider for Camunda SaaS, and a local
//! emulator of the Camunda Console API.
//!
//! Layers, each knowing only those after it: `plugin` (being a go-plugin) → `tf` (the
//! protocol's data model and service) → `provider` (the Camunda resources) → `console`
//! (the Console API client) and `orchestration` (the client of each cluster's Orchestration
//! Cluster API), which share `oauth` (tokens) and `http_client` (retries, time limits,
//! redaction). `emulator` is a local Console API for tests and demos.

pub mod addresses;
pub mod console;
pub mod cron;
pub mod docs;
pub mod emulator;
pub mod http_client;
pub mod logging;
pub mod oauth;
pub mod orchestration;
pub mod plugin;
pub mod private_files;
pub mod proto;
pub mod provider;
pub mod secret;
pub mod tf;
