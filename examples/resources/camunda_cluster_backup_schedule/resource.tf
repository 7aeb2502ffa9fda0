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

# A backup every night at 02:00 UTC. Schedules are five-field cron expressions
# in UTC; Camunda takes at most one backup every 15 minutes.
resource "camunda_cluster_backup_schedule" "nightly" {
  cluster_id = camunda_cluster.orders.id
  schedule   = "0 2 * * *"
}
