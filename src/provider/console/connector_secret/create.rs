//! The create of a connector secret, exactly once. Names are unique per cluster and the
//! API lists every secret with its value, so a secret that a create whose answer was lost
//! made is recognised by its value: it is adopted when it holds the value sent, and left
//! alone, with how to import it, when it holds another. A name that is listed before the
//! create is no reason to refuse it: the API lists a deleted secret for a while, and
//! answers a create of a name that really exists with a 409 (see the resource).

use async_trait::async_trait;

use super::{ConnectorSecret, listed, written};
use crate::console;
use crate::provider::machinery::{
    Object, Shared,
    exactly_once::{Create, Existing, TakeOver},
    journal::Target,
};
use crate::secret::Secret;
use crate::tf::Resource;

/// The resource type, as the journal knows it.
const KIND: &str = <Object<ConnectorSecret> as Resource>::TYPE_NAME;

/// What a secret create creates: names are unique per cluster.
pub fn target(cluster_id: &str, name: &str) -> Target {
    Target::new(KIND, cluster_id, name)
}

/// How a user takes over a secret that Terraform does not hold.
fn recovery(cluster_id: &str, name: &str) -> String {
    format!(
        "To manage it with this configuration, import it: `terraform import \
         camunda_connector_secret.<NAME> {cluster_id}/{name}` (its value then becomes the \
         configuration's on the next apply); or delete it in the Console and apply again."
    )
}

/// A secret create as [`crate::provider::machinery::exactly_once::create`] drives it.
pub struct SecretCreate<'a> {
    pub shared: &'a Shared,
    pub api: &'a console::Client,
    pub cluster_id: &'a str,
    pub name: &'a str,
    pub value: &'a Secret,
}

impl<'a> SecretCreate<'a> {
    pub fn new(
        shared: &'a Shared,
        api: &'a console::Client,
        cluster_id: &'a str,
        name: &'a str,
        value: &'a Secret,
    ) -> SecretCreate<'a> {
        SecretCreate {
            shared,
            api,
            cluster_id,
            name,
            value,
        }
    }
}

#[async_trait]
impl Create for SecretCreate<'_> {
    /// The secret's name, its id.
    type Made = String;

    /// The cluster's secrets; none when the cluster is gone.
    async fn existing(&self, fresh: bool) -> Result<Vec<Existing>, console::Error> {
        if fresh {
            self.shared.secret_lists.invalidate(self.cluster_id);
        }
        let listed = listed(self.shared, self.api, self.cluster_id).await?;
        Ok(listed.map_or_else(Vec::new, |secrets| {
            secrets
                .keys()
                .map(|name| Existing::undated(name, name))
                .collect()
        }))
    }

    async fn send(&self) -> Result<String, console::Error> {
        let created = self
            .api
            .create_secret(self.cluster_id, self.name, self.value)
            .await;
        written(
            self.shared,
            self.cluster_id,
            self.name,
            &created,
            Some(self.value),
        );
        created.map(|()| self.name.to_owned())
    }

    async fn take_over(&self, id: &str) -> Result<TakeOver, console::Error> {
        self.shared.secret_lists.invalidate(self.cluster_id);
        let listed = listed(self.shared, self.api, self.cluster_id).await?;
        Ok(
            match listed.as_deref().and_then(|secrets| secrets.get(id)) {
                Some(value) if value == self.value => TakeOver::Adopt,
                Some(_) => {
                    TakeOver::Differs("its value is not the one in this configuration".into())
                }
                None => TakeOver::Differs("it was deleted while the provider looked at it".into()),
            },
        )
    }

    fn recovery(&self, id: &str) -> String {
        recovery(self.cluster_id, id)
    }
}
