terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The cluster's Orchestration Cluster API, here from the environment: CAMUNDA_REST_ADDRESS,
# and CAMUNDA_CLIENT_ID with CAMUNDA_CLIENT_SECRET (OAuth) or CAMUNDA_BASIC_AUTH_USERNAME
# with CAMUNDA_BASIC_AUTH_PASSWORD (HTTP basic).
provider "camunda" {}

resource "camunda_tenant" "emea" {
  tenant_id = "emea"
  name      = "EMEA"
}

resource "camunda_role" "auditor" {
  role_id = "auditor"
  name    = "Auditor"
}

# Everyone with the role has access to the tenant.
resource "camunda_tenant_member" "auditors" {
  tenant_id   = camunda_tenant.emea.tenant_id
  member_type = "ROLE"
  member_id   = camunda_role.auditor.role_id
}
