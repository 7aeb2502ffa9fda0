//! What each operation of a resource, data source or ephemeral resource is given: one
//! value per call, so that an operation's signature names the call and nothing else, and
//! what a call carries can grow without touching every implementation.

use super::diagnostics::Diagnostics;
use super::plan::Plan;
use super::resource::Ctx;

/// A plan to refine: [`crate::tf::Resource::modify_plan`].
pub struct ModifyPlan<'a, M> {
    pub ctx: &'a Ctx,
    pub plan: &'a mut Plan<M>,
    pub diags: &'a mut Diagnostics,
}

/// An object to create: [`crate::tf::Resource::create`].
pub struct Create<'a, M> {
    pub ctx: &'a Ctx,
    pub planned: &'a M,
    /// The configuration: the one place where write-only attributes have their values.
    pub config: &'a M,
    pub diags: &'a mut Diagnostics,
}

/// An object to refresh: [`crate::tf::Resource::read`].
pub struct Read<'a, M> {
    pub ctx: &'a Ctx,
    pub state: &'a M,
    pub diags: &'a mut Diagnostics,
}

/// An object to change in place: [`crate::tf::Resource::update`].
pub struct Update<'a, M> {
    pub ctx: &'a Ctx,
    pub prior: &'a M,
    pub planned: &'a M,
    /// The configuration, as for [`Create::config`].
    pub config: &'a M,
    pub diags: &'a mut Diagnostics,
}

/// An object to delete: [`crate::tf::Resource::delete`].
pub struct Delete<'a, M> {
    pub ctx: &'a Ctx,
    pub prior: &'a M,
    pub diags: &'a mut Diagnostics,
}

/// An import id to turn into a state: [`crate::tf::Resource::import`].
pub struct Import<'a> {
    pub ctx: &'a Ctx,
    pub id: &'a str,
    pub diags: &'a mut Diagnostics,
}

/// A configuration to answer: [`crate::tf::DataSource::read`] and
/// [`crate::tf::EphemeralResource::open`].
pub struct Configured<'a, M> {
    pub ctx: &'a Ctx,
    pub config: &'a M,
    pub diags: &'a mut Diagnostics,
}
