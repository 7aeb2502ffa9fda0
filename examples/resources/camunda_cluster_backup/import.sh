# The import ID is the cluster ID and the backup ID, separated by a slash; the
# camunda_cluster_backups data source lists a cluster's backups with their IDs.
terraform import camunda_cluster_backup.before_release 3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f
