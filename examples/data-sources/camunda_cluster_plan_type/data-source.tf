terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

data "camunda_cluster_plan_type" "basic" {
  name = "Basic Package"
}

output "basic_plan_type_id" {
  value = data.camunda_cluster_plan_type.basic.id
}
