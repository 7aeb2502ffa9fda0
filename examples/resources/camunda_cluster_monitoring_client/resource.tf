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

resource "camunda_cluster_monitoring" "orders" {
  cluster_id = camunda_cluster.orders.id
}

# The credentials Prometheus scrapes with. Change `keepers` to rotate the
# password in place; the client stays.
resource "camunda_cluster_monitoring_client" "prometheus" {
  cluster_id = camunda_cluster_monitoring.orders.cluster_id
  username   = "prometheus"

  keepers = {
    rotated = "2024-06-01"
  }
}

# A scrape job for Prometheus, for example in its configuration file:
output "scrape_config" {
  value = {
    job_name = "camunda-orders"
    scheme   = "https"
    basic_auth = {
      username = camunda_cluster_monitoring_client.prometheus.username
      password = camunda_cluster_monitoring_client.prometheus.password
    }
    metrics_url = camunda_cluster_monitoring_client.prometheus.metrics_endpoint
  }
  sensitive = true
}
