terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

provider "camunda" {}

# Raise it (or pass -var secret_version=N) to rotate the worker's secret.
variable "secret_version" {
  type    = number
  default = 1
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
  name_prefix = "order-worker-"
  permissions = ["Zeebe"]

  keepers = {
    secret_version = var.secret_version
  }

  # The new client is created, and whatever uses its credentials updated, before the
  # old client is deleted: there is always a valid secret.
  lifecycle {
    create_before_destroy = true
  }
}

output "zeebe_client_id" {
  value = camunda_zeebe_client.worker.client_id
}

output "zeebe_client_secret" {
  value     = camunda_zeebe_client.worker.client_secret
  sensitive = true
}
