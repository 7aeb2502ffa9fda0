# The import ID is `global/<name>`, or `tenant/<tenant_id>/<name>` for a tenant's variable.
terraform import camunda_cluster_variable.order_limits global/order-limits
