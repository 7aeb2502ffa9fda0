//! The cluster's reads lag its writes: after a write, a `GET` may answer what was true
//! before it (404 for an object just created, the old values after an update, the object
//! after a delete) for a while. Every write of the provider waits here until reads show it,
//! within the `orchestration_api.consistency_timeout`, so that an apply hands Terraform
//! what a read will find and the next plan shows no changes. A refresh that is not after a
//! write of this process takes what it reads: a 404 there means the object is gone.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::report::ApiResult;
use crate::orchestration;
use crate::tf::Diagnostics;

/// The first pause between reads; each next one is longer, up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(100);
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// The write had not shown when the time was up.
#[derive(Debug)]
pub struct Unshown {
    pub waited: Duration,
}

impl Unshown {
    /// Warns that `change` ("The change of role \"r\"") happened but that `reads` ("its
    /// reads") did not show it in time: a warning, not an error, since the write is done.
    pub fn warn(&self, diags: &mut Diagnostics, change: String, reads: &str) {
        diags.warning(
            format!("{change} does not show yet"),
            format!(
                "The cluster took the change, but {reads} did not show it after {:.1} s \
                 (orchestration_api.consistency_timeout). A plan made at once may show the \
                 difference until the reads catch up.",
                self.waited.as_secs_f64()
            ),
        );
    }
}

/// Reads with `read` (`None` for a 404) until `shows` holds for what it found, or
/// `timeout` has passed. A read that fails ends the wait with its error.
pub async fn until_shown<T, F, Fut>(
    timeout: Duration,
    mut read: F,
    shows: impl Fn(Option<&T>) -> bool,
) -> Result<Result<Option<T>, Unshown>, orchestration::Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, orchestration::Error>>,
{
    let started = Instant::now();
    let mut pause = FIRST_PAUSE;
    loop {
        let found = read().await.found()?;
        if shows(found.as_ref()) {
            return Ok(Ok(found));
        }
        let waited = started.elapsed();
        if waited + pause > timeout {
            return Ok(Err(Unshown { waited }));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(MAX_PAUSE);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn not_found() -> orchestration::Error {
        let call = orchestration::Call {
            method: reqwest::Method::GET,
            path: "/v2/roles/r".into(),
        };
        orchestration::Error::from_status(orchestration::Failure::new(call, 404, None, b""), None)
    }

    #[tokio::test]
    async fn waits_until_the_write_shows_within_the_timeout() {
        let reads = AtomicU32::new(0);
        // The object shows from the fourth read on.
        let read = || async {
            let n = reads.fetch_add(1, Ordering::SeqCst) + 1;
            if n < 4 { Err(not_found()) } else { Ok(n) }
        };
        let shown = until_shown(Duration::from_secs(5), read, |found| found.is_some())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(shown, Some(4));

        let never = || async { Err::<u32, _>(not_found()) };
        let unshown = until_shown(Duration::from_millis(500), never, |found| found.is_some())
            .await
            .unwrap()
            .unwrap_err();
        assert!(unshown.waited <= Duration::from_millis(500), "{unshown:?}");
    }
}
