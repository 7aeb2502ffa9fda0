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

resource "camunda_role" "auditor" {
  role_id = "auditor"
  name    = "Auditor"
}

# A user of the cluster's identity provider: it need not exist in the cluster yet.
resource "camunda_role_member" "alice" {
  role_id     = camunda_role.auditor.role_id
  member_type = "USER"
  member_id   = "alice"
}
