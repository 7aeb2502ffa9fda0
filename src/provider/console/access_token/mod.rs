//! `camunda_access_token`: An OAuth access token that lives for one Terraform run.

mod ephemeral;

pub struct AccessToken;
