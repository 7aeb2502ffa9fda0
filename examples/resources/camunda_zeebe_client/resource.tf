resource "camunda_zeebe_client" "worker" {
  cluster_id  = camunda_cluster.example.id
  name        = "order-worker"
  permissions = ["Zeebe", "Operate"]

  # Change the value to replace the client, which rotates its secret.
  keepers = {
    rotated = "2024-06-01"
  }
}

output "zeebe_address" {
  value = camunda_zeebe_client.worker.zeebe_address
}

output "zeebe_client_secret" {
  value     = camunda_zeebe_client.worker.client_secret
  sensitive = true
}
