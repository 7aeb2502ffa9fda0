//! `camunda_user`: a user of a Self-Managed Camunda 8.8+ cluster that signs in with a
//! password (on SaaS, people are organization members: `camunda_organization_member`).
//!
//! - `username` replaces the user when it changes; `name` and `email` change in place.
//! - The password is `password`, kept in the state (sensitive), or write-only
//!   `password_wo` with `password_wo_version` (Terraform 1.11+). No read shows it: a
//!   change of either is sent as it is planned, and an imported user's password is set by
//!   the next apply.
//! - A create is made exactly once and every write waits until reads show it
//!   (`machinery::keyed`); a refresh reads every user with one search per process.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::orchestration::{NewUser, User as Found, UserUpdate};
use crate::provider::machinery::Object;
use crate::provider::machinery::keyed::{self, Keyed, Kind, Made};
use crate::provider::machinery::write_only::SecretArgument;
use crate::secret::Secret;
use crate::tf::validators::{email, identifier, omitted_when_empty};
use crate::tf::{Attr, Attribute, Block, Diagnostics, Resource, Schema, Type, call};

/// `camunda_user`.
pub struct User;

/// The password: `password`, or write-only `password_wo` with `password_wo_version`.
const PASSWORD: SecretArgument = SecretArgument {
    kept: "password",
    write_only: "password_wo",
    version: "password_wo_version",
    of: "the user",
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserModel {
    username: Attr<String>,
    name: Attr<String>,
    email: Attr<String>,
    password: Attr<Secret>,
    password_wo: Attr<Secret>,
    password_wo_version: Attr<f64>,
    id: Attr<String>,
}

impl UserModel {
    /// The state for `found`, keeping the password arguments of `base`, which no read shows.
    fn of(found: &Found, base: &UserModel) -> UserModel {
        UserModel {
            username: found.username.as_str().into(),
            name: shown(&found.name).into(),
            email: shown(&found.email).into(),
            password: base.password.clone(),
            password_wo: Attr::Null,
            password_wo_version: base.password_wo_version.clone(),
            id: found.username.as_str().into(),
        }
    }

    /// What a read of this user shows.
    fn as_found(&self) -> Found {
        Found {
            username: self.username.as_str().to_owned(),
            name: self.name.get().cloned(),
            email: self.email.get().cloned(),
        }
    }

    fn write_only(&self) -> bool {
        !self.password_wo_version.is_null()
    }

    /// The password to send: this plan's, or the configuration's write-only one.
    fn password_to_send<'m>(
        &'m self,
        config: &'m UserModel,
        diags: &mut Diagnostics,
    ) -> Option<&'m Secret> {
        PASSWORD.to_send(
            self.write_only(),
            &self.password,
            &config.password_wo,
            diags,
        )
    }
}

/// The change to `asked`'s name and email, and to `password` when one is given.
fn update_of(asked: &Found, password: Option<Secret>) -> UserUpdate {
    UserUpdate {
        password,
        name: asked.name.clone(),
        email: asked.email.clone(),
    }
}

/// A name or email the API keeps empty is the same as none.
fn shown(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
}

/// A user is keyed by the username.
impl Keyed for User {
    const KIND: Kind = Kind {
        what: "user",
        type_name: "camunda_user",
        id_attr: "username",
    };
    type Found = Found;
    type Asked = Found;

    /// Its name and email; no read shows the password.
    fn shows(found: &Found, asked: &Found) -> bool {
        found.username == asked.username
            && shown(&found.name) == asked.name
            && shown(&found.email) == asked.email
    }
}

#[async_trait]
impl Resource for Object<User> {
    type Model = UserModel;

    const TYPE_NAME: &'static str = User::KIND.type_name;

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "A user of a Self-Managed Camunda 8.8+ cluster, who signs in with a username and a \
                 password (on SaaS, people are organization members: \
                 `camunda_organization_member`). Give the password with `password`, which is \
                 kept in the state (sensitive), or with the write-only `password_wo` \
                 (Terraform 1.11 and later), which never enters a plan or the state and is sent \
                 whenever `password_wo_version` changes. No read shows a password, so a change \
                 made outside Terraform does not show; a change of either argument sets it in \
                 place. An imported user's password is set by the next apply. Import a user by \
                 the username.",
            )
            .attribute(
                Attribute::string("username")
                    .required()
                    .requires_replace()
                    .validate(identifier(256, "_~@.+-"))
                    .description(
                        "The username, unique in the cluster. A change replaces the user.",
                    ),
            )
            .attribute(
                Attribute::string("name")
                    .optional()
                    // The cluster keeps none as "", which reads back as null.
                    .validate(omitted_when_empty())
                    .description(
                        "The user's full name; changes in place. Leave it out for none (an \
                         empty string is refused).",
                    ),
            )
            .attribute(
                Attribute::string("email")
                    .optional()
                    .validate(email())
                    .description("The user's email address; changes in place."),
            )
            .attribute(
                Attribute::string("password")
                    .optional()
                    .sensitive()
                    .description(
                        "The password, kept in the state. Exactly one of `password` and \
                         `password_wo` is set; a change sets the new password in place.",
                    ),
            )
            .attribute(
                Attribute::string("password_wo")
                    .optional()
                    .sensitive()
                    .write_only(Some("password"))
                    .description(
                        "The password, write-only: sent on create and whenever \
                         `password_wo_version` changes, and never kept in a plan or the state. \
                         Needs Terraform 1.11 or later, and `password_wo_version`.",
                    ),
            )
            .attribute(
                Attribute::new("password_wo_version", Type::Number)
                    .optional()
                    .description(
                        "Any number, set with `password_wo`: Terraform cannot see a change of a \
                         write-only value, so change this number to send the current \
                         `password_wo`.",
                    ),
            )
            .attribute(Attribute::kept_string("id").description("The import ID: the username.")),
        )
    }

    fn validate(&self, config: &UserModel, diags: &mut Diagnostics) {
        PASSWORD.validate(
            !config.password.is_null(),
            !config.password_wo.is_null(),
            !config.password_wo_version.is_null(),
            diags,
        );
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<UserModel> {
        let api = self.shared.cluster_api.get(call.diags)?;
        let password = call.planned.password_to_send(call.config, call.diags)?;
        let asked = call.planned.as_found();
        let username = asked.username.as_str();
        let user = NewUser {
            username: username.to_owned(),
            password: password.clone(),
            name: asked.name.clone(),
            email: asked.email.clone(),
        };
        let send = || async { api.create_user(&user).await.map(drop) };
        let read = || api.read::<Found>(username);
        let differs = |found: &Found| {
            (!User::shows(found, &asked)).then(|| {
                format!(
                    "the name {:?} and the email {:?}",
                    found.name.as_deref().unwrap_or_default(),
                    found.email.as_deref().unwrap_or_default()
                )
            })
        };
        let made = keyed::create_once(&User::KIND, api, username, send, read, differs, call.diags);
        if made.await? == Made::Adopted {
            // A user with the name and email asked for: its password is made the one asked
            // for too, so that the state holds what the cluster does.
            let change = update_of(&asked, Some(password.clone()));
            if let Err(error) = api.update_user(username, &change).await {
                User::KIND.report(call.diags, "set the password of", username, &error);
                return None;
            }
        }
        self.listed()
            .settle(api, username, Some(&asked), call.diags)
            .await;
        Some(UserModel::of(&asked, call.planned))
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<UserModel> {
        let username = call.state.username.as_str();
        let model = |found: &Found| UserModel::of(found, call.state);
        self.listed()
            .refresh(call.state, username, model, call.diags)
            .await
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> UserModel {
        let Some(api) = self.shared.cluster_api.get(call.diags) else {
            return call.prior.clone();
        };
        let new_password = call.prior.password != call.planned.password
            || call.prior.password_wo_version != call.planned.password_wo_version;
        let password = if new_password {
            let Some(sent) = call.planned.password_to_send(call.config, call.diags) else {
                return call.prior.clone();
            };
            Some(sent.clone())
        } else {
            None
        };
        let asked = call.planned.as_found();
        let change = update_of(&asked, password);
        let username = asked.username.as_str();
        let send = async { api.update_user(username, &change).await.map(drop) };
        if !self
            .listed()
            .update(api, username, &asked, send, call.diags)
            .await
        {
            return call.prior.clone();
        }
        UserModel::of(&asked, call.planned)
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let username = call.prior.username.as_str();
        self.listed().delete(username, call.diags).await;
    }

    async fn import(&self, call: call::Import<'_>) -> Option<UserModel> {
        let found = self.listed().import(call.id, call.diags).await?;
        Some(UserModel::of(&found, &UserModel::default()))
    }
}
