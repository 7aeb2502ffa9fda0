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

# New clusters in this channel run its default generation unless told otherwise.
output "stable_default_generation" {
  value = data.camunda_channel.stable.default_generation_name
}
