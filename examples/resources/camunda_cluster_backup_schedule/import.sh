# A cluster has one backup schedule at most: it is imported by the cluster's ID.
terraform import camunda_cluster_backup_schedule.nightly 3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b
