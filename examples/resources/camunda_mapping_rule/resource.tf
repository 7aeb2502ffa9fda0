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

# Everyone whose token lists "camunda-operators" in its `groups` claim.
resource "camunda_mapping_rule" "operators" {
  mapping_rule_id = "idp-operators"
  name            = "Operators in the identity provider"
  claim_name      = "groups"
  claim_value     = "camunda-operators"
}

resource "camunda_role" "operator" {
  role_id = "operator"
  name    = "Operator"
}

resource "camunda_role_member" "operators" {
  role_id     = camunda_role.operator.role_id
  member_type = "MAPPING_RULE"
  member_id   = camunda_mapping_rule.operators.mapping_rule_id
}
