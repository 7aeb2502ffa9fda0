# A cluster and a Zeebe client, created from names looked up through the data sources.
# tools/quickstart applies this against the local Console API emulator, then destroys it.

terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# Credentials and URLs come from the environment (see the README).
provider "camunda" {}

data "camunda_channel" "stable" {
  name = "Stable"
}

data "camunda_region" "europe" {
  name = "Belgium, Europe (europe-west1)"
}

data "camunda_cluster_plan_type" "trial" {
  name = "Trial Package"
}

resource "camunda_cluster" "quickstart" {
  name         = "quickstart"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.europe.id
  plan_type_id = data.camunda_cluster_plan_type.trial.id
  stage_label  = "dev"
}

resource "camunda_zeebe_client" "worker" {
  cluster_id  = camunda_cluster.quickstart.id
  name        = "quickstart-worker"
  permissions = ["Zeebe"]
}

output "cluster_id" {
  value = camunda_cluster.quickstart.id
}

output "zeebe_address" {
  value = camunda_zeebe_client.worker.zeebe_address
}

output "zeebe_client_id" {
  value = camunda_zeebe_client.worker.client_id
}

output "zeebe_client_secret" {
  value     = camunda_zeebe_client.worker.client_secret
  sensitive = true
}
