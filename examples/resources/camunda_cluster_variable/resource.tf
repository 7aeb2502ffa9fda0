terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The cluster's Orchestration Cluster API, here from the environment: CAMUNDA_REST_ADDRESS,
# and CAMUNDA_CLIENT_ID with CAMUNDA_CLIENT_SECRET (OAuth) or CAMUNDA_BASIC_AUTH_USERNAME
# with CAMUNDA_BASIC_AUTH_PASSWORD (HTTP basic).
provider "camunda" {}

# Read by every process of the cluster (Camunda 8.9 and later).
resource "camunda_cluster_variable" "order_limits" {
  name = "order-limits"
  value = jsonencode({
    max_items  = 10
    currencies = ["EUR", "USD"]
  })
}
