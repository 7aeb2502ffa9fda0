# A cluster is imported by its UUID, as the Console shows it.
terraform import camunda_cluster.orders 3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b
