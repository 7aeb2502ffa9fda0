//! Names of the environment variables the settings fall back to: those that Camunda's own
//! SDKs read, so that a shell set up for them works here too.

pub const REST_ADDRESS: &str = "CAMUNDA_REST_ADDRESS";
/// The older name of [`REST_ADDRESS`], read when that is unset.
pub const ZEEBE_REST_ADDRESS: &str = "ZEEBE_REST_ADDRESS";
pub const AUTH_STRATEGY: &str = "CAMUNDA_AUTH_STRATEGY";
pub const CLIENT_ID: &str = "CAMUNDA_CLIENT_ID";
pub const CLIENT_SECRET: &str = "CAMUNDA_CLIENT_SECRET";
/// The same variable as the Console client's `oauth_url`: on SaaS both are one service.
pub const OAUTH_URL: &str = "CAMUNDA_OAUTH_URL";
pub const TOKEN_AUDIENCE: &str = "CAMUNDA_TOKEN_AUDIENCE";
pub const OAUTH_SCOPE: &str = "CAMUNDA_OAUTH_SCOPE";
pub const BASIC_AUTH_USERNAME: &str = "CAMUNDA_BASIC_AUTH_USERNAME";
pub const BASIC_AUTH_PASSWORD: &str = "CAMUNDA_BASIC_AUTH_PASSWORD";
