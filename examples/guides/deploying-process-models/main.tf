terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The cluster's Orchestration Cluster API, from the environment: CAMUNDA_REST_ADDRESS with
# CAMUNDA_CLIENT_ID and CAMUNDA_CLIENT_SECRET.
provider "camunda" {}

variable "tenants" {
  description = "The tenants that run the order models."
  type        = set(string)
  default     = ["emea", "apac"]
}

resource "camunda_tenant" "shop" {
  for_each  = var.tenants
  tenant_id = each.key
  name      = upper(each.key)
}

# The models of models/, deployed to each tenant. A changed file gets a new version in
# every tenant; the files that did not change keep theirs.
resource "camunda_deployment" "orders" {
  for_each  = camunda_tenant.shop
  tenant_id = each.value.tenant_id
  resources = {
    for name in fileset("${path.module}/models", "*.{bpmn,dmn,form}") :
    name => file("${path.module}/models/${name}")
  }
}

# What runs in each tenant: the version and key of the order process.
output "order_process" {
  value = {
    for tenant, deployment in camunda_deployment.orders : tenant => one([
      for process in deployment.processes : {
        version = process.version
        key     = process.process_definition_key
      } if process.process_definition_id == "order-process"
    ])
  }
}
