//! Ends the plugin when Terraform is gone. A Terraform that is killed (SIGKILL, out of
//! memory) never sends Shutdown, and go-plugin leaves the plugin no stdin whose end could
//! be watched; the portable sign is the parent process changing, as an orphan is handed to
//! init or to a subreaper.

use std::time::Duration;

/// How often the parent is checked: the plugin ends within this much of Terraform.
const POLL: Duration = Duration::from_millis(200);

/// The process that started this one, to be taken as early as possible: Terraform may
/// die at any time after starting the plugin.
pub fn parent() -> u32 {
    std::os::unix::process::parent_id()
}

/// Completes once `parent` is no longer this process's parent.
pub async fn parent_gone(parent: u32) {
    let mut ticks = tokio::time::interval(POLL);
    loop {
        ticks.tick().await;
        if std::os::unix::process::parent_id() != parent {
            return;
        }
    }
}
