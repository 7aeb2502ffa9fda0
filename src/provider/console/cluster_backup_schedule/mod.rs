//! `camunda_cluster_backup_schedule`: When Camunda backs a cluster up by itself.

mod resource;

pub struct ClusterBackupSchedule;
