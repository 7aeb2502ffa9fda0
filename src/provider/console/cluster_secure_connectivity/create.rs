//! Turning Secure Connectivity on, exactly once. A cluster has at most one endpoint
//! service, so one that is on when a create's answer was lost (or when an earlier apply
//! died before Terraform recorded it) is adopted when it allows what was asked, and left
//! alone, with how to import it, when it allows something else.

use std::collections::BTreeSet;

use async_trait::async_trait;

use super::ClusterSecureConnectivity;
use crate::console::{self, ActivateSecureConnectivity};
use crate::provider::machinery::{
    Object,
    exactly_once::{Create, Existing, TakeOver},
    journal::Target,
    report::ApiResult,
};
use crate::tf::Resource;

/// The resource type, as the journal knows it.
const KIND: &str = <Object<ClusterSecureConnectivity> as Resource>::TYPE_NAME;

/// What turning Secure Connectivity on creates: the cluster's one endpoint service.
pub fn target(cluster_id: &str) -> Target {
    Target::new(KIND, cluster_id, "")
}

pub struct ConnectivityCreate<'a> {
    api: &'a console::Client,
    cluster_id: &'a str,
    request: &'a ActivateSecureConnectivity,
}

impl<'a> ConnectivityCreate<'a> {
    pub fn new(
        api: &'a console::Client,
        cluster_id: &'a str,
        request: &'a ActivateSecureConnectivity,
    ) -> ConnectivityCreate<'a> {
        ConnectivityCreate {
            api,
            cluster_id,
            request,
        }
    }
}

/// Order and repeats do not matter to the API.
fn set(values: &[String]) -> BTreeSet<&str> {
    values.iter().map(String::as_str).collect()
}

#[async_trait]
impl Create for ConnectivityCreate<'_> {
    /// Turning it on answers nothing: the cluster's id stands for the service.
    type Made = String;

    async fn existing(&self, _fresh: bool) -> Result<Vec<Existing>, console::Error> {
        let on = self
            .api
            .secure_connectivity(self.cluster_id)
            .await
            .found()?;
        Ok(on
            .flatten()
            .map(|_| Existing::undated(self.cluster_id, ""))
            .into_iter()
            .collect())
    }

    async fn send(&self) -> Result<String, console::Error> {
        self.api
            .activate_secure_connectivity(self.cluster_id, self.request)
            .await?;
        Ok(self.cluster_id.to_owned())
    }

    async fn take_over(&self, _id: &str) -> Result<TakeOver, console::Error> {
        let found = self.api.secure_connectivity(self.cluster_id).await?;
        let Some(found) = found else {
            return Ok(TakeOver::Differs("it was turned off again".into()));
        };
        let (asked, spec) = (self.request, &found.spec);
        if set(&spec.allowed_principals) == set(&asked.allowed_principals)
            && set(&spec.allowed_regions) == set(&asked.allowed_regions)
        {
            return Ok(TakeOver::Adopt);
        }
        Ok(TakeOver::Differs(format!(
            "it allows the principals {:?} and regions {:?}, not those of this configuration",
            spec.allowed_principals, spec.allowed_regions
        )))
    }

    fn recovery(&self, id: &str) -> String {
        format!(
            "Import it (`terraform import camunda_cluster_secure_connectivity.<NAME> {id}`) to \
             manage it here, or turn it off in the Console and apply again."
        )
    }
}
