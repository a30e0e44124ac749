//! The memory all sections share. Each section has its own limit (`--section-memory`), but
//! every plugin is loaded at once and keeps its Lua state until its section has run, so six
//! plugins of 190 MB each would hold 1.2 GB together. A `Budget` is the limit for all of them
//! (`--total-section-memory`): every allocation of every section's Lua state, and what each
//! section hands to the report, is counted against it, and one that would pass it fails as
//! "not enough memory" in the section that asked.
//!
//! mlua's allocator keeps the section's own count and limit; the budget is a thin allocator
//! around it (`lua_setallocf`), so that both limits hold at every allocation, not only when
//! the instruction hook happens to run.

use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use mlua::{ffi, Lua};

/// Bytes used by all sections together, and their limit.
#[derive(Debug)]
pub struct Budget {
    used: AtomicUsize,
    limit: usize,
}

impl Budget {
    pub fn new(limit: usize) -> Arc<Budget> {
        Arc::new(Budget {
            used: AtomicUsize::new(0),
            limit,
        })
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Takes `bytes` from the budget, or says no (and takes nothing) when they would pass it.
    pub fn take(&self, bytes: usize) -> bool {
        let mut used = self.used.load(Ordering::Relaxed);
        loop {
            let Some(after) = used.checked_add(bytes).filter(|&a| a <= self.limit) else {
                return false;
            };
            match self
                .used
                .compare_exchange_weak(used, after, Ordering::AcqRel, Ordering::Relaxed)
            {
                Ok(_) => return true,
                Err(now) => used = now,
            }
        }
    }

    /// Gives `bytes` back.
    pub fn give_back(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::AcqRel);
    }

    /// Takes `bytes` whatever the limit (memory already in use when the count starts).
    fn charge(&self, bytes: usize) {
        self.used.fetch_add(bytes, Ordering::AcqRel);
    }

    #[cfg(test)]
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }
}

thread_local! {
    /// Whether the last allocation refused in this thread (a section's thread) was refused by
    /// the budget rather than by the section's own limit: which of the two messages a
    /// "not enough memory" gets.
    static REFUSED_BY_BUDGET: Cell<bool> = const { Cell::new(false) };
}

/// Whether the last allocation refused in this thread was refused by the shared budget.
pub fn last_refusal_was_the_budget() -> bool {
    REFUSED_BY_BUDGET.try_with(Cell::get).unwrap_or(false)
}

fn set_refused_by_budget(value: bool) {
    let _ = REFUSED_BY_BUDGET.try_with(|r| r.set(value));
}

/// What the budget's allocator needs: mlua's allocator and its state, the budget, and the
/// state's own use and limit (kept by mlua too; kept here to know which limit refuses).
struct Counted {
    inner: ffi::lua_Alloc,
    inner_ud: *mut c_void,
    budget: Arc<Budget>,
    used: Cell<usize>,
    own_limit: usize,
}

/// Counts the Lua state `lua` against `budget` from now on (what it already uses included).
/// `own_limit` is the state's own limit, which must already be set (`Lua::set_memory_limit`):
/// mlua cannot change it once its allocator is wrapped.
pub fn count(lua: &Lua, own_limit: usize, budget: &Arc<Budget>) -> mlua::Result<()> {
    let used = lua.used_memory();
    budget.charge(used);
    let budget = budget.clone();
    // SAFETY: lua_getallocf and lua_setallocf only read and write the allocator of the state
    // (shared by its threads); no Lua value is touched. `Counted` is leaked: the state frees
    // its memory through it up to the end of lua_close, which runs in mlua's Drop, after any
    // owner of ours is gone. (mlua then no longer finds its own allocator state, and leaves its
    // 24 bytes unfreed: both are a few dozen bytes a section.)
    unsafe {
        lua.exec_raw::<()>((), move |state| {
            let mut inner_ud = std::ptr::null_mut();
            let inner = ffi::lua_getallocf(state, &mut inner_ud);
            let counted = Box::leak(Box::new(Counted {
                inner,
                inner_ud,
                budget,
                used: Cell::new(used),
                own_limit,
            }));
            ffi::lua_setallocf(state, counted_alloc, counted as *mut Counted as *mut c_void);
        })
    }
}

/// Lua's allocation function: mlua's, within the budget.
unsafe extern "C" fn counted_alloc(
    ud: *mut c_void,
    ptr: *mut c_void,
    osize: usize,
    nsize: usize,
) -> *mut c_void {
    // SAFETY: `ud` is the leaked `Counted` that `count` installed with this function.
    let counted = unsafe { &*(ud as *const Counted) };
    // A new block (ptr null) has no old size: Lua passes the kind of object in `osize`.
    let old = if ptr.is_null() { 0 } else { osize };
    let used = counted.used.get();
    if nsize > old {
        let more = nsize - old;
        // The section's own limit first: when both would refuse, it is the section's own doing.
        if used.saturating_add(more) > counted.own_limit {
            set_refused_by_budget(false);
            return std::ptr::null_mut();
        }
        if !counted.budget.take(more) {
            set_refused_by_budget(true);
            return std::ptr::null_mut();
        }
        // SAFETY: the arguments are Lua's own, passed on unchanged to the allocator they were
        // meant for.
        let block = unsafe { (counted.inner)(counted.inner_ud, ptr, osize, nsize) };
        if block.is_null() {
            counted.budget.give_back(more);
            set_refused_by_budget(false);
        } else {
            counted.used.set(used + more);
        }
        block
    } else {
        // SAFETY: as above. Freeing and shrinking cannot fail.
        let block = unsafe { (counted.inner)(counted.inner_ud, ptr, osize, nsize) };
        counted.budget.give_back(old - nsize);
        counted.used.set(used - (old - nsize));
        block
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mlua::{LuaOptions, StdLib};

    fn state(own_limit: usize, budget: &Arc<Budget>) -> Lua {
        let lua = Lua::new_with(StdLib::STRING, LuaOptions::default()).unwrap();
        lua.set_memory_limit(own_limit).unwrap();
        count(&lua, own_limit, budget).unwrap();
        lua
    }

    #[test]
    fn states_share_the_budget_and_give_it_back() {
        const MB: usize = 1024 * 1024;
        let budget = Budget::new(64 * MB);
        let a = state(60 * MB, &budget);
        let b = state(60 * MB, &budget);
        // string.rep holds its result twice for a moment: 48 MB, within either limit alone.
        let keep = "big = string.rep('x', 24 * 1024 * 1024) collectgarbage()";
        a.load(keep).exec().unwrap();
        assert!(budget.used() > 24 * MB);
        // b is within its own limit, but the two together would pass the budget.
        let e = b.load(keep).exec().unwrap_err();
        assert!(matches!(e, mlua::Error::MemoryError(_)), "{e:?}");
        assert!(last_refusal_was_the_budget());
        // Its own limit is still its own, and comes first.
        let e = b.load("x = string.rep('x', 70 * 1024 * 1024)").exec();
        assert!(matches!(e, Err(mlua::Error::MemoryError(_))), "{e:?}");
        assert!(!last_refusal_was_the_budget());
        // Closing a state gives its memory back.
        drop(a);
        b.load(keep).exec().unwrap();
        drop(b);
        assert_eq!(budget.used(), 0);
    }
}
