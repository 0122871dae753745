//! A clock for tests: motsu's VM reports one fixed block timestamp, so [`crate::now`] adds this
//! per-thread offset to it. One clock for the minter and the liquidator: compiled only with the
//! `test-clock` feature (tests), never in a deployed contract.
use core::cell::Cell;

std::thread_local! {
    static OFFSET: Cell<u64> = const { Cell::new(0) };
}

/// Seconds the contracts' clock is ahead of the VM's on this thread.
pub fn offset() -> u64 {
    OFFSET.with(Cell::get)
}

/// Moves this thread's clock forward by `seconds`.
pub fn advance(seconds: u64) {
    OFFSET.with(|o| o.set(o.get() + seconds));
}

/// Puts this thread's clock back to the VM's timestamp.
pub fn reset() {
    OFFSET.with(|o| o.set(0));
}
