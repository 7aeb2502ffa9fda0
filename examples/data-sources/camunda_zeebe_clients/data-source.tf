data "camunda_zeebe_clients" "all" {
  cluster_id = camunda_cluster.example.id
}

output "client_names" {
  value = [for c in data.camunda_zeebe_clients.all.clients : c.name]
}
