# The import ID is <role_id>/<member_type>/<member_id>.
terraform import camunda_role_member.alice auditor/USER/alice
