//! What an authorization may name: its owner types, resource types and permission types
//! (the description's `OwnerTypeEnum`, `ResourceTypeEnum` and `PermissionTypeEnum`, of
//! Camunda 8.10), and the permissions the engine allows on each resource type, where they
//! are known here. An older cluster refuses some values (8.8 has no `CLUSTER_VARIABLE`);
//! its answer says so.

use std::sync::LazyLock;

/// The owners an authorization can be granted to (`OwnerTypeEnum` without `UNSPECIFIED`,
/// which no caller may use).
pub const OWNER_TYPES: &[&str] = &["USER", "CLIENT", "ROLE", "GROUP", "MAPPING_RULE"];

/// `ResourceTypeEnum`, in the description's order.
pub const RESOURCE_TYPES: &[&str] = &[
    "AUDIT_LOG",
    "AUTHORIZATION",
    "BACKUP",
    "BATCH",
    "CLUSTER_VARIABLE",
    "COMPONENT",
    "DECISION_DEFINITION",
    "DECISION_REQUIREMENTS_DEFINITION",
    "DOCUMENT",
    "EXPORTER",
    "EXPRESSION",
    "GLOBAL_LISTENER",
    "GROUP",
    "MAPPING_RULE",
    "MESSAGE",
    "PROCESS_DEFINITION",
    "RESOURCE",
    "ROLE",
    "SECRET",
    "SYSTEM",
    "TENANT",
    "USER",
    "USER_TASK",
];

/// `PermissionTypeEnum`, in the description's order.
pub const PERMISSION_TYPES: &[&str] = &[
    "ACCESS",
    "CANCEL_PROCESS_INSTANCE",
    "CLAIM",
    "CLAIM_USER_TASK",
    "COMPLETE",
    "COMPLETE_USER_TASK",
    "CREATE",
    "CREATE_BATCH_OPERATION_CANCEL_PROCESS_INSTANCE",
    "CREATE_BATCH_OPERATION_DELETE_DECISION_DEFINITION",
    "CREATE_BATCH_OPERATION_DELETE_DECISION_INSTANCE",
    "CREATE_BATCH_OPERATION_DELETE_PROCESS_DEFINITION",
    "CREATE_BATCH_OPERATION_DELETE_PROCESS_INSTANCE",
    "CREATE_BATCH_OPERATION_MIGRATE_PROCESS_INSTANCE",
    "CREATE_BATCH_OPERATION_MODIFY_PROCESS_INSTANCE",
    "CREATE_BATCH_OPERATION_RESOLVE_INCIDENT",
    "CREATE_BATCH_OPERATION_SUSPEND_PROCESS_INSTANCE",
    "CREATE_BATCH_OPERATION_UPDATE_JOB",
    "CREATE_DECISION_INSTANCE",
    "CREATE_PROCESS_INSTANCE",
    "CREATE_TASK_LISTENER",
    "DELETE",
    "DELETE_DECISION_INSTANCE",
    "DELETE_DRD",
    "DELETE_FORM",
    "DELETE_PROCESS",
    "DELETE_PROCESS_INSTANCE",
    "DELETE_RESOURCE",
    "DELETE_TASK_LISTENER",
    "EVALUATE",
    "MODIFY_PROCESS_INSTANCE",
    "PAUSE",
    "READ",
    "READ_DECISION_DEFINITION",
    "READ_DECISION_INSTANCE",
    "READ_JOB_METRIC",
    "READ_PROCESS_DEFINITION",
    "READ_PROCESS_INSTANCE",
    "READ_USAGE_METRIC",
    "READ_USER_TASK",
    "READ_TASK_LISTENER",
    "RESTORE",
    "REVEAL",
    "SUSPEND_PROCESS_INSTANCE",
    "UPDATE",
    "UPDATE_PROCESS_INSTANCE",
    "UPDATE_USER_TASK",
    "UPDATE_TASK_LISTENER",
];

const CRUD: &[&str] = &["CREATE", "READ", "UPDATE", "DELETE"];

/// `BATCH`'s permissions: creating, reading and updating batches, and starting every batch
/// operation (the permission types `CREATE_BATCH_OPERATION_…`).
static BATCH: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let operations = PERMISSION_TYPES
        .iter()
        .filter(|p| p.starts_with("CREATE_BATCH_OPERATION_"));
    ["CREATE", "READ", "UPDATE"]
        .iter()
        .chain(operations)
        .copied()
        .collect()
});

/// The permissions the engine allows on `resource_type`: Camunda 8.8's for its resource
/// types, widened with every pair that an operation's `x-required-permissions` in the
/// 8.10 description names. `None` for the newer types, whose full sets are not known
/// here: any permission type may then be asked for, and the cluster decides.
pub fn permissions_of(resource_type: &str) -> Option<&'static [&'static str]> {
    Some(match resource_type {
        "AUTHORIZATION" | "GROUP" | "MAPPING_RULE" | "ROLE" | "TENANT" | "USER" => CRUD,
        "BATCH" => &BATCH,
        "COMPONENT" => &["ACCESS"],
        "DECISION_DEFINITION" => &[
            "CREATE_DECISION_INSTANCE",
            "READ_DECISION_DEFINITION",
            "READ_DECISION_INSTANCE",
            "DELETE_DECISION_INSTANCE",
        ],
        "DECISION_REQUIREMENTS_DEFINITION" => &["READ"],
        "DOCUMENT" => &["CREATE", "READ", "DELETE"],
        "MESSAGE" => &["CREATE", "READ"],
        "PROCESS_DEFINITION" => &[
            "CREATE_PROCESS_INSTANCE",
            "READ_PROCESS_DEFINITION",
            "READ_PROCESS_INSTANCE",
            "READ_USER_TASK",
            "UPDATE_PROCESS_INSTANCE",
            "UPDATE_USER_TASK",
            "MODIFY_PROCESS_INSTANCE",
            "CANCEL_PROCESS_INSTANCE",
            "DELETE_PROCESS_INSTANCE",
            "CLAIM_USER_TASK",
            "COMPLETE_USER_TASK",
            "SUSPEND_PROCESS_INSTANCE",
        ],
        "RESOURCE" => &[
            "CREATE",
            "READ",
            "DELETE_DRD",
            "DELETE_FORM",
            "DELETE_PROCESS",
            "DELETE_RESOURCE",
        ],
        "SYSTEM" => &["READ", "UPDATE", "READ_USAGE_METRIC", "READ_JOB_METRIC"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_only_known_types_once_each() {
        let unknown: Vec<&str> = RESOURCE_TYPES
            .iter()
            .copied()
            .filter(|r| permissions_of(r).is_none())
            .collect();
        // The types left to the cluster: a misspelt arm of the table would add its type here.
        let newer = [
            "AUDIT_LOG",
            "BACKUP",
            "CLUSTER_VARIABLE",
            "EXPORTER",
            "EXPRESSION",
            "GLOBAL_LISTENER",
            "SECRET",
            "USER_TASK",
        ];
        assert_eq!(unknown, newer);
        let known = RESOURCE_TYPES.iter().filter(|r| !newer.contains(r));
        for resource in known {
            let permissions = permissions_of(resource).unwrap();
            let mut distinct = permissions.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), permissions.len(), "{resource}: a repeat");
            for permission in permissions {
                assert!(
                    PERMISSION_TYPES.contains(permission),
                    "{resource}: {permission} is not a permission type"
                );
            }
        }
        assert_eq!(permissions_of("CLUSTER_VARIABLE"), None);
        assert_eq!(permissions_of("NO_SUCH_TYPE"), None);
    }

    #[test]
    fn every_batch_operation_permission_belongs_to_batch() {
        let batch = permissions_of("BATCH").unwrap();
        assert_eq!(batch[..3], ["CREATE", "READ", "UPDATE"]);
        assert_eq!(batch.len(), 13);
        for permission in PERMISSION_TYPES
            .iter()
            .filter(|p| p.starts_with("CREATE_BATCH_OPERATION_"))
        {
            assert!(batch.contains(permission), "{permission}");
        }
    }

    #[test]
    fn owner_types_leave_out_unspecified_and_enums_hold_no_repeats() {
        assert!(!OWNER_TYPES.contains(&"UNSPECIFIED"));
        for list in [OWNER_TYPES, RESOURCE_TYPES, PERMISSION_TYPES] {
            let mut distinct = list.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), list.len());
        }
    }
}
