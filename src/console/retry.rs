//! When and how long to wait before repeating a failed call: exponential back-off with jitter,
//! the server's Retry-After honoured, bounded by an attempt count and the caller's deadline.

use std::time::{Duration, SystemTime};

use rand::Rng;
use tokio::time::Instant;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// Back-off before the first retry; it doubles for each further one.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest Retry-After that is waited for; a longer one ends the retries at once.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The back-off before retry number `retry` (1 for the first): exponential, capped, with
    /// "equal jitter" (a random point in its upper half) so that concurrent clients spread out.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(20);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let half = full / 2;
        half + full
            .saturating_sub(half)
            .mul_f64(rand::rng().random::<f64>())
    }

    /// The wait before the next attempt after `attempts_made` failed ones, or `None` when the
    /// attempts are used up, the server asks for too long a wait, or the wait would pass the
    /// deadline.
    pub fn next_wait(
        &self,
        attempts_made: u32,
        retry_after: Option<Duration>,
        deadline: Option<Instant>,
    ) -> Option<Duration> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(asked) if asked > self.max_retry_after => return None,
            Some(asked) => asked,
            None => self.backoff(attempts_made),
        };
        match deadline {
            Some(deadline) if Instant::now() + wait >= deadline => None,
            _ => Some(wait),
        }
    }
}

/// Whether a method may be repeated without changing the outcome. POST is not: a lost answer
/// may hide a created resource, so its callers decide how to recover.
pub fn is_idempotent(method: &reqwest::Method) -> bool {
    matches!(
        *method,
        reqwest::Method::GET
            | reqwest::Method::DELETE
            | reqwest::Method::PUT
            | reqwest::Method::PATCH
    )
}

/// Reads a Retry-After header value: delay seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date =
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822).ok()?;
    Some(
        SystemTime::from(date)
            .duration_since(now)
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            assert!(policy.backoff(30) <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn attempts_retry_after_and_deadline_bound_the_retries() {
        let policy = RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        };
        assert!(policy.next_wait(2, None, None).is_some());
        assert!(policy.next_wait(3, None, None).is_none());
        assert_eq!(
            policy.next_wait(1, Some(Duration::from_secs(2)), None),
            Some(Duration::from_secs(2))
        );
        assert!(
            policy
                .next_wait(1, Some(Duration::from_secs(3600)), None)
                .is_none()
        );
        let soon = Instant::now() + Duration::from_secs(1);
        assert!(
            policy
                .next_wait(1, Some(Duration::from_secs(5)), Some(soon))
                .is_none()
        );
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_767); // 1994-11-06 08:49:27
        assert_eq!(parse_retry_after("12", now), Some(Duration::from_secs(12)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn only_post_is_not_idempotent() {
        assert!(is_idempotent(&reqwest::Method::GET));
        assert!(is_idempotent(&reqwest::Method::PATCH));
        assert!(!is_idempotent(&reqwest::Method::POST));
    }
}
