# The whole story in one apply: a cluster, the API client that Terraform reaches it with,
# a tenant and a role inside it, a process model deployed to it and a cluster variable
# that the model reads. tools/quickstart applies this against the local emulator, then
# destroys it.

terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The Console API; credentials and URLs come from the environment (see the README).
provider "camunda" {}

data "camunda_channel" "stable" {
  name = "Stable"
}

data "camunda_region" "europe" {
  name = "Belgium, Europe (europe-west1)"
}

data "camunda_cluster_plan_type" "trial" {
  name = "Trial Package"
}

resource "camunda_cluster" "quickstart" {
  name         = "quickstart"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.europe.id
  plan_type_id = data.camunda_cluster_plan_type.trial.id
  stage_label  = "dev"
}

# The API client of the cluster, for workers and for Terraform itself.
resource "camunda_zeebe_client" "terraform" {
  cluster_id = camunda_cluster.quickstart.id
  name       = "quickstart-terraform"
}

# The cluster's own API, reached with that client once the apply has made it.
provider "camunda" {
  alias = "cluster"

  orchestration_api {
    rest_address  = camunda_zeebe_client.terraform.rest_address
    client_id     = camunda_zeebe_client.terraform.client_id
    client_secret = camunda_zeebe_client.terraform.client_secret
  }
}

resource "camunda_tenant" "shop" {
  provider  = camunda.cluster
  tenant_id = "shop"
  name      = "Shop"
}

resource "camunda_role" "order_clerk" {
  provider    = camunda.cluster
  role_id     = "order-clerk"
  name        = "Order clerk"
  description = "Works on the shop's orders"
}

# The destroy at the end deletes the deployed process too; by default it would stay.
resource "camunda_deployment" "orders" {
  provider  = camunda.cluster
  tenant_id = camunda_tenant.shop.tenant_id
  resources = {
    "order.bpmn" = file("${path.module}/order.bpmn")
  }
  delete_on_destroy = true
}

resource "camunda_cluster_variable" "order_limits" {
  provider  = camunda.cluster
  tenant_id = camunda_tenant.shop.tenant_id
  name      = "order-limits"
  value     = jsonencode({ max_items = 10 })
}

output "cluster_id" {
  value = camunda_cluster.quickstart.id
}

output "rest_address" {
  value = camunda_zeebe_client.terraform.rest_address
}

output "order_process" {
  value = camunda_deployment.orders.processes[0]
}

output "zeebe_client_id" {
  value = camunda_zeebe_client.terraform.client_id
}

output "zeebe_client_secret" {
  value     = camunda_zeebe_client.terraform.client_secret
  sensitive = true
}
