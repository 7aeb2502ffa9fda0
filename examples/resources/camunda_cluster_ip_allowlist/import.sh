# The import ID is the cluster ID: the import takes over the cluster's whole list.
terraform import camunda_cluster_ip_allowlist.orders 3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b
