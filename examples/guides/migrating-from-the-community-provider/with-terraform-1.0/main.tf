# main.tf for camunda/camunda, with Terraform 1.0 to 1.7
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
  name          = "orders"
  channel_id    = data.camunda_channel.stable.id
  generation_id = data.camunda_channel.stable.default_generation_id
  region_id     = data.camunda_region.belgium.id
  plan_type_id  = data.camunda_cluster_plan_type.trial.id
}

resource "camunda_zeebe_client" "worker" {
  cluster_id = camunda_cluster.orders.id
  name       = "orders-worker"
}

resource "camunda_zeebe_client" "reporting" {
  cluster_id  = camunda_cluster.orders.id
  name        = "orders-reporting"
  permissions = ["Operate", "Optimize"]
}

resource "camunda_connector_secret" "payments_api_key" {
  cluster_id = camunda_cluster.orders.id
  name       = "PAYMENTS_API_KEY"
  value      = var.payments_api_key
}

resource "camunda_cluster_ip_allowlist" "orders" {
  cluster_id = camunda_cluster.orders.id

  rule {
    ip          = "203.0.113.0/24"
    description = "office"
  }
}

resource "camunda_organization_member" "lead" {
  email = "orders-lead@example.com"
  roles = ["admin"]
}

variable "payments_api_key" {
  type      = string
  sensitive = true
  # Set it with TF_VAR_payments_api_key; the default only lets this example run as it is.
  default = "example-only"
}
