//! The traits that the provider's resources and data sources implement. They see their
//! typed models and diagnostics only: no values, no protocol messages, no encodings.

use std::sync::Mutex;

use async_trait::async_trait;
use tokio_util::sync::CancellationToken;

use super::call;
use super::diagnostics::Diagnostics;
use super::model::{self, Model};
use super::private::Private;
use super::schema::Schema;

/// One call's context: cancellation (Terraform's Stop, e.g. on Ctrl-C) and the
/// resource's private state.
#[derive(Debug, Default)]
pub struct Ctx {
    cancel: CancellationToken,
    private: Mutex<Private>,
}

impl Ctx {
    pub fn new(cancel: CancellationToken, private: Private) -> Ctx {
        Ctx {
            cancel,
            private: Mutex::new(private),
        }
    }

    /// Completes when Terraform asks the provider to stop.
    pub async fn cancelled(&self) {
        self.cancel.cancelled().await;
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    pub fn private(&self) -> std::sync::MutexGuard<'_, Private> {
        self.private
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn into_private(self) -> Private {
        self.private
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
pub trait Resource: Send + Sync + 'static {
    /// The resource's state, configuration and plan, field for field its schema.
    type Model: Model;

    /// The resource type name, e.g. `camunda_cluster`.
    const TYPE_NAME: &'static str;

    fn schema() -> Schema;

    /// Checks across attributes, on configuration that may still hold unknowns.
    /// Per-attribute validators in the schema have already run.
    fn validate(&self, _config: &Self::Model, _diags: &mut Diagnostics) {}

    /// Refines a plan after the schema's rules have run (defaults, unknown computed
    /// values, replacements): checks that need the API, extra replacements, plan-time
    /// refusals. Also called for destroys.
    async fn modify_plan(&self, _call: call::ModifyPlan<'_, Self::Model>) {}

    /// Creates the object and returns its state; `None` when nothing was created. On a
    /// failure after the object exists, return its state with the errors: Terraform keeps
    /// it (tainted), so nothing is orphaned. `config` is the configuration: the one place
    /// where write-only attributes have their values (they are null in `planned`).
    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<Self::Model>;

    /// The object's current state, or `None` when it no longer exists. After an error the
    /// prior state stands, whatever is returned. Write-only attributes are null in every
    /// state, whatever the resource returns.
    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<Self::Model>;

    /// Applies an in-place change; on failure, returns what is known to be true. `config`
    /// is the configuration, as for [`Resource::create`]. The default serves a type whose
    /// every argument forces replacement: Terraform asks for an in-place update only when
    /// attributes that reach no API (such as `timeouts`) change, so the object is as it
    /// was, and the new state is the plan with the prior values of the computed attributes
    /// that the change left unknown.
    async fn update(&self, call: call::Update<'_, Self::Model>) -> Self::Model {
        let ty = Self::schema().value_type();
        let kept = model::to_value(call.planned, &ty).and_then(|planned| {
            let prior = model::to_value(call.prior, &ty)?;
            model::from_value(&planned.known_over(&prior))
        });
        kept.unwrap_or_else(|_| call.planned.clone())
    }

    /// After an error the object stays in the state.
    async fn delete(&self, call: call::Delete<'_, Self::Model>);

    /// Turns an import id into a state that `read` then completes.
    async fn import(&self, call: call::Import<'_>) -> Option<Self::Model> {
        call.diags.error(
            format!("{} cannot be imported", Self::TYPE_NAME),
            "This resource type does not support terraform import.",
        );
        None
    }

    /// Rewrites a state stored under an older schema version into the current shape.
    fn upgrade_state(
        &self,
        version: i64,
        state: serde_json::Value,
        diags: &mut Diagnostics,
    ) -> serde_json::Value {
        diags.error(
            format!("Cannot upgrade {} state from schema version {version}", Self::TYPE_NAME),
            format!(
                "This provider knows schema version {} only; use the provider version that wrote this state.",
                Self::schema().version
            ),
        );
        state
    }

    /// This type's state for an object that a `moved` block (Terraform 1.8 and later)
    /// brings from another resource type, perhaps of another provider; `None` when this
    /// type takes no state from `source`. Terraform keeps the object: nothing is created
    /// or deleted.
    fn move_state(&self, _source: &MovedState, _diags: &mut Diagnostics) -> Option<Self::Model> {
        None
    }
}

/// The stored state of a resource that a `moved` block brings to another resource type.
#[derive(Clone, Debug, PartialEq)]
pub struct MovedState {
    /// The address of the provider that wrote it, e.g. `registry.terraform.io/x/y`.
    pub provider: String,
    pub type_name: String,
    pub schema_version: i64,
    /// The state as stored, in the shape of its own type and schema version.
    pub state: serde_json::Value,
}

#[async_trait]
pub trait DataSource: Send + Sync + 'static {
    type Model: Model;

    /// The data source's type name, e.g. `camunda_clusters`.
    const TYPE_NAME: &'static str;

    fn schema() -> Schema;

    fn validate(&self, _config: &Self::Model, _diags: &mut Diagnostics) {}

    /// The data source's full value, known everywhere; `None` after an error.
    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<Self::Model>;
}

/// A value that exists for one Terraform run and never reaches plan or state: opened
/// when the run needs it, closed when the run is done with it (Terraform 1.10 and later).
#[async_trait]
pub trait EphemeralResource: Send + Sync + 'static {
    /// Configuration and result, field for field the schema.
    type Model: Model;

    /// The ephemeral resource's type name, e.g. `camunda_access_token`.
    const TYPE_NAME: &'static str;

    fn schema() -> Schema;

    fn validate(&self, _config: &Self::Model, _diags: &mut Diagnostics) {}

    /// The result, known everywhere; `None` after an error. What `close` needs goes into
    /// the context's private state, which Terraform hands back to `close`.
    async fn open(&self, call: call::Configured<'_, Self::Model>) -> Option<Self::Model>;

    /// Releases what `open` made, from the private state alone.
    async fn close(&self, _ctx: &Ctx, _diags: &mut Diagnostics) {}
}
