//! One module per command.

pub mod build;
pub mod check;
pub mod completions;
pub mod explain;
pub mod init;
pub mod man;
pub mod read_worker;
pub mod sections;
pub mod template;

use crate::problem::terminal::visible;
use crate::problem::Problems;

/// Prints problems, errors first; at most `limit` of them, then a count of the rest.
pub fn print_problems(problems: &Problems, limit: usize, rest_at: &str) {
    let mut sorted: Vec<_> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity());
    for p in sorted.iter().take(limit) {
        eprintln!("{}", p.for_terminal());
    }
    if sorted.len() > limit {
        eprintln!(
            "… and {} more, listed in {}",
            sorted.len() - limit,
            visible(rest_at)
        );
    }
}

/// 1 when problems of severity error were found, else 0.
pub fn status(problems: &Problems) -> i32 {
    i32::from(problems.has_errors())
}
