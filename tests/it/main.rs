//! The integration tests, one crate (one executable) with one support module: each test
//! runs the built `actionplan` in a scratch project folder and reads what it wrote.
//!
//! `cargo test` runs them all; `cargo test --test it core_build` runs one module.

mod support;

mod big_figures;
mod circulate;
mod compiled_once;
mod core_build;
mod core_commands;
mod core_layout;
mod core_problems;
mod core_sections;
mod default_project;
mod naming_policy;
mod package_xml;
mod plugin_docs;
mod plugin_tutorial;
mod provenance;
mod report_truth;
mod robust_corpus;
mod robust_faults;
mod robust_fuzz;
mod robust_mistakes;
mod robust_output;
mod robust_places;
mod robust_plugins;
mod robust_writing;
mod rules_check;
mod rules_walkthrough;
mod smoke;
mod ux_cli;
mod ux_explain;
mod ux_init;
mod ux_template;
mod ux_tracker;
