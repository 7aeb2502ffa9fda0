terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# Everything a cluster can be created with: channels, regions and plan types.
data "camunda_cluster_parameters" "all" {}

output "region_names" {
  value = [for region in data.camunda_cluster_parameters.all.regions : region.name]
}

output "stable_generations" {
  value = one([
    for channel in data.camunda_cluster_parameters.all.channels :
    channel.allowed_generations if channel.name == "Stable"
  ])
}
