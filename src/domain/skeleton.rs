//! Canonical decomposition (NFD) and the UTS 39 skeleton
//! (<https://www.unicode.org/reports/tr39/#Confusable_Detection>).
//!
//! Both would come from `unicode_normalization` and `unicode_security`, but their NFD iterator
//! picks canonical or compatibility decomposition at run time, which links the compatibility
//! tables into the wasm module for nothing (29 KB gzipped). So NFD is built here on the
//! per-character canonical decomposition alone, and the skeleton table is taken from
//! `unicode_security` at build time (`build.rs`, `confusables`). The unit tests check both
//! against those crates for every character.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

include!(concat!(env!("OUT_DIR"), "/confusables.rs"));

/// `s` in Normalization Form D.
pub fn nfd(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut chars = Vec::with_capacity(s.len());
    decompose_into(s.chars(), &mut chars);
    chars.into_iter().collect()
}

/// The UTS 39 skeleton of `s`: NFD, each character replaced by its prototype (default-ignorable
/// characters by nothing), NFD again.
pub fn skeleton(s: &str) -> String {
    let mut chars = Vec::with_capacity(s.len());
    decompose_into(s.chars(), &mut chars);
    let mut mapped = String::with_capacity(s.len());
    for c in chars.into_iter().filter(|c| !is_ignorable(*c)) {
        match prototype(c) {
            Some(p) => mapped.push_str(p),
            None => mapped.push(c),
        }
    }
    nfd(&mapped)
}

/// The prototype of a character NFD leaves alone, when it is not the character itself.
fn prototype(c: char) -> Option<&'static str> {
    let i = CONFUSABLE_CHARS.binary_search(&u32::from(c)).ok()?;
    let which = usize::from(*CONFUSABLE_PROTOTYPE.get(i)?);
    let start = usize::from(*PROTOTYPE_STARTS.get(which)?);
    let end = usize::from(*PROTOTYPE_STARTS.get(which + 1)?);
    PROTOTYPE_TEXT.get(start..end)
}

/// Whether `c` is default-ignorable (UTS 39 drops those from skeletons).
fn is_ignorable(c: char) -> bool {
    let c = u32::from(c);
    let after = IGNORABLE.partition_point(|&(first, _)| first <= c);
    after
        .checked_sub(1)
        .and_then(|i| IGNORABLE.get(i))
        .is_some_and(|&(_, last)| c <= last)
}

/// Appends the canonical decomposition of `chars` to `out`, marks in canonical order.
fn decompose_into(chars: impl Iterator<Item = char>, out: &mut Vec<char>) {
    let from = out.len();
    for c in chars {
        decompose_canonical(c, |d| out.push(d));
    }
    // Canonical ordering (Unicode 3.11, D108): within each run of non-starters, a stable sort
    // by combining class.
    if let Some(tail) = out.get_mut(from..) {
        for run in tail.chunk_by_mut(|a, b| {
            canonical_combining_class(*a) != 0 && canonical_combining_class(*b) != 0
        }) {
            run.sort_by_key(|c| canonical_combining_class(*c));
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/skeleton.rs"]
mod unit_tests;
