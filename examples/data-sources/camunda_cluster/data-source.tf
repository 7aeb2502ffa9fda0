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

# Choose the cluster by its ID ...
data "camunda_cluster" "by_id" {
  id = camunda_cluster.orders.id
}

# ... or by its name, which must match exactly one cluster. The name is known before
# the cluster exists, so depends_on makes Terraform read it only after creating it.
data "camunda_cluster" "by_name" {
  name       = camunda_cluster.orders.name
  depends_on = [camunda_cluster.orders]
}

output "orders_zeebe_address" {
  value = data.camunda_cluster.by_name.links.zeebe
}

output "orders_generation" {
  value = data.camunda_cluster.by_id.generation_name
}
