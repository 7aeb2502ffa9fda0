//! terraform-provider-camunda: a Terraform provider for Camunda SaaS, and a local
//! emulator of the Camunda Console API.
//!
//! Layers, each knowing only those after it: `plugin` (being a go-plugin) → `tf` (the
//! protocol's data model and service) → `provider` (the Camunda resources) → `console`
//! (the Console API client). `emulator` is a local Console API for tests and demos.

pub mod addresses;
pub mod console;
pub mod cron;
pub mod docs;
pub mod emulator;
pub mod logging;
pub mod plugin;
mod private_files;
pub mod proto;
pub mod provider;
pub mod secret;
pub mod tf;
