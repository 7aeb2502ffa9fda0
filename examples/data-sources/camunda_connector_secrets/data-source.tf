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

resource "camunda_connector_secret" "smtp_password" {
  cluster_id = camunda_cluster.orders.id
  name       = "SMTP_PASSWORD"
  value      = "example-only"
}

# The names of every secret of the cluster, including those created in the Console;
# never their values. depends_on lists them only once the one above exists.
data "camunda_connector_secrets" "orders" {
  cluster_id = camunda_cluster.orders.id
  depends_on = [camunda_connector_secret.smtp_password]
}

output "secret_names" {
  value = data.camunda_connector_secrets.orders.names
}
