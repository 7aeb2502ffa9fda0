# The import ID is the member's email address. The organization's owner cannot be
# imported: the API neither changes the owner's roles nor removes the owner.
terraform import camunda_organization_member.jane jane.doe@example.com
