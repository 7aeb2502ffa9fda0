//! Ephemeral resources (Terraform 1.10 and later): values that live for one run and never
//! reach plan or state.

mod access_token;
pub mod names;
pub mod sweep;
mod zeebe_client;

pub use access_token::AccessTokenEphemeral;
pub use zeebe_client::ZeebeClientEphemeral;
