//! A secret argument given one of two ways: in an attribute kept in the state (sensitive),
//! or in a write-only one (Terraform 1.11 and later) that never enters a plan or the state
//! and is sent when its version attribute changes. A connector secret's value and a user's
//! password are given so.

use crate::secret::Secret;
use crate::tf::{Attr, Diagnostics, Path};

/// The three attributes of one such argument, and what it is of.
pub struct SecretArgument {
    /// `value`: kept in the state.
    pub kept: &'static str,
    /// `value_wo`
    pub write_only: &'static str,
    /// `value_wo_version`
    pub version: &'static str,
    /// As a message names the object: `the connector secret`.
    pub of: &'static str,
}

impl SecretArgument {
    /// Checks a configuration: exactly one of the two is set, and the version exactly with
    /// the write-only one. Unknown values count as set.
    pub fn validate(&self, kept: bool, write_only: bool, version: bool, diags: &mut Diagnostics) {
        let SecretArgument {
            kept: k,
            write_only: wo,
            version: v,
            of,
        } = self;
        if kept == write_only {
            diags.attribute_error(
                Path::attr(k),
                if kept {
                    format!("Both `{k}` and `{wo}` are set")
                } else {
                    format!("No {k} for {of}")
                },
                format!(
                    "Set exactly one of `{k}` (kept in the state) and `{wo}` (write-only, \
                     Terraform 1.11 and later, with `{v}`)."
                ),
            );
        }
        if write_only && !version {
            diags.attribute_error(
                Path::attr(v),
                format!("`{wo}` needs `{v}`"),
                format!(
                    "Terraform cannot see a change of a write-only value, so `{wo}` is sent when \
                     {of} is created and whenever `{v}` changes. Set `{v}` to a number, and \
                     change it when `{wo}` changes."
                ),
            );
        }
        if version && !write_only {
            diags.attribute_error(
                Path::attr(v),
                format!("`{v}` without `{wo}`"),
                format!(
                    "`{v}` says when to send `{wo}`; remove it, or set `{wo}` instead of `{k}`."
                ),
            );
        }
    }

    /// The secret to send: the planned kept one, or the configuration's write-only one
    /// when `write_only`; an error when it is not known at apply.
    pub fn to_send<'m>(
        &self,
        write_only: bool,
        planned_kept: &'m Attr<Secret>,
        config_write_only: &'m Attr<Secret>,
        diags: &mut Diagnostics,
    ) -> Option<&'m Secret> {
        let (value, name) = if write_only {
            (config_write_only, self.write_only)
        } else {
            (planned_kept, self.kept)
        };
        if value.get().is_none() {
            diags.attribute_error(
                Path::attr(name),
                format!("No {} for {}", self.kept, self.of),
                "The value is not known at apply time; set it from a value that Terraform knows \
                 when it applies.",
            );
        }
        value.get()
    }
}
