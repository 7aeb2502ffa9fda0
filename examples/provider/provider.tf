terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# Credentials come from the environment (CAMUNDA_CONSOLE_CLIENT_ID and
# CAMUNDA_CONSOLE_CLIENT_SECRET) unless set here.
provider "camunda" {}
