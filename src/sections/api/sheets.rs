//! `sheet(name)`: a sheet the section declared in `reads`, as a view (see `data.rs`).

use mlua::Lua;

use super::errors::ApiError;
use super::with_ctx;
use crate::sections::data::View;
use crate::text::suggest::{self, fold};

pub fn sheet(lua: &Lua, name: String) -> mlua::Result<View> {
    let (dataset, reads) = with_ctx(lua, |c| (c.dataset.clone(), c.reads.clone()));
    // The reads are set when run() starts: a plugin reads no data while it is being declared,
    // so that `actionplan sections` can list the plugins without reading the workbooks.
    let Some(reads) = reads else {
        return Err(ApiError::SheetOutsideRun.into());
    };
    if !reads.iter().any(|r| fold(r) == fold(&name)) {
        // A typo of a sheet the section reads is likelier than a sheet it forgot.
        let close = suggest::did_you_mean(&name, reads.iter().map(String::as_str));
        return Err(ApiError::SheetNotInReads {
            close: close.map(str::to_string),
            name,
            reads,
        }
        .into());
    }
    match dataset.table(&name) {
        Some(t) => Ok(View::all(t.clone())),
        None => Err(ApiError::NoSuchSheet {
            close: suggest::did_you_mean(&name, dataset.table_names()).map(str::to_string),
            name,
        }
        .into()),
    }
}
