terraform {
  # Ephemeral resources came with Terraform 1.10.
  required_version = ">= 1.10"
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

# A client for this run only: deleted when Terraform is done with it, and its secret is
# in neither the plan nor the state.
ephemeral "camunda_zeebe_client" "deployer" {
  cluster_id  = camunda_cluster.orders.id
  name_prefix = "deployer"
  permissions = ["Zeebe"]
}

# Its credentials feed other ephemeral values, provider blocks and write-only arguments.
ephemeral "camunda_access_token" "deployer" {
  client_id     = ephemeral.camunda_zeebe_client.deployer.client_id
  client_secret = ephemeral.camunda_zeebe_client.deployer.client_secret
}
