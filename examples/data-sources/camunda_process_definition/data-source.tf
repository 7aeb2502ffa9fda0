terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The cluster's Orchestration Cluster API, from the environment (see the provider's docs).
provider "camunda" {}

resource "camunda_deployment" "orders" {
  resources = {
    "order.bpmn" = file("${path.module}/order.bpmn")
  }
}

# The latest version of the process, read once the deployment is made.
data "camunda_process_definition" "order" {
  process_definition_id = "order-process"
  depends_on            = [camunda_deployment.orders]
}

output "order_process_key" {
  value = data.camunda_process_definition.order.process_definition_key
}
