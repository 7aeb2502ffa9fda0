//! Data source `camunda_ip_ranges`: the addresses Camunda's services connect from, for
//! firewall rules. The API serves them without credentials, and so does this.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::IpRanges;
use crate::attr_path;
use crate::provider::machinery::{Object, report::ApiResult};
use crate::tf::{Attr, Attribute, Block, DataSource, Diagnostics, Schema, Type, call};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IpRangesModel {
    services: Attr<Vec<String>>,
    ranges: Attr<BTreeMap<String, Vec<String>>>,
    cidr_blocks: Attr<Vec<String>>,
    ipv6_cidr_blocks: Attr<Vec<String>>,
}

/// The sorted CIDR blocks of one address family, in which a single address has `/{bits}`.
fn cidr_blocks(name: &str, family: &str, bits: u8) -> Attribute {
    Attribute::new(name, Type::list(Type::String))
        .computed()
        .description(format!(
            "The {family} addresses of the chosen services as CIDR blocks (a single address \
             becomes a `/{bits}`), sorted and without duplicates."
        ))
}

#[async_trait]
impl DataSource for Object<IpRanges> {
    type Model = IpRangesModel;

    const TYPE_NAME: &'static str = "camunda_ip_ranges";

    fn schema() -> Schema {
        Schema::new(
            Block::new(
                "The addresses Camunda SaaS services connect from (egress), for firewall rules that \
                 let them in. Camunda announces changes at least 24 hours ahead, so read this on \
                 every plan rather than copying the addresses. Needs no credentials.",
            )
            .attribute(
                Attribute::new("services", Type::set(Type::String))
                    .optional()
                    .description(
                        "The services whose addresses `cidr_blocks` and `ipv6_cidr_blocks` hold, as \
                         the API names them (such as `web-modeler`); when unset, every service. A \
                         name the API does not list is an error that lists the names it does.",
                    ),
            )
            .attribute(
                Attribute::new("ranges", Type::map(Type::list(Type::String)))
                    .computed()
                    .description(
                        "Every service's addresses exactly as the API gives them (single addresses \
                         or CIDR blocks), keyed by the service's name.",
                    ),
            )
            .attribute(cidr_blocks("cidr_blocks", "IPv4", 32))
            .attribute(cidr_blocks("ipv6_cidr_blocks", "IPv6", 128)),
        )
    }

    async fn read(&self, call: call::Configured<'_, Self::Model>) -> Option<IpRangesModel> {
        let api = self.shared.api(call.diags)?;
        let ranges = api
            .ip_ranges()
            .await
            .or_report(call.diags, "Could not read Camunda's IP ranges")?
            .0;
        let chosen = match call.config.services.get() {
            None => ranges.keys().cloned().collect(),
            Some(services) => {
                let unknown: Vec<&String> = services
                    .iter()
                    .filter(|s| !ranges.contains_key(*s))
                    .collect();
                if !unknown.is_empty() {
                    call.diags.attribute_error(
                        attr_path!(IpRangesModel, services),
                        "Unknown service",
                        format!(
                            "The API lists no addresses for {unknown:?}. The services it lists \
                             are: {:?}.",
                            ranges.keys().collect::<Vec<_>>()
                        ),
                    );
                    return None;
                }
                services.clone()
            }
        };
        let blocks = CidrBlocks::of(chosen.iter().flat_map(|s| &ranges[s]), call.diags);
        Some(IpRangesModel {
            services: call.config.services.clone(),
            cidr_blocks: blocks.v4.into(),
            ipv6_cidr_blocks: blocks.v6.into(),
            ranges: ranges.into(),
        })
    }
}

/// Addresses as CIDR blocks, by IP version.
#[derive(Debug, Default, PartialEq)]
struct CidrBlocks {
    v4: Vec<String>,
    v6: Vec<String>,
}

impl CidrBlocks {
    /// Sorted and deduplicated; an entry that is no address is left out with a warning.
    fn of<'a>(entries: impl Iterator<Item = &'a String>, diags: &mut Diagnostics) -> CidrBlocks {
        let mut blocks = BTreeSet::new();
        for entry in entries {
            match cidr_block(entry) {
                Some(block) => {
                    blocks.insert(block);
                }
                None => diags.warning(
                    "Unreadable IP range left out",
                    format!(
                        "The API listed {entry:?}, which is neither an IP address nor a CIDR \
                         block; it is in `ranges`, but not in `cidr_blocks` or `ipv6_cidr_blocks`."
                    ),
                ),
            }
        }
        let (v4, v6): (Vec<_>, Vec<_>) = blocks.into_iter().partition(|(ip, _)| ip.is_ipv4());
        let text = |blocks: Vec<(IpAddr, u8)>| {
            blocks
                .into_iter()
                .map(|(ip, prefix)| format!("{ip}/{prefix}"))
                .collect()
        };
        CidrBlocks {
            v4: text(v4),
            v6: text(v6),
        }
    }
}

/// The network of `entry` (an address or a CIDR block), with host bits cleared.
fn cidr_block(entry: &str) -> Option<(IpAddr, u8)> {
    let (address, prefix) = match entry.trim().split_once('/') {
        Some((address, prefix)) => (address.parse::<IpAddr>().ok()?, Some(prefix.parse().ok()?)),
        None => (entry.trim().parse::<IpAddr>().ok()?, None),
    };
    match address {
        IpAddr::V4(ip) => {
            let prefix = prefix.unwrap_or(32);
            let mask = network_mask(32, prefix)? as u32;
            Some((IpAddr::from((u32::from(ip) & mask).to_be_bytes()), prefix))
        }
        IpAddr::V6(ip) => {
            let prefix = prefix.unwrap_or(128);
            let mask = network_mask(128, prefix)?;
            Some((IpAddr::from((u128::from(ip) & mask).to_be_bytes()), prefix))
        }
    }
}

/// The mask of a `prefix`-bit network in a `bits`-bit address; `None` when too long.
fn network_mask(bits: u8, prefix: u8) -> Option<u128> {
    let ones = u128::MAX >> (128 - u32::from(bits));
    (prefix <= bits).then(|| ones & !ones.checked_shr(u32::from(prefix)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_sorted_canonical_blocks_by_version() {
        let entries = [
            "35.198.112.47",
            "34.159.150.7/28",
            "2600:1900:4180:9a31::1/64",
            "34.159.150.0/28",
            "not an address",
            "10.0.0.1/33",
        ]
        .map(String::from);
        let mut diags = Diagnostics::new();
        let blocks = CidrBlocks::of(entries.iter(), &mut diags);
        assert_eq!(blocks.v4, ["34.159.150.0/28", "35.198.112.47/32"]);
        assert_eq!(blocks.v6, ["2600:1900:4180:9a31::/64"]);
        let warnings: Vec<_> = diags.iter().map(|d| d.detail.clone()).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("\"not an address\""), "{warnings:?}");
    }

    #[test]
    fn prefixes_of_zero_and_full_length_work() {
        assert_eq!(
            cidr_block("1.2.3.4/0"),
            Some(("0.0.0.0".parse().unwrap(), 0))
        );
        assert_eq!(cidr_block("::1"), Some(("::1".parse().unwrap(), 128)));
    }
}
