terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# Credentials and URLs come from the environment: the plan job's read-only API client,
# the apply job's other one, or the emulator's in module tests.
provider "camunda" {}

variable "environment" {
  type    = string
  default = "dev"
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
  name         = "orders-${var.environment}"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.belgium.id
  plan_type_id = data.camunda_cluster_plan_type.basic.id
  stage_label  = var.environment
}

resource "camunda_zeebe_client" "worker" {
  cluster_id  = camunda_cluster.orders.id
  name_prefix = "order-worker-"
  permissions = ["Zeebe"]
}

output "zeebe_address" {
  value = camunda_zeebe_client.worker.zeebe_address
}
