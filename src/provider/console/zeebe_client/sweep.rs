//! Finding and deleting the ephemeral Zeebe clients that runs which died left behind:
//! clients whose name says they are ephemeral and were made before a cut-off.

use time::OffsetDateTime;

use super::names;
use crate::console::{self, ClientSummary};

/// A client left behind, with when it was made.
pub struct Stale {
    pub client: ClientSummary,
    pub made_at: OffsetDateTime,
}

/// The ephemeral clients of `cluster_id` made before `cutoff`, oldest first.
pub async fn find(
    api: &console::Client,
    cluster_id: &str,
    cutoff: OffsetDateTime,
) -> Result<Vec<Stale>, console::Error> {
    let mut stale: Vec<Stale> = api
        .list_clients(cluster_id)
        .await?
        .into_iter()
        .filter_map(|client| {
            let made_at = names::made_at(&client.name)?;
            (made_at < cutoff).then_some(Stale { client, made_at })
        })
        .collect();
    stale.sort_by_key(|s| s.made_at);
    Ok(stale)
}
