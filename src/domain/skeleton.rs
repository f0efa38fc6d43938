//! Canonical decomposition (NFD) and the UTS 39 skeleton
//! (<https://www.unicode.org/reports/tr39/#Confusable_Detection>).
//!
//! Both would come from `unicode_normalization` and `unicode_security`, but that NFD iterator
//! picks canonical or compatibility decomposition at run time, which links the compatibility
//! tables into the wasm module for nothing (29 KB gzipped), and its canonical tables duplicate
//! data ICU4X already brings for IDNA (`idna` -> `idna_adapter` -> `icu_normalizer`). So NFD
//! comes from ICU4X's compiled data, the mark test from `idna_adapter` itself (ICU4X's data
//! are `const`s: asking `icu_properties` here would embed a second copy of the General_Category
//! table, 6 KB gzipped), and the skeleton table is taken from `unicode_security` at build time
//! (`build.rs`, `confusables`). The unit tests check all three against `unicode_normalization`
//! and `unicode_security` for every character.

use icu_normalizer::properties::{CanonicalDecompositionBorrowed, Decomposed};
use icu_normalizer::DecomposingNormalizerBorrowed;
use std::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/confusables.rs"));

const NFD: DecomposingNormalizerBorrowed<'static> = DecomposingNormalizerBorrowed::new_nfd();

/// `s` in Normalization Form D (borrowed when it already is).
pub fn nfd(s: &str) -> Cow<'_, str> {
    NFD.normalize(s)
}

const ONE_STEP: CanonicalDecompositionBorrowed<'static> = CanonicalDecompositionBorrowed::new();

/// Calls `f` with each character of the canonical decomposition of `c` (`é` -> `e`, U+0301).
/// Marks come in decomposition order, not canonical order: for callers that drop them, and
/// several times cheaper per character than a normalizer (the lexicon scan's inner loop).
pub fn for_each_decomposed(c: char, f: &mut impl FnMut(char)) {
    decompose_steps(c, f, 0);
}

fn decompose_steps(c: char, f: &mut impl FnMut(char), depth: u8) {
    // Unicode's canonical mappings nest a few levels at most; the bound only guards the stack.
    if depth > 8 {
        return f(c);
    }
    match ONE_STEP.decompose(c) {
        Decomposed::Default => f(c),
        Decomposed::Singleton(d) => decompose_steps(d, f, depth + 1),
        Decomposed::Expansion(a, b) => {
            decompose_steps(a, f, depth + 1);
            decompose_steps(b, f, depth + 1);
        }
    }
}

/// Whether `c` is a combining mark (General_Category M: Mn, Mc, Me), by the table IDNA uses.
pub fn is_mark(c: char) -> bool {
    idna_adapter::Adapter::new().is_mark(c)
}

/// The UTS 39 skeleton of `s`: NFD, each character replaced by its prototype (default-ignorable
/// characters by nothing), NFD again.
pub fn skeleton(s: &str) -> String {
    let mut mapped = String::with_capacity(s.len());
    for c in NFD.normalize_iter(s.chars()).filter(|c| !is_ignorable(*c)) {
        match prototype(c) {
            Some(Prototype::Char(p)) => mapped.push(p),
            Some(Prototype::Text(p)) => mapped.push_str(p),
            None => mapped.push(c),
        }
    }
    // Each piece is in NFD already; joined, marks may still need reordering.
    match nfd(&mapped) {
        Cow::Borrowed(_) => mapped,
        Cow::Owned(reordered) => reordered,
    }
}

/// The prototype of a character NFD leaves alone, when it is not the character itself.
fn prototype(c: char) -> Option<Prototype> {
    let i = CONFUSABLE_CHARS.binary_search(&u32::from(c)).ok()?;
    let value = *CONFUSABLE_PROTOTYPE.get(i)?;
    if value & LONGER_PROTOTYPE == 0 {
        return char::from_u32(value).map(Prototype::Char);
    }
    let start = (value >> 8 & 0xffff) as usize;
    let len = (value & 0xff) as usize;
    LONGER_PROTOTYPES
        .get(start..start + len)
        .map(Prototype::Text)
}

enum Prototype {
    Char(char),
    Text(&'static str),
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

// The reference crates are native dev-dependencies.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "../../tests/unit/skeleton.rs"]
mod unit_tests;
