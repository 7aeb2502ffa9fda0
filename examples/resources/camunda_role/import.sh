# The import ID is the role's ID.
terraform import camunda_role.auditor auditor
