terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The cluster's Orchestration Cluster API, from the environment: CAMUNDA_REST_ADDRESS, and
# CAMUNDA_CLIENT_ID with CAMUNDA_CLIENT_SECRET (on SaaS, a Zeebe client's credentials; on
# Self-Managed, an OIDC client's).
provider "camunda" {}

variable "order_process_id" {
  description = "The BPMN process ID whose instances developers may start and read."
  type        = string
  default     = "order-process"
}

# Who: an operator role for the people on call, a developer role for the team that builds
# the order process.
resource "camunda_role" "operator" {
  role_id     = "operator"
  name        = "Operator"
  description = "Watches and repairs every process instance"
}

resource "camunda_role" "developer" {
  role_id     = "developer"
  name        = "Developer"
  description = "Starts and reads the order process"
}

# The identity provider decides who is on call: everyone whose token lists the group
# "camunda-operators" in its `groups` claim is an operator.
resource "camunda_mapping_rule" "operators" {
  mapping_rule_id = "idp-operators"
  name            = "On-call group of the identity provider"
  claim_name      = "groups"
  claim_value     = "camunda-operators"
}

resource "camunda_role_member" "operators" {
  role_id     = camunda_role.operator.role_id
  member_type = "MAPPING_RULE"
  member_id   = camunda_mapping_rule.operators.mapping_rule_id
}

# What: operators read and repair every process instance and read every decision...
resource "camunda_authorization" "operator_processes" {
  owner_type    = "ROLE"
  owner_id      = camunda_role.operator.role_id
  resource_type = "PROCESS_DEFINITION"
  resource_id   = "*"
  permission_types = [
    "READ_PROCESS_DEFINITION",
    "READ_PROCESS_INSTANCE",
    "UPDATE_PROCESS_INSTANCE",
    "CANCEL_PROCESS_INSTANCE",
  ]
}

resource "camunda_authorization" "operator_decisions" {
  owner_type       = "ROLE"
  owner_id         = camunda_role.operator.role_id
  resource_type    = "DECISION_DEFINITION"
  resource_id      = "*"
  permission_types = ["READ_DECISION_DEFINITION", "READ_DECISION_INSTANCE"]
}

# ...and developers start and read the order process only.
resource "camunda_authorization" "developer_orders" {
  owner_type    = "ROLE"
  owner_id      = camunda_role.developer.role_id
  resource_type = "PROCESS_DEFINITION"
  resource_id   = var.order_process_id
  permission_types = [
    "READ_PROCESS_DEFINITION",
    "CREATE_PROCESS_INSTANCE",
    "READ_PROCESS_INSTANCE",
  ]
}

# Where: the developers work in the EMEA tenant.
resource "camunda_tenant" "emea" {
  tenant_id = "emea"
  name      = "EMEA"
}

resource "camunda_tenant_member" "developers" {
  tenant_id   = camunda_tenant.emea.tenant_id
  member_type = "ROLE"
  member_id   = camunda_role.developer.role_id
}

# For the review: every authorization of the cluster, Terraform's or not.
data "camunda_authorizations" "all" {
  depends_on = [
    camunda_authorization.operator_processes,
    camunda_authorization.operator_decisions,
    camunda_authorization.developer_orders,
  ]
}

output "grants" {
  description = "Who holds which permissions on what."
  value = [
    for a in data.camunda_authorizations.all.authorizations :
    "${a.owner_type} ${a.owner_id}: ${join(", ", sort(a.permission_types))} on ${a.resource_type} ${coalesce(a.resource_id, a.resource_property_name)}"
  ]
}
