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

# The whole allowlist of the cluster: rules added in the Console are removed by
# the next apply. Destroying the resource empties the list (every address is
# then let in again).
resource "camunda_cluster_ip_allowlist" "orders" {
  cluster_id = camunda_cluster.orders.id

  rule {
    ip          = "203.0.113.0/24"
    description = "Head office"
  }

  # Several addresses or blocks in one rule, separated by commas.
  rule {
    ip          = "198.51.100.7, 2001:db8::/32"
    description = "VPN gateways"
  }
}
