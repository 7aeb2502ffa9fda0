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

# Every authorization that roles hold: a CI job can compare it with what the
# configuration grants.
data "camunda_authorizations" "of_roles" {
  owner_type = "ROLE"
}

output "role_grants" {
  value = [
    for a in data.camunda_authorizations.of_roles.authorizations :
    "${a.owner_id}: ${join(", ", sort(a.permission_types))} on ${a.resource_type} ${coalesce(a.resource_id, a.resource_property_name)}"
  ]
}
