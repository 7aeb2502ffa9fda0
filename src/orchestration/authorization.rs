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
use super::error::Error;
use super::model::{Authorization, AuthorizationFilter, NewAuthorization};

/// `AuthorizationCreateResult`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Created {
    authorization_key: String,
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

    /// `GET /authorizations/{authorizationKey}`
    pub async fn get_authorization(&self, key: &str) -> Result<Authorization, Error> {
        let op = Op::repeatable("AUTHORIZATION:READ");
        self.get(&["authorizations", key], op).await
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

    /// `DELETE /authorizations/{authorizationKey}`
    pub async fn delete_authorization(&self, key: &str) -> Result<(), Error> {
        let op = Op::repeatable("AUTHORIZATION:DELETE");
        self.act(Method::DELETE, &["authorizations", key], op).await
    }

    /// `POST /authorizations/search`, every page.
    pub async fn search_authorizations(
        &self,
        filter: Option<&AuthorizationFilter>,
    ) -> Result<Vec<Authorization>, Error> {
        self.search("authorizations", filter, "AUTHORIZATION:READ")
            .await
    }
}
