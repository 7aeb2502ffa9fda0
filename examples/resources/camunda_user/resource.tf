terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# A Self-Managed cluster's Orchestration Cluster API, with HTTP basic authentication: its
# address from CAMUNDA_REST_ADDRESS and the password from CAMUNDA_BASIC_AUTH_PASSWORD.
provider "camunda" {
  orchestration_api {
    auth_strategy = "BASIC"
    username      = "demo"
  }
}

variable "jane_password" {
  type      = string
  sensitive = true
  default   = "change-me-at-once"
}

resource "camunda_user" "jane" {
  username = "jane"
  name     = "Jane Doe"
  email    = "jane@example.com"
  # Kept in the state, marked sensitive. With Terraform 1.11 and later, prefer the
  # write-only `password_wo` with `password_wo_version`, which no state holds.
  password = var.jane_password
}
