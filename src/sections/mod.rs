//! Running the section plugins: one Lua file per report section in `plugins/`, each in its
//! own sandboxed state and thread, in file-name order except that a section runs after the
//! sections whose results it uses. A section that fails is reported and the others still run.
//!
//! How a build goes, and where each step is:
//!
//! 1. `start`: every plugin is loaded at once, each in its thread (`worker.rs`), in a fresh
//!    Lua state (`instance.rs`, `sandbox.rs`) with the API (`api.rs`, `api/`), and declares
//!    its section (`declaration.rs`). `sections` stops here.
//! 2. The declarations are checked (`declaration::check`) and the order is planned
//!    (`schedule.rs`, which knows nothing of threads or Lua).
//! 3. Each section runs in its thread when its turn comes, with the results of the sections
//!    it uses (`context.rs`); what went wrong becomes a `Failure` (`failure.rs`) with a
//!    reason (`reason.rs`), reported as a `SectionProblem` (src/problem/section.rs).
//!
//! The objects plugins get are in `data.rs` (sheets and rows) and `datetime.rs` (dates).

mod api;
mod budget;
mod context;
mod data;
mod datetime;
mod declaration;
mod failure;
mod instance;
mod reason;
mod sandbox;
mod schedule;
mod worker;

use std::path::PathBuf;
use std::sync::{mpsc, Arc};

use anyhow::Result;

pub use budget::Budget;
pub use declaration::{Declaration, Plugin};
pub use failure::Failure;
pub use sandbox::{Limits, TOTAL_MEMORY_MB};

use context::Other;
use instance::Ran;
use reason::Reason;
use worker::Worker;

use crate::model::report::{Content, Outcome, Section};
use crate::model::table::Dataset;
use crate::problem::Problems;
use crate::project::Project;

/// Loads every plugin and waits for each declaration: the start of `declarations` and
/// `run_all` alike. All plugins load at once, each in its thread: waiting for each in turn
/// would hand the processor back and forth fourteen times while the Data sheets are being
/// written on another thread.
fn start(
    project: &Project,
    dataset: &Arc<Dataset>,
    limits: &Limits,
) -> Result<(Vec<Worker>, mpsc::Receiver<usize>)> {
    let compiled = api::Compiled::default();
    let (finished, finishing) = mpsc::channel();
    let mut workers: Vec<Worker> = project
        .plugin_files()?
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let told = (finished.clone(), i);
            Worker::spawn(project, path, dataset, limits, &compiled, told)
        })
        .collect();
    for w in &mut workers {
        w.await_declaration(limits);
    }
    Ok((workers, finishing))
}

/// Loads every plugin's declaration without running it (for `sections`).
pub fn declarations(
    project: &Project,
    dataset: &Arc<Dataset>,
    limits: &Limits,
) -> Result<Vec<Plugin>> {
    Ok(start(project, dataset, limits)?
        .0
        .iter()
        .map(Worker::plugin)
        .collect())
}

/// A finished section, with its content shared with the sections that use it.
type Done = (Section, Option<Arc<Content>>);

/// Runs every section; returns them in report order, with the problems they raised.
pub fn run_all(
    project: &Project,
    dataset: &Arc<Dataset>,
    limits: &Limits,
) -> Result<(Vec<Section>, Problems)> {
    let (mut workers, finishing) = start(project, dataset, limits)?;
    let plugins: Vec<Plugin> = workers.iter().map(Worker::plugin).collect();
    let mut problems = declaration::check(&plugins, dataset);
    crate::timing::lap("sections: loading the plugins");

    let declared: Vec<Option<&Declaration>> =
        plugins.iter().map(|p| p.declared.as_ref().ok()).collect();
    let plan = schedule::plan(&declared);

    // Each finished section, with its content shared with the sections that use it.
    let mut done: Vec<Option<Done>> = plugins.iter().map(|_| None).collect();
    // Plugins that cannot be placed in the report are finished at once: those not declared,
    // and those whose number an earlier plugin has (`check` reported both).
    for (i, plugin) in plugins.iter().enumerate() {
        if let Err(failure) = &plugin.declared {
            done[i] = Some((declaration::unplaced_section(&plugin.file, failure), None));
        }
    }
    for &(i, _) in &plan.duplicates {
        let number = declared[i].expect("a duplicate is declared").number;
        let failure = Failure::new(Reason::NumberTaken { number });
        done[i] = Some((
            declaration::unplaced_section(&plugins[i].file, &failure),
            None,
        ));
        workers[i].dismiss();
    }

    let progress =
        crate::progress::Progress::new("Running sections", plan.order.len() + plan.stuck.len());
    // As many sections run at once as there are cores, each as soon as the sections it uses
    // are done; their problems are kept in the plan's order, so that a build says the same
    // whatever finished first.
    let at_once = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut pending: Vec<usize> = plan.order.clone();
    let mut running: Vec<usize> = Vec::new();
    let mut raised: Vec<Option<Vec<crate::problem::Problem>>> =
        plugins.iter().map(|_| None).collect();
    let mut finish = |i: usize, ran: Ran, done: &mut Vec<Option<Done>>| {
        raised[i] = Some(ran.problems);
        done[i] = Some((ran.section, ran.content.map(Arc::new)));
        progress.step();
    };
    while !pending.is_empty() || !running.is_empty() {
        // Start what can start: its used sections (those planned) are all done.
        while running.len() < at_once {
            let ready = pending.iter().position(|&i| {
                let decl = declared[i].expect("planned sections are declared");
                plan.order.iter().all(|&j| {
                    done[j].is_some() || !declared[j].is_some_and(|d| decl.uses.contains(&d.number))
                })
            });
            let at = match ready {
                Some(at) => at,
                // The plan's order puts what a section uses before it: with nothing running,
                // the first waiting section has all it uses.
                None if running.is_empty() && !pending.is_empty() => 0,
                None => break,
            };
            let i = pending.remove(at);
            let decl = declared[i].expect("planned sections are declared");
            // The results of the sections it declared it uses (section_result refuses others).
            let others: Vec<Other> = done
                .iter()
                .flatten()
                .filter_map(|(s, c)| {
                    s.number
                        .filter(|n| decl.uses.contains(n))
                        .map(|number| Other {
                            number,
                            title: s.title.clone(),
                            content: c.clone(),
                        })
                })
                .collect();
            progress.working_on(&workers[i].file);
            match workers[i].begin(others) {
                Ok(()) => running.push(i),
                Err(ran) => finish(i, *ran, &mut done),
            }
        }
        let Some(soonest) = running.iter().map(|&i| workers[i].deadline(limits)).min() else {
            // Nothing runs: every section has finished (or could not begin).
            continue;
        };
        // The next section to finish, or the one whose deadline comes first.
        let wait = soonest.saturating_duration_since(std::time::Instant::now());
        let i = match finishing.recv_timeout(wait) {
            Ok(i) if running.contains(&i) => i,
            // A thread that ended before its section began (told at load).
            Ok(_) => continue,
            Err(_) => *running
                .iter()
                .min_by_key(|&&i| workers[i].deadline(limits))
                .expect("a section runs"),
        };
        running.retain(|&r| r != i);
        let ran = workers[i].finish(limits);
        crate::timing::aside(
            &format!("section {}", workers[i].file),
            workers[i].elapsed(),
        );
        finish(i, ran, &mut done);
    }
    drop(progress);
    for &i in &plan.order {
        problems.extend(raised[i].take().unwrap_or_default());
    }
    crate::timing::lap("sections: running");

    for (i, waiting) in plan.stuck {
        let decl = declared[i].expect("stuck sections are declared");
        let failure = Failure::new(Reason::Cycle { waiting });
        problems.push(failure.not_produced(&plugins[i].file, decl.number, &decl.title));
        let section = decl.section(&plugins[i].file, Outcome::Failed(failure.message));
        done[i] = Some((section, None));
    }

    let mut sections: Vec<Section> = done.into_iter().flatten().map(|(s, _)| s).collect();
    sections.sort_by(|a, b| {
        (a.number.is_none(), a.number, &a.file).cmp(&(b.number.is_none(), b.number, &b.file))
    });
    Ok((sections, problems))
}

/// The folder of shared Lua helpers.
pub fn lib_dir(project: &Project) -> PathBuf {
    project.plugins.join("lib")
}
