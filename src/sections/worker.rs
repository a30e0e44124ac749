//! One thread per plugin. A section stuck where no limit can reach it (one long call into
//! Lua's C library, such as a pattern match that backtracks without end) is abandoned at its
//! deadline while the others go on, and a panic in actionplan's code fails only that section.
//!
//! The Lua state never leaves its thread: only the declaration, the other sections' results
//! and the finished section cross, over two channels.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::api;
use super::context::Other;
use super::declaration::{Declaration, Plugin};
use super::failure::Failure;
use super::instance::{Instance, Ran};
use super::reason::Reason;
use super::sandbox::Limits;
use crate::model::table::Dataset;
use crate::project::Project;

/// Stack of the thread that runs one section: room for Lua's 200 nested C calls in a debug build.
const SECTION_STACK: usize = 16 * 1024 * 1024;

/// How long past its time limit a section that does not return (stuck in one long call into
/// Lua's C library, where the instruction hook cannot stop it) is waited for before it is
/// abandoned and reported as not produced.
const ABANDON_AFTER: Duration = Duration::from_secs(2);

/// What a section's thread sends back.
enum FromWorker {
    Declared(Result<Declaration, Failure>),
    Ran(Box<Ran>),
    Panicked(String),
}

/// A plugin loaded in its own thread.
pub struct Worker {
    pub file: String,
    declared: Result<Declaration, Failure>,
    /// Sends the other sections' results and starts the run; dropping it lets the thread end.
    start: Option<mpsc::Sender<Vec<Other>>>,
    results: mpsc::Receiver<FromWorker>,
    /// Its declaration is still to be received.
    waiting: bool,
    /// When its run began ([`Worker::begin`]).
    began: Option<Instant>,
}

impl Worker {
    /// Starts the plugin's thread, which loads the plugin, sends its declaration, and waits
    /// to be told to run.
    /// `finished` is told `index` when the section has finished (or its thread has failed),
    /// so that several sections can run at once and be waited for together.
    pub fn spawn(
        project: &Project,
        path: &Path,
        dataset: &Arc<Dataset>,
        limits: &Limits,
        compiled: &api::Compiled,
        (finished, index): (mpsc::Sender<usize>, usize),
    ) -> Worker {
        let file = project.relative(path);
        let (start, started) = mpsc::channel::<Vec<Other>>();
        let (report, results) = mpsc::channel::<FromWorker>();
        let (project, path, dataset, limits, compiled) = (
            project.clone(),
            path.to_path_buf(),
            dataset.clone(),
            limits.clone(),
            compiled.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name(format!("section {file}"))
            .stack_size(SECTION_STACK)
            .spawn(move || {
                let report_ = report.clone();
                let outcome = catch_unwind(AssertUnwindSafe(move || {
                    let instance = Instance::load(&project, &path, &dataset, &limits, &compiled);
                    let declared = instance.declared();
                    let ok = declared.is_ok();
                    if report_.send(FromWorker::Declared(declared)).is_err() || !ok {
                        return;
                    }
                    if let Ok(others) = started.recv() {
                        let ran = instance.run(others, &limits);
                        let _ = report_.send(FromWorker::Ran(Box::new(ran)));
                    }
                }));
                if let Err(panic) = outcome {
                    let _ = report.send(FromWorker::Panicked(panic_text(panic.as_ref())));
                }
                let _ = finished.send(index);
            });
        let mut worker = Worker {
            file,
            declared: Err(Failure::new(Reason::NotLoaded)),
            start: Some(start),
            results,
            waiting: true,
            began: None,
        };
        if let Err(e) = spawned {
            worker.declared = Err(Failure::new(Reason::NotStarted {
                error: e.to_string(),
            }));
            worker.waiting = false;
        }
        worker
    }

    /// Waits for the plugin's declaration, at most the time limit and a little more.
    pub fn await_declaration(&mut self, limits: &Limits) {
        if !self.waiting {
            return;
        }
        self.waiting = false;
        self.declared = match self.results.recv_timeout(limits.time + ABANDON_AFTER) {
            Ok(FromWorker::Declared(d)) => d,
            Ok(FromWorker::Panicked(message)) => Err(Failure::new(Reason::Panicked { message })),
            Ok(FromWorker::Ran(_)) => Err(Failure::new(Reason::RanBeforeDeclared)),
            Err(RecvTimeoutError::Timeout) => Err(Failure::new(Reason::Time {
                seconds: limits.time.as_secs(),
            })),
            Err(RecvTimeoutError::Disconnected) => Err(Failure::new(Reason::ThreadEnded)),
        };
    }

    /// The plugin as loaded, for `sections` and `check`.
    pub fn plugin(&self) -> Plugin {
        Plugin {
            file: self.file.clone(),
            declared: self.declared.clone(),
        }
    }

    /// Lets the thread end without running its section.
    pub fn dismiss(&mut self) {
        self.start = None;
    }

    /// Starts the section's run with the results of the sections it uses; `Err` when its
    /// thread cannot run it.
    pub fn begin(&mut self, others: Vec<Other>) -> Result<(), Box<Ran>> {
        self.began = Some(Instant::now());
        let Some(start) = self.start.take() else {
            return Err(Box::new(self.failed(Reason::ThreadGone)));
        };
        if start.send(others).is_err() {
            return Err(Box::new(self.failed(Reason::ThreadEnded)));
        }
        Ok(())
    }

    /// When a section that began is given up: its time limit and a little more after it
    /// began.
    pub fn deadline(&self, limits: &Limits) -> Instant {
        self.began.unwrap_or_else(Instant::now) + limits.time + ABANDON_AFTER
    }

    /// The section that began, waiting for it until its deadline.
    pub fn finish(&mut self, limits: &Limits) -> Ran {
        let wait = self
            .deadline(limits)
            .saturating_duration_since(Instant::now());
        match self.results.recv_timeout(wait) {
            Ok(FromWorker::Ran(ran)) => *ran,
            Ok(FromWorker::Panicked(message)) => self.failed(Reason::Panicked { message }),
            Ok(FromWorker::Declared(_)) => self.failed(Reason::DeclaredTwice),
            // The thread is left behind and ends with the process.
            Err(RecvTimeoutError::Timeout) => self.failed(Reason::Abandoned {
                seconds: limits.time.as_secs(),
            }),
            Err(RecvTimeoutError::Disconnected) => self.failed(Reason::ThreadEnded),
        }
    }

    /// How long the section has been running.
    pub fn elapsed(&self) -> Duration {
        self.began.map_or(Duration::ZERO, |b| b.elapsed())
    }

    fn failed(&self, reason: Reason) -> Ran {
        let decl = self
            .declared
            .clone()
            .expect("only declared sections are run");
        Ran::failed(&self.file, &decl, reason)
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(std::string::ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no details".to_string())
}
