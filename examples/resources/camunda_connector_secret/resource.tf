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

variable "crm_api_key" {
  type      = string
  sensitive = true
  # Set it with TF_VAR_crm_api_key; the default only lets this example run as it is.
  default = "example-only"
}

# Connectors read it as {{secrets.CRM_API_KEY}}. The value is kept in the state
# (marked sensitive), so a change made in the Console shows in the next plan.
resource "camunda_connector_secret" "crm_api_key" {
  cluster_id = camunda_cluster.orders.id
  name       = "CRM_API_KEY"
  value      = var.crm_api_key
}

# With Terraform 1.11 or later, keep the value out of plans and the state: it is
# sent when the secret is created and whenever value_wo_version changes.
#
# resource "camunda_connector_secret" "crm_api_key" {
#   cluster_id       = camunda_cluster.orders.id
#   name             = "CRM_API_KEY"
#   value_wo         = var.crm_api_key # an ephemeral variable or resource works too
#   value_wo_version = 1               # change it to send a new value
# }
