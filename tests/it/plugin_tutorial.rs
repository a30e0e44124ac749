//! The tutorial of docs/plugins.md, run for real: on a copy of the repository's own project,
//! each `lua before=`/`lua after=` pair is applied to its file (the "before" text must be in
//! the file exactly once, so the tutorial cannot drift from the plugins), and each command of
//! a `console` block is run and must print exactly what the tutorial shows.

use crate::support::{repo, sh, Workdir};

const DOC: &str = "docs/plugins.md";

struct Block {
    info: String,
    body: String,
    line: usize,
}

fn tutorial_blocks(doc: &str) -> Vec<Block> {
    let start = doc
        .find("\n## Tutorial\n")
        .expect("docs/plugins.md has a Tutorial")
        + 1;
    let first_line = doc[..start].lines().count() + 1;
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in doc[start..].lines().enumerate() {
        if open.is_none() && i > 0 && line.starts_with("## ") {
            break;
        }
        match &mut open {
            Some(b) if line == "```" => out.push(open.take().unwrap()),
            Some(b) => {
                b.body.push_str(line);
                b.body.push('\n');
            }
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        body: String::new(),
                        line: first_line + i,
                    });
                }
            }
        }
    }
    assert!(
        open.is_none(),
        "{DOC}: a code block of the tutorial is not closed"
    );
    out
}

#[test]
fn the_tutorial_changes_the_default_report_as_it_shows() {
    let doc = std::fs::read_to_string(repo().join(DOC)).unwrap();
    let blocks = tutorial_blocks(&doc);
    assert!(blocks.len() >= 8, "{DOC}: the tutorial has lost its steps");

    let wd = Workdir::default_project("plugin-tutorial");

    let mut before: Option<(String, String, usize)> = None;
    let mut commands = 0;
    for b in &blocks {
        let at = format!("{DOC}, line {}", b.line);
        let (kind, file) = match b.info.split_once(' ') {
            Some((k, rest)) => (k, rest.trim()),
            None => (b.info.as_str(), ""),
        };
        match (kind, file.split_once('=')) {
            ("lua", Some(("before", f))) => before = Some((f.to_string(), b.body.clone(), b.line)),
            ("lua", Some(("after", f))) => {
                let (bf, text, line) = before.take().unwrap_or_else(|| panic!("{at}: an after block needs a before block"));
                assert_eq!(bf, f, "{at}: the after block is for another file than the before block of line {line}");
                let path = wd.path(f);
                let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{at}: {f}: {e}"));
                assert_eq!(
                    source.matches(&text).count(),
                    1,
                    "{DOC}, line {line}: the text shown must be in {f} exactly once"
                );
                std::fs::write(&path, source.replacen(&text, &b.body, 1)).unwrap();
            }
            ("console", None) => {
                // "$ command" lines, each followed by what it prints.
                let mut steps: Vec<(String, String)> = Vec::new();
                for line in b.body.lines() {
                    match line.strip_prefix("$ ") {
                        Some(command) => steps.push((command.to_string(), String::new())),
                        None => {
                            let (_, out) = steps.last_mut().unwrap_or_else(|| panic!("{at}: output before any $ command"));
                            out.push_str(line);
                            out.push('\n');
                        }
                    }
                }
                for (command, expected) in steps {
                    commands += 1;
                    let got = sh(&wd.root, &command);
                    assert_eq!(got, expected, "{at}: `{command}` printed something else than the tutorial shows");
                }
            }
            _ => panic!("{at}: the tutorial takes ```console, ```lua before=FILE and ```lua after=FILE blocks (found ```{})", b.info),
        }
        if kind == "lua" && file.starts_with("before=") {
            // A before block shown only to point at a line is checked against the file too.
            let (f, text, line) = before.as_ref().unwrap();
            let source = std::fs::read_to_string(wd.path(f)).unwrap();
            assert!(
                source.contains(text.as_str()),
                "{DOC}, line {line}: the text shown is not in {f}"
            );
        }
    }
    assert!(commands >= 5, "{DOC}: the tutorial runs too few commands");
}
