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

data "camunda_cluster_plan_type" "basic" {
  name = "Basic Package"
}

resource "camunda_cluster" "orders" {
  name         = "orders"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.belgium.id
  plan_type_id = data.camunda_cluster_plan_type.basic.id
}

resource "camunda_zeebe_client" "worker" {
  cluster_id  = camunda_cluster.orders.id
  name        = "order-worker"
  permissions = ["Zeebe", "Operate"]

  # Change the value to replace the client, which rotates its secret.
  keepers = {
    rotated = "2024-06-01"
  }
}

output "zeebe_address" {
  value = camunda_zeebe_client.worker.zeebe_address
}

output "zeebe_client_id" {
  value = camunda_zeebe_client.worker.client_id
}

# The secret is only given when the client is created; it is kept in the state.
output "zeebe_client_secret" {
  value     = camunda_zeebe_client.worker.client_secret
  sensitive = true
}
