//! The `actionplan` command: everything lives in the library; this only maps the result to an exit status.

fn main() {
    std::process::exit(actionplan::main());
}
