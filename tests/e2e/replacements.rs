//! What replaces each object inside a cluster, through Terraform against the emulator's
//! Self-Managed cluster: for every in-cluster resource type, a table of its arguments,
//! each changed on a copy of its own, so that one plan shows them all: a change of an
//! argument marked R in SCHEMA-CLUSTER.md replaces its copy (delete, then create), any
//! other updates it in place. The apply that follows leaves at the emulator exactly the
//! objects of the new configuration: none of a replaced copy's old ones, none twice.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::support::cluster::{self, self_managed as setup};
use crate::support::emulator::TestEmulator;

/// One resource type's table.
struct Case<'a> {
    type_name: &'static str,
    /// Resources the copies refer to, which no change touches.
    extra: &'a str,
    /// Every copy's arguments as HCL, `{label}` standing for the copy's label (so that the
    /// copies' IDs differ).
    arguments: Arguments,
    /// One copy per change, labelled by it.
    changes: &'a [Change],
    /// The kind (`roles`, …) whose objects the emulator lists, and their fields that show
    /// what each copy made of its arguments.
    kind: &'static str,
    fields: &'static [&'static str],
    /// The objects that the configuration after the changes makes, as [`Case::held`] shows them.
    after: &'static [&'static str],
}

/// A change of a copy: its arguments before (over the case's) and after.
struct Change {
    label: &'static str,
    before: Arguments,
    after: Arguments,
    replaces: bool,
}

/// Arguments as HCL, by name.
type Arguments = &'static [(&'static str, &'static str)];

/// The copy `label`, whose change to `after` replaces it.
const fn replaces(label: &'static str, after: Arguments) -> Change {
    Change {
        label,
        before: &[],
        after,
        replaces: true,
    }
}

/// The copy `label`, whose change to `after` updates it in place.
const fn updates(label: &'static str, after: Arguments) -> Change {
    Change {
        replaces: false,
        ..replaces(label, after)
    }
}

impl Case<'_> {
    /// The configuration of every copy, before or after its change.
    fn config(&self, changed: bool) -> String {
        let mut hcl = self.extra.to_owned();
        for change in self.changes {
            let mut arguments: Vec<(&str, &str)> = self.arguments.to_vec();
            let overrides = [change.before, if changed { change.after } else { &[] }];
            for &(name, value) in overrides.into_iter().flatten() {
                match arguments.iter_mut().find(|(n, _)| *n == name) {
                    Some(argument) => argument.1 = value,
                    None => arguments.push((name, value)),
                }
            }
            hcl.push_str(&format!(
                "\nresource \"{}\" \"{}\" {{\n",
                self.type_name, change.label
            ));
            for (name, value) in arguments {
                let value = value.replace("{label}", change.label);
                hcl.push_str(&format!("  {name} = {value}\n"));
            }
            hcl.push_str("}\n");
        }
        cluster::config(&hcl)
    }

    /// The actions that the plan of the changes holds, per address.
    fn planned(&self) -> BTreeMap<String, Vec<String>> {
        self.changes
            .iter()
            .map(|change| {
                let actions: &[&str] = if change.replaces {
                    &["delete", "create"]
                } else {
                    &["update"]
                };
                (
                    format!("{}.{}", self.type_name, change.label),
                    actions.iter().map(|a| a.to_string()).collect(),
                )
            })
            .collect()
    }

    /// The objects of the case's kind at the emulator, each as its fields joined by `|`
    /// (a missing one as `-`, a list's items by `,`), sorted; definitions that the reads
    /// keep as deleted left out.
    fn held(&self, emulator: &TestEmulator) -> Vec<String> {
        let text = |value: &Json| match value {
            Json::Null => "-".to_owned(),
            Json::String(s) => s.clone(),
            Json::Array(items) => items
                .iter()
                .map(|i| i.as_str().unwrap_or("?"))
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        let mut held: Vec<String> = emulator
            .cluster_objects(self.kind)
            .iter()
            .filter(|o| o["state"] != "DELETED")
            .map(|o| {
                let fields: Vec<String> = self.fields.iter().map(|f| text(&o[*f])).collect();
                fields.join("|")
            })
            .collect();
        held.sort();
        held
    }
}

/// Applies the case's copies, plans their changes (each R argument's a replacement, each
/// other's an update), applies them, and compares what the emulator holds with the case's
/// `after`: the objects it held before the first apply (such as the first user) aside.
fn run(case: &Case) {
    let (emulator, ws) = setup();
    let beforehand = case.held(&emulator);
    let made = |emulator: &TestEmulator| -> Vec<String> {
        let mut held = case.held(emulator);
        held.retain(|o| !beforehand.contains(o));
        held
    };
    ws.config(&case.config(false));
    ws.apply().ok();
    let first = made(&emulator);
    assert_eq!(
        first.len(),
        case.changes.len(),
        "one object per copy: {first:#?}"
    );

    ws.config(&case.config(true));
    assert_eq!(ws.planned_actions(&[]), case.planned());
    ws.apply().ok();
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, Some(0), "{}", plan.output());
    assert_eq!(
        made(&emulator),
        case.after,
        "before the changes: {first:#?}"
    );
}

/// Two objects of `type_name`, `a` and `b`, whose ID argument is `id`: holders for the
/// copies to belong to or move between.
fn pair(type_name: &str, id: &str) -> String {
    ["a", "b"]
        .map(|name| {
            format!("\nresource \"{type_name}\" \"{name}\" {{\n  {id} = \"{name}\"\n  name = \"{name}\"\n}}\n")
        })
        .concat()
}

#[test]
fn tenant() {
    run(&Case {
        type_name: "camunda_tenant",
        extra: "",
        arguments: &[
            ("tenant_id", r#""t-{label}""#),
            ("name", r#""Tenant {label}""#),
            ("description", r#""About {label}""#),
        ],
        changes: &[
            replaces("tenant_id", &[("tenant_id", r#""t-{label}-2""#)]),
            updates("name", &[("name", r#""Tenant {label} 2""#)]),
            updates("description", &[("description", r#""About {label} 2""#)]),
        ],
        kind: "tenants",
        fields: &["tenantId", "name", "description"],
        after: &[
            "t-description|Tenant description|About description 2",
            "t-name|Tenant name 2|About name",
            "t-tenant_id-2|Tenant tenant_id|About tenant_id",
        ],
    });
}

#[test]
fn role() {
    run(&Case {
        type_name: "camunda_role",
        extra: "",
        arguments: &[
            ("role_id", r#""r-{label}""#),
            ("name", r#""Role {label}""#),
            ("description", r#""About {label}""#),
        ],
        changes: &[
            replaces("role_id", &[("role_id", r#""r-{label}-2""#)]),
            updates("name", &[("name", r#""Role {label} 2""#)]),
            updates("description", &[("description", r#""About {label} 2""#)]),
        ],
        kind: "roles",
        fields: &["roleId", "name", "description"],
        after: &[
            "r-description|Role description|About description 2",
            "r-name|Role name 2|About name",
            "r-role_id-2|Role role_id|About role_id",
        ],
    });
}

#[test]
fn group() {
    run(&Case {
        type_name: "camunda_group",
        extra: "",
        arguments: &[
            ("group_id", r#""g-{label}""#),
            ("name", r#""Group {label}""#),
            ("description", r#""About {label}""#),
        ],
        changes: &[
            replaces("group_id", &[("group_id", r#""g-{label}-2""#)]),
            updates("name", &[("name", r#""Group {label} 2""#)]),
            updates("description", &[("description", r#""About {label} 2""#)]),
        ],
        kind: "groups",
        fields: &["groupId", "name", "description"],
        after: &[
            "g-description|Group description|About description 2",
            "g-group_id-2|Group group_id|About group_id",
            "g-name|Group name 2|About name",
        ],
    });
}

#[test]
fn mapping_rule() {
    run(&Case {
        type_name: "camunda_mapping_rule",
        extra: "",
        arguments: &[
            ("mapping_rule_id", r#""m-{label}""#),
            ("name", r#""Rule {label}""#),
            ("claim_name", r#""groups""#),
            ("claim_value", r#""v-{label}""#),
        ],
        changes: &[
            replaces(
                "mapping_rule_id",
                &[("mapping_rule_id", r#""m-{label}-2""#)],
            ),
            updates("name", &[("name", r#""Rule {label} 2""#)]),
            updates("claim_name", &[("claim_name", r#""roles""#)]),
            updates("claim_value", &[("claim_value", r#""v-{label}-2""#)]),
        ],
        kind: "mapping-rules",
        fields: &["mappingRuleId", "name", "claimName", "claimValue"],
        after: &[
            "m-claim_name|Rule claim_name|roles|v-claim_name",
            "m-claim_value|Rule claim_value|groups|v-claim_value-2",
            "m-mapping_rule_id-2|Rule mapping_rule_id|groups|v-mapping_rule_id",
            "m-name|Rule name 2|groups|v-name",
        ],
    });
}

#[test]
fn user() {
    run(&Case {
        type_name: "camunda_user",
        extra: "",
        arguments: &[
            ("username", r#""u-{label}""#),
            ("name", r#""User {label}""#),
            ("email", r#""{label}@example.com""#),
            ("password", r#""pass-{label}-1""#),
        ],
        changes: &[
            replaces("username", &[("username", r#""u-{label}-2""#)]),
            updates("name", &[("name", r#""User {label} 2""#)]),
            updates("email", &[("email", r#""{label}@example.org""#)]),
            updates("password", &[("password", r#""pass-{label}-2""#)]),
        ],
        kind: "users",
        fields: &["username", "name", "email"],
        after: &[
            "u-email|User email|email@example.org",
            "u-name|User name 2|name@example.com",
            "u-password|User password|password@example.com",
            "u-username-2|User username|username@example.com",
        ],
    });
}

#[test]
fn authorization() {
    // Owners and resources differ between the copies, so that no two grants overlap.
    run(&Case {
        type_name: "camunda_authorization",
        extra: "",
        arguments: &[
            ("owner_type", r#""USER""#),
            ("owner_id", r#""o-{label}""#),
            ("resource_type", r#""ROLE""#),
            ("resource_id", r#""r-{label}""#),
            ("permission_types", r#"["READ"]"#),
        ],
        changes: &[
            replaces("owner_type", &[("owner_type", r#""CLIENT""#)]),
            replaces("owner_id", &[("owner_id", r#""o-{label}-2""#)]),
            replaces("resource_type", &[("resource_type", r#""GROUP""#)]),
            replaces("resource_id", &[("resource_id", r#""r-{label}-2""#)]),
            Change {
                label: "resource_property_name",
                before: &[
                    ("resource_type", r#""USER_TASK""#),
                    ("resource_id", "null"),
                    ("resource_property_name", r#""assignee""#),
                ],
                after: &[("resource_property_name", r#""candidateUsers""#)],
                replaces: true,
            },
            // Every user task, then those that the owner is assigned.
            Change {
                label: "by_id_to_by_property",
                before: &[
                    ("resource_type", r#""USER_TASK""#),
                    ("resource_id", r#""*""#),
                ],
                after: &[
                    ("resource_id", "null"),
                    ("resource_property_name", r#""assignee""#),
                ],
                replaces: true,
            },
            updates(
                "permission_types",
                &[("permission_types", r#"["READ", "UPDATE"]"#)],
            ),
        ],
        kind: "authorizations",
        fields: &[
            "ownerType",
            "ownerId",
            "resourceType",
            "resourceId",
            "resourcePropertyName",
            "permissionTypes",
        ],
        after: &[
            "CLIENT|o-owner_type|ROLE|r-owner_type|-|READ",
            "USER|o-by_id_to_by_property|USER_TASK|-|assignee|READ",
            "USER|o-owner_id-2|ROLE|r-owner_id|-|READ",
            "USER|o-permission_types|ROLE|r-permission_types|-|READ,UPDATE",
            "USER|o-resource_id|ROLE|r-resource_id-2|-|READ",
            "USER|o-resource_property_name|USER_TASK|-|candidateUsers|READ",
            "USER|o-resource_type|GROUP|r-resource_type|-|READ",
        ],
    });
}

/// A membership's fields at the emulator.
const MEMBERSHIP: &[&str] = &["ownerKind", "ownerId", "memberKind", "memberId"];

// A membership has no argument that changes in place: each table only replaces.

#[test]
fn role_member() {
    run(&Case {
        type_name: "camunda_role_member",
        extra: &pair("camunda_role", "role_id"),
        arguments: &[
            ("role_id", "camunda_role.a.role_id"),
            ("member_type", r#""USER""#),
            ("member_id", r#""m-{label}""#),
        ],
        changes: &[
            replaces("role_id", &[("role_id", "camunda_role.b.role_id")]),
            replaces("member_type", &[("member_type", r#""CLIENT""#)]),
            replaces("member_id", &[("member_id", r#""m-{label}-2""#)]),
        ],
        kind: "memberships",
        fields: MEMBERSHIP,
        after: &[
            "role|a|client|m-member_type",
            "role|a|user|m-member_id-2",
            "role|b|user|m-role_id",
        ],
    });
}

#[test]
fn group_member() {
    run(&Case {
        type_name: "camunda_group_member",
        extra: &pair("camunda_group", "group_id"),
        arguments: &[
            ("group_id", "camunda_group.a.group_id"),
            ("member_type", r#""USER""#),
            ("member_id", r#""m-{label}""#),
        ],
        changes: &[
            replaces("group_id", &[("group_id", "camunda_group.b.group_id")]),
            replaces("member_type", &[("member_type", r#""CLIENT""#)]),
            replaces("member_id", &[("member_id", r#""m-{label}-2""#)]),
        ],
        kind: "memberships",
        fields: MEMBERSHIP,
        after: &[
            "group|a|client|m-member_type",
            "group|a|user|m-member_id-2",
            "group|b|user|m-group_id",
        ],
    });
}

#[test]
fn tenant_member() {
    run(&Case {
        type_name: "camunda_tenant_member",
        extra: &pair("camunda_tenant", "tenant_id"),
        arguments: &[
            ("tenant_id", "camunda_tenant.a.tenant_id"),
            ("member_type", r#""USER""#),
            ("member_id", r#""m-{label}""#),
        ],
        changes: &[
            replaces("tenant_id", &[("tenant_id", "camunda_tenant.b.tenant_id")]),
            replaces("member_type", &[("member_type", r#""CLIENT""#)]),
            replaces("member_id", &[("member_id", r#""m-{label}-2""#)]),
        ],
        kind: "memberships",
        fields: MEMBERSHIP,
        after: &[
            "tenant|a|client|m-member_type",
            "tenant|a|user|m-member_id-2",
            "tenant|b|user|m-tenant_id",
        ],
    });
}

#[test]
fn cluster_variable() {
    run(&Case {
        type_name: "camunda_cluster_variable",
        extra: &pair("camunda_tenant", "tenant_id"),
        arguments: &[
            ("name", r#""v-{label}""#),
            ("tenant_id", "camunda_tenant.a.tenant_id"),
            ("value", r#"jsonencode("x")"#),
        ],
        changes: &[
            replaces("name", &[("name", r#""v-{label}-2""#)]),
            replaces("tenant_id", &[("tenant_id", "camunda_tenant.b.tenant_id")]),
            replaces("to_global", &[("tenant_id", "null")]),
            updates("value", &[("value", r#"jsonencode({ y = 1 })"#)]),
        ],
        kind: "cluster-variables",
        fields: &["tenantId", "name", "value"],
        after: &[
            "-|v-to_global|\"x\"",
            "a|v-name-2|\"x\"",
            "a|v-value|{\"y\":1}",
            "b|v-tenant_id|\"x\"",
        ],
    });
}

#[test]
fn deployment() {
    // Deleting what they made on destroy, so that a replaced copy leaves no definition.
    let extra = format!(
        r#"{}
locals {{
  bpmn = <<-EOT
    <?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
      <bpmn:process id="%s" name="%s" isExecutable="true">
        <bpmn:startEvent id="start" />
      </bpmn:process>
    </bpmn:definitions>
  EOT
}}
"#,
        pair("camunda_tenant", "tenant_id")
    );
    run(&Case {
        type_name: "camunda_deployment",
        extra: &extra,
        arguments: &[
            (
                "resources",
                r#"{ "p.bpmn" = format(local.bpmn, "p-{label}", "Process") }"#,
            ),
            ("tenant_id", "camunda_tenant.a.tenant_id"),
            ("delete_on_destroy", "true"),
        ],
        changes: &[
            replaces(
                "resources",
                &[(
                    "resources",
                    r#"{ "p.bpmn" = format(local.bpmn, "p-{label}", "Process 2") }"#,
                )],
            ),
            replaces("tenant_id", &[("tenant_id", "camunda_tenant.b.tenant_id")]),
            updates("delete_on_destroy", &[("delete_on_destroy", "false")]),
        ],
        kind: "process-definitions",
        fields: &["tenantId", "processDefinitionId", "name", "version"],
        after: &[
            "a|p-delete_on_destroy|Process|1",
            "a|p-resources|Process 2|2",
            "b|p-tenant_id|Process|1",
        ],
    });
}
