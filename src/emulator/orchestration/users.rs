//! Users: a username, a name, an email address and a password, which no answer carries
//! (only its digest is kept).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::ids;
use super::objects::Object;
use super::search::StringFilter;
use super::store::Kind;
use crate::emulator::error::{ApiError, ApiResult};

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub username: String,
    pub name: Option<String>,
    pub email: Option<String>,
    password_sha256: String,
}

/// Leaves the password's digest out.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("username", &self.username)
            .field("name", &self.name)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

impl User {
    /// The user a standalone cluster with HTTP basic starts with.
    pub fn seeded(username: &str, password: &str) -> Self {
        Self {
            username: username.to_string(),
            name: Some(username.to_string()),
            email: None,
            password_sha256: digest(password),
        }
    }

    pub fn password_matches(&self, password: &str) -> bool {
        self.password_sha256 == digest(password)
    }
}

fn digest(password: &str) -> String {
    Sha256::digest(password.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `UserRequest`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    password: String,
    username: String,
    name: Option<String>,
    email: Option<String>,
}

/// `UserUpdateRequest`: a blank or left-out password stays as it was.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserChange {
    password: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

/// `UserFilter`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFilter {
    username: Option<StringFilter>,
    name: Option<StringFilter>,
    email: Option<StringFilter>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UserField {
    Username,
    Name,
    Email,
}

/// The engine's check of an address: something, `@`, a domain with a dot.
fn check_email(email: &Option<String>) -> ApiResult<()> {
    let Some(email) = email else { return Ok(()) };
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    });
    if valid {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "The provided email '{email}' is not valid."
        )))
    }
}

impl Object for User {
    const KIND: Kind = Kind::User;
    type Create = NewUser;
    type Update = UserChange;
    type Filter = UserFilter;
    type SortField = UserField;

    fn id(&self) -> &str {
        &self.username
    }

    fn create(body: NewUser) -> ApiResult<Self> {
        ids::check(Kind::User, &body.username)?;
        ids::check_given("password", &body.password)?;
        check_email(&body.email)?;
        Ok(Self {
            username: body.username,
            name: body.name,
            email: body.email,
            password_sha256: digest(&body.password),
        })
    }

    fn update(&self, body: UserChange) -> ApiResult<Self> {
        check_email(&body.email)?;
        let password_sha256 = match body.password.as_deref() {
            Some(password) if !password.trim().is_empty() => digest(password),
            _ => self.password_sha256.clone(),
        };
        Ok(Self {
            username: self.username.clone(),
            name: body.name,
            email: body.email,
            password_sha256,
        })
    }

    fn matches(&self, filter: &UserFilter) -> bool {
        let holds = |f: &Option<StringFilter>, value: Option<&str>| {
            f.as_ref().is_none_or(|f| f.matches(value))
        };
        holds(&filter.username, Some(&self.username))
            && holds(&filter.name, self.name.as_deref())
            && holds(&filter.email, self.email.as_deref())
    }

    fn sort_value(&self, field: UserField) -> Option<&str> {
        match field {
            UserField::Username => Some(&self.username),
            UserField::Name => self.name.as_deref(),
            UserField::Email => self.email.as_deref(),
        }
    }

    /// `UserResult`: never the password.
    fn answer(&self) -> Value {
        json!({"username": self.username, "name": self.name, "email": self.email})
    }
}
