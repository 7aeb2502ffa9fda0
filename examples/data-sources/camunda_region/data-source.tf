terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

data "camunda_region" "belgium" {
  name = "Belgium, Europe (europe-west1)"
}

output "belgium_region_id" {
  value = data.camunda_region.belgium.id
}
