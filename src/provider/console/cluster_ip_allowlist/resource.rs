//! Resource `camunda_cluster_ip_allowlist`: the whole IP allowlist of one cluster,
//! authoritative. Every apply writes the complete list (`PUT /clusters/{id}/ipallowlist`),
//! destroy empties it, and a configuration holds at most one per cluster.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ClusterIpAllowlist;
use crate::attr_path;
use crate::console::IpRule;
use crate::provider::machinery::{
    Object,
    claims::Planned,
    cluster_ref, community,
    report::{ApiResult, report, report_write},
};
use crate::tf::validators::ip_list;
use crate::tf::{
    Attr, Attribute, Block, Change, Diagnostics, MovedState, NestedBlock, Nesting, Resource,
    Schema, call,
};

const TYPE_NAME: &str = "camunda_cluster_ip_allowlist";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IpAllowlistModel {
    cluster_id: Attr<String>,
    rule: Attr<Vec<RuleModel>>,
    id: Attr<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct RuleModel {
    ip: Attr<String>,
    description: Attr<String>,
}

impl IpAllowlistModel {
    fn of(cluster_id: &str, rules: Vec<IpRule>) -> IpAllowlistModel {
        IpAllowlistModel {
            cluster_id: cluster_id.into(),
            id: cluster_id.into(),
            rule: rules
                .into_iter()
                .map(|r| RuleModel {
                    ip: r.ip.into(),
                    description: r.description.into(),
                })
                .collect(),
        }
    }

    fn rules(&self) -> Vec<IpRule> {
        self.rule
            .get()
            .into_iter()
            .flatten()
            .map(|r| IpRule {
                ip: r.ip.as_str().to_owned(),
                description: r.description.as_str().to_owned(),
            })
            .collect()
    }
}

impl Object<ClusterIpAllowlist> {
    /// Writes the planned list; the state is the plan, with the id.
    async fn write(&self, planned: &IpAllowlistModel, diags: &mut Diagnostics) -> bool {
        let Some(api) = self.shared.api(diags) else {
            return false;
        };
        let cluster_id = planned.cluster_id.as_str();
        let written = api.update_ip_allowlist(cluster_id, &planned.rules()).await;
        if let Err(error) = &written {
            report_write(
                diags,
                attr_path!(IpAllowlistModel, rule),
                "The Console API refused the IP allowlist",
                format!("Could not write the IP allowlist of cluster {cluster_id}"),
                error,
            );
        }
        written.is_ok()
    }
}

#[async_trait]
impl Resource for Object<ClusterIpAllowlist> {
    type Model = IpAllowlistModel;

    const TYPE_NAME: &'static str = TYPE_NAME;

    fn schema() -> Schema {
        let mut rule = NestedBlock::new(
            "rule",
            Nesting::Set,
            Block::new("One allowed source.")
                .attribute(
                    Attribute::string("ip")
                        .required()
                        .validate(ip_list())
                        .description(
                            "The addresses allowed in: one IPv4 or IPv6 address or CIDR block, such as \
                             `203.0.113.7` or `10.0.0.0/8`, or several separated by commas.",
                        ),
                )
                .attribute(
                    Attribute::string("description")
                        .default("")
                        .description("What the rule is for. Defaults to `\"\"`."),
                ),
        );
        rule.min_items = 1;
        Schema::new(
            Block::new(
                "The IP allowlist of a Camunda SaaS cluster: the addresses from which its endpoints \
                 can be reached. The resource is authoritative: it holds the whole list, so rules \
                 added outside Terraform are removed by the next apply, and a configuration may hold \
                 only one per cluster. Destroying it empties the list, which lets every address in \
                 again.",
            )
            .attribute(cluster_ref::replacing_cluster_id(
                "The ID of the cluster. A change empties the old cluster's list and fills the \
                 new one's.",
            ))
            .block(rule)
            .attribute(
                Attribute::kept_string("id")
                    .description("The cluster ID, which is also the import ID."),
            ),
        )
    }

    /// Refuses a second allowlist for a cluster whose id is known at plan time.
    async fn modify_plan(&self, mut call: call::ModifyPlan<'_, Self::Model>) {
        cluster_ref::check_plan(&self.shared, &mut call, |planned| &planned.cluster_id).await;
        let (config, planned) = match call.plan.change() {
            Change::Create { config, .. } => (config, Planned::Create),
            Change::Update {
                config, replacing, ..
            } => (
                config,
                if replacing {
                    Planned::Replace
                } else {
                    Planned::Update
                },
            ),
            Change::Destroy { .. } => return,
        };
        let Some(cluster_id) = config.cluster_id.get() else {
            return;
        };
        let fingerprint = serde_json::to_string(config).unwrap_or_default();
        if !self
            .shared
            .claims
            .claim(TYPE_NAME, cluster_id, &fingerprint, planned)
        {
            call.diags.attribute_error(
                attr_path!(IpAllowlistModel, cluster_id),
                "Two IP allowlists for one cluster",
                format!(
                    "Another camunda_cluster_ip_allowlist in this configuration manages the \
                     allowlist of cluster {cluster_id}. Each holds the whole list, so two would \
                     undo each other's rules on every apply: put all the cluster's rule blocks \
                     into one of them."
                ),
            );
        }
    }

    async fn create(&self, call: call::Create<'_, Self::Model>) -> Option<IpAllowlistModel> {
        self.write(call.planned, call.diags)
            .await
            .then(|| IpAllowlistModel {
                id: call.planned.cluster_id.clone(),
                ..call.planned.clone()
            })
    }

    /// The cluster's rules; `None` when the cluster is gone or its list is empty (emptied
    /// outside Terraform: the next plan fills it again). An answer that shows no list
    /// leaves the state as it was, with a warning: it says nothing of the rules.
    async fn read(&self, call: call::Read<'_, Self::Model>) -> Option<IpAllowlistModel> {
        let cluster_id = call.state.cluster_id.as_str();
        let failed = "Could not read the cluster's IP allowlist";
        let found = self
            .shared
            .found(call.diags, failed, |api| api.ip_allowlist(cluster_id));
        let Some(rules) = found.await??.rules() else {
            call.diags.warning(
                "The IP allowlist was not shown",
                format!(
                    "{} The state keeps the rules last applied.",
                    unshown(cluster_id)
                ),
            );
            return Some(call.state.clone());
        };
        (!rules.is_empty()).then(|| IpAllowlistModel::of(cluster_id, rules))
    }

    async fn update(&self, call: call::Update<'_, Self::Model>) -> IpAllowlistModel {
        if self.write(call.planned, call.diags).await {
            call.planned.clone()
        } else {
            call.prior.clone()
        }
    }

    /// Empties the list; a cluster that is gone has none left either.
    async fn delete(&self, call: call::Delete<'_, Self::Model>) {
        let Some(api) = self.shared.api(call.diags) else {
            return;
        };
        let cluster_id = call.prior.cluster_id.as_str();
        if let Err(error) = api.update_ip_allowlist(cluster_id, &[]).await.found() {
            report(
                call.diags,
                format!("Could not empty the IP allowlist of cluster {cluster_id}"),
                &error,
            );
        }
    }

    /// Takes over the community provider's `camunda_cluster_ip_whitelist`, whose
    /// `ip_whitelist` blocks are the `rule` blocks here.
    fn move_state(&self, source: &MovedState, diags: &mut Diagnostics) -> Option<IpAllowlistModel> {
        let whitelist: community::ClusterIpWhitelist = community::read_moved(source, diags)?;
        let cluster_id = whitelist.cluster_id().to_owned();
        let rules: Vec<IpRule> = whitelist
            .ip_whitelist
            .into_iter()
            .flatten()
            .map(|entry| IpRule {
                ip: entry.ip,
                description: entry.description.unwrap_or_default(),
            })
            .collect();
        if rules.is_empty() {
            diags.warning(
                "IP whitelist taken over without rules",
                format!(
                    "The community IP whitelist of cluster {cluster_id} holds no rules, so the \
                     cluster accepts every address. A camunda_cluster_ip_allowlist holds at least \
                     one rule: remove this resource from the configuration to keep the cluster \
                     open, or give it `rule` blocks to restrict it."
                ),
            );
        }
        Some(IpAllowlistModel::of(&cluster_id, rules))
    }

    async fn import(&self, call: call::Import<'_>) -> Option<IpAllowlistModel> {
        let id = call.id;
        let failed = "Could not read the IP allowlist to import";
        let found = self
            .shared
            .found(call.diags, failed, |api| api.ip_allowlist(id));
        let Some(allowlist) = found.await? else {
            call.diags.error(
                "Cluster not found",
                format!("There is no cluster with the ID {id:?}; the import ID is a cluster ID."),
            );
            return None;
        };
        let Some(rules) = allowlist.rules() else {
            call.diags.error("No IP allowlist to import", unshown(id));
            return None;
        };
        if rules.is_empty() {
            call.diags.error(
                "No IP allowlist to import",
                format!(
                    "Cluster {id} has no IP allowlist rules. Apply the configuration instead: it \
                     creates the list."
                ),
            );
            return None;
        }
        Some(IpAllowlistModel::of(id, rules))
    }
}

/// Why a cluster's answer may show no allowlist at all.
fn unshown(cluster_id: &str) -> String {
    format!(
        "The Console API's answer for cluster {cluster_id} has no IP allowlist: the \
         organization may not have the feature, or this API client may not be allowed to see \
         it."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::machinery::community::{ClusterIpWhitelist, moved_from};

    #[test]
    fn a_community_whitelist_moves_with_its_rules() {
        let resource = Object::<ClusterIpAllowlist>::default();
        let mut diags = Diagnostics::new();
        let source = moved_from::<ClusterIpWhitelist>(serde_json::json!({
            "id": "c1", "cluster_id": "c1",
            "ip_whitelist": [
                { "ip": "10.0.0.0/8", "description": "office" },
                { "ip": "203.0.113.7", "description": "" },
            ],
        }));
        let moved = resource.move_state(&source, &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(moved.id, Attr::from("c1"));
        assert_eq!(moved.cluster_id, Attr::from("c1"));
        let rules = moved.rules();
        assert_eq!(
            (rules[0].ip.as_str(), rules[0].description.as_str()),
            ("10.0.0.0/8", "office")
        );
        assert_eq!(rules[1].description, "");

        // Imported by a first release, which set `id` only and no rule yet.
        let imported =
            moved_from::<ClusterIpWhitelist>(serde_json::json!({ "id": "c2", "cluster_id": null }));
        let moved = resource.move_state(&imported, &mut diags).unwrap();
        assert_eq!(moved.cluster_id, Attr::from("c2"));
        assert!(moved.rules().is_empty());
        let warnings: Vec<_> = diags.iter().map(|d| d.summary.as_str()).collect();
        assert_eq!(warnings, ["IP whitelist taken over without rules"]);
    }

    #[test]
    fn rules_go_to_the_api_as_planned() {
        let model = IpAllowlistModel::of(
            "c1",
            vec![IpRule {
                ip: "10.0.0.0/8".into(),
                description: "office".into(),
            }],
        );
        assert_eq!(model.id, Attr::from("c1"));
        assert_eq!(model.rules()[0].ip, "10.0.0.0/8");
        assert_eq!(model.rules()[0].description, "office");
    }
}
