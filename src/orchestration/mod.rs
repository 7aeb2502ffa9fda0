//! The client of the Orchestration Cluster API: the REST API inside each Camunda 8.8+
//! cluster (`/v2` under the cluster's REST address), for identity (tenants, roles, groups,
//! users, mapping rules, memberships), authorizations, cluster variables (8.9+), deployments
//! of BPMN, DMN and forms with reads of what they made, and topology. It knows nothing of
//! Terraform. It shares the token manager and cache (`crate::oauth`) and the retry,
//! time-limit and redaction machinery (`crate::http_client`) with the Console client.
//!
//! Why our own client and not Camunda's generated `camunda-orchestration-api-client`
//! (10.0.0 on crates.io, with `camunda-orchestration-sdk`, a technical preview, on top):
//! it is openapi-generator output for the whole API (729 files, about 59,600 lines, 685
//! models) of which we call about 30 small operations; it would add 14 crates to the build
//! (chrono, regex, serde_with and darling among them) and 57 to Cargo.lock, default to
//! native-tls unless told otherwise, and declares no MSRV. It has no token handling (a
//! static bearer string), no retries or time limits, derives `Debug` on a configuration
//! holding the token and the basic-auth password in plain strings, and requires 8.10-only
//! fields (a broker's `brokerId`), so an 8.8 cluster's topology fails to decode. Everything
//! that matters here (auth, retries, exactly-once creates, 403s naming permissions, redaction)
//! would still be ours, so a few typed serde models on our reqwest stack cost less.

mod authorization;
mod client;
mod cluster_variable;
mod collection;
mod definition;
mod deployment;
pub mod env;
mod error;
mod identity;
mod membership;
mod model;
pub mod permissions;
mod search;
mod settings;

pub use client::Client;
pub use collection::{Collection, Searchable};
pub use definition::{
    DecisionDefinition, DecisionDefinitionFilter, DefinitionState, Form, ProcessDefinition,
    ProcessDefinitionFilter,
};
pub use deployment::{
    DeployedDecision, DeployedDecisionRequirements, DeployedForm, DeployedProcess, Deployment,
    Resource,
};
pub use error::{Call, Error, Failure, Problem};
pub use membership::{Holder, MemberType};
pub use model::{
    Authorization, AuthorizationFilter, AuthorizationResource, Broker, ClusterVariable,
    ClusterVariableFilter, ClusterVariableKey, ClusterVariableScope, Group, GroupFilter,
    MappingRule, MappingRuleFilter, MappingRuleUpdate, NameAndDescription, NamedObject,
    NewAuthorization, NewUser, Partition, PartitionHealth, PartitionRole, PartitionState, Role,
    RoleFilter, Tenant, TenantFilter, Topology, User, UserFilter, UserUpdate,
};
pub use settings::{
    AuthStrategy, DEFAULT_AUDIENCE, DEFAULT_CONSISTENCY_TIMEOUT, DEFAULT_OAUTH_URL, Settings,
    SettingsInput, names,
};
