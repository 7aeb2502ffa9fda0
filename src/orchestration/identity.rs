//! The identity endpoints (tenants, roles, groups, users, mapping rules) and the topology:
//! one method per endpoint, each with the permission the description lists for it.
//!
//! Reads and searches are eventually consistent: an object just created may answer 404
//! for a while, and one just deleted may still be found. Waiting for a write to show is the
//! caller's part (`Settings::consistency_timeout`).

use reqwest::Method;

use super::client::{Client, Op, to_json};
use super::error::Error;
use super::model::{
    Group, GroupFilter, MappingRule, MappingRuleFilter, MappingRuleUpdate, NameAndDescription,
    NewUser, Role, RoleFilter, Tenant, TenantFilter, Topology, User, UserFilter, UserUpdate,
};

impl Client {
    /// `POST /tenants`; [`Error::is_conflict`] when the id is taken.
    pub async fn create_tenant(&self, tenant: &Tenant) -> Result<Tenant, Error> {
        let op = Op::create("TENANT:CREATE");
        self.fetch(Method::POST, &["tenants"], Some(to_json(tenant)), op)
            .await
    }

    /// `GET /tenants/{tenantId}`
    pub async fn get_tenant(&self, tenant_id: &str) -> Result<Tenant, Error> {
        let op = Op::repeatable("TENANT:READ");
        self.get(&["tenants", tenant_id], op).await
    }

    /// `PUT /tenants/{tenantId}`
    pub async fn update_tenant(
        &self,
        tenant_id: &str,
        update: &NameAndDescription,
    ) -> Result<Tenant, Error> {
        let op = Op::repeatable("TENANT:UPDATE");
        self.fetch(
            Method::PUT,
            &["tenants", tenant_id],
            Some(to_json(update)),
            op,
        )
        .await
    }

    /// `DELETE /tenants/{tenantId}`
    pub async fn delete_tenant(&self, tenant_id: &str) -> Result<(), Error> {
        let op = Op::repeatable("TENANT:DELETE");
        self.act(Method::DELETE, &["tenants", tenant_id], op).await
    }

    /// `POST /tenants/search`, every page.
    pub async fn search_tenants(
        &self,
        filter: Option<&TenantFilter>,
    ) -> Result<Vec<Tenant>, Error> {
        let op = Op::repeatable("TENANT:READ");
        self.search_all(&["tenants", "search"], filter.map(to_json), op)
            .await
    }

    /// `POST /roles`; [`Error::is_conflict`] when the id is taken.
    pub async fn create_role(&self, role: &Role) -> Result<Role, Error> {
        let op = Op::create("ROLE:CREATE");
        self.fetch(Method::POST, &["roles"], Some(to_json(role)), op)
            .await
    }

    /// `GET /roles/{roleId}`
    pub async fn get_role(&self, role_id: &str) -> Result<Role, Error> {
        let op = Op::repeatable("ROLE:READ");
        self.get(&["roles", role_id], op).await
    }

    /// `PUT /roles/{roleId}`
    pub async fn update_role(
        &self,
        role_id: &str,
        update: &NameAndDescription,
    ) -> Result<Role, Error> {
        let op = Op::repeatable("ROLE:UPDATE");
        self.fetch(Method::PUT, &["roles", role_id], Some(to_json(update)), op)
            .await
    }

    /// `DELETE /roles/{roleId}`
    pub async fn delete_role(&self, role_id: &str) -> Result<(), Error> {
        let op = Op::repeatable("ROLE:DELETE");
        self.act(Method::DELETE, &["roles", role_id], op).await
    }

    /// `POST /roles/search`, every page.
    pub async fn search_roles(&self, filter: Option<&RoleFilter>) -> Result<Vec<Role>, Error> {
        let op = Op::repeatable("ROLE:READ");
        self.search_all(&["roles", "search"], filter.map(to_json), op)
            .await
    }

    /// `POST /groups`; [`Error::is_conflict`] when the id is taken.
    pub async fn create_group(&self, group: &Group) -> Result<Group, Error> {
        let op = Op::create("GROUP:CREATE");
        self.fetch(Method::POST, &["groups"], Some(to_json(group)), op)
            .await
    }

    /// `GET /groups/{groupId}`
    pub async fn get_group(&self, group_id: &str) -> Result<Group, Error> {
        let op = Op::repeatable("GROUP:READ");
        self.get(&["groups", group_id], op).await
    }

    /// `PUT /groups/{groupId}`
    pub async fn update_group(
        &self,
        group_id: &str,
        update: &NameAndDescription,
    ) -> Result<Group, Error> {
        let op = Op::repeatable("GROUP:UPDATE");
        self.fetch(
            Method::PUT,
            &["groups", group_id],
            Some(to_json(update)),
            op,
        )
        .await
    }

    /// `DELETE /groups/{groupId}`
    pub async fn delete_group(&self, group_id: &str) -> Result<(), Error> {
        let op = Op::repeatable("GROUP:DELETE");
        self.act(Method::DELETE, &["groups", group_id], op).await
    }

    /// `POST /groups/search`, every page.
    pub async fn search_groups(&self, filter: Option<&GroupFilter>) -> Result<Vec<Group>, Error> {
        let op = Op::repeatable("GROUP:READ");
        self.search_all(&["groups", "search"], filter.map(to_json), op)
            .await
    }

    /// `POST /users`; [`Error::is_conflict`] when the username is taken.
    pub async fn create_user(&self, user: &NewUser) -> Result<User, Error> {
        let op = Op::create("USER:CREATE");
        self.fetch(Method::POST, &["users"], Some(to_json(user)), op)
            .await
    }

    /// `GET /users/{username}`
    pub async fn get_user(&self, username: &str) -> Result<User, Error> {
        let op = Op::repeatable("USER:READ");
        self.get(&["users", username], op).await
    }

    /// `PUT /users/{username}`
    pub async fn update_user(&self, username: &str, update: &UserUpdate) -> Result<User, Error> {
        let op = Op::repeatable("USER:UPDATE");
        self.fetch(Method::PUT, &["users", username], Some(to_json(update)), op)
            .await
    }

    /// `DELETE /users/{username}`
    pub async fn delete_user(&self, username: &str) -> Result<(), Error> {
        let op = Op::repeatable("USER:DELETE");
        self.act(Method::DELETE, &["users", username], op).await
    }

    /// `POST /users/search`, every page.
    pub async fn search_users(&self, filter: Option<&UserFilter>) -> Result<Vec<User>, Error> {
        let op = Op::repeatable("USER:READ");
        self.search_all(&["users", "search"], filter.map(to_json), op)
            .await
    }

    /// `POST /mapping-rules`; [`Error::is_conflict`] when the id is taken.
    pub async fn create_mapping_rule(&self, rule: &MappingRule) -> Result<MappingRule, Error> {
        let op = Op::create("MAPPING_RULE:CREATE");
        self.fetch(Method::POST, &["mapping-rules"], Some(to_json(rule)), op)
            .await
    }

    /// `GET /mapping-rules/{mappingRuleId}`
    pub async fn get_mapping_rule(&self, mapping_rule_id: &str) -> Result<MappingRule, Error> {
        let op = Op::repeatable("MAPPING_RULE:READ");
        self.get(&["mapping-rules", mapping_rule_id], op).await
    }

    /// `PUT /mapping-rules/{mappingRuleId}`
    pub async fn update_mapping_rule(
        &self,
        mapping_rule_id: &str,
        update: &MappingRuleUpdate,
    ) -> Result<MappingRule, Error> {
        let op = Op::repeatable("MAPPING_RULE:UPDATE");
        let segments = ["mapping-rules", mapping_rule_id];
        self.fetch(Method::PUT, &segments, Some(to_json(update)), op)
            .await
    }

    /// `DELETE /mapping-rules/{mappingRuleId}`
    pub async fn delete_mapping_rule(&self, mapping_rule_id: &str) -> Result<(), Error> {
        let op = Op::repeatable("MAPPING_RULE:DELETE");
        self.act(Method::DELETE, &["mapping-rules", mapping_rule_id], op)
            .await
    }

    /// `POST /mapping-rules/search`, every page.
    pub async fn search_mapping_rules(
        &self,
        filter: Option<&MappingRuleFilter>,
    ) -> Result<Vec<MappingRule>, Error> {
        let op = Op::repeatable("MAPPING_RULE:READ");
        self.search_all(&["mapping-rules", "search"], filter.map(to_json), op)
            .await
    }

    /// `GET /topology`: the brokers and partitions. Needs no permission.
    pub async fn topology(&self) -> Result<Topology, Error> {
        let op = Op {
            permission: None,
            repeatable: true,
        };
        self.get(&["topology"], op).await
    }
}
