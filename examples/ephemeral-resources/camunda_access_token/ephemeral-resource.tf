terraform {
  # Ephemeral resources came with Terraform 1.10.
  required_version = ">= 1.10"
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# A token for the provider's own Console API credentials, from the provider's token
# cache, for another provider's configuration (for example an HTTP or REST provider
# calling the Console API with `Authorization: Bearer <access_token>`).
ephemeral "camunda_access_token" "console" {}
