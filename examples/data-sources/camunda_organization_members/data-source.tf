terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

data "camunda_organization_members" "all" {}

# Everyone with the admin role, members and pending invitations alike.
output "admins" {
  value = [for m in data.camunda_organization_members.all.members : m.email if contains(m.roles, "admin")]
}

output "pending_invitations" {
  value = [for m in data.camunda_organization_members.all.members : m.email if m.pending]
}
