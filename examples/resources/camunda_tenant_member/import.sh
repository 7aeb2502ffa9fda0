# The import ID is <tenant_id>/<member_type>/<member_id>.
terraform import camunda_tenant_member.auditors emea/ROLE/auditor
