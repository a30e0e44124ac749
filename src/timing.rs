//! Stage timings for `build --timings` (used by the scale benchmark, benches/scale.rs): each
//! call to [`lap`] prints `timing: <stage> <seconds> s` on stderr, the time since the last lap,
//! and on Linux `memory: <stage> <MB> MB, peak <MB> MB`, the process's resident memory then
//! and its largest so far.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

static ON: AtomicBool = AtomicBool::new(false);
static LAST: Mutex<Option<Instant>> = Mutex::new(None);

/// Starts timing: the first lap counts from here.
pub fn start() {
    ON.store(true, Ordering::Relaxed);
    *LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Instant::now());
}

/// Ends a stage, when timing is on.
pub fn lap(stage: &str) {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    let mut last = LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let now = Instant::now();
    if let Some(then) = *last {
        eprintln!("timing: {stage} {:.3} s", (now - then).as_secs_f64());
        if let Some((rss, peak)) = memory_kb() {
            eprintln!(
                "memory: {stage} {:.0} MB, peak {:.0} MB",
                rss as f64 / 1024.0,
                peak as f64 / 1024.0
            );
        }
    }
    *last = Some(now);
}

/// Reports the time of work done on another thread, without ending a stage.
pub fn aside(what: &str, time: std::time::Duration) {
    if ON.load(Ordering::Relaxed) {
        eprintln!("timing: ({what}) {:.3} s", time.as_secs_f64());
    }
}

/// The process's resident memory and its peak, KB (VmRSS and VmHWM).
fn memory_kb() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
