//! When and how long to wait before repeating a failed call, and how long a call may take:
//! exponential back-off with jitter, the server's Retry-After honoured, bounded by an attempt
//! count, a time limit per attempt and per call, and the caller's deadline. [`run`] is the one
//! loop that applies it, to API calls and token requests alike.

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
    /// The longest wait for a connection (and its TLS handshake) to open.
    pub connect_timeout: Duration,
    /// The longest wait for one attempt's whole answer, from sending the request.
    pub attempt_timeout: Duration,
    /// The longest a call takes in all, its retries and the waits between them included.
    pub call_timeout: Duration,
}

impl Default for RetryPolicy {
    /// The time limits suit services that answer within a second or two (the emulator's
    /// tests add at most 1.5 s), so an attempt gets 15 s. A server that takes connections
    /// but has never answered is given up on after two attempts (see `endpoint`): it fails a
    /// Terraform command in about 30 s. A call may take 150 s in all, enough for the longest
    /// Retry-After honoured (a token service that rate-limits a client blocks it for about a
    /// minute) and two attempts. A create whose answer did not come is looked for, as after
    /// a closed connection.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(15),
            call_timeout: Duration::from_secs(150),
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

    /// The wait before the next attempt after `attempts_made` failed ones of a call that
    /// began at `call_started`, or why there is none: the attempts are used up, the server
    /// asks for too long a wait, or the wait would pass the caller's deadline or the call's
    /// time limit, whichever comes first.
    pub fn next_wait(
        &self,
        attempts_made: u32,
        retry_after: Option<Duration>,
        deadline: Option<Instant>,
        call_started: Instant,
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
        let resumes = Instant::now() + wait;
        let call_ends = call_started + self.call_timeout;
        match deadline {
            Some(deadline) if deadline <= call_ends && resumes >= deadline => {
                Err(GaveUp::PastDeadline(wait))
            }
            _ if resumes >= call_ends => Err(GaveUp::PastCallLimit {
                wait,
                limit: self.call_timeout,
            }),
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
    /// The wait before the next attempt would pass the call's time limit.
    PastCallLimit {
        wait: Duration,
        limit: Duration,
    },
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
            GaveUp::PastCallLimit { wait, limit } => write!(
                f,
                "waiting {} s more would pass the {} s that one call may take",
                wait.as_secs_f64().ceil(),
                limit.as_secs_f64().ceil()
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

/// One attempt of a call, as [`run`] hands it to the code that makes it.
#[derive(Clone, Copy, Debug)]
pub struct Attempt {
    /// From 1.
    pub number: u32,
    call_started: Instant,
    call_ends: Instant,
    timeout: Duration,
}

impl Attempt {
    /// When the answer to a request sent now is due: at the attempt's time limit, or at the
    /// end of the call's if that comes first.
    pub fn answer_due(&self) -> Instant {
        (Instant::now() + self.timeout).min(self.call_ends)
    }

    /// Like [`Attempt::answer_due`], for a request that the call's end must not cut short
    /// (a create, whose outcome would be unknown): at the attempt's time limit alone.
    pub fn answer_due_uncut(&self) -> Instant {
        Instant::now() + self.timeout
    }

    /// The time since the call began.
    pub fn waited(&self) -> Duration {
        self.call_started.elapsed()
    }
}

/// Runs `attempt` until it succeeds, fails for good, or `policy` and `deadline` allow no
/// further wait; then the last error is returned with how it ended. The call's time limit
/// counts from here. `what` names the operation in the debug log.
pub async fn run<T, E: fmt::Display, F: Future<Output = Result<T, Failed<E>>>>(
    policy: &RetryPolicy,
    deadline: Option<Instant>,
    what: &str,
    mut attempt: impl FnMut(Attempt) -> F,
) -> Result<T, Ended<E>> {
    let call_started = Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let this = Attempt {
            number: attempts,
            call_started,
            call_ends: call_started + policy.call_timeout,
            timeout: policy.attempt_timeout,
        };
        let (error, retry_after) = match attempt(this).await {
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
        let wait = match policy.next_wait(attempts, retry_after, deadline, call_started) {
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
        let started = Instant::now();
        assert!(policy.next_wait(2, None, None, started).is_ok());
        assert_eq!(
            policy.next_wait(3, None, None, started),
            Err(GaveUp::AttemptsUsed)
        );
        assert_eq!(
            policy.next_wait(1, Some(Duration::from_secs(2)), None, started),
            Ok(Duration::from_secs(2))
        );
        assert!(matches!(
            policy.next_wait(1, Some(Duration::from_secs(3600)), None, started),
            Err(GaveUp::WaitTooLong { .. })
        ));
        let soon = Instant::now() + Duration::from_secs(1);
        assert_eq!(
            policy.next_wait(1, Some(Duration::from_secs(5)), Some(soon), started),
            Err(GaveUp::PastDeadline(Duration::from_secs(5)))
        );
    }

    #[test]
    fn the_call_limit_bounds_the_retries_when_it_comes_before_the_deadline() {
        let limit = Duration::from_secs(10);
        let policy = RetryPolicy {
            call_timeout: limit,
            ..RetryPolicy::default()
        };
        let started = Instant::now();
        let later = Instant::now() + Duration::from_secs(3600);
        let past_limit = GaveUp::PastCallLimit { wait: limit, limit };
        assert_eq!(
            policy.next_wait(1, Some(limit), None, started),
            Err(past_limit.clone())
        );
        assert_eq!(
            policy.next_wait(1, Some(limit), Some(later), started),
            Err(past_limit.clone())
        );
        let text = past_limit.to_string();
        assert!(
            text.contains("waiting 10 s more would pass the 10 s that one call may take"),
            "{text}"
        );
        assert!(
            policy
                .next_wait(1, Some(Duration::from_secs(5)), None, started)
                .is_ok()
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
            let attempt = attempt.number;
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
                    error: format!("failure {}", attempt.number),
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

        let too_long = Duration::from_secs(3600);
        assert_eq!(run_rate_limited(too_long, None).await, ("limited", 1));
    }

    #[tokio::test]
    async fn run_stops_when_the_wait_would_pass_the_deadline() {
        let deadline = Instant::now() + Duration::from_secs(1);
        let wait = Duration::from_secs(5);
        assert_eq!(run_rate_limited(wait, Some(deadline)).await, ("limited", 1));
    }

    /// Runs attempts that all fail with a rate limit asking to wait `retry_after`: the last
    /// error and the attempts made.
    async fn run_rate_limited(
        retry_after: Duration,
        deadline: Option<Instant>,
    ) -> (&'static str, u32) {
        let mut count = 0;
        let result: Result<(), Ended<&str>> = run(&quick(5), deadline, "test", |_| {
            count += 1;
            async move {
                Err(Failed::Retry {
                    error: "limited",
                    retry_after: Some(retry_after),
                })
            }
        })
        .await;
        (result.unwrap_err().error, count)
    }

    #[tokio::test]
    async fn retry_now_skips_the_policy_but_counts_as_an_attempt() {
        let mut seen = Vec::new();
        let result: Result<u32, Ended<&str>> = run(&quick(1), None, "test", |attempt| {
            seen.push(attempt.number);
            async move {
                match attempt.number {
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

    #[tokio::test]
    async fn attempts_that_wait_for_their_answer_end_with_the_call() {
        let policy = RetryPolicy {
            attempt_timeout: Duration::from_millis(300),
            call_timeout: Duration::from_millis(500),
            ..quick(10)
        };
        let mut dues = Vec::new();
        let started = Instant::now();
        let result: Result<(), Ended<u128>> = run(&policy, None, "test", |attempt| {
            let due = attempt.answer_due();
            dues.push(due.saturating_duration_since(Instant::now()));
            async move {
                tokio::time::sleep_until(due).await;
                Err(Failed::Retry {
                    error: attempt.waited().as_millis(),
                    retry_after: None,
                })
            }
        })
        .await;
        let ended = result.unwrap_err();
        assert_eq!(ended.attempts, 2);
        assert!(matches!(ended.gave_up, Some(GaveUp::PastCallLimit { .. })));
        // The first attempt has its own limit; the second what is left of the call's.
        assert!(dues[0] > Duration::from_millis(250), "{dues:?}");
        assert!(dues[1] < Duration::from_millis(250), "{dues:?}");
        assert!(ended.error >= 500, "waited {} ms", ended.error);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn only_post_is_not_idempotent() {
        assert!(is_idempotent(&reqwest::Method::GET));
        assert!(is_idempotent(&reqwest::Method::PATCH));
        assert!(!is_idempotent(&reqwest::Method::POST));
    }
}
