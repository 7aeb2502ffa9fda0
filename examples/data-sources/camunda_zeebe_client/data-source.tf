data "camunda_zeebe_client" "worker" {
  cluster_id = camunda_cluster.example.id
  client_id  = "Xk3pQ9vTz_7mWcL2"
}

output "worker_permissions" {
  value = data.camunda_zeebe_client.worker.permissions
}
