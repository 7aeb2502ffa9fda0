# The import ID is <group_id>/<member_type>/<member_id>.
terraform import camunda_group_member.deployer ops/CLIENT/deployer
