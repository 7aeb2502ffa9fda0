//! Ephemeral resource `camunda_access_token`: an OAuth access token, for other providers'
//! configuration (an HTTP provider calling a cluster's REST API, for example). It comes
//! through the provider's token cache, so a token that is still valid costs no request.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::AccessToken;
use crate::attr_path;
use crate::console::Credentials;
use crate::provider::machinery::{Object, report::ApiResult};
use crate::secret::Secret;
use crate::tf::{Attr, Attribute, Block, Diagnostics, EphemeralResource, Schema, call};

/// The audience of tokens for other credentials than the provider's: a Zeebe client's.
const ZEEBE_AUDIENCE: &str = "zeebe.camunda.io";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccessTokenModel {
    client_id: Attr<String>,
    client_secret: Attr<Secret>,
    audience: Attr<String>,
    access_token: Attr<Secret>,
    expires_at: Attr<String>,
}

#[async_trait]
impl EphemeralResource for Object<AccessToken> {
    type Model = AccessTokenModel;

    const TYPE_NAME: &'static str = "camunda_access_token";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "An OAuth access token from Camunda's token service, for one Terraform run: by \
                 default for the provider's own Console API credentials, or for another client \
                 (such as an ephemeral or managed Zeebe client). It comes through the provider's \
                 token cache, so a token that is still valid is reused.",
            )
            .attribute(Attribute::string("client_id").optional().description(
                "The client ID to request the token for; set together with `client_secret`. \
                 Defaults to the provider's `client_id`.",
            ))
            .attribute(
                Attribute::string("client_secret")
                    .optional()
                    .sensitive()
                    .description("The secret of `client_id`."),
            )
            .attribute(
                Attribute::string("audience")
                    .optional()
                    .description(format!(
                        "The audience of the token. Defaults to the provider's `audience` for the \
                 provider's own credentials, and to `{ZEEBE_AUDIENCE}` for a `client_id` of its own."
                    )),
            )
            .attribute(
                Attribute::string("access_token")
                    .computed()
                    .sensitive()
                    .description("The access token, for an `Authorization: Bearer` header."),
            )
            .attribute(
                Attribute::string("expires_at")
                    .computed()
                    .description("When the token expires (RFC 3339)."),
            ),
        )
    }

    fn validate(&self, config: &AccessTokenModel, diags: &mut Diagnostics) {
        if config.client_id.is_null() != config.client_secret.is_null() {
            diags.attribute_error(
                attr_path!(AccessTokenModel, client_secret),
                "client_id and client_secret go together",
                "Set both `client_id` and `client_secret` for another client's token, or \
                 neither for the provider's own.",
            );
        }
    }

    async fn open(&self, call: call::Configured<'_, Self::Model>) -> Option<AccessTokenModel> {
        let api = self.shared.api(call.diags)?;
        let credentials = match (call.config.client_id.get(), call.config.client_secret.get()) {
            (Some(client_id), Some(client_secret)) => Some(Credentials {
                client_id: client_id.clone(),
                client_secret: client_secret.clone(),
            }),
            _ => None,
        };
        let default_audience = credentials.is_some().then_some(ZEEBE_AUDIENCE);
        let audience = call.config.audience.as_deref().or(default_audience);
        let token = api
            .access_token(credentials, audience)
            .await
            .or_report(call.diags, "Could not get an access token")?;
        let expires_at = OffsetDateTime::from(token.expires_at)
            .format(&Rfc3339)
            .expect("a token's expiry formats");
        Some(AccessTokenModel {
            access_token: Attr::Known(token.token),
            expires_at: expires_at.into(),
            ..call.config.clone()
        })
    }
}
