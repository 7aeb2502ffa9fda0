//! An API call's access token, as both API clients use it: requested by the operation's
//! deadline, and renewed once when the API refuses it.

use std::sync::atomic::{AtomicBool, Ordering};

use tokio::time::Instant;

use super::{TokenError, TokenManager};
use crate::http_client::api_error::ApiError;
use crate::http_client::call::Call;
use crate::secret::Secret;

impl TokenManager {
    /// A valid access token for `call`, by the operation's `deadline`: when that passes
    /// first, the call was not sent.
    pub async fn token_for<E: ApiError + From<TokenError>>(
        &self,
        call: &Call,
        deadline: Option<Instant>,
    ) -> Result<Secret, E> {
        let Some(deadline) = deadline else {
            return Ok(self.token(None).await?);
        };
        match tokio::time::timeout_at(deadline, self.token(Some(deadline))).await {
            Ok(token) => Ok(token?),
            Err(_) => Err(E::not_sent(
                call,
                "the operation's timeout passed while an access token was requested",
            )),
        }
    }
}

/// The one renewal of a refused access token that an API call gets: the API did not act on
/// a request it could not authenticate, so the call may be sent again whatever its method.
#[derive(Debug, Default)]
pub struct Renewal {
    // Atomic only so that the attempts' futures stay `Send`.
    done: AtomicBool,
}

impl Renewal {
    /// Drops `token`, which the API refused for `call`, unless the call has renewed its
    /// token before; whether it did.
    pub async fn renew(&self, tokens: &TokenManager, token: &Secret, call: &Call) -> bool {
        if self.done.swap(true, Ordering::Relaxed) {
            return false;
        }
        tracing::debug!(method = %call.method, path = %call.path, "access token refused; renewing it");
        tokens.invalidate(token).await;
        true
    }
}
