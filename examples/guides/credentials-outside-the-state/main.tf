terraform {
  # Ephemeral resources came with Terraform 1.10, write-only arguments with 1.11.
  required_version = ">= 1.11"
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

variable "run" {
  type        = number
  description = "A number that grows with every pipeline run, such as the CI job's run number."
  default     = 1
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

# A Zeebe client for this run only: the provider creates it when Terraform opens it and
# deletes it when Terraform is done, in the plan and again in the apply.
ephemeral "camunda_zeebe_client" "run" {
  cluster_id  = camunda_cluster.orders.id
  name_prefix = "pipeline"
  permissions = ["Zeebe"]
}

# Connectors that the run starts read the run's credentials as
# {{secrets.PIPELINE_CLIENT_ID}} and {{secrets.PIPELINE_CLIENT_SECRET}}. Write-only:
# the values are sent to the Console API and stored nowhere else. A new run number
# sends the new run's values.
resource "camunda_connector_secret" "client_id" {
  cluster_id       = camunda_cluster.orders.id
  name             = "PIPELINE_CLIENT_ID"
  value_wo         = ephemeral.camunda_zeebe_client.run.client_id
  value_wo_version = var.run
}

resource "camunda_connector_secret" "client_secret" {
  cluster_id       = camunda_cluster.orders.id
  name             = "PIPELINE_CLIENT_SECRET"
  value_wo         = ephemeral.camunda_zeebe_client.run.client_secret
  value_wo_version = var.run
}
