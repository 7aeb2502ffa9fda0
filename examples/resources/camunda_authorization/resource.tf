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

resource "camunda_role" "support" {
  role_id = "support"
  name    = "Support"
}

# Members of the support role read every process instance and may cancel them.
resource "camunda_authorization" "support_instances" {
  owner_type       = "ROLE"
  owner_id         = camunda_role.support.role_id
  resource_type    = "PROCESS_DEFINITION"
  resource_id      = "*"
  permission_types = ["READ_PROCESS_DEFINITION", "READ_PROCESS_INSTANCE", "CANCEL_PROCESS_INSTANCE"]
}
