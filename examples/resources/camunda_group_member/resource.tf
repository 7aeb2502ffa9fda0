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

resource "camunda_group" "ops" {
  group_id = "ops"
  name     = "Operations"
}

# An OAuth client (a machine-to-machine application) of the cluster's identity provider.
resource "camunda_group_member" "deployer" {
  group_id    = camunda_group.ops.group_id
  member_type = "CLIENT"
  member_id   = "deployer"
}
