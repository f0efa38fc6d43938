//! Edit distance on short labels, deletion neighbourhoods (as fingerprints) for the index, and the name of the
//! typo technique (dnstwist's vocabulary: omission, insertion, transposition, ...).

use super::Technique;

/// Optimal string alignment distance (Levenshtein plus adjacent transposition), stopping
/// early above `max`. Works on chars; labels are short.
pub fn osa_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // The three rows live on the stack for names of up to 63 chars (every DNS label): a check
    // compares a host with several protected names, and three allocations per comparison
    // cost more than the comparison in wasm.
    const ON_STACK: usize = 64;
    let width = b.len() + 1;
    let mut stack = [[0usize; ON_STACK]; 3];
    let mut heap;
    let [prev2, prev, cur] = if width <= ON_STACK {
        stack.each_mut().map(|row| &mut row[..width])
    } else {
        heap = [vec![0; width], vec![0; width], vec![0; width]];
        heap.each_mut().map(|row| &mut row[..])
    };
    osa_rows(a, b, max, prev2, prev, cur)
}

/// [`osa_distance`] in three rows of `b.len() + 1` cells.
fn osa_rows<'r>(
    a: &[char],
    b: &[char],
    max: usize,
    mut prev2: &'r mut [usize],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> Option<usize> {
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// How many chars of a name fall in each of 32 bins (`char % 32`). Each edit changes at most
/// one count up and one down, so two names `k` edits apart differ by at most `k` counts each
/// way; sharing a bin only hides differences, so the bound holds for every pair of names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharCounts {
    bins: [u8; 32],
    /// The sum of the bins.
    total: u16,
}

impl CharCounts {
    pub fn of(name: &str) -> CharCounts {
        Self::count(name.chars())
    }

    pub fn of_chars(name: &[char]) -> CharCounts {
        Self::count(name.iter().copied())
    }

    fn count(chars: impl Iterator<Item = char>) -> CharCounts {
        let mut bins = [0u8; 32];
        for c in chars {
            if let Some(bin) = bins.get_mut(u32::from(c) as usize % 32) {
                *bin = bin.saturating_add(1);
            }
        }
        let total = bins.iter().map(|&n| u16::from(n)).sum();
        CharCounts { bins, total }
    }

    /// A lower bound of the edit distance between the two names: the larger of the counts
    /// one has in excess and the other has in excess, which add up to the sum of the bins'
    /// differences and differ by the difference of the totals.
    pub fn distance_bound(&self, other: &CharCounts) -> usize {
        let differences: u16 = self
            .bins
            .iter()
            .zip(&other.bins)
            .map(|(&a, &b)| u16::from(a.abs_diff(b)))
            .sum();
        usize::from((differences + self.total.abs_diff(other.total)) / 2)
    }
}

/// The char counts of a name's distinct readings (folded, letter by letter, as written: at
/// most three).
#[derive(Debug, Clone, Copy)]
pub struct ReadingCounts {
    counts: [CharCounts; 3],
    len: usize,
}

impl ReadingCounts {
    /// The counts of `first` and of each of `others` that differs from those before it.
    pub fn of(first: CharCounts, others: impl IntoIterator<Item = CharCounts>) -> ReadingCounts {
        let mut readings = ReadingCounts {
            counts: [first; 3],
            len: 1,
        };
        for these in others {
            if !readings.as_slice().contains(&these) {
                if let Some(slot) = readings.counts.get_mut(readings.len) {
                    *slot = these;
                    readings.len += 1;
                }
            }
        }
        readings
    }

    fn as_slice(&self) -> &[CharCounts] {
        self.counts.get(..self.len).unwrap_or(&self.counts)
    }

    /// True when some reading of one name may be `edits` or fewer edits from some reading of
    /// the other ([`CharCounts::distance_bound`]).
    pub fn may_be_within(&self, other: &ReadingCounts, edits: usize) -> bool {
        self.as_slice().iter().any(|ours| {
            other
                .as_slice()
                .iter()
                .any(|theirs| ours.distance_bound(theirs) <= edits)
        })
    }
}

/// Base of the polynomial fingerprint (odd, so powers never vanish modulo 2^64).
const FP_BASE: u64 = 0x0000_0100_0000_01b3;

/// 64-bit polynomial fingerprints of a label and of the labels made by deleting one of its
/// chars, each in O(1) from prefix and suffix hashes: the deletion neighbourhood without
/// building a string per deletion. Equal strings have equal fingerprints; the rare collision of
/// two different ones only adds a candidate that the edit distance then rejects.
pub struct Fingerprints {
    /// `prefix[k]`: fingerprint of the first `k` chars.
    prefix: Vec<u64>,
    /// `suffix[k]`: fingerprint of the chars from `k` on.
    suffix: Vec<u64>,
    /// `pow[k]`: `FP_BASE^k`.
    pow: Vec<u64>,
}

/// What one char adds to a fingerprint (never 0, so that `"\0"` and `""` differ).
fn char_value(c: char) -> u64 {
    u64::from(u32::from(c)) + 1
}

impl Fingerprints {
    pub fn new(chars: &[char]) -> Fingerprints {
        let mut prefix = Vec::with_capacity(chars.len() + 1);
        let mut pow = Vec::with_capacity(chars.len() + 1);
        let (mut h, mut p) = (0u64, 1u64);
        prefix.push(h);
        pow.push(p);
        for &c in chars {
            h = h.wrapping_mul(FP_BASE).wrapping_add(char_value(c));
            p = p.wrapping_mul(FP_BASE);
            prefix.push(h);
            pow.push(p);
        }
        // `suffix[k] = value(c[k]) * FP_BASE^(n-k-1) + suffix[k+1]`, built from the end.
        let mut suffix = vec![0u64; chars.len() + 1];
        let mut tail = 0u64;
        for ((slot, &c), &p) in suffix.iter_mut().zip(chars).rev().zip(&pow) {
            tail = char_value(c).wrapping_mul(p).wrapping_add(tail);
            *slot = tail;
        }
        Fingerprints {
            prefix,
            suffix,
            pow,
        }
    }

    pub fn len(&self) -> usize {
        self.prefix.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn at(v: &[u64], i: usize) -> u64 {
        v.get(i).copied().unwrap_or(0)
    }

    /// The whole label.
    pub fn whole(&self) -> u64 {
        Self::at(&self.prefix, self.len())
    }

    /// Fingerprints of every one-char deletion, in order of the deleted char.
    pub fn deletions(&self) -> impl Iterator<Item = u64> + '_ {
        // Without char `i`: `prefix[i] * FP_BASE^(n-i-1) + suffix[i+1]`.
        let n = self.len();
        self.prefix
            .iter()
            .zip(self.suffix.iter().skip(1))
            .zip(self.pow.iter().take(n).rev())
            .map(|((&head, &tail), &p)| head.wrapping_mul(p).wrapping_add(tail))
    }
}

/// Fingerprint → entry pairs in one open-addressing table: one allocation for the whole index
/// and no sort, because the index is rebuilt at every service-worker wake (see the start-up
/// budget in the design notes). A key with several entries occupies several slots of one probe
/// run.
///
/// A slot keeps a 32-bit tag of the fingerprint, not the fingerprint: 8 bytes a slot instead
/// of 16 halves the memory a wake writes (fresh pages cost a fault each). Two fingerprints
/// with one tag are one key here, so a lookup can return an entry that only shares a tag with
/// the name looked up; that costs one needless comparison, since every candidate is checked
/// by edit distance (`typo.rs`), which is why every reading of a name is looked up as far as
/// that check accepts it. With the brand layer's ~2,200 pairs a probe meets a stray tag about
/// once in two million; a host makes a few dozen probes.
#[derive(Debug, Clone)]
pub struct FpTable {
    slots: Vec<(u32, u32)>,
    len: usize,
    /// How often the table was moved to a larger one (tests check that a wake never does).
    #[cfg(test)]
    pub(crate) rehashes: usize,
}

/// Marks an empty slot (entry ids come from a `Vec` index and never reach it).
const EMPTY: u32 = u32::MAX;
const FIRST_CAPACITY: usize = 1024;

/// The 32 high bits of a multiplicative (Fibonacci) hash of a fingerprint. The polynomial
/// fingerprints mix poorly into their low bits; the high bits of the product are well mixed,
/// and the tag's own high bits choose the home slot, so a table can grow without the
/// fingerprints.
fn tag(fp: u64) -> u32 {
    u32::try_from(fp.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32).unwrap_or(0)
}

impl Default for FpTable {
    fn default() -> Self {
        FpTable::with_capacity(0)
    }
}

impl FpTable {
    /// A table that takes `pairs` pairs without growing.
    pub fn with_capacity(pairs: usize) -> FpTable {
        let capacity = pairs
            .saturating_mul(2)
            .next_power_of_two()
            .max(FIRST_CAPACITY);
        FpTable {
            slots: vec![(0, EMPTY); capacity],
            len: 0,
            #[cfg(test)]
            rehashes: 0,
        }
    }

    /// Room for `pairs` more pairs without growing on the way (each growth rehashes them all).
    pub fn reserve(&mut self, pairs: usize) {
        let wanted = (self.len + pairs).saturating_mul(2).next_power_of_two();
        if wanted > self.slots.len() {
            self.rehash(wanted);
        }
    }

    fn mask(&self) -> usize {
        self.slots.len().saturating_sub(1)
    }

    /// First slot to probe: the tag's top bits (the capacity is a power of two).
    fn home(&self, tag: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        usize::try_from(tag.checked_shr(32u32.saturating_sub(bits)).unwrap_or(0)).unwrap_or(0)
            & self.mask()
    }

    /// Slots of the probe run that starts at `tag`'s home slot, up to the first empty one.
    fn run(&self, tag: u32) -> impl Iterator<Item = &(u32, u32)> + '_ {
        let mask = self.mask();
        let home = self.home(tag);
        (0..self.slots.len())
            .filter_map(move |step| self.slots.get((home + step) & mask))
            .take_while(|&&(_, id)| id != EMPTY)
    }

    /// Add a pair; a pair already present is not added twice.
    pub fn insert(&mut self, fp: u64, id: u32) {
        self.insert_tagged(tag(fp), id);
    }

    fn insert_tagged(&mut self, tag: u32, id: u32) {
        if id == EMPTY {
            return;
        }
        // At most half full, so probe runs stay short (and one empty slot always ends a run).
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        // One walk along the probe run: past the pair if it is there, else to the first
        // empty slot, where it goes.
        let mask = self.mask();
        let mut at = self.home(tag);
        for _ in 0..self.slots.len() {
            let Some(slot) = self.slots.get_mut(at) else {
                return;
            };
            if slot.1 == EMPTY {
                *slot = (tag, id);
                self.len += 1;
                return;
            }
            if *slot == (tag, id) {
                return;
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        self.rehash((self.slots.len() * 2).max(FIRST_CAPACITY));
    }

    /// Move every pair into a table of `capacity` slots (a power of two).
    fn rehash(&mut self, capacity: usize) {
        let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY); capacity]);
        self.len = 0;
        #[cfg(test)]
        {
            self.rehashes += 1;
        }
        for (tag, id) in old.into_iter().filter(|&(_, id)| id != EMPTY) {
            self.insert_tagged(tag, id);
        }
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Entries under one fingerprint (and any other with the same tag).
    pub fn get(&self, fp: u64) -> impl Iterator<Item = u32> + '_ {
        let tag = tag(fp);
        self.run(tag)
            .filter(move |&&(t, _)| t == tag)
            .map(|&(_, id)| id)
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Name the typo that turns `protected` into `seen` (both lower case).
pub fn classify(seen: &[char], protected: &[char]) -> Technique {
    let common_prefix = seen
        .iter()
        .zip(protected)
        .take_while(|(a, b)| a == b)
        .count();
    let at = |s: &[char], i: usize| s.get(i).copied();
    match seen.len().cmp(&protected.len()) {
        std::cmp::Ordering::Greater => {
            let inserted = at(seen, common_prefix);
            if inserted == Some('-') {
                Technique::Hyphenation
            } else if inserted.is_some()
                && (inserted == at(seen, common_prefix + 1)
                    || (common_prefix > 0 && inserted == at(seen, common_prefix - 1)))
            {
                Technique::Repetition
            } else {
                Technique::Insertion
            }
        }
        std::cmp::Ordering::Less => Technique::Omission,
        std::cmp::Ordering::Equal => {
            let (a, b) = (at(seen, common_prefix), at(protected, common_prefix));
            if a.is_some()
                && a == at(protected, common_prefix + 1)
                && b == at(seen, common_prefix + 1)
            {
                return Technique::Transposition;
            }
            match (a, b) {
                (Some(x), Some(y)) if (u32::from(x) ^ u32::from(y)).count_ones() == 1 => {
                    Technique::Bitsquat
                }
                (Some(x), Some(y)) if is_vowel(x) && is_vowel(y) => Technique::VowelSwap,
                _ => Technique::Replacement,
            }
        }
    }
}
