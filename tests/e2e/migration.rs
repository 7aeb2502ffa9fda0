//! The switch from the community provider, as the guide `examples/guides/migrating-from-the-
//! community-provider/` tells it: a state written by the community provider (a cluster, two
//! Zeebe clients, a connector secret, an IP whitelist and an organization member), the guide's
//! configurations and its commands, against an emulator that holds the same objects.
//! Afterwards the plan is empty, nothing was created, changed or deleted, and the client
//! secrets and the connector secret's value are where the guide says.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::{Value as Json, json};

use crate::support::emulator::{TestEmulator, test_config};
use crate::support::{Workspace, terraform_at_least};

const GUIDE: &str = "examples/guides/migrating-from-the-community-provider";
const COMMUNITY: &str = "registry.terraform.io/camunda-community-hub/camunda";
const OURS: &str = "registry.terraform.io/camunda/camunda";
/// The community provider's default scopes, which a client without `scopes` has.
const ALL_SCOPES: [&str; 4] = ["Operate", "Optimize", "Tasklist", "Zeebe"];
/// The guide's connector secret, and the value its configuration takes from a variable.
const SECRET_NAME: &str = "PAYMENTS_API_KEY";
const SECRET_VALUE: &str = "pk-3f9a0c7e-payments";
/// The guide's IP whitelist rule and organization member.
const RULE: (&str, &str) = ("203.0.113.0/24", "office");
const MEMBER: &str = "orders-lead@example.com";

/// The guide's configuration for Terraform 1.`minor` and later (8 or 0).
fn guide_config(minor: u64) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(GUIDE)
        .join(format!("with-terraform-1.{minor}/main.tf"));
    fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The guide's configuration for Terraform 1.`minor` and later in `ws`, with the
/// connector secret's value for its variable.
fn use_guide_config(ws: &Workspace, minor: u64) {
    ws.config(&guide_config(minor));
    let vars = format!("payments_api_key = {SECRET_VALUE:?}\n");
    fs::write(ws.path().join("terraform.tfvars"), vars).unwrap();
}

/// A Zeebe client as the community provider stored it.
struct Client {
    name: &'static str,
    scopes: Vec<&'static str>,
    client_id: String,
    secret: String,
    details: Json,
}

/// The objects of the guide's example, made through the Console API as the community
/// provider made them.
struct Estate {
    emulator: TestEmulator,
    parameters: Json,
    cluster: Json,
    clients: BTreeMap<&'static str, Client>,
}

fn named<'a>(list: &'a Json, name: &str) -> &'a Json {
    list.as_array()
        .unwrap()
        .iter()
        .find(|item| item["name"] == name)
        .unwrap_or_else(|| panic!("no {name:?} in {list}"))
}

impl Estate {
    fn new() -> Estate {
        let emulator = TestEmulator::start(test_config());
        let (_, parameters) = emulator.api("GET", "/clusters/parameters");
        let channel = named(&parameters["channels"], "Stable");
        let body = json!({
            "name": "orders",
            "channelId": channel["uuid"],
            "generationId": channel["defaultGeneration"]["uuid"],
            "regionId": named(&parameters["regions"], "Belgium, Europe (europe-west1)")["uuid"],
            "planTypeId": named(&parameters["clusterPlanTypes"], "Trial Package")["uuid"],
            // The community provider's default.
            "autoUpdate": true,
        });
        let (status, created) = emulator.api_json("POST", "/clusters", Some(body));
        assert!((200..300).contains(&status), "{status}: {created}");
        let id = created["clusterId"].as_str().unwrap().to_owned();
        emulator.wait_until_healthy(&id);
        let (_, cluster) = emulator.api("GET", &format!("/clusters/{id}"));

        let mut clients = BTreeMap::new();
        for (key, name, scopes) in [
            ("worker", "orders-worker", ALL_SCOPES.to_vec()),
            ("reporting", "orders-reporting", vec!["Operate", "Optimize"]),
        ] {
            let body = json!({ "clientName": name, "permissions": scopes });
            let (status, created) =
                emulator.api_json("POST", &format!("/clusters/{id}/clients"), Some(body));
            assert_eq!(status, 200, "{created}");
            let client_id = created["clientId"].as_str().unwrap().to_owned();
            let (_, details) = emulator.api("GET", &format!("/clusters/{id}/clients/{client_id}"));
            clients.insert(
                key,
                Client {
                    name,
                    scopes,
                    client_id,
                    secret: created["clientSecret"].as_str().unwrap().to_owned(),
                    details,
                },
            );
        }

        let body = json!({ "secretName": SECRET_NAME, "secretValue": SECRET_VALUE });
        let (status, answer) =
            emulator.api_json("POST", &format!("/clusters/{id}/secrets"), Some(body));
        assert!((200..300).contains(&status), "{status}: {answer}");
        let body = json!({ "ipallowlist": [{ "ip": RULE.0, "description": RULE.1 }] });
        let (status, answer) =
            emulator.api_json("PUT", &format!("/clusters/{id}/ipallowlist"), Some(body));
        assert!((200..300).contains(&status), "{status}: {answer}");
        let body = json!({ "orgRoles": ["admin"] });
        let (status, answer) = emulator.api_json("POST", &format!("/members/{MEMBER}"), Some(body));
        assert!((200..300).contains(&status), "{status}: {answer}");
        // The invitation was accepted long ago.
        emulator.admin(
            "PATCH",
            &format!("/members/{MEMBER}"),
            Some(json!({ "invite_pending": false, "name": "Orders Lead" })),
        );
        emulator.reset_counters();
        Estate {
            emulator,
            parameters,
            cluster,
            clients,
        }
    }

    fn cluster_id(&self) -> &str {
        self.cluster["uuid"].as_str().unwrap()
    }

    fn import_id(&self, key: &str) -> String {
        format!("{}/{}", self.cluster_id(), self.clients[key].client_id)
    }

    fn secret_import_id(&self) -> String {
        format!("{}/{SECRET_NAME}", self.cluster_id())
    }

    /// The state file the community provider wrote for the guide's example, as Terraform
    /// `terraform_version` stores it.
    fn community_state(&self, terraform_version: &str) -> Json {
        let provider = format!("provider[\"{COMMUNITY}\"]");
        // Terraform 1.0 records in `sensitive_attributes` only what the configuration made
        // sensitive; 1.11 records the schema's sensitive attributes there too.
        let secret_paths = if terraform_version.starts_with("1.0.") {
            json!([])
        } else {
            json!([[{ "type": "get_attr", "value": "secret" }]])
        };
        let depending = json!([
            "camunda_cluster.orders",
            "data.camunda_channel.stable",
            "data.camunda_cluster_plan_type.trial",
            "data.camunda_region.belgium",
        ]);
        let data = |type_name: &str, name: &str, attributes: Json| {
            json!({
                "mode": "data", "type": type_name, "name": name, "provider": provider,
                "instances": [{ "schema_version": 0, "attributes": attributes, "sensitive_attributes": [] }],
            })
        };
        let channel = named(&self.parameters["channels"], "Stable");
        let generations: Vec<Json> = channel["allowedGenerations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| json!({ "id": g["uuid"], "name": g["name"] }))
            .collect();
        let generation_ids: serde_json::Map<String, Json> = channel["allowedGenerations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["name"].as_str().unwrap().to_owned(), g["uuid"].clone()))
            .collect();
        let region = named(
            &self.parameters["regions"],
            "Belgium, Europe (europe-west1)",
        );
        let plan_type = named(&self.parameters["clusterPlanTypes"], "Trial Package");
        let cluster = &self.cluster;
        let mut resources = vec![
            data(
                "camunda_channel",
                "stable",
                json!({
                    "id": channel["uuid"], "name": "Stable",
                    "default_generation_id": channel["defaultGeneration"]["uuid"],
                    "default_generation_name": channel["defaultGeneration"]["name"],
                    "allowed_generations": generations, "allowed_generation_ids": generation_ids,
                }),
            ),
            data(
                "camunda_cluster_plan_type",
                "trial",
                json!({ "id": plan_type["uuid"], "name": plan_type["name"] }),
            ),
            data(
                "camunda_region",
                "belgium",
                json!({ "id": region["uuid"], "name": region["name"] }),
            ),
            json!({
                "mode": "managed", "type": "camunda_cluster", "name": "orders", "provider": provider,
                "instances": [{
                    "schema_version": 0,
                    "attributes": {
                        "id": cluster["uuid"], "name": cluster["name"],
                        "channel": cluster["channel"]["uuid"], "region": cluster["region"]["uuid"],
                        "plan_type": cluster["planType"]["uuid"],
                        "generation": cluster["generation"]["uuid"],
                        "auto_update": cluster["autoUpdate"], "description": null,
                        "current_generation": cluster["generation"]["uuid"],
                    },
                    "sensitive_attributes": [],
                    "dependencies": [
                        "data.camunda_channel.stable", "data.camunda_cluster_plan_type.trial",
                        "data.camunda_region.belgium",
                    ],
                }],
            }),
        ];
        for (key, client) in &self.clients {
            resources.push(json!({
                "mode": "managed", "type": "camunda_cluster_client", "name": key, "provider": provider,
                "instances": [{
                    "schema_version": 0,
                    "attributes": {
                        "id": self.import_id(key), "cluster_id": self.cluster_id(),
                        "name": client.name, "secret": client.secret, "scopes": client.scopes,
                        "zeebe_address": client.details["ZEEBE_ADDRESS"],
                        "zeebe_client_id": client.client_id,
                        "zeebe_authorization_server_url": client.details["ZEEBE_AUTHORIZATION_SERVER_URL"],
                    },
                    "sensitive_attributes": secret_paths,
                    "dependencies": depending,
                }],
            }));
        }
        resources.push(json!({
            "mode": "managed", "type": "camunda_cluster_connector_secret",
            "name": "payments_api_key", "provider": provider,
            "instances": [{
                "schema_version": 0,
                "attributes": {
                    "cluster_id": self.cluster_id(), "name": SECRET_NAME, "value": SECRET_VALUE,
                },
                // The value comes from a sensitive variable, which every version records.
                "sensitive_attributes": [[{ "type": "get_attr", "value": "value" }]],
                "dependencies": depending,
            }],
        }));
        resources.push(json!({
            "mode": "managed", "type": "camunda_cluster_ip_whitelist", "name": "orders",
            "provider": provider,
            "instances": [{
                "schema_version": 0,
                "attributes": {
                    "id": self.cluster_id(), "cluster_id": self.cluster_id(),
                    "ip_whitelist": [{ "ip": RULE.0, "description": RULE.1 }],
                },
                "sensitive_attributes": [],
                "dependencies": depending,
            }],
        }));
        resources.push(json!({
            "mode": "managed", "type": "camunda_organization_member", "name": "lead",
            "provider": provider,
            "instances": [{
                "schema_version": 0,
                "attributes": { "email": MEMBER, "roles": ["admin"] },
                "sensitive_attributes": [],
            }],
        }));
        json!({
            "version": 4,
            "terraform_version": terraform_version,
            "serial": 4,
            "lineage": "6a0a4bd0-7d4b-4a43-9c8e-community",
            "outputs": {},
            "resources": resources,
        })
    }

    /// A workspace holding the community state, for the Terraform CLI `terraform`, which
    /// installs the provider from a release mirror.
    fn workspace(&self, terraform: &Path) -> Workspace {
        let mut ws = Workspace::from_release_mirror();
        ws.use_terraform(terraform.to_owned());
        self.emulator.configure(&mut ws);
        let version = ws.run(&["version", "-json"]).ok();
        let version: Json = serde_json::from_str(&version.stdout).unwrap();
        let state = self.community_state(version["terraform_version"].as_str().unwrap());
        fs::write(ws.path().join("terraform.tfstate"), state.to_string()).unwrap();
        ws
    }

    /// Fails the test if anything was created, changed or deleted since the setup.
    fn assert_untouched(&self) {
        let counters = self.emulator.counters();
        let writes: Vec<&String> = counters["routes"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|route| !route.starts_with("GET "))
            .collect();
        assert!(
            writes.is_empty(),
            "the migration wrote to the API: {writes:?}"
        );
        let (_, clusters) = self.emulator.api("GET", "/clusters");
        assert_eq!(clusters.as_array().unwrap().len(), 1, "{clusters}");
        let (_, clients) = self
            .emulator
            .api("GET", &format!("/clusters/{}/clients", self.cluster_id()));
        assert_eq!(clients.as_array().unwrap().len(), 2, "{clients}");
        let (_, secrets) = self
            .emulator
            .api("GET", &format!("/clusters/{}/secrets", self.cluster_id()));
        assert_eq!(secrets, json!({ SECRET_NAME: SECRET_VALUE }));
        let (_, cluster) = self
            .emulator
            .api("GET", &format!("/clusters/{}", self.cluster_id()));
        assert_eq!(
            cluster["ipallowlist"],
            json!([{ "ip": RULE.0, "description": RULE.1 }])
        );
        let (_, members) = self.emulator.api("GET", "/members");
        let emails: Vec<&str> = members
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["email"].as_str().unwrap())
            .collect();
        assert_eq!(emails.len(), 2, "the owner and {MEMBER}: {members}");
        assert!(emails.contains(&MEMBER), "{members}");
    }

    /// Fails the test unless the connector secret, the allowlist and the member are in
    /// this provider's state as the community provider left them.
    fn assert_taken_over(&self, ws: &Workspace) {
        let secret = ws.resource("camunda_connector_secret.payments_api_key");
        assert_eq!(
            secret["value"], SECRET_VALUE,
            "the value stays in the state"
        );
        assert_eq!(secret["id"], self.secret_import_id());
        assert_eq!(secret["value_wo_version"], Json::Null);
        let allowlist = ws.resource("camunda_cluster_ip_allowlist.orders");
        assert_eq!(allowlist["id"], self.cluster_id());
        assert_eq!(
            allowlist["rule"],
            json!([{ "ip": RULE.0, "description": RULE.1 }])
        );
        let member = ws.resource("camunda_organization_member.lead");
        assert_eq!(member["email"], MEMBER);
        assert_eq!(member["roles"], json!(["admin"]));
        assert_eq!(member["id"], MEMBER, "a refresh filled in the rest");
        assert_eq!(member["name"], "Orders Lead");
        assert_eq!(member["pending"], false);
    }

    /// Whether the token endpoint still takes the client's credentials.
    fn secret_works(&self, key: &str) -> bool {
        let client = &self.clients[key];
        let (status, _) = self.emulator.token_request(json!({
            "grant_type": "client_credentials",
            "audience": "zeebe.camunda.io",
            "client_id": client.client_id,
            "client_secret": client.secret,
        }));
        status == 200
    }
}

/// What a plan does besides reading: actions per address, moves (from, to), and the
/// updates that change no attribute (Terraform recording that a value is sensitive).
struct PlanSummary {
    changes: BTreeMap<String, Vec<String>>,
    moves: Vec<(String, String)>,
    sensitivity_only: Vec<String>,
}

fn plan_summary(ws: &Workspace) -> PlanSummary {
    let plan = ws.plan_json(&[]);
    let mut changes = BTreeMap::new();
    let mut moves = Vec::new();
    let mut sensitivity_only = Vec::new();
    for change in plan["resource_changes"].as_array().into_iter().flatten() {
        let address = change["address"].as_str().unwrap().to_owned();
        let actions: Vec<String> = change["change"]["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
        if let Some(from) = change["previous_address"].as_str() {
            moves.push((from.to_owned(), address.clone()));
        }
        if actions == ["update"] && change["change"]["before"] == change["change"]["after"] {
            sensitivity_only.push(address);
        } else if actions != ["no-op"] && actions != ["read"] {
            changes.insert(address, actions);
        }
    }
    moves.sort();
    PlanSummary {
        changes,
        moves,
        sensitivity_only,
    }
}

fn replace_provider(ws: &Workspace) {
    ws.run(&[
        "state",
        "replace-provider",
        "-auto-approve",
        "-no-color",
        COMMUNITY,
        OURS,
    ])
    .ok();
}

#[test]
fn with_terraform_1_8_moved_blocks_take_over_every_community_resource_with_its_secrets() {
    let Some(terraform) = terraform_at_least(8) else {
        eprintln!("skipped: moved blocks across resource types need Terraform 1.8 or later");
        return;
    };
    let estate = Estate::new();
    let ws = estate.workspace(&terraform);
    use_guide_config(&ws, 8);

    replace_provider(&ws);
    ws.run(&["init", "-no-color"]).ok();
    let PlanSummary {
        changes,
        moves,
        sensitivity_only,
    } = plan_summary(&ws);
    assert!(changes.is_empty(), "the switch plans changes: {changes:?}");
    assert!(sensitivity_only.is_empty(), "{sensitivity_only:?}");
    assert_eq!(
        moves,
        [
            (
                "camunda_cluster_client.reporting".to_owned(),
                "camunda_zeebe_client.reporting".to_owned()
            ),
            (
                "camunda_cluster_client.worker".to_owned(),
                "camunda_zeebe_client.worker".to_owned()
            ),
            (
                "camunda_cluster_connector_secret.payments_api_key".to_owned(),
                "camunda_connector_secret.payments_api_key".to_owned()
            ),
            (
                "camunda_cluster_ip_whitelist.orders".to_owned(),
                "camunda_cluster_ip_allowlist.orders".to_owned()
            ),
        ]
    );
    ws.apply().ok();
    ws.assert_no_changes();
    estate.assert_untouched();

    let cluster = ws.resource("camunda_cluster.orders");
    assert_eq!(cluster["id"], estate.cluster["uuid"]);
    assert_eq!(cluster["channel_id"], estate.cluster["channel"]["uuid"]);
    assert_eq!(cluster["status"], "Healthy", "a refresh filled in the rest");
    assert_eq!(cluster["deletion_protection"], false);
    for (key, client) in &estate.clients {
        let state = ws.resource(&format!("camunda_zeebe_client.{key}"));
        assert_eq!(state["client_secret"], client.secret.as_str(), "{key}");
        assert_eq!(state["client_id"], client.client_id.as_str());
        assert_eq!(state["id"], estate.import_id(key));
        assert!(estate.secret_works(key), "{key}");
    }
    estate.assert_taken_over(&ws);

    // The state this Terraform wrote serves older ones too, once the moved blocks are gone
    // (they came with Terraform 1.1), as the guide says for Terraform 1.0 to 1.7: their
    // first plan records the secrets' sensitivity their own way, with an update that changes
    // no attribute and calls no API.
    let older = crate::support::terraform_path();
    if older != terraform {
        let mut ws = ws;
        use_guide_config(&ws, 0);
        ws.use_terraform(older);
        let plan = ws.plan_json(&["-refresh=false"]);
        for change in plan["resource_changes"].as_array().unwrap() {
            assert_eq!(
                change["change"]["before"], change["change"]["after"],
                "{}",
                change["address"]
            );
        }
        ws.apply().ok();
        ws.assert_no_changes();
        estate.assert_untouched();
        let worker = ws.resource("camunda_zeebe_client.worker");
        assert_eq!(
            worker["client_secret"],
            estate.clients["worker"].secret.as_str()
        );
        estate.assert_taken_over(&ws);
    }
}

#[test]
fn with_older_terraform_renamed_types_are_imported_again_and_only_client_secrets_leave_the_state() {
    let estate = Estate::new();
    let ws = estate.workspace(&crate::support::terraform_path());
    use_guide_config(&ws, 0);

    ws.run(&[
        "state",
        "rm",
        "-no-color",
        "camunda_cluster_client.worker",
        "camunda_cluster_client.reporting",
        "camunda_cluster_connector_secret.payments_api_key",
        "camunda_cluster_ip_whitelist.orders",
    ])
    .ok();
    replace_provider(&ws);
    ws.run(&["init", "-no-color"]).ok();
    for key in ["worker", "reporting"] {
        let import = ws
            .import(
                &format!("camunda_zeebe_client.{key}"),
                &estate.import_id(key),
            )
            .ok();
        assert!(
            import
                .output()
                .contains("The imported Zeebe client has no secret in the state"),
            "{}",
            import.output()
        );
    }
    ws.import(
        "camunda_connector_secret.payments_api_key",
        &estate.secret_import_id(),
    )
    .ok();
    ws.import("camunda_cluster_ip_allowlist.orders", estate.cluster_id())
        .ok();
    let PlanSummary {
        changes,
        moves,
        sensitivity_only,
    } = plan_summary(&ws);
    assert!(moves.is_empty());
    assert!(changes.is_empty(), "the switch plans changes: {changes:?}");
    // Terraform 1.0 records at the first plan that the imported value comes from a sensitive
    // variable (an update that changes no attribute), as the guide says; applying it calls no
    // API (see below).
    assert!(
        sensitivity_only
            .iter()
            .all(|address| address == "camunda_connector_secret.payments_api_key"),
        "{sensitivity_only:?}"
    );
    ws.apply().ok();
    ws.assert_no_changes();
    estate.assert_untouched();

    assert_eq!(ws.resource("camunda_cluster.orders")["status"], "Healthy");
    for (key, client) in &estate.clients {
        let state = ws.resource(&format!("camunda_zeebe_client.{key}"));
        assert_eq!(state["client_secret"], Json::Null, "as the guide says");
        assert_eq!(state["client_id"], client.client_id.as_str());
        let mut permissions: Vec<&str> = state["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        permissions.sort();
        assert_eq!(permissions, client.scopes);
        assert!(
            estate.secret_works(key),
            "the client itself keeps its secret: {key}"
        );
    }
    estate.assert_taken_over(&ws);
}

#[test]
fn a_community_description_is_taken_over() {
    let estate = Estate::new();
    let description = "Orders, EU";
    estate.emulator.admin(
        "PATCH",
        &format!("/clusters/{}", estate.cluster_id()),
        Some(json!({ "description": description })),
    );
    let ws = estate.workspace(&crate::support::terraform_path());
    let path = ws.path().join("terraform.tfstate");
    let mut state: Json = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let resources = state["resources"].as_array_mut().unwrap();
    resources.retain(|r| r["mode"] == "data" || r["type"] == "camunda_cluster");
    let cluster = resources
        .iter_mut()
        .find(|r| r["type"] == "camunda_cluster")
        .unwrap();
    cluster["instances"][0]["attributes"]["description"] = json!(description);
    fs::write(&path, state.to_string()).unwrap();
    let config = guide_config(0);
    let cluster_only = &config[..config.find("resource \"camunda_zeebe_client\"").unwrap()];
    let with_description = cluster_only.replace(
        "  name          = \"orders\"\n",
        &format!("  name          = \"orders\"\n  description   = \"{description}\"\n"),
    );
    assert_ne!(with_description, cluster_only);
    ws.config(&with_description);

    replace_provider(&ws);
    ws.run(&["init", "-no-color"]).ok();
    let plan = ws.run(&["plan", "-no-color", "-detailed-exitcode"]).ok();
    let output = plan.output();
    assert!(output.contains("No changes."), "{output}");
    assert!(!output.contains("Warning"), "{output}");
    estate.assert_untouched();
}
