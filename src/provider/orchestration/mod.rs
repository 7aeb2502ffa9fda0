//! The objects inside a Camunda 8.8+ cluster, SaaS or Self-Managed, managed through the
//! cluster's Orchestration Cluster API (see the provider's `orchestration_api` block).

pub mod authorization;
pub mod cluster_variable;
pub mod deployment;
pub mod group;
pub mod group_member;
pub mod mapping_rule;
pub mod process_definition;
pub mod role;
pub mod role_member;
pub mod tenant;
pub mod tenant_member;
pub mod topology;
pub mod user;
