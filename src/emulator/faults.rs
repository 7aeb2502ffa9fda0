//! Fault injection: added latency, random error answers for reads and for writes, and
//! scheduled errors for the next calls of one route, all before the call is served; lost
//! answers: a call is served, then its answer never reaches the client (the connection is
//! closed, or a 502 or 504 comes instead, as from a proxy); and two behaviours of the API's
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
    /// Random faults of reads: `GET` calls, and the Orchestration Cluster API's searches.
    pub reads: FaultRate,
    /// Random faults of writes: the other `POST`, `PUT`, `PATCH` and `DELETE` calls.
    pub writes: FaultRate,
    /// The `Retry-After` that injected 429 and 503 answers carry.
    #[serde(rename = "retry_after_secs", with = "secs")]
    pub retry_after: Duration,
    /// Calls that are served and whose answer is then lost.
    pub lost_answers: LossRate,
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
            lost_answers: LossRate::default(),
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

/// How a served call's answer is lost: the connection closes without an answer, a
/// gateway's 502 or 504 comes in its place, or it never comes while the connection stays
/// open (`hang`: for tests that kill the client while it waits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LostAnswer {
    Close,
    Status(u16),
    Hang,
}

/// The statuses a lost answer can be replaced with.
pub const LOST_ANSWER_STATUSES: [u16; 2] = [502, 504];

impl Serialize for LostAnswer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LostAnswer::Close => s.serialize_str("close"),
            LostAnswer::Status(status) => s.serialize_u16(*status),
            LostAnswer::Hang => s.serialize_str("hang"),
        }
    }
}

impl<'de> Deserialize<'de> for LostAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Word(String),
            Status(u16),
        }
        match Raw::deserialize(d)? {
            Raw::Word(word) if word == "close" => Ok(LostAnswer::Close),
            Raw::Word(word) if word == "hang" => Ok(LostAnswer::Hang),
            Raw::Status(status) if LOST_ANSWER_STATUSES.contains(&status) => {
                Ok(LostAnswer::Status(status))
            }
            _ => Err(serde::de::Error::custom(format!(
                "a lost answer is \"close\", \"hang\" or one of {LOST_ANSWER_STATUSES:?}"
            ))),
        }
    }
}

impl std::str::FromStr for LostAnswer {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        serde_json::from_value(match text.parse::<u16>() {
            Ok(status) => serde_json::json!(status),
            Err(_) => serde_json::json!(text),
        })
        .map_err(|e| format!("{text:?}: {e}"))
    }
}

impl std::fmt::Display for LostAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LostAnswer::Close => f.write_str("close"),
            LostAnswer::Status(status) => write!(f, "{status}"),
            LostAnswer::Hang => f.write_str("hang"),
        }
    }
}

/// A fraction of the calls of `routes` (0.0 to 1.0) that are served and then lose their
/// answer, each in one of the `answers` ways picked at random.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LossRate {
    pub fraction: f64,
    /// Method and route templates, like `POST /clusters`.
    pub routes: Vec<String>,
    pub answers: Vec<LostAnswer>,
}

impl Default for LossRate {
    fn default() -> Self {
        Self {
            fraction: 0.0,
            routes: Vec::new(),
            answers: vec![
                LostAnswer::Close,
                LostAnswer::Status(502),
                LostAnswer::Status(504),
            ],
        }
    }
}

impl Faults {
    /// Checks the settings; `routes` are the API's routes, which `lost_answers` may name.
    pub fn validate(&self, routes: &[String]) -> Result<(), String> {
        self.reads.validate("reads")?;
        self.writes.validate("writes")?;
        self.lost_answers.validate(routes)
    }
}

impl LossRate {
    fn validate(&self, routes: &[String]) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.fraction) {
            return Err(format!(
                "lost_answers.fraction is {}; it must be between 0.0 and 1.0",
                self.fraction
            ));
        }
        if self.fraction > 0.0 && (self.routes.is_empty() || self.answers.is_empty()) {
            return Err(
                "lost_answers needs at least one route and one answer when its fraction is above 0"
                    .to_owned(),
            );
        }
        self.routes.iter().try_for_each(|r| check_route(r, routes))
    }
}

/// Whether `route` is one of the API's `routes`; the error lists them.
pub fn check_route(route: &str, routes: &[String]) -> Result<(), String> {
    if routes.iter().any(|r| r == route) {
        return Ok(());
    }
    Err(format!(
        "route {route:?} is not an API route; valid: {}",
        routes.join(", ")
    ))
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

/// `POST /__emulator/faults/lose-next`: the next `count` calls of `route` are served, and
/// then their answer is lost as `answer` says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledLoss {
    /// Method and route template, like `POST /clusters`.
    pub route: String,
    pub count: u32,
    #[serde(default = "close")]
    pub answer: LostAnswer,
}

fn close() -> LostAnswer {
    LostAnswer::Close
}

/// The live fault settings plus the scheduled faults and losses still to be served.
#[derive(Debug)]
pub struct FaultInjector {
    faults: Faults,
    scheduled: HashMap<String, Vec<(u16, u32)>>,
    scheduled_losses: HashMap<String, Vec<(LostAnswer, u32)>>,
    rng: StdRng,
}

impl FaultInjector {
    pub fn new(faults: Faults, seed: u64) -> Self {
        Self {
            faults,
            scheduled: HashMap::new(),
            scheduled_losses: HashMap::new(),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Replaces the settings and forgets scheduled faults and losses.
    pub fn set(&mut self, faults: Faults) {
        self.faults = faults;
        self.scheduled.clear();
        self.scheduled_losses.clear();
    }

    pub fn schedule(&mut self, fault: ScheduledFault) {
        enqueue(&mut self.scheduled, fault.route, fault.status, fault.count);
    }

    pub fn schedule_loss(&mut self, loss: ScheduledLoss) {
        enqueue(
            &mut self.scheduled_losses,
            loss.route,
            loss.answer,
            loss.count,
        );
    }

    /// The status to answer a call of `route` with instead of serving it, if any.
    pub fn pick(&mut self, route: &str, is_write: bool) -> Option<u16> {
        if let Some(status) = dequeue(&mut self.scheduled, route) {
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

    /// How the answer of a served call of `route` is lost, if it is.
    pub fn lose(&mut self, route: &str) -> Option<LostAnswer> {
        if let Some(answer) = dequeue(&mut self.scheduled_losses, route) {
            return Some(answer);
        }
        let rate = &self.faults.lost_answers;
        if rate.fraction <= 0.0
            || rate.answers.is_empty()
            || !rate.routes.iter().any(|r| r == route)
        {
            return None;
        }
        if self.rng.random::<f64>() >= rate.fraction {
            return None;
        }
        Some(rate.answers[self.rng.random_range(0..rate.answers.len())])
    }
}

fn enqueue<T>(queues: &mut HashMap<String, Vec<(T, u32)>>, route: String, item: T, count: u32) {
    if count > 0 {
        queues.entry(route).or_default().push((item, count));
    }
}

/// The next scheduled item for `route`, counting it off.
fn dequeue<T: Copy>(queues: &mut HashMap<String, Vec<(T, u32)>>, route: &str) -> Option<T> {
    let queue = queues.get_mut(route)?;
    let (item, left) = queue.first_mut()?;
    let item = *item;
    *left -= 1;
    if *left == 0 {
        queue.remove(0);
    }
    Some(item)
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
                .validate(&[])
                .unwrap_err()
                .contains("writes.error_fraction")
        );
    }

    #[test]
    fn scheduled_losses_come_first_then_the_rate_of_listed_routes() {
        let route = "POST /clusters";
        let faults = Faults {
            lost_answers: LossRate {
                fraction: 1.0,
                routes: vec![route.into()],
                answers: vec![LostAnswer::Status(504)],
            },
            ..Faults::default()
        };
        let mut injector = FaultInjector::new(faults.clone(), 1);
        injector.schedule_loss(ScheduledLoss {
            route: route.into(),
            count: 1,
            answer: LostAnswer::Close,
        });
        assert_eq!(injector.lose(route), Some(LostAnswer::Close));
        assert_eq!(injector.lose(route), Some(LostAnswer::Status(504)));
        assert_eq!(injector.lose("GET /clusters"), None);

        assert!(faults.validate(&[route.to_owned()]).is_ok());
        let error = faults.validate(&["GET /clusters".to_owned()]).unwrap_err();
        assert!(error.contains("POST /clusters"), "{error}");
    }

    #[test]
    fn lost_answers_read_as_close_or_a_gateway_status() {
        assert_eq!("close".parse::<LostAnswer>(), Ok(LostAnswer::Close));
        assert_eq!("504".parse::<LostAnswer>(), Ok(LostAnswer::Status(504)));
        assert!("500".parse::<LostAnswer>().is_err());
        assert_eq!(
            serde_json::to_value([LostAnswer::Close, LostAnswer::Status(502)]).unwrap(),
            serde_json::json!(["close", 502])
        );
    }
}
