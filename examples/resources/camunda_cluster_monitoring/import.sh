# External Monitoring is imported by the ID of its cluster.
terraform import camunda_cluster_monitoring.orders 3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b
