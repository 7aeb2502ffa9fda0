//! terraform-provider-camunda: a Terraform provider for Camunda SaaS, and a local
//! emulator of the Camunda Console API.

pub mod tf;
