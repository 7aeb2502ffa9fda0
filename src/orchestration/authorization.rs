//! The authorization endpoints: one method per endpoint, each with the permission the
//! description lists for it.
//!
//! Unlike the identity objects, an authorization's key is the server's: a create that is
//! repeated makes a second authorization, so it is never sent again blindly, and a lost
//! answer ([`Error::outcome_unknown`]) leaves the caller to search for what was made. A
//! create whose owner already holds one of its permissions on the same resource answers
//! 409 ([`Error::is_conflict`]), although the description lists no 409.

use reqwest::Method;
use serde::Deserialize;

use super::client::{Client, Op, to_json};
use super::collection::{Collection, Searchable};
use super::error::Error;
use super::model::{Authorization, AuthorizationFilter, NewAuthorization};

/// `AuthorizationCreateResult`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Created {
    authorization_key: String,
}

impl Searchable for Authorization {
    type Filter = AuthorizationFilter;
    const READ: &'static str = "AUTHORIZATION:READ";
    const SEARCH: &'static [&'static str] = &["authorizations", "search"];
}

/// Authorizations are named by the key that the cluster chose.
impl Collection for Authorization {
    type Key = str;
    const DELETE: &'static str = "AUTHORIZATION:DELETE";

    fn path(key: &str) -> Vec<&str> {
        vec!["authorizations", key]
    }

    fn is(&self, key: &str) -> bool {
        self.authorization_key == key
    }
}

impl Client {
    /// `POST /authorizations`: the new authorization's key.
    pub async fn create_authorization(
        &self,
        authorization: &NewAuthorization,
    ) -> Result<String, Error> {
        let op = Op::create("AUTHORIZATION:CREATE");
        let body = Some(to_json(authorization));
        let created: Created = self
            .fetch(Method::POST, &["authorizations"], body, op)
            .await?;
        Ok(created.authorization_key)
    }

    /// `PUT /authorizations/{authorizationKey}`: replaces all of it but its key.
    pub async fn update_authorization(
        &self,
        key: &str,
        authorization: &NewAuthorization,
    ) -> Result<(), Error> {
        let op = Op::repeatable("AUTHORIZATION:UPDATE");
        let body = Some(to_json(authorization));
        self.act_with(Method::PUT, &["authorizations", key], body, op)
            .await
    }
}
