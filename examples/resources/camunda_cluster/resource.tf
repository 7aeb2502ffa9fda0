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
  stage_label  = "prod"
  description  = "Order processing for the EU shops"

  # Omit generation_id to run the channel's default generation. Setting it to
  # the channel's newer default later upgrades the cluster in place.
  generation_id = data.camunda_channel.stable.default_generation_id

  # While true, nothing destroys or replaces the cluster: set it to true for
  # clusters that must outlive a mistaken `terraform destroy`.
  deletion_protection = false

  timeouts {
    create = "45m"
  }
}

output "zeebe_address" {
  value = camunda_cluster.orders.links.zeebe
}
