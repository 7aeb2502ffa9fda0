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

# Every file of models/, deployed together. A change of any file makes a new deployment,
# in which only the changed files get new versions.
resource "camunda_deployment" "orders" {
  resources = {
    for name in fileset("${path.module}/models", "*.{bpmn,dmn,form}") :
    name => file("${path.module}/models/${name}")
  }
}

output "order_process" {
  value = one([
    for process in camunda_deployment.orders.processes : process
    if process.process_definition_id == "order-process"
  ])
}
