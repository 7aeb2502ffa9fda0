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

data "camunda_mapping_rules" "all" {}

output "claims_by_rule" {
  value = { for rule in data.camunda_mapping_rules.all.mapping_rules : rule.mapping_rule_id => "${rule.claim_name} = ${rule.claim_value}" }
}
