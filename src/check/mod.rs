//! Checking the workbooks: the dictionary, each sheet's header, every cell against its
//! declared type, the States list and the settings; the result is the typed `Dataset`.

pub mod dictionary;
pub mod header;
pub mod load;
pub mod states;
pub mod validate;
