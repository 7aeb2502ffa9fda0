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

data "camunda_topology" "cluster" {}

output "camunda_version" {
  value = data.camunda_topology.cluster.gateway_version
}

output "unhealthy_partitions" {
  value = flatten([
    for broker in data.camunda_topology.cluster.brokers : [
      for partition in broker.partitions :
      "${broker.host}/${partition.partition_id}" if partition.health != "healthy"
    ]
  ])
}
