# The import ID is the tenant's ID.
terraform import camunda_tenant.emea emea
