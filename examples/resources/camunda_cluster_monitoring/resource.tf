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

# Serves the cluster's metrics for your own Prometheus; destroying the resource
# turns External Monitoring off again.
resource "camunda_cluster_monitoring" "orders" {
  cluster_id = camunda_cluster.orders.id
}

output "metrics_endpoint" {
  value = camunda_cluster_monitoring.orders.metrics_endpoint
}
