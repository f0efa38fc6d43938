//! HTML extraction: `vigie::html::extract` with the default limits.
//!
//! Runs on a thread with a small stack (256 KB, a quarter of the wasm build's 1 MB shadow stack):
//! recursion that grows with the input then overflows on inputs of a few KB, which the fuzzer
//! reaches, instead of only on the 100 KB+ inputs that would exhaust the 8 MB of a native main
//! thread.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie::html::{extract, Limits};

const STACK: usize = 256 * 1024;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data).into_owned();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || check(&input))
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
});

fn check(input: &str) {
    let limits = Limits::default();
    let x = extract(input, limits);
    assert!(
        x.anchors.len() <= limits.max_anchors,
        "more anchors than the limit"
    );
    assert!(
        x.anchor_count >= x.anchors.len(),
        "anchor_count below the anchors kept"
    );
    for (i, a) in x.anchors.iter().enumerate() {
        assert_eq!(a.index, i, "anchors out of document order");
    }
}
