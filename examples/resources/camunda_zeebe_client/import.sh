# The import ID is the cluster ID and the client ID, separated by a slash.
# The client secret is not available after import (the API only gives it at creation);
# change `keepers` to replace the client and get a secret into the state.
terraform import camunda_zeebe_client.worker 2b1e7c5e-4d8f-4f61-9a53-2f0c6b8e0d11/Xk3pQ9vTz_7mWcL2
