terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

data "camunda_channel" "stable" {
  name = "Stable"
}

data "camunda_region" "belgium" {
  name = "Belgium, Europe (europe-west1)"
}

data "camunda_cluster_plan_type" "trial" {
  name = "Trial Package"
}

resource "camunda_cluster" "orders" {
  name         = "orders"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.belgium.id
  plan_type_id = data.camunda_cluster_plan_type.trial.id
}

resource "camunda_zeebe_client" "worker" {
  cluster_id  = camunda_cluster.orders.id
  name        = "order-worker"
  permissions = ["Zeebe"]
}

# A client is found by its cluster and its client ID; its secret is never read back.
data "camunda_zeebe_client" "worker" {
  cluster_id = camunda_cluster.orders.id
  client_id  = camunda_zeebe_client.worker.client_id
}

output "worker_permissions" {
  value = data.camunda_zeebe_client.worker.permissions
}

output "worker_zeebe_address" {
  value = data.camunda_zeebe_client.worker.zeebe_address
}
