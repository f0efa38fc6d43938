//! What `Engine::new` allocates at a wake: total bytes, calls, what stays live, and the largest
//! blocks. Every fresh page a wake writes costs a page fault (in wasm too), so this is the
//! figure to watch when the index changes shape:
//!
//! ```sh
//! cargo run --release --example alloc_engine
//! ```
//!
//! Native sizes: in wasm32 pointers and `usize` are half as wide, so blocks of strings and
//! vectors are smaller there; the fingerprint tables are the same. `realloc` is not counted
//! apart: a vector that grows counts as one more allocation of its new size.
//! One thread only: the counters are switched on for the `Engine::new` call alone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;
use vigie::{Config, Engine};

/// Allocations at least this large are listed one by one (freed ones included).
const LARGE: usize = 8 * 1024;

struct Counting;

static TOTAL: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static LARGE_BLOCKS: Mutex<Vec<usize>> = Mutex::new(Vec::new());
static RECORDING: AtomicBool = AtomicBool::new(false);

// SAFETY: every call is passed on to the system allocator unchanged; the counters are atomics.
// Recording is switched off around the push to the list of large allocations, so that the
// list's own growth passes straight through instead of re-entering the lock.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if RECORDING.load(Relaxed) {
            TOTAL.fetch_add(layout.size(), Relaxed);
            CALLS.fetch_add(1, Relaxed);
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
            if layout.size() >= LARGE {
                RECORDING.store(false, Relaxed);
                if let Ok(mut blocks) = LARGE_BLOCKS.lock() {
                    blocks.push(layout.size());
                }
                RECORDING.store(true, Relaxed);
            }
        }
        // SAFETY: same layout, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if RECORDING.load(Relaxed) {
            // Saturating: a block allocated before recording may be freed during it.
            let _ = LIVE.fetch_update(Relaxed, Relaxed, |live| {
                Some(live.saturating_sub(layout.size()))
            });
        }
        // SAFETY: the pointer came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let config = Config::default();
    RECORDING.store(true, Relaxed);
    let engine = Engine::new(&config);
    RECORDING.store(false, Relaxed);
    println!(
        "Engine::new: {} bytes in {} allocations; {} bytes live after (peak {})",
        TOTAL.load(Relaxed),
        CALLS.load(Relaxed),
        LIVE.load(Relaxed),
        PEAK.load(Relaxed)
    );
    let mut blocks = LARGE_BLOCKS.lock().map(|b| b.clone()).unwrap_or_default();
    blocks.sort_unstable_by(|a, b| b.cmp(a));
    println!("allocations of {LARGE} bytes or more: {blocks:?}");
    drop(engine);
}
