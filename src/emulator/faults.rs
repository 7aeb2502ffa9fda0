//! Fault injection: added latency, random error answers for reads and for writes,
//! scheduled errors for the next calls of one route, and two behaviours of the API's
//! connector secrets that clients must cope with: changes that conflict while another is
//! in progress, and deletions that take a while to show.

use std::collections::HashMap;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// The statuses a random fault can answer with.
pub const FAULT_STATUSES: [u16; 4] = [500, 502, 503, 429];

/// Fault injection for one run; changeable at runtime through `PUT /__emulator/faults`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Added before every API answer and every token answer.
    #[serde(rename = "latency_ms", with = "millis")]
    pub latency: Duration,
    /// Random faults of `GET` calls.
    pub reads: FaultRate,
    /// Random faults of `POST`, `PUT`, `PATCH` and `DELETE` calls.
    pub writes: FaultRate,
    /// The `Retry-After` that injected 429 answers carry.
    #[serde(rename = "retry_after_secs", with = "secs")]
    pub retry_after: Duration,
    /// How long a change to a cluster's connector secrets stays in progress; any other
    /// change to them meanwhile is answered 409 without being made.
    #[serde(rename = "secret_busy_ms", with = "millis")]
    pub secret_busy: Duration,
    /// How long a deleted connector secret is still listed, its name still taken.
    #[serde(rename = "secret_delete_lag_ms", with = "millis")]
    pub secret_delete_lag: Duration,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            reads: FaultRate::default(),
            writes: FaultRate::default(),
            retry_after: Duration::from_secs(1),
            secret_busy: Duration::ZERO,
            secret_delete_lag: Duration::ZERO,
        }
    }
}

/// A fraction of calls (0.0 to 1.0) that fail, each with one of `statuses` picked at random.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultRate {
    pub error_fraction: f64,
    pub statuses: Vec<u16>,
}

impl Default for FaultRate {
    fn default() -> Self {
        Self {
            error_fraction: 0.0,
            statuses: FAULT_STATUSES.to_vec(),
        }
    }
}

impl Faults {
    pub fn validate(&self) -> Result<(), String> {
        self.reads.validate("reads")?;
        self.writes.validate("writes")
    }
}

impl FaultRate {
    fn validate(&self, which: &str) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.error_fraction) {
            return Err(format!(
                "{which}.error_fraction is {}; it must be between 0.0 and 1.0",
                self.error_fraction
            ));
        }
        if self.error_fraction > 0.0 && self.statuses.is_empty() {
            return Err(format!(
                "{which}.statuses is empty; name at least one of {FAULT_STATUSES:?}"
            ));
        }
        match self.statuses.iter().find(|s| !FAULT_STATUSES.contains(s)) {
            Some(bad) => Err(format!(
                "{which}.statuses contains {bad}; valid statuses are {FAULT_STATUSES:?}"
            )),
            None => Ok(()),
        }
    }
}

/// `POST /__emulator/faults/next`: the next `count` calls of `route` answer `status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledFault {
    /// Method and route template, like `GET /clusters/{clusterUuid}`.
    pub route: String,
    pub status: u16,
    pub count: u32,
}

/// The live fault settings plus the scheduled faults still to be served.
#[derive(Debug)]
pub struct FaultInjector {
    faults: Faults,
    scheduled: HashMap<String, Vec<(u16, u32)>>,
    rng: StdRng,
}

impl FaultInjector {
    pub fn new(faults: Faults, seed: u64) -> Self {
        Self {
            faults,
            scheduled: HashMap::new(),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Replaces the settings and forgets scheduled faults.
    pub fn set(&mut self, faults: Faults) {
        self.faults = faults;
        self.scheduled.clear();
    }

    pub fn schedule(&mut self, fault: ScheduledFault) {
        if fault.count == 0 {
            return;
        }
        self.scheduled
            .entry(fault.route)
            .or_default()
            .push((fault.status, fault.count));
    }

    /// The status to answer a call of `route` with instead of serving it, if any.
    pub fn pick(&mut self, route: &str, is_write: bool) -> Option<u16> {
        if let Some(queue) = self.scheduled.get_mut(route)
            && let Some((status, left)) = queue.first_mut()
        {
            let status = *status;
            *left -= 1;
            if *left == 0 {
                queue.remove(0);
            }
            return Some(status);
        }
        let rate = if is_write {
            &self.faults.writes
        } else {
            &self.faults.reads
        };
        if rate.error_fraction <= 0.0 || rate.statuses.is_empty() {
            return None;
        }
        if self.rng.random::<f64>() >= rate.error_fraction {
            return None;
        }
        Some(rate.statuses[self.rng.random_range(0..rate.statuses.len())])
    }
}

mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

mod secs {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_secs())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_faults_run_out_after_count() {
        let mut injector = FaultInjector::new(Faults::default(), 1);
        injector.schedule(ScheduledFault {
            route: "GET /clusters".into(),
            status: 503,
            count: 2,
        });
        assert_eq!(injector.pick("GET /clusters", false), Some(503));
        assert_eq!(injector.pick("POST /clusters", true), None);
        assert_eq!(injector.pick("GET /clusters", false), Some(503));
        assert_eq!(injector.pick("GET /clusters", false), None);
    }

    #[test]
    fn fraction_outside_unit_interval_is_rejected() {
        let mut faults = Faults::default();
        faults.writes.error_fraction = 1.5;
        assert!(
            faults
                .validate()
                .unwrap_err()
                .contains("writes.error_fraction")
        );
    }
}
