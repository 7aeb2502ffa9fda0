//! Memberships inside a cluster: one user, client, group, role or mapping rule assigned to
//! one role, group or tenant. Each holder kind says what it is and what it takes
//! ([`Membership`]); this module is the resource they all are:
//!
//! - every attribute replaces the membership when it changes: it is one assignment;
//! - an assignment that exists already (409) is adopted, and one whose answer was lost is
//!   sent again; an unassignment of what is not assigned (404) is done;
//! - every write waits until the holder's member search shows it (see [`consistency`]);
//! - a refresh reads the members of each holder and member type with one search per
//!   process; assignments that Terraform does not manage are never touched.

use std::fmt;
use std::marker::PhantomData;

use async_trait::async_trait;

use super::Object;
use super::consistency;
use super::kind_fields;
use super::report::report;
use crate::orchestration::{self, Holder, MemberType};
use crate::tf::validators::one_of;
use crate::tf::{Attr, Attribute, Block, Diagnostics, Resource, Schema, call, import_id};

/// How many times an assignment is sent while its answers are lost.
const MAX_SENDS: u32 = 3;

/// A kind of object that members are assigned to. (A marker type: the derived traits let
/// its models derive theirs.)
pub trait Membership: Clone + fmt::Debug + Default + PartialEq + Send + Sync + 'static {
    /// The Terraform type: `camunda_role_member`.
    const TYPE_NAME: &'static str;
    /// The holder's id attribute: `role_id`.
    const HOLDER_ID: &'static str;
    /// The model's attributes: the holder's id, `member_type`, `member_id` and `id`.
    const FIELDS: &'static [&'static str];
    const HOLDER: Holder;
    /// The member types it takes, as `member_type` names them.
    const MEMBER_TYPES: &'static [&'static str];
    /// The resource's description, for the docs.
    const DESCRIPTION: &'static str;
}

/// Declares a holder kind: its marker type, the resource type of its members, and what it
/// takes. `Role { role_id }` names the holder and its id attribute.
macro_rules! member_kind {
    (
        $resource:ident: $holder:ident { $holder_id:ident },
        type_name: $type_name:literal,
        member_types: [$($member_type:literal),+ $(,)?],
        description: $description:expr $(,)?
    ) => {
        #[doc = concat!("`", $type_name, "`.")]
        pub type $resource = $crate::provider::machinery::membership::Member<$holder>;

        #[doc = concat!("What `", $type_name, "` assigns members to.")]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $holder;

        impl $crate::provider::machinery::membership::Membership for $holder {
            const TYPE_NAME: &'static str = $type_name;
            const HOLDER_ID: &'static str = stringify!($holder_id);
            const FIELDS: &'static [&'static str] =
                &[stringify!($holder_id), "member_type", "member_id", "id"];
            const HOLDER: $crate::orchestration::Holder = $crate::orchestration::Holder::$holder;
            const MEMBER_TYPES: &'static [&'static str] = &[$($member_type),+];
            const DESCRIPTION: &'static str = $description;
        }
    };
}
pub(crate) use member_kind;

/// The membership resource of holder kind `K`: `Object<Member<K>>`. (A resource of its
/// own type, as `Object<K>` is the named objects' resource.)
pub struct Member<K>(PhantomData<K>);

/// The state of one membership: the holder's id under the kind's attribute name
/// (`role_id`), `member_type`, `member_id`, and `id`, the import id
/// `<holder_id>/<member_type>/<member_id>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberModel<K> {
    pub holder_id: Attr<String>,
    pub member_type: Attr<String>,
    pub member_id: Attr<String>,
    pub id: Attr<String>,
    kind: PhantomData<K>,
}

/// One assignment, as the API names it.
#[derive(Clone, Copy)]
struct Assignment<'a> {
    holder_id: &'a str,
    member: MemberType,
    member_id: &'a str,
}

impl fmt::Display for Assignment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.holder_id, self.member, self.member_id)
    }
}

impl<K> MemberModel<K> {
    fn of(assignment: Assignment<'_>) -> MemberModel<K> {
        MemberModel {
            holder_id: assignment.holder_id.into(),
            member_type: assignment.member.as_str().into(),
            member_id: assignment.member_id.into(),
            id: assignment.to_string().into(),
            kind: PhantomData,
        }
    }
}

impl<K: Membership> MemberModel<K> {
    /// The assignment the model names; an error when its member type is not one the
    /// holder takes (plan-time validation keeps it from happening).
    fn assignment(&self, diags: &mut Diagnostics) -> Option<Assignment<'_>> {
        let member = member_type::<K>(self.member_type.as_str(), diags)?;
        Some(Assignment {
            holder_id: self.holder_id.as_str(),
            member,
            member_id: self.member_id.as_str(),
        })
    }
}

/// The member type named `value`, if the holder takes it.
fn member_type<K: Membership>(value: &str, diags: &mut Diagnostics) -> Option<MemberType> {
    match MemberType::parse(value) {
        Some(member) if K::MEMBER_TYPES.contains(&value) => Some(member),
        _ => {
            diags.error(
                "Invalid member type",
                format!(
                    "{value:?} is not a member type of a {}; use one of {}.",
                    K::HOLDER,
                    K::MEMBER_TYPES.join(", ")
                ),
            );
            None
        }
    }
}

kind_fields::string_fields!(MemberModel<K: Membership>, K::FIELDS, {
    "member_type" => member_type, "member_id" => member_id, "id" => id; _ => holder_id
});

/// The key of a holder's members of one type in [`MemberLists`].
fn list_key(holder: Holder, holder_id: &str, member: MemberType) -> String {
    format!("{holder}/{member}/{holder_id}")
}

impl<K: Membership> Object<Member<K>> {
    /// Whether the holder's members include the assignment's member, with one search per
    /// holder and member type per process; `None` (with an error) when the search failed.
    async fn listed(
        &self,
        api: &orchestration::Client,
        a: Assignment<'_>,
        diags: &mut Diagnostics,
    ) -> Option<bool> {
        let key = list_key(K::HOLDER, a.holder_id, a.member);
        let search = || api.search_members(K::HOLDER, a.holder_id, a.member);
        match self.shared.member_lists.get(&key, search).await {
            // A holder that is gone (404) holds nothing.
            Ok(members) => Some(members.is_some_and(|m| m.iter().any(|id| id == a.member_id))),
            Err(error) => {
                Self::search_failed(a, &error, diags);
                None
            }
        }
    }

    /// Waits until the holder's member search shows the member (`assigned`) or not; a
    /// write that has not shown in time is a warning, since it happened.
    async fn settle(
        &self,
        api: &orchestration::Client,
        a: Assignment<'_>,
        assigned: bool,
        diags: &mut Diagnostics,
    ) {
        self.shared
            .member_lists
            .invalidate(&list_key(K::HOLDER, a.holder_id, a.member));
        let timeout = api.settings().consistency_timeout;
        let read = || api.search_members(K::HOLDER, a.holder_id, a.member);
        let shows = |found: Option<&Vec<String>>| {
            found.is_some_and(|m| m.iter().any(|id| id == a.member_id)) == assigned
        };
        match consistency::until_shown(timeout, read, shows).await {
            Ok(Ok(_)) => {}
            Ok(Err(unshown)) => {
                unshown.warn(diags, format!("The membership {a}"), "its member search");
            }
            Err(error) => Self::search_failed(a, &error, diags),
        }
    }

    fn search_failed(a: Assignment<'_>, error: &orchestration::Error, diags: &mut Diagnostics) {
        let summary = format!(
            "Could not list the members of {} {:?}",
            K::HOLDER,
            a.holder_id
        );
        report(diags, summary, error);
    }
}

#[async_trait]
impl<K: Membership> Resource for Object<Member<K>> {
    type Model = MemberModel<K>;

    const TYPE_NAME: &'static str = K::TYPE_NAME;

    fn schema() -> Schema {
        let holder = K::HOLDER;
        Schema::new(
            Block::new(K::DESCRIPTION)
                .attribute(
                    Attribute::string(K::HOLDER_ID)
                        .required()
                        .requires_replace()
                        .description(format!(
                            "The ID of the {holder} the member is assigned to. A change replaces \
                             the membership."
                        )),
                )
                .attribute(
                    Attribute::string("member_type")
                        .required()
                        .requires_replace()
                        .validate(one_of(K::MEMBER_TYPES))
                        .description(format!(
                            "What the member is: one of {}. A change replaces the membership.",
                            K::MEMBER_TYPES.join(", ")
                        )),
                )
                .attribute(
                    Attribute::string("member_id")
                        .required()
                        .requires_replace()
                        .description(
                            "The member's ID: the username, client ID, group ID, role ID or \
                             mapping rule ID. A change replaces the membership.",
                        ),
                )
                .attribute(Attribute::kept_string("id").description(format!(
                    "The import ID: `<{}>/<member_type>/<member_id>`.",
                    K::HOLDER_ID
                ))),
        )
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<MemberModel<K>> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let a = call.planned.assignment(call.diags)?;
        for sends in 1..=MAX_SENDS {
            match api
                .assign_member(K::HOLDER, a.holder_id, a.member, a.member_id)
                .await
            {
                Ok(()) => break,
                // Sending again is safe: an assignment that acted answers the next one with 409.
                Err(error) if error.outcome_unknown() && sends < MAX_SENDS => {
                    tracing::debug!(%a, error = %error, "the answer to an assignment was lost; sending it again");
                }
                // Assigned already, by an earlier send or outside Terraform: adopted.
                Err(error) if error.is_conflict() => break,
                Err(error) => {
                    report(
                        call.diags,
                        format!("Could not assign the member {a}"),
                        &error,
                    );
                    return None;
                }
            }
        }
        self.settle(api, a, true, call.diags).await;
        Some(MemberModel::of(a))
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<MemberModel<K>> {
        // Settings known only at apply: the state stands until then.
        if self.shared.cluster_api.pending() {
            return Some(call.state.clone());
        }
        let api = self.shared.cluster_api.get(call.diags)?;
        let a = call.state.assignment(call.diags)?;
        match self.listed(api, a, call.diags).await {
            Some(true) => Some(MemberModel::of(a)),
            Some(false) => None,
            None => Some(call.state.clone()),
        }
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.cluster_api.get(call.diags) else {
            return;
        };
        let Some(a) = call.prior.assignment(call.diags) else {
            return;
        };
        match api
            .unassign_member(K::HOLDER, a.holder_id, a.member, a.member_id)
            .await
        {
            Ok(()) => {}
            // Not assigned, or the holder is gone: nothing left to undo.
            Err(error) if error.is_not_found() => return,
            Err(error) => {
                report(
                    call.diags,
                    format!("Could not unassign the member {a}"),
                    &error,
                );
                return;
            }
        }
        self.settle(api, a, false, call.diags).await;
    }

    async fn import(&self, call: call::Import<'_>) -> Option<MemberModel<K>> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let [holder_id, member_type, member_id] = import_id::split(
            call.id,
            [K::HOLDER_ID, "member_type", "member_id"],
            call.diags,
        )?;
        let member = self::member_type::<K>(member_type, call.diags)?;
        let a = Assignment {
            holder_id,
            member,
            member_id,
        };
        if !self.listed(api, a, call.diags).await? {
            call.diags.error(
                "No membership to import",
                format!(
                    "The {holder} {holder_id:?} has no member of type {member} with the ID \
                     {member_id:?}. The import ID is `<{}>/<member_type>/<member_id>`.",
                    K::HOLDER_ID,
                    holder = K::HOLDER,
                ),
            );
            return None;
        }
        Some(MemberModel::of(a))
    }
}

/// The member ids of each holder and member type, as one search per process found them.
pub type MemberLists = super::listings::Listings<Vec<String>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Roles;

    impl Membership for Roles {
        const TYPE_NAME: &'static str = "camunda_role_member";
        const HOLDER_ID: &'static str = "role_id";
        const FIELDS: &'static [&'static str] = &["role_id", "member_type", "member_id", "id"];
        const HOLDER: Holder = Holder::Role;
        const MEMBER_TYPES: &'static [&'static str] = &["USER", "CLIENT"];
        const DESCRIPTION: &'static str = "";
    }

    #[test]
    fn a_member_type_the_holder_does_not_take_names_those_it_takes() {
        let mut diags = Diagnostics::new();
        assert_eq!(
            member_type::<Roles>("CLIENT", &mut diags),
            Some(MemberType::Client)
        );
        assert!(diags.is_empty());
        for bad in ["ROLE", "client", "NOPE"] {
            let mut diags = Diagnostics::new();
            assert_eq!(member_type::<Roles>(bad, &mut diags), None);
            let detail = &diags.iter().next().unwrap().detail;
            assert!(detail.contains("use one of USER, CLIENT"), "{detail}");
        }
    }

    #[test]
    fn the_id_is_the_import_id() {
        let a = Assignment {
            holder_id: "auditor",
            member: MemberType::MappingRule,
            member_id: "sso",
        };
        let model = MemberModel::<Roles>::of(a);
        assert_eq!(model.id.as_str(), "auditor/MAPPING_RULE/sso");
        assert_eq!(model.member_type.as_str(), "MAPPING_RULE");
    }
}
