# The import ID is the group's ID.
terraform import camunda_group.operations operations
