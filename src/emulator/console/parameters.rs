//! The creation parameters (channels with generations, regions, plan types), generated
//! from a seed so that the same seed always yields the same ids and versions.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::model::{BackupOption, BackupRegion, Channel, IdName, Parameters, Region};

/// Regions as the API names them, with the short host label its links use.
const REGIONS: &[(&str, &str, &str)] = &[
    ("gcp", "Belgium, Europe (europe-west1)", "bru-2"),
    ("gcp", "Iowa, North America (us-central1)", "iow-1"),
    ("gcp", "London, Europe (europe-west2)", "lon-1"),
    ("gcp", "Sydney, Australia (australia-southeast1)", "syd-1"),
    ("aws", "Frankfurt, Europe (eu-central-1)", "fra-1"),
    ("aws", "N. Virginia, North America (us-east-1)", "ash-1"),
    ("aws", "Ireland, Europe (eu-west-1)", "dub-1"),
];

const PLAN_TYPES: &[&str] = &[
    "Trial Package",
    "Basic Package",
    "Standard Package",
    "Advanced Package",
];

/// The seeded catalogue plus the lookups that request validation needs.
#[derive(Clone, Debug)]
pub struct CreationParameters {
    wire: Parameters,
    /// Host label per region uuid, in the order of `wire.regions`.
    hosts: Vec<&'static str>,
    organization_id: String,
}

impl CreationParameters {
    pub fn seeded(seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let organization_id = random_uuid(&mut rng);
        let channels = vec![
            stable_channel(&mut rng),
            prerelease_channel(&mut rng, "Alpha", "8.8.0-alpha"),
            prerelease_channel(&mut rng, "Insiders", "8.9.0-insiders."),
        ];
        let region_ids: Vec<String> = REGIONS.iter().map(|_| random_uuid(&mut rng)).collect();
        let regions = REGIONS
            .iter()
            .zip(&region_ids)
            .map(|(&(provider, name, _), uuid)| Region {
                uuid: uuid.clone(),
                name: name.to_string(),
                provider: provider.to_string(),
                backups: vec![BackupOption {
                    uuid: random_uuid(&mut rng),
                    // Backups go to another region of the same cloud provider.
                    regions: REGIONS
                        .iter()
                        .zip(&region_ids)
                        .filter(|&(&(p, n, _), _)| p == provider && n != name)
                        .map(|(&(_, label, _), id)| BackupRegion {
                            id: id.clone(),
                            label: label.to_string(),
                        })
                        .collect(),
                }],
            })
            .collect();
        let cluster_plan_types = PLAN_TYPES
            .iter()
            .map(|name| IdName {
                uuid: random_uuid(&mut rng),
                name: name.to_string(),
            })
            .collect();
        Self {
            wire: Parameters {
                channels,
                regions,
                cluster_plan_types,
            },
            hosts: REGIONS.iter().map(|&(_, _, host)| host).collect(),
            organization_id,
        }
    }

    pub fn wire(&self) -> &Parameters {
        &self.wire
    }

    pub fn organization_id(&self) -> &str {
        &self.organization_id
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.wire.channels.iter().find(|c| c.uuid == id)
    }

    /// A generation of any channel, with the channel that offers it.
    pub fn generation(&self, id: &str) -> Option<(&Channel, &IdName)> {
        self.wire.channels.iter().find_map(|channel| {
            channel
                .allowed_generations
                .iter()
                .find(|g| g.uuid == id)
                .map(|g| (channel, g))
        })
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.wire.regions.iter().find(|r| r.uuid == id)
    }

    /// The short label (like `bru-2`) that a region's cluster links use.
    pub fn region_host(&self, id: &str) -> &str {
        self.wire
            .regions
            .iter()
            .position(|r| r.uuid == id)
            .map_or("local-1", |i| self.hosts[i])
    }

    /// The cloud provider's name of a region (`eu-central-1`), from the end of its name.
    pub fn region_code(&self, id: &str) -> Option<&str> {
        let name = &self.region(id)?.name;
        name.rsplit_once('(')?.1.strip_suffix(')')
    }

    pub fn plan_type(&self, id: &str) -> Option<&IdName> {
        self.wire.cluster_plan_types.iter().find(|p| p.uuid == id)
    }
}

/// Stable: three minor versions, the newest in two patch releases; the newest is the default.
fn stable_channel(rng: &mut StdRng) -> Channel {
    let mut versions: Vec<String> = [5, 6]
        .iter()
        .map(|minor| format!("8.{minor}.{}", rng.random_range(3..=12)))
        .collect();
    let latest_patch = rng.random_range(1..=6);
    versions.push(format!("8.7.{}", latest_patch - 1));
    versions.push(format!("8.7.{latest_patch}"));
    channel(rng, "Stable", versions)
}

fn prerelease_channel(rng: &mut StdRng, name: &str, version_prefix: &str) -> Channel {
    let first = rng.random_range(1..=4);
    let versions = (first..first + 3)
        .map(|n| format!("{version_prefix}{n}"))
        .collect();
    channel(rng, name, versions)
}

/// A channel whose default generation is the newest (last) of `versions`.
fn channel(rng: &mut StdRng, name: &str, versions: Vec<String>) -> Channel {
    let uuid = random_uuid(rng);
    let allowed_generations: Vec<IdName> = versions
        .into_iter()
        .map(|version| IdName {
            uuid: random_uuid(rng),
            name: format!("Camunda {version}"),
        })
        .collect();
    Channel {
        uuid,
        name: name.to_string(),
        default_generation: allowed_generations
            .last()
            .cloned()
            .expect("a channel has generations"),
        allowed_generations,
    }
}

fn random_uuid(rng: &mut impl Rng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_parameters_other_seed_other_ids() {
        let a = CreationParameters::seeded(7);
        assert_eq!(a.wire(), CreationParameters::seeded(7).wire());
        let b = CreationParameters::seeded(8);
        assert_ne!(a.wire().channels[0].uuid, b.wire().channels[0].uuid);
    }

    #[test]
    fn region_codes_come_from_the_names() {
        let params = CreationParameters::seeded(1);
        let frankfurt = params
            .wire()
            .regions
            .iter()
            .find(|r| r.name.starts_with("Frankfurt"))
            .unwrap();
        assert_eq!(params.region_code(&frankfurt.uuid), Some("eu-central-1"));
        assert_eq!(params.region_code("nowhere"), None);
    }

    #[test]
    fn every_channel_defaults_to_one_of_its_generations() {
        let params = CreationParameters::seeded(1);
        assert!(params.wire().channels.len() >= 3);
        for channel in &params.wire().channels {
            assert!(channel.allowed_generations.len() >= 3);
            assert!(
                channel
                    .allowed_generations
                    .contains(&channel.default_generation)
            );
        }
    }
}
