terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

data "camunda_clusters" "all" {}

output "unhealthy_clusters" {
  value = [
    for cluster in data.camunda_clusters.all.clusters :
    cluster.name if cluster.status != "Healthy"
  ]
}
