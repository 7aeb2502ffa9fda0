# The import ID is the cluster ID and the secret's name, separated by a slash. The
# value is read back into `value`; with `value_wo`, the first apply after the import
# sends the configured value and drops the read one from the state.
terraform import camunda_connector_secret.crm_api_key 2b1e7c5e-4d8f-4f61-9a53-2f0c6b8e0d11/CRM_API_KEY
