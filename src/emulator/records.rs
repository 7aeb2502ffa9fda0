//! What tests and demos inspect: call counters per route and a log of recent requests.
//! Neither ever holds a token or a secret: only methods, paths and statuses.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

/// The log keeps this many of the most recent requests.
const LOG_CAPACITY: usize = 2000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub token_requests: u64,
    /// Keyed by method and route template, like `GET /clusters/{clusterUuid}`.
    pub routes: BTreeMap<String, u64>,
    /// Calls answered with an injected error instead of being served, per route.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub faults_injected: BTreeMap<String, u64>,
    /// Calls served whose answer was then lost, per route.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers_lost: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    pub seq: u64,
    pub method: String,
    pub path: String,
    /// Method and route template; `POST /oauth/token` for token requests.
    pub route: String,
    pub status: u16,
    pub at_ms: u64,
}

#[derive(Debug, Default)]
pub struct Records {
    counters: Counters,
    log: VecDeque<LoggedRequest>,
    next_seq: u64,
}

impl Records {
    pub fn count_token_request(&mut self) {
        self.counters.token_requests += 1;
    }

    pub fn count_route(&mut self, route: &str) {
        *self.counters.routes.entry(route.to_string()).or_default() += 1;
    }

    pub fn count_fault(&mut self, route: &str) {
        *self
            .counters
            .faults_injected
            .entry(route.to_string())
            .or_default() += 1;
    }

    pub fn count_lost_answer(&mut self, route: &str) {
        *self
            .counters
            .answers_lost
            .entry(route.to_string())
            .or_default() += 1;
    }

    pub fn log(&mut self, method: &str, path: &str, route: &str, status: u16, at_ms: u64) {
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.next_seq += 1;
        self.log.push_back(LoggedRequest {
            seq: self.next_seq,
            method: method.to_string(),
            path: path.to_string(),
            route: route.to_string(),
            status,
            at_ms,
        });
    }

    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    pub fn reset_counters(&mut self) {
        self.counters = Counters::default();
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.log.iter().cloned().collect()
    }

    pub fn clear_requests(&mut self) {
        self.log.clear();
    }
}
