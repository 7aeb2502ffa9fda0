//! Resource `camunda_cluster_encryption`: the customer-managed AWS KMS keys (BYOK) of a
//! cluster created with the `External` encryption type. Setting or rotating the keys
//! waits until Camunda reports them `Ready`; any other outcome is an error that says
//! what to fix. Camunda has no call that removes keys: destroying the resource leaves
//! them in place (until the cluster is deleted) and says so.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ClusterEncryption;
use crate::attr_path;
use crate::console::{self, Cluster, EXTERNAL_ENCRYPTION, UpdateClusterEncryption};
use crate::provider::machinery::{
    Object, cluster_ref,
    report::{ApiResult, report},
    wait,
};
use crate::tf::schema::Validator;
use crate::tf::{
    Attr, Attribute, Block, Change, Ctx, Diagnostics, Operation, Resource, Schema, Timeouts,
    TimeoutsSpec, call,
};

const TIMEOUTS: TimeoutsSpec = TimeoutsSpec {
    subject: "the keys",
    defaults: &[
        (Operation::Create, Duration::from_secs(30 * 60)),
        (Operation::Update, Duration::from_secs(30 * 60)),
    ],
};

/// The status of keys in use; the others but [`IN_PROGRESS`] need the user to act.
const READY: &str = "Ready";
/// The status while the cluster's storage takes up new keys.
const IN_PROGRESS: &str = "EncryptedStorageNotReady";
/// The status of a cluster whose keys Camunda has not received.
const NOT_SUPPLIED: &str = "ExternalEncryptionKeyNotSupplied";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EncryptionModel {
    cluster_id: Attr<String>,
    primary_key_arn: Attr<String>,
    secondary_key_arn: Attr<String>,
    id: Attr<String>,
    status: Attr<String>,
    timeouts: Attr<Timeouts>,
}

fn kms_key_arn() -> Validator {
    Validator {
        description: "An AWS KMS key ARN: `arn:aws:kms:<region>:<account>:key/<key id>`.".into(),
        check: Arc::new(|value| value.as_str().map_or(Ok(()), check_kms_key_arn)),
    }
}

/// `arn:<aws partition>:kms:<region>:<12-digit account>:key/<key id>`; single-region key
/// ids and multi-region ones (`mrk-…`) alike. Aliases are not keys.
fn check_kms_key_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let valid = match parts.as_slice() {
        ["arn", partition, "kms", region, account, resource] => {
            partition.starts_with("aws")
                && !region.is_empty()
                && account.len() == 12
                && account.chars().all(|c| c.is_ascii_digit())
                && resource.strip_prefix("key/").is_some_and(|id| {
                    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        }
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{arn:?} is not the ARN of an AWS KMS key; write one such as \
             \"arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\" \
             (an alias ARN does not do)."
        ))
    }
}

impl EncryptionModel {
    /// The state of configured keys; `None` when the cluster has none.
    fn of(
        cluster_id: &str,
        encryption: &console::ClusterEncryption,
        base: &EncryptionModel,
    ) -> Option<EncryptionModel> {
        Some(EncryptionModel {
            id: cluster_id.into(),
            cluster_id: cluster_id.into(),
            primary_key_arn: encryption.primary_key_arn.clone()?.into(),
            secondary_key_arn: encryption.secondary_key_arn.clone().into(),
            status: encryption.status.clone().into(),
            timeouts: base.timeouts.clone(),
        })
    }

    fn request(&self) -> UpdateClusterEncryption {
        UpdateClusterEncryption {
            primary_encryption_key_id: self.primary_key_arn.as_str().to_owned(),
            secondary_encryption_key_id: self.secondary_key_arn.get().cloned(),
        }
    }

    /// Whether `other` names the same keys.
    fn keys_match_model(&self, other: &EncryptionModel) -> bool {
        self.primary_key_arn == other.primary_key_arn
            && self.secondary_key_arn == other.secondary_key_arn
    }

    /// Whether `encryption` holds this model's keys.
    fn keys_match(&self, encryption: &console::ClusterEncryption) -> bool {
        encryption.primary_key_arn.as_deref() == self.primary_key_arn.as_deref()
            && encryption.secondary_key_arn.as_deref() == self.secondary_key_arn.as_deref()
    }

    /// Whether `encryption` shows the outcome of setting this model's keys: the keys, in a
    /// status that is not the work in progress. Keys that the answer shows cannot be
    /// unsupplied: that status is from before the change, not yet taken up.
    fn settled_in(&self, encryption: &console::ClusterEncryption) -> bool {
        self.keys_match(encryption)
            && encryption
                .status
                .as_deref()
                .is_some_and(|status| status != IN_PROGRESS && status != NOT_SUPPLIED)
    }
}

/// What to do about keys in `status`.
fn remedy(status: &str) -> String {
    match status {
        "ProviderError" => "Camunda could not use the keys with AWS KMS. Check that each key \
             exists and is enabled, and that its key policy lets Camunda's AWS account use it \
             (kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey \
             and kms:CreateGrant); then apply again."
            .to_owned(),
        "ExternalEncryptionKeyNotReady" => "A key is not usable yet: it is pending creation or \
             import of its key material, disabled, or scheduled for deletion. Make it Enabled \
             in AWS KMS, then apply again."
            .to_owned(),
        NOT_SUPPLIED => "Camunda has not received the keys. Apply again \
             to send them."
            .to_owned(),
        "CreationError" => "Camunda could not set up the cluster's encrypted storage with the \
             keys. Contact Camunda support with the cluster's ID."
            .to_owned(),
        other => format!("Camunda reports {other:?}, which this provider does not know."),
    }
}

impl Object<ClusterEncryption> {
    /// Sends the planned keys and waits until Camunda reports on them. `None` when the
    /// keys were refused; otherwise the state, with an error unless they are `Ready`.
    async fn configure(
        &self,
        ctx: &Ctx,
        planned: &EncryptionModel,
        operation: Operation,
        diags: &mut Diagnostics,
    ) -> Option<EncryptionModel> {
        let api = self.shared.api(diags)?;
        let cluster_id = planned.cluster_id.as_str();
        let deadline = TIMEOUTS.deadline(&planned.timeouts, operation);
        let api = api.with_deadline(deadline);
        if let Err(error) = api
            .update_cluster_encryption(cluster_id, &planned.request())
            .await
        {
            refused(cluster_id, &error, diags);
            return None;
        }
        let sent = EncryptionModel {
            id: cluster_id.into(),
            status: Attr::Null,
            ..planned.clone()
        };
        let settled = |cluster: &Cluster| {
            cluster
                .encryption
                .as_ref()
                .is_some_and(|e| planned.settled_in(e))
        };
        let outcome =
            wait::poll_until(ctx, deadline, || api.get_cluster(cluster_id), settled).await;
        let state_of = |cluster: &Cluster| {
            cluster
                .encryption
                .as_ref()
                .and_then(|e| EncryptionModel::of(cluster_id, e, planned))
        };
        match outcome {
            Ok(cluster) => {
                let state = state_of(&cluster).unwrap_or(sent);
                let status = state.status.as_str().to_owned();
                if status != READY {
                    diags.attribute_error(
                        attr_path!(EncryptionModel, primary_key_arn),
                        "Encryption keys not in use",
                        format!(
                            "Cluster {cluster_id} reports its customer-managed keys as {status}. \
                             {}",
                            remedy(&status)
                        ),
                    );
                }
                Some(state)
            }
            Err(wait::Unfinished { reason, last }) => {
                diags.error(
                    "Encryption keys not in use yet",
                    format!(
                        "The keys were sent to cluster {cluster_id}, but {} while waiting for \
                         Camunda to report them Ready. Raise the timeout if the cluster's \
                         storage needs longer.",
                        reason.describe()
                    ),
                );
                Some(last.as_ref().and_then(state_of).unwrap_or(sent))
            }
        }
    }
}

/// Reports a refused key change on the attribute that can fix it.
fn refused(cluster_id: &str, error: &console::Error, diags: &mut Diagnostics) {
    match error {
        console::Error::Conflict(failure) => diags.attribute_error(
            attr_path!(EncryptionModel, cluster_id),
            "Cluster does not take customer-managed keys",
            format!(
                "{} Keys can only be set on a cluster created with the `External` encryption type \
                 (`encryption_type = \"External\"` on `camunda_cluster`), which takes a new \
                 cluster.",
                failure.api_message()
            ),
        ),
        console::Error::Forbidden { failure, .. } => diags.attribute_error(
            attr_path!(EncryptionModel, cluster_id),
            "Customer-managed keys not available",
            format!(
                "{} Customer-managed keys need an Enterprise plan and a cluster in an AWS region.",
                failure.api_message()
            ),
        ),
        console::Error::BadRequest { message, .. } => diags.attribute_error(
            attr_path!(EncryptionModel, primary_key_arn),
            "The Console API refused the keys",
            format!(
                "{message}. The primary key must be in the cluster's region and the secondary \
                 key in its backup region."
            ),
        ),
        error => report(
            diags,
            format!("Could not set the encryption keys of cluster {cluster_id}"),
            error,
        ),
    }
}

#[async_trait]
impl Resource for Object<ClusterEncryption> {
    type Model = EncryptionModel;

    const TYPE_NAME: &'static str = "camunda_cluster_encryption";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "The customer-managed encryption keys (AWS KMS) of a Camunda SaaS cluster created \
                 with `encryption_type = \"External\"` on `camunda_cluster`, which may be in the \
                 same configuration. Setting or rotating the keys waits until \
                 Camunda reports them `Ready`; a key Camunda cannot use is an error that says what \
                 to fix. Camunda cannot remove keys from a cluster: destroying the resource leaves \
                 them in use until the cluster is deleted. Import it by cluster ID.",
            )
            .attribute(cluster_ref::replacing_cluster_id(
                "The ID of the cluster, created with `encryption_type = \"External\"` in an AWS \
                 region.",
            ))
            .attribute(
                Attribute::string("primary_key_arn")
                    .required()
                    .validate(kms_key_arn())
                    .description(
                        "The ARN of the KMS key in the cluster's region. Changing it rotates the key \
                         in place.",
                    ),
            )
            .attribute(
                Attribute::string("secondary_key_arn")
                    .optional()
                    .validate(kms_key_arn())
                    .description(
                        "The ARN of the KMS key in the cluster's backup region: required for \
                         dual-region clusters (those with a `backup_region_id`), and not allowed for \
                         others. It must differ from the primary key. Changing it rotates the key in \
                         place.",
                    ),
            )
            .attribute(
                cluster_ref::id_is_the_cluster_id()
            )
            .attribute(
                Attribute::string("status")
                    .computed()
                    .description("What Camunda reports of the keys: `Ready` once they are in use."),
            )
            .block(TIMEOUTS.block()),
        )
    }

    /// Checks the keys against the cluster when it is known: its encryption type, and
    /// whether it is dual-region (which needs the secondary key) or not (which refuses it).
    async fn modify_plan(&self, call: call::ModifyPlan<'_, Self::Model>) {
        let planned = match call.plan.change() {
            Change::Create { planned, .. } => planned.clone(),
            Change::Update { prior, planned, .. } if !prior.keys_match_model(planned) => {
                planned.clone()
            }
            _ => return,
        };
        let (Some(cluster_id), false) = (
            planned.cluster_id.get(),
            planned.secondary_key_arn.is_unknown(),
        ) else {
            return;
        };
        if !self.shared.api_available() {
            return;
        }
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        // A courtesy: when the cluster cannot be read now, the apply reports what is wrong.
        let Ok(cluster) = api.get_cluster(cluster_id).await.found() else {
            return;
        };
        let Some(cluster) = cluster else {
            cluster_ref::not_found(
                call.diags,
                attr_path!(EncryptionModel, cluster_id),
                cluster_id,
            );
            return;
        };
        check_cluster(&cluster, &planned, call.diags);
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<EncryptionModel> {
        self.configure(call.ctx, call.planned, Operation::Create, call.diags)
            .await
    }

    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<EncryptionModel> {
        let cluster_id = call.state.cluster_id.as_str();
        let cluster = cluster_ref::read(&self.shared, cluster_id, call.diags).await??;
        EncryptionModel::of(cluster_id, cluster.encryption.as_ref()?, call.state)
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> EncryptionModel {
        if call.prior.keys_match_model(call.planned) {
            // Only the timeouts changed.
            return EncryptionModel {
                timeouts: call.planned.timeouts.clone(),
                ..call.prior.clone()
            };
        }
        self.configure(call.ctx, call.planned, Operation::Update, call.diags)
            .await
            .unwrap_or_else(|| call.prior.clone())
    }

    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        call.diags.warning(
            "Encryption keys stay in use",
            format!(
                "Camunda has no call that removes customer-managed keys from a cluster, so \
                 cluster {} keeps encrypting with {} until it is deleted. Only Terraform stops \
                 managing them; keep the KMS keys enabled while the cluster exists.",
                call.prior.cluster_id.as_str(),
                call.prior.primary_key_arn.as_str()
            ),
        );
    }

    async fn import(&self, call: call::Import<'_>) -> Option<EncryptionModel> {
        let id = call.id;
        let found = cluster_ref::read(&self.shared, id, call.diags).await?;
        let imported = found.and_then(|cluster| {
            EncryptionModel::of(
                id,
                cluster.encryption.as_ref()?,
                &EncryptionModel::default(),
            )
        });
        cluster_ref::imported(imported, "customer-managed keys", id, call.diags)
    }
}

/// Plan-time errors for keys that `cluster` cannot take.
fn check_cluster(cluster: &Cluster, planned: &EncryptionModel, diags: &mut Diagnostics) {
    let kind = cluster.encryption.as_ref().and_then(|e| e.kind.as_deref());
    if kind.is_some_and(|kind| kind != EXTERNAL_ENCRYPTION) {
        diags.attribute_error(
            attr_path!(EncryptionModel, cluster_id),
            "Cluster does not take customer-managed keys",
            format!(
                "Cluster {} ({}) was created with the {} encryption type; keys can only be set \
                 on a cluster created with `encryption_type = \"External\"`, which takes a new \
                 cluster.",
                cluster.name,
                cluster.uuid,
                kind.unwrap_or_default()
            ),
        );
        return;
    }
    let dual_region = cluster.backup_region.is_some();
    match (dual_region, planned.secondary_key_arn.get()) {
        (true, None) => diags.attribute_error(
            attr_path!(EncryptionModel, secondary_key_arn),
            "Secondary key missing",
            format!(
                "Cluster {} is dual-region (its backups are in {}), so it needs a second key, in \
                 that region: set `secondary_key_arn`.",
                cluster.uuid,
                cluster
                    .backup_region
                    .as_ref()
                    .map_or("", |r| r.name.as_str())
            ),
        ),
        (false, Some(_)) => diags.attribute_error(
            attr_path!(EncryptionModel, secondary_key_arn),
            "Secondary key not allowed",
            format!(
                "Cluster {} is single-region (it has no backup region), so it takes one key \
                 only: remove `secondary_key_arn`.",
                cluster.uuid
            ),
        ),
        (true, Some(secondary)) if Some(secondary) == planned.primary_key_arn.get() => diags
            .attribute_error(
                attr_path!(EncryptionModel, secondary_key_arn),
                "Secondary key is the primary key",
                "The secondary key must be another key, in the cluster's backup region.",
            ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_change_settles_in_its_keys_and_a_status_past_the_change() {
        let arn = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd";
        let planned = EncryptionModel {
            primary_key_arn: arn.into(),
            ..EncryptionModel::default()
        };
        let shown = |primary: &str, status: &str| console::ClusterEncryption {
            kind: Some("External".into()),
            primary_key_arn: Some(primary.into()),
            secondary_key_arn: None,
            status: Some(status.into()),
        };
        assert!(planned.settled_in(&shown(arn, READY)));
        assert!(planned.settled_in(&shown(arn, "ProviderError")));
        assert!(!planned.settled_in(&shown(arn, IN_PROGRESS)));
        assert!(
            !planned.settled_in(&shown(arn, NOT_SUPPLIED)),
            "from before the change"
        );
        assert!(!planned.settled_in(&shown("arn:aws:kms:eu-central-1:1:key/old", READY)));
    }

    #[test]
    fn key_arns_are_checked() {
        for ok in [
            "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd",
        ] {
            assert_eq!(check_kms_key_arn(ok), Ok(()), "{ok}");
        }
        for bad in [
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:eu-central-1:123456789012:alias/orders",
            "arn:aws:s3:eu-central-1:123456789012:key/1234",
            "arn:aws:kms:eu-central-1:1234:key/1234",
            "arn:aws:kms::123456789012:key/1234",
        ] {
            let error = check_kms_key_arn(bad).unwrap_err();
            assert!(
                error.contains("not the ARN of an AWS KMS key"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn every_status_but_ready_says_what_to_do() {
        for status in [
            "ProviderError",
            "ExternalEncryptionKeyNotReady",
            "ExternalEncryptionKeyNotSupplied",
            "CreationError",
        ] {
            assert!(!remedy(status).contains("does not know"), "{status}");
        }
    }
}
