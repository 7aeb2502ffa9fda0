# The import ID is the cluster ID and the client ID, separated by a slash. The
# password is not available after import (the API only gives it when it issues
# one): change `keepers` to rotate it and get the new one into the state.
terraform import camunda_cluster_monitoring_client.prometheus 3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e
