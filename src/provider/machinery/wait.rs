//! Waiting for a remote change to finish: polls often at first, then backs off, bounded by
//! a deadline and by Terraform's Stop.

use std::time::Duration;

use tokio::time::Instant;

use crate::console::{self, Cluster, ComponentStatus};
use crate::tf::{Ctx, Elapsed};

/// The shortest wait between polls.
const MIN_DELAY: Duration = Duration::from_secs(2);

/// The wait before the next poll, given the time waited so far: two seconds, or a ninth
/// of the time waited when that is longer. A change is then seen within two seconds, or
/// within a tenth of the whole wait at the moment it is seen, whichever is longer; and a
/// five-minute wait needs fewer than 40 polls.
pub(crate) fn next_delay(elapsed: Duration) -> Duration {
    MIN_DELAY.max(elapsed / 9)
}

/// Why a wait ended without its condition.
#[derive(Debug)]
pub(crate) enum Stopped<E> {
    TimedOut(Duration),
    Cancelled,
    Failed(E),
}

impl<E: std::fmt::Display> Stopped<E> {
    /// What happened, for a message that reads "… but X while waiting".
    pub(crate) fn describe(&self) -> String {
        match self {
            Stopped::TimedOut(waited) => {
                format!("the timeout passed after {}", Elapsed(*waited))
            }
            Stopped::Cancelled => "Terraform asked the provider to stop".to_owned(),
            Stopped::Failed(error) => format!("a status check failed ({error})"),
        }
    }
}

/// A wait that ended without its condition: why, and the last value polled.
#[derive(Debug)]
pub(crate) struct Unfinished<T, E> {
    pub reason: Stopped<E>,
    pub last: Option<T>,
}

/// Calls `poll` until its value is `done`, it fails, the deadline passes, or Terraform asks
/// to stop. The first poll is immediate.
pub(crate) async fn poll_until<T, E, F>(
    ctx: &Ctx,
    deadline: Instant,
    mut poll: impl FnMut() -> F,
    done: impl Fn(&T) -> bool,
) -> Result<T, Unfinished<T, E>>
where
    F: Future<Output = Result<T, E>>,
{
    let started = Instant::now();
    let mut last = None;
    let stop = |reason, last| Err(Unfinished { reason, last });
    loop {
        let outcome = tokio::select! {
            biased;
            _ = ctx.cancelled() => return stop(Stopped::Cancelled, last),
            _ = tokio::time::sleep_until(deadline) => {
                return stop(Stopped::TimedOut(started.elapsed()), last);
            }
            outcome = poll() => outcome,
        };
        match outcome {
            Ok(value) if done(&value) => return Ok(value),
            Ok(value) => last = Some(value),
            Err(error) => return stop(Stopped::Failed(error), last),
        }
        let wake = (Instant::now() + next_delay(started.elapsed())).min(deadline);
        tokio::select! {
            biased;
            _ = ctx.cancelled() => return stop(Stopped::Cancelled, last),
            _ = tokio::time::sleep_until(wake) => {}
        }
        if Instant::now() >= deadline {
            return stop(Stopped::TimedOut(started.elapsed()), last);
        }
    }
}

/// Polls cluster `id` until it is Healthy.
pub(crate) async fn until_healthy(
    ctx: &Ctx,
    api: &console::Client,
    id: &str,
    deadline: Instant,
) -> Result<Cluster, Unfinished<Cluster, console::Error>> {
    let healthy = |cluster: &Cluster| cluster.status.ready == ComponentStatus::Healthy;
    poll_until(ctx, deadline, || api.get_cluster(id), healthy).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::future::{Ready, ready};
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    /// A poll that answers how many times it has been called, counting in `polls`.
    fn counting(polls: &AtomicUsize) -> impl FnMut() -> Ready<Result<usize, ()>> + '_ {
        || ready(Ok(polls.fetch_add(1, SeqCst) + 1))
    }

    /// The times of the polls of a wait for a change that happens `at`, the last one
    /// being the poll that sees it.
    fn poll_times(at: Duration) -> Vec<Duration> {
        let mut times = vec![Duration::ZERO];
        while *times.last().unwrap() < at {
            let now = *times.last().unwrap();
            times.push(now + next_delay(now));
        }
        times
    }

    proptest! {
        #[test]
        fn delays_stay_within_bounds(ms in 0u64..4 * 3600 * 1000) {
            let elapsed = Duration::from_millis(ms);
            let delay = next_delay(elapsed);
            prop_assert!(delay >= MIN_DELAY);
            // Seen within 2 s, or within 10% of the time waited when it is seen.
            prop_assert!(delay <= MIN_DELAY.max((elapsed + delay) / 10));
        }

        #[test]
        fn a_change_is_seen_promptly(ms in 0u64..3600 * 1000) {
            let at = Duration::from_millis(ms);
            let seen = *poll_times(at).last().unwrap();
            prop_assert!(seen >= at);
            prop_assert!(seen - at <= MIN_DELAY.max(seen / 10));
        }

        #[test]
        fn five_minutes_take_fewer_than_40_requests(ms in 0u64..=300 * 1000) {
            // The create request plus the polls.
            let requests = 1 + poll_times(Duration::from_millis(ms)).len();
            prop_assert!(requests < 40, "{requests} requests");
        }
    }

    #[tokio::test]
    async fn a_wait_ends_at_its_deadline_or_on_stop() {
        let ctx = Ctx::default();
        let deadline = Instant::now() + Duration::from_secs(3);
        let polls = AtomicUsize::new(0);
        let outcome = poll_until(&ctx, deadline, counting(&polls), |_| false)
            .await
            .unwrap_err();
        assert!(matches!(outcome.reason, Stopped::TimedOut(_)));
        assert!(Instant::now() >= deadline);
        // Polls at 0 and 2 s; the next would come after the deadline.
        assert_eq!(polls.into_inner(), 2);
        assert_eq!(outcome.last, Some(2));

        let cancel = tokio_util::sync::CancellationToken::new();
        let ctx = Ctx::new(cancel.clone(), Default::default());
        cancel.cancel();
        let outcome = poll_until(&ctx, deadline, || async { Ok::<_, ()>(()) }, |_| false).await;
        assert!(matches!(outcome.unwrap_err().reason, Stopped::Cancelled));
    }

    #[tokio::test]
    async fn a_wait_returns_the_first_result_or_error() {
        let ctx = Ctx::default();
        let deadline = Instant::now() + Duration::from_secs(30);
        let polls = AtomicUsize::new(0);
        assert_eq!(
            poll_until(&ctx, deadline, counting(&polls), |&n| n == 2)
                .await
                .unwrap(),
            2
        );
        let failing = || async { Err::<(), _>("boom") };
        let outcome = poll_until(&ctx, deadline, failing, |_| true).await;
        assert!(matches!(
            outcome.unwrap_err().reason,
            Stopped::Failed("boom")
        ));
    }
}
