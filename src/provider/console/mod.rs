//! The objects that the Camunda Console API manages: the organization's clusters and what
//! belongs to each (Zeebe clients, connector secrets, allowlists, backups, monitoring,
//! private connectivity, keys), its members, and what clusters can be created with.

pub mod access_token;
pub mod cluster;
pub mod cluster_backup;
pub mod cluster_backup_schedule;
pub mod cluster_encryption;
pub mod cluster_ip_allowlist;
pub mod cluster_monitoring;
pub mod cluster_monitoring_client;
pub mod cluster_parameters;
pub mod cluster_secure_connectivity;
pub mod connector_secret;
pub mod ip_ranges;
pub mod organization_member;
pub mod zeebe_client;
