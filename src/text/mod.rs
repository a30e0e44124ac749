//! Text for people: grammatical counts and lists, folding and "did you mean", cell references.

pub mod cellref;
pub mod grammar;
pub mod suggest;
