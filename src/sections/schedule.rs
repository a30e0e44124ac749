//! In which order the sections run, from their declarations alone: in file-name order, except
//! that a section runs after the sections whose results it `uses`. Pure: no threads, no Lua,
//! so that the rules can be tested on their own.
//!
//! - A plugin that could not be declared does not run.
//! - A plugin that declares the number of an earlier plugin does not run (its section has no
//!   place in the report); the earlier one does.
//! - A use of a number that no running plugin has is ignored here (`check` warns of it, and
//!   `section_result` gives nil).
//! - A section whose results are used counts as finished once it has run, produced or not.
//! - Sections that wait on each other, directly or through others, never become ready: they
//!   are reported with the sections they wait for.

use super::declaration::Declaration;

/// The order of one build.
#[derive(Debug, PartialEq)]
pub struct Plan {
    /// Plugins that do not run because an earlier plugin has their number: (the plugin, the
    /// first plugin with that number), by position in the list given.
    pub duplicates: Vec<(usize, usize)>,
    /// The plugins that run, in the order they run.
    pub order: Vec<usize>,
    /// Plugins that wait on each other, in file order, each with the numbers of the sections
    /// of its `uses` that it waits for.
    pub stuck: Vec<(usize, Vec<i64>)>,
}

/// Each plugin that declares the number of an earlier one, with the first plugin that has it.
pub fn duplicates(declared: &[Option<&Declaration>]) -> Vec<(usize, usize)> {
    declared
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let number = (*d)?.number;
            let first = declared[..i]
                .iter()
                .position(|o| o.is_some_and(|o| o.number == number))?;
            Some((i, first))
        })
        .collect()
}

/// The plan for plugins in file order, each with its declaration, or `None` when it could
/// not be declared.
pub fn plan(declared: &[Option<&Declaration>]) -> Plan {
    let duplicates = duplicates(declared);
    // The plugins that run (or wait forever): declared, and with a number of their own.
    let runs: Vec<Option<&Declaration>> = declared
        .iter()
        .enumerate()
        .map(|(i, d)| d.filter(|_| !duplicates.iter().any(|(later, _)| *later == i)))
        .collect();
    let numbers: Vec<i64> = runs.iter().flatten().map(|d| d.number).collect();
    let mut finished = vec![false; runs.len()];
    let mut order = Vec::new();
    // A number is waited for until the plugin that has it has run.
    let waits_for = |finished: &[bool], number: i64| {
        numbers.contains(&number)
            && !runs
                .iter()
                .zip(finished)
                .any(|(d, done)| *done && d.is_some_and(|d| d.number == number))
    };
    // The first section in file order whose used sections are finished, again and again.
    while let Some(i) = (0..runs.len()).find(|&i| {
        !finished[i] && runs[i].is_some_and(|d| d.uses.iter().all(|&u| !waits_for(&finished, u)))
    }) {
        finished[i] = true;
        order.push(i);
    }
    // Whatever is left waits on itself: name only the sections it waits for, not those of
    // its uses that have run.
    let left: Vec<i64> = runs
        .iter()
        .zip(&finished)
        .filter(|(_, done)| !**done)
        .filter_map(|(d, _)| d.map(|d| d.number))
        .collect();
    let stuck = runs
        .iter()
        .enumerate()
        .filter(|(i, _)| !finished[*i])
        .filter_map(|(i, d)| {
            let waiting = (*d)?.uses.iter().copied().filter(|u| left.contains(u));
            Some((i, waiting.collect()))
        })
        .collect();
    Plan {
        duplicates,
        order,
        stuck,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(number: i64, uses: &[i64]) -> Declaration {
        Declaration {
            number,
            title: format!("Section {number}"),
            reads: Vec::new(),
            uses: uses.to_vec(),
            sheet: None,
        }
    }

    fn plan_of(plugins: &[Option<Declaration>]) -> Plan {
        let declared: Vec<Option<&Declaration>> = plugins.iter().map(Option::as_ref).collect();
        plan(&declared)
    }

    #[test]
    fn file_order_when_nothing_is_used() {
        let p = plan_of(&[Some(decl(3, &[])), Some(decl(1, &[])), Some(decl(2, &[]))]);
        assert_eq!(p.order, [0, 1, 2]);
        assert!(p.duplicates.is_empty() && p.stuck.is_empty());
    }

    #[test]
    fn a_section_runs_after_the_sections_it_uses() {
        // Section 2 (the general trends) uses 4 and 11, which come after it in file order.
        let p = plan_of(&[
            Some(decl(1, &[])),
            Some(decl(2, &[4, 11])),
            Some(decl(4, &[])),
            Some(decl(11, &[4])),
        ]);
        assert_eq!(p.order, [0, 2, 3, 1]);
        assert!(p.stuck.is_empty());
    }

    #[test]
    fn each_step_takes_the_first_ready_section_in_file_order() {
        // After 3 runs, 1 (waiting for it) comes before 4, which is later in the list.
        let p = plan_of(&[Some(decl(1, &[3])), Some(decl(3, &[])), Some(decl(4, &[]))]);
        assert_eq!(p.order, [1, 0, 2]);
    }

    #[test]
    fn unknown_uses_do_not_hold_a_section_back() {
        let p = plan_of(&[Some(decl(9, &[12])), Some(decl(10, &[]))]);
        assert_eq!(p.order, [0, 1]);
        assert!(p.stuck.is_empty());
    }

    #[test]
    fn sections_that_wait_on_each_other_are_stuck_with_what_they_wait_for() {
        let p = plan_of(&[
            Some(decl(1, &[])),
            Some(decl(5, &[1, 6])),
            Some(decl(6, &[5])),
            Some(decl(7, &[6])),
        ]);
        assert_eq!(p.order, [0]);
        // 5 waits for 6 but not for 1, which has run; 7 waits only on the ring.
        assert_eq!(p.stuck, [(1, vec![6]), (2, vec![5]), (3, vec![6])]);
    }

    #[test]
    fn a_section_that_uses_itself_waits_for_itself() {
        let p = plan_of(&[Some(decl(4, &[4]))]);
        assert!(p.order.is_empty());
        assert_eq!(p.stuck, [(0, vec![4])]);
    }

    #[test]
    fn a_later_plugin_with_a_taken_number_does_not_run() {
        let p = plan_of(&[
            Some(decl(4, &[])),
            Some(decl(5, &[4])),
            Some(decl(4, &[])),
            Some(decl(4, &[])),
        ]);
        assert_eq!(p.duplicates, [(2, 0), (3, 0)]);
        assert_eq!(p.order, [0, 1]);
        assert!(p.stuck.is_empty());
    }

    #[test]
    fn a_use_of_a_taken_number_waits_for_the_first_plugin_only() {
        // The duplicate (position 2) does not run, so 5 runs right after the first 4.
        let p = plan_of(&[Some(decl(5, &[4])), Some(decl(4, &[])), Some(decl(4, &[5]))]);
        assert_eq!(p.duplicates, [(2, 1)]);
        assert_eq!(p.order, [1, 0]);
    }

    #[test]
    fn failed_declarations_do_not_run_and_are_not_waited_for() {
        let p = plan_of(&[None, Some(decl(2, &[1])), None, Some(decl(3, &[]))]);
        assert_eq!(p.order, [1, 3]);
        assert!(p.duplicates.is_empty() && p.stuck.is_empty());
    }

    #[test]
    fn duplicates_ignore_failed_declarations() {
        let d = decl(4, &[]);
        let e = decl(4, &[]);
        assert_eq!(duplicates(&[None, Some(&d), None, Some(&e)]), [(3, 1)]);
        assert!(duplicates(&[]).is_empty());
    }

    #[test]
    fn nothing_to_plan() {
        assert_eq!(
            plan(&[]),
            Plan {
                duplicates: vec![],
                order: vec![],
                stuck: vec![]
            }
        );
    }
}
