//! The end-to-end tests: the real Terraform CLI drives the provider binaries against the
//! emulator started in-process, each test with an emulator and a workspace of its own, so
//! that the tests run in parallel. One test binary, one module per object or concern:
//! `tools/test --test e2e cluster::` runs one module, `tools/test --test e2e NAME` the
//! tests whose names contain NAME.

mod support;

mod authorizations;
mod backups;
mod ci_plan_checks;
mod clear_errors;
mod cluster;
mod cluster_variables;
mod connector_secret;
mod data_sources;
mod deployments;
mod encryption;
mod ephemeral;
mod examples;
mod faults;
mod identity;
mod identity_data;
mod identity_members;
mod import_blocks;
mod ip_allowlist;
mod ip_ranges;
mod lost_answers;
mod mapping_rules;
mod migration;
mod monitoring;
mod organization_member;
mod permissions;
mod plan_rules;
mod plugin_debug;
mod provider_config;
mod release;
mod replacements;
mod secret_rotation;
mod secure_connectivity;
mod suspended_cluster;
mod token_cache;
mod users;
mod zeebe_client;
mod zeebe_client_refresh;
