# Choose the cluster by its name (which must match exactly one cluster) ...
data "camunda_cluster" "production" {
  name = "production"
}

# ... or by its ID.
data "camunda_cluster" "by_id" {
  id = "00000000-0000-0000-0000-000000000000"
}

output "production_zeebe_address" {
  value = data.camunda_cluster.production.links.zeebe
}
