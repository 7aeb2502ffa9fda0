//! When and how long to wait before repeating a failed call: exponential back-off with jitter,
//! the server's Retry-After honoured, bounded by an attempt count and the caller's deadline.
//! [`run`] is the one loop that applies it, to API calls and token requests alike.

use std::fmt;
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

    /// The wait before the next attempt after `attempts_made` failed ones, or why there is
    /// none: the attempts are used up, the server asks for too long a wait, or the wait
    /// would pass the deadline.
    pub fn next_wait(
        &self,
        attempts_made: u32,
        retry_after: Option<Duration>,
        deadline: Option<Instant>,
    ) -> Result<Duration, GaveUp> {
        if attempts_made >= self.max_attempts {
            return Err(GaveUp::AttemptsUsed);
        }
        let wait = match retry_after {
            Some(asked) if asked > self.max_retry_after => {
                return Err(GaveUp::WaitTooLong {
                    asked,
                    longest: self.max_retry_after,
                });
            }
            Some(asked) => asked,
            None => self.backoff(attempts_made),
        };
        match deadline {
            Some(deadline) if Instant::now() + wait >= deadline => Err(GaveUp::PastDeadline(wait)),
            _ => Ok(wait),
        }
    }
}

/// Why a failure that another attempt might have cured was not tried again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GaveUp {
    AttemptsUsed,
    /// The server asked to wait longer than the policy waits.
    WaitTooLong {
        asked: Duration,
        longest: Duration,
    },
    /// The wait before the next attempt would pass the deadline.
    PastDeadline(Duration),
}

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GaveUp::AttemptsUsed => f.write_str("the attempts allowed were used up"),
            GaveUp::WaitTooLong { asked, longest } => write!(
                f,
                "the server asked to wait {} s, longer than the {} s the provider waits",
                asked.as_secs_f64().ceil(),
                longest.as_secs_f64().ceil()
            ),
            GaveUp::PastDeadline(wait) => write!(
                f,
                "waiting {} s more would pass the operation's timeout",
                wait.as_secs_f64().ceil()
            ),
        }
    }
}

/// How a retried operation ended without success: the last error, the attempts made, and,
/// when another attempt might have helped, why none was made.
#[derive(Debug)]
pub struct Ended<E> {
    pub error: E,
    pub attempts: u32,
    pub gave_up: Option<GaveUp>,
}

/// Why an attempt did not succeed, and whether another one may.
#[derive(Debug)]
pub enum Failed<E> {
    /// Another attempt would not help: `run` gives up with this error.
    Fail(E),
    /// Another attempt may help, after the policy's back-off or the wait the server asked for.
    Retry {
        error: E,
        retry_after: Option<Duration>,
    },
    /// The cause is already dealt with (a refused token was dropped): the next attempt starts
    /// at once, whatever the policy says. It still counts as an attempt.
    RetryNow,
}

/// Runs `attempt` (given its number, from 1) until it succeeds, fails for good, or `policy`
/// and `deadline` allow no further wait; then the last error is returned with how it
/// ended. `what` names the operation in the debug log.
pub async fn run<T, E: fmt::Display, F: Future<Output = Result<T, Failed<E>>>>(
    policy: &RetryPolicy,
    deadline: Option<Instant>,
    what: &str,
    mut attempt: impl FnMut(u32) -> F,
) -> Result<T, Ended<E>> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (error, retry_after) = match attempt(attempts).await {
            Ok(value) => return Ok(value),
            Err(Failed::Fail(error)) => {
                return Err(Ended {
                    error,
                    attempts,
                    gave_up: None,
                });
            }
            Err(Failed::RetryNow) => continue,
            Err(Failed::Retry { error, retry_after }) => (error, retry_after),
        };
        let wait = match policy.next_wait(attempts, retry_after, deadline) {
            Ok(wait) => wait,
            Err(why) => {
                return Err(Ended {
                    error,
                    attempts,
                    gave_up: Some(why),
                });
            }
        };
        tracing::debug!(
            attempt = attempts,
            wait_ms = wait.as_millis() as u64,
            error = %error,
            "{what} failed; retrying"
        );
        tokio::time::sleep(wait).await;
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

/// The wait an answer's `Retry-After` header asks for, if it has a readable one.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// Reads a Retry-After header value: delay seconds or an HTTP date.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
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
        assert!(policy.next_wait(2, None, None).is_ok());
        assert_eq!(policy.next_wait(3, None, None), Err(GaveUp::AttemptsUsed));
        assert_eq!(
            policy.next_wait(1, Some(Duration::from_secs(2)), None),
            Ok(Duration::from_secs(2))
        );
        assert!(matches!(
            policy.next_wait(1, Some(Duration::from_secs(3600)), None),
            Err(GaveUp::WaitTooLong { .. })
        ));
        let soon = Instant::now() + Duration::from_secs(1);
        assert_eq!(
            policy.next_wait(1, Some(Duration::from_secs(5)), Some(soon)),
            Err(GaveUp::PastDeadline(Duration::from_secs(5)))
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
    fn retry_after_is_read_from_headers() {
        use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
        let with = |value: HeaderValue| HeaderMap::from_iter([(RETRY_AFTER, value)]);
        assert_eq!(
            retry_after(&with(HeaderValue::from_static(" 7 "))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&with(HeaderValue::from_static("later"))), None);
        let not_text = HeaderValue::from_bytes(b"\xff7").unwrap();
        assert_eq!(retry_after(&with(not_text)), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    fn quick(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            ..RetryPolicy::default()
        }
    }

    #[tokio::test]
    async fn run_repeats_until_success() {
        let mut seen = Vec::new();
        let result = run(&quick(5), None, "test", |attempt| {
            seen.push(attempt);
            async move {
                if attempt < 3 {
                    Err(Failed::Retry {
                        error: format!("failure {attempt}"),
                        retry_after: None,
                    })
                } else {
                    Ok(attempt)
                }
            }
        })
        .await;
        assert_eq!(result.ok(), Some(3));
        assert_eq!(seen, [1, 2, 3]);
    }

    #[tokio::test]
    async fn run_gives_the_last_error_when_attempts_are_used_up() {
        let mut count = 0;
        let result: Result<(), Ended<String>> = run(&quick(4), None, "test", |attempt| {
            count += 1;
            async move {
                Err(Failed::Retry {
                    error: format!("failure {attempt}"),
                    retry_after: None,
                })
            }
        })
        .await;
        let ended = result.unwrap_err();
        assert_eq!(ended.error, "failure 4");
        assert_eq!(
            (ended.attempts, ended.gave_up),
            (4, Some(GaveUp::AttemptsUsed))
        );
        assert_eq!(count, 4);
    }

    #[tokio::test]
    async fn run_stops_at_a_final_failure_or_a_too_long_retry_after() {
        let mut count = 0;
        let result: Result<(), Ended<&str>> = run(&quick(5), None, "test", |_| {
            count += 1;
            async { Err(Failed::Fail("final")) }
        })
        .await;
        let ended = result.unwrap_err();
        assert_eq!((ended.error, ended.gave_up, count), ("final", None, 1));

        let mut count = 0;
        let result: Result<(), Ended<&str>> = run(&quick(5), None, "test", |_| {
            count += 1;
            async move {
                Err(Failed::Retry {
                    error: "limited",
                    retry_after: Some(Duration::from_secs(3600)),
                })
            }
        })
        .await;
        assert_eq!((result.unwrap_err().error, count), ("limited", 1));
    }

    #[tokio::test]
    async fn run_stops_when_the_wait_would_pass_the_deadline() {
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut count = 0;
        let result: Result<(), Ended<&str>> = run(&quick(5), Some(deadline), "test", |_| {
            count += 1;
            async move {
                Err(Failed::Retry {
                    error: "limited",
                    retry_after: Some(Duration::from_secs(5)),
                })
            }
        })
        .await;
        assert_eq!((result.unwrap_err().error, count), ("limited", 1));
    }

    #[tokio::test]
    async fn retry_now_skips_the_policy_but_counts_as_an_attempt() {
        let mut seen = Vec::new();
        let result: Result<u32, Ended<&str>> = run(&quick(1), None, "test", |attempt| {
            seen.push(attempt);
            async move {
                match attempt {
                    1 => Err(Failed::RetryNow),
                    _ => Err(Failed::Retry {
                        error: "transient",
                        retry_after: None,
                    }),
                }
            }
        })
        .await;
        assert_eq!(result.unwrap_err().error, "transient");
        assert_eq!(seen, [1, 2]);
    }

    #[test]
    fn only_post_is_not_idempotent() {
        assert!(is_idempotent(&reqwest::Method::GET));
        assert!(is_idempotent(&reqwest::Method::PATCH));
        assert!(!is_idempotent(&reqwest::Method::POST));
    }
}
