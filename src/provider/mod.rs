//! The Camunda provider: the registry of every resource, data source and ephemeral
//! resource it serves, and its configuration (`settings`).
//!
//! Beneath the registry, each Camunda object has a folder named after its type without
//! `camunda_`, grouped by the API that serves it (`console/`, `orchestration/`), holding its model and
//! schema and `resource.rs`, `data.rs` or `ephemeral.rs` for the kinds it serves. Beneath
//! the objects, `machinery/` holds what they share. Dependencies point one way, checked
//! by a test: registry → objects → machinery; an object never imports another object,
//! and nothing in `provider/` imports the registry. An object writes its type name once
//! (on its marker type, where more than one place needs it).

mod console;
#[cfg(test)]
mod layout;
mod machinery;
mod orchestration;
mod settings;

use std::sync::Arc;

use async_trait::async_trait;
use console::*;
use machinery::named_list::Listed;
use machinery::{Object, Shared};

use crate::tf::handler::{data_source, ephemeral_resource, resource};
use crate::tf::{
    DataSource, DataSourceHandler, Diagnostics, EphemeralResource, EphemeralResourceHandler,
    Provider, Resource, ResourceHandler, Schema,
};

pub use settings::ProviderModel;

/// The `sweep` command's listing of ephemeral Zeebe clients left behind.
pub use console::zeebe_client::sweep;

#[derive(Default)]
pub struct CamundaProvider {
    shared: Arc<Shared>,
}

impl CamundaProvider {
    pub fn new() -> CamundaProvider {
        CamundaProvider::default()
    }

    fn resource<K>(&self) -> Arc<dyn ResourceHandler>
    where
        Object<K>: Resource,
    {
        resource(Object::<K>::new(self.shared.clone()))
    }

    fn data_source<K>(&self) -> Arc<dyn DataSourceHandler>
    where
        Object<K>: DataSource,
    {
        data_source(Object::<K>::new(self.shared.clone()))
    }

    fn ephemeral_resource<K>(&self) -> Arc<dyn EphemeralResourceHandler>
    where
        Object<K>: EphemeralResource,
    {
        ephemeral_resource(Object::<K>::new(self.shared.clone()))
    }
}

#[async_trait]
impl Provider for CamundaProvider {
    type Model = ProviderModel;

    fn schema(&self) -> Schema {
        settings::schema()
    }

    async fn configure(&self, config: &ProviderModel, diags: &mut Diagnostics) {
        settings::configure(&self.shared, config, diags).await;
    }

    fn resources(&self) -> Vec<Arc<dyn ResourceHandler>> {
        vec![
            self.resource::<cluster::Cluster>(),
            self.resource::<zeebe_client::ZeebeClient>(),
            self.resource::<connector_secret::ConnectorSecret>(),
            self.resource::<cluster_ip_allowlist::ClusterIpAllowlist>(),
            self.resource::<organization_member::OrganizationMember>(),
            self.resource::<cluster_backup::ClusterBackup>(),
            self.resource::<cluster_backup_schedule::ClusterBackupSchedule>(),
            self.resource::<cluster_monitoring::ClusterMonitoring>(),
            self.resource::<cluster_monitoring_client::ClusterMonitoringClient>(),
            self.resource::<cluster_secure_connectivity::ClusterSecureConnectivity>(),
            self.resource::<cluster_encryption::ClusterEncryption>(),
            self.resource::<orchestration::tenant::Tenant>(),
            self.resource::<orchestration::role::Role>(),
            self.resource::<orchestration::group::Group>(),
            self.resource::<orchestration::user::User>(),
            self.resource::<orchestration::mapping_rule::MappingRule>(),
            self.resource::<orchestration::authorization::Authorization>(),
            self.resource::<orchestration::cluster_variable::ClusterVariable>(),
            self.resource::<orchestration::deployment::Deployment>(),
            self.resource::<orchestration::role_member::RoleMember>(),
            self.resource::<orchestration::group_member::GroupMember>(),
            self.resource::<orchestration::tenant_member::TenantMember>(),
        ]
    }

    fn data_sources(&self) -> Vec<Arc<dyn DataSourceHandler>> {
        use cluster_parameters::{Channel, ClusterParameters, ClusterPlanType, Region};
        vec![
            self.data_source::<ClusterParameters>(),
            self.data_source::<Channel>(),
            self.data_source::<Region>(),
            self.data_source::<ClusterPlanType>(),
            self.data_source::<cluster::Cluster>(),
            self.data_source::<cluster::Clusters>(),
            self.data_source::<zeebe_client::ZeebeClient>(),
            self.data_source::<zeebe_client::ZeebeClients>(),
            self.data_source::<connector_secret::ConnectorSecrets>(),
            self.data_source::<organization_member::OrganizationMembers>(),
            self.data_source::<ip_ranges::IpRanges>(),
            self.data_source::<cluster_backup::ClusterBackups>(),
            self.data_source::<Listed<orchestration::tenant::Tenant>>(),
            self.data_source::<Listed<orchestration::role::Role>>(),
            self.data_source::<Listed<orchestration::group::Group>>(),
            self.data_source::<orchestration::mapping_rule::MappingRules>(),
            self.data_source::<orchestration::authorization::Authorizations>(),
            self.data_source::<orchestration::topology::Topology>(),
            self.data_source::<orchestration::process_definition::ProcessDefinition>(),
        ]
    }

    fn ephemeral_resources(&self) -> Vec<Arc<dyn EphemeralResourceHandler>> {
        vec![
            self.ephemeral_resource::<zeebe_client::ZeebeClient>(),
            self.ephemeral_resource::<access_token::AccessToken>(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::provider::serve;

    /// Every registered type's typed model fits its schema, field for field, and so does
    /// the provider block's: a misfit would only show when Terraform sends a value.
    #[test]
    fn every_model_matches_its_schema() {
        let provider = serve(CamundaProvider::new());
        let mut misfits = Vec::new();
        let mut checked = 0;
        let mut check = |kind: &str, name: &str, result: Result<(), crate::tf::model::Error>| {
            checked += 1;
            if let Err(error) = result {
                misfits.push(format!("{kind} {name}: {error}"));
            }
        };
        check("provider", "camunda", provider.check_model());
        for r in provider.resources() {
            check("resource", r.type_name(), r.check_model());
        }
        for d in provider.data_sources() {
            check("data source", d.type_name(), d.check_model());
        }
        for e in provider.ephemeral_resources() {
            check("ephemeral resource", e.type_name(), e.check_model());
        }
        assert!(misfits.is_empty(), "{misfits:#?}");
        assert_eq!(checked, 1 + 22 + 19 + 2);
    }

    #[test]
    fn each_membership_offers_the_member_types_its_holder_takes() {
        use machinery::membership::Membership;
        use orchestration::{group_member, role_member, tenant_member};

        fn takes<K: Membership>() -> (Vec<&'static str>, Vec<&'static str>) {
            let assignable = K::HOLDER.assignable().iter().map(|m| m.as_str()).collect();
            (K::MEMBER_TYPES.to_vec(), assignable)
        }
        for (offered, assignable) in [
            takes::<role_member::Role>(),
            takes::<group_member::Group>(),
            takes::<tenant_member::Tenant>(),
        ] {
            assert_eq!(offered, assignable);
        }
    }
}
