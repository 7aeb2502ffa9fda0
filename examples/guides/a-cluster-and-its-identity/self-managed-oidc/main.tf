terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# OIDC: the provider asks your identity provider (Keycloak, Microsoft Entra ID, Okta, ...)
# for tokens with the client credentials grant. The cluster's address, the client and the
# token endpoint come from CAMUNDA_REST_ADDRESS, CAMUNDA_CLIENT_ID, CAMUNDA_CLIENT_SECRET
# and CAMUNDA_OAUTH_URL, and the audience the cluster expects from CAMUNDA_TOKEN_AUDIENCE.
provider "camunda" {
  orchestration_api {
    auth_strategy = "OAUTH"
  }
}

variable "pipeline_client_id" {
  description = "The identity provider's client ID of the pipeline that deploys processes."
  type        = string
  default     = "deployer"
}

resource "camunda_tenant" "emea" {
  tenant_id = "emea"
  name      = "EMEA"
}

resource "camunda_role" "deployer" {
  role_id     = "deployer"
  name        = "Deployer"
  description = "Deploys processes and decisions"
}

# Users and clients of an OIDC cluster live in the identity provider: memberships name
# them by their ID there.
resource "camunda_role_member" "pipeline" {
  role_id     = camunda_role.deployer.role_id
  member_type = "CLIENT"
  member_id   = var.pipeline_client_id
}

resource "camunda_tenant_member" "pipeline" {
  tenant_id   = camunda_tenant.emea.tenant_id
  member_type = "CLIENT"
  member_id   = var.pipeline_client_id
}
