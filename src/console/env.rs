//! Names of the environment variables the settings fall back to.

pub const CLIENT_ID: &str = "CAMUNDA_CONSOLE_CLIENT_ID";
pub const CLIENT_SECRET: &str = "CAMUNDA_CONSOLE_CLIENT_SECRET";
pub const API_URL: &str = "CAMUNDA_CONSOLE_BASE_URL";
pub const OAUTH_URL: &str = "CAMUNDA_OAUTH_URL";
pub const AUDIENCE: &str = "CAMUNDA_CONSOLE_OAUTH_AUDIENCE";
pub use crate::oauth::{TOKEN_CACHE_DIR, TOKEN_DISK_CACHE_DISABLE};
