terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The Console API, with an API client of the organization: CAMUNDA_CONSOLE_CLIENT_ID and
# CAMUNDA_CONSOLE_CLIENT_SECRET in the environment.
provider "camunda" {}

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

# The client with which Terraform manages what lives inside the cluster.
resource "camunda_zeebe_client" "terraform" {
  cluster_id = camunda_cluster.orders.id
  name       = "terraform"
}

# The cluster's own API, reached with that client. Its settings are known only once the
# client exists: the plan calls no cluster for them, and the apply uses them.
provider "camunda" {
  alias = "orders"

  orchestration_api {
    rest_address  = camunda_zeebe_client.terraform.rest_address
    client_id     = camunda_zeebe_client.terraform.client_id
    client_secret = camunda_zeebe_client.terraform.client_secret
  }
}

resource "camunda_tenant" "emea" {
  provider  = camunda.orders
  tenant_id = "emea"
  name      = "EMEA"
}

resource "camunda_role" "auditor" {
  provider    = camunda.orders
  role_id     = "auditor"
  name        = "Auditor"
  description = "Reads process instances and decisions"
}

resource "camunda_group" "operations" {
  provider    = camunda.orders
  group_id    = "operations"
  name        = "Operations"
  description = "The on-call team"
}
