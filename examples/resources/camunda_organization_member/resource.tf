terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# A new address is invited; `pending` is true until the invitation is accepted.
resource "camunda_organization_member" "jane" {
  email = "jane.doe@example.com"
  roles = ["admin", "modeler"]
}

output "jane_pending" {
  value = camunda_organization_member.jane.pending
}
