//! What the provider's objects share, beneath them all: the state of one provider process
//! ([`Shared`], reached through [`Object`]), reporting API errors and the common errors
//! and schema pieces, the per-process listings and lookups, waiting for a cluster and
//! waking it, exactly-once creates and their journal, the claims of one-per-object
//! resources, and the readers of the community provider's state. For the objects inside a
//! cluster: the cluster's API client, waiting until reads show a write, and the resources
//! that whole families of objects are (named objects, memberships), with the serde of
//! models whose attributes are named after their kind.
//!
//! It imports `tf`, the API clients and the crate's leaves; never an object, never the
//! registry.

pub mod awake;
pub mod claims;
pub mod cluster_api;
pub mod cluster_ref;
pub mod community;
pub mod consistency;
pub mod exactly_once;
pub mod journal;
pub mod keyed;
pub mod kind_fields;
pub mod listings;
pub mod lookup;
pub mod membership;
pub mod named;
pub mod named_list;
mod object;
pub mod report;
mod shared;
pub mod wait;
pub mod write_only;

pub use object::Object;
pub use shared::{MEMBERS, Shared};
