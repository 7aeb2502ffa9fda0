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

resource "camunda_cluster_backup" "initial" {
  cluster_id = camunda_cluster.orders.id
}

# Every backup of the cluster, however it was taken. depends_on lists the
# backups only once the one above is complete.
data "camunda_cluster_backups" "orders" {
  cluster_id = camunda_cluster.orders.id
  depends_on = [camunda_cluster_backup.initial]
}

output "complete_backups" {
  value = [for b in data.camunda_cluster_backups.orders.backups : b.name if b.status == "Complete"]
}
