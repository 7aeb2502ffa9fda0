# The import ID is the authorization's key, which the cluster chose (see the
# camunda_authorizations data source, or the cluster's Admin UI).
terraform import camunda_authorization.support_instances 2251799813685249
