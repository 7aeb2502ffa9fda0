terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# A Self-Managed cluster has no Console: only its own API, here with HTTP basic
# authentication. Its address comes from CAMUNDA_REST_ADDRESS (such as
# http://localhost:8080) and the password from CAMUNDA_BASIC_AUTH_PASSWORD, so that neither
# is written here. For OIDC, see the variant in ../self-managed-oidc.
provider "camunda" {
  orchestration_api {
    auth_strategy = "BASIC"
    username      = "demo"
  }
}

resource "camunda_tenant" "emea" {
  tenant_id = "emea"
  name      = "EMEA"
}

resource "camunda_role" "auditor" {
  role_id     = "auditor"
  name        = "Auditor"
  description = "Reads process instances and decisions"
}

resource "camunda_group" "operations" {
  group_id    = "operations"
  name        = "Operations"
  description = "The on-call team"
}
