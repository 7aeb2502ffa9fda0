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

resource "camunda_zeebe_client" "worker" {
  cluster_id  = camunda_cluster.orders.id
  name        = "order-worker"
  permissions = ["Zeebe"]
}

resource "camunda_zeebe_client" "reporting" {
  cluster_id  = camunda_cluster.orders.id
  name        = "reporting"
  permissions = ["Operate", "Optimize"]
}

# Every client of the cluster, including those created outside Terraform. depends_on
# lists the clients only once the ones above exist.
data "camunda_zeebe_clients" "orders" {
  cluster_id = camunda_cluster.orders.id
  depends_on = [camunda_zeebe_client.worker, camunda_zeebe_client.reporting]
}

output "client_names" {
  value = [for c in data.camunda_zeebe_clients.orders.clients : c.name]
}
