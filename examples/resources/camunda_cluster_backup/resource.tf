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

# A backup taken before each release: a new `release` value takes a new backup
# (and deletes the previous one) before the rest of the apply goes on.
resource "camunda_cluster_backup" "before_release" {
  cluster_id = camunda_cluster.orders.id

  keepers = {
    release = "2024.06"
  }

  timeouts {
    create = "90m"
  }
}

output "backup_name" {
  value = camunda_cluster_backup.before_release.name
}
