//! Edit distance on short labels, deletion neighbourhoods for the index, and the name of the
//! typo technique (dnstwist's vocabulary: omission, insertion, transposition, ...).

use super::Technique;
use std::collections::HashSet;

/// Optimal string alignment distance (Levenshtein plus adjacent transposition), stopping
/// early above `max`. Works on chars; labels are short.
pub fn osa_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
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

/// Every string made by deleting one char (deduplicated, in order).
pub fn deletions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut seen: HashSet<String> = HashSet::with_capacity(chars.len());
    let mut out: Vec<String> = Vec::with_capacity(chars.len());
    for skip in 0..chars.len() {
        let v: String = chars
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, c)| *c)
            .collect();
        if seen.insert(v.clone()) {
            out.push(v);
        }
    }
    out
}

/// Deletions of one and two chars (for long labels, where two typos are still a lookalike).
pub fn deletions_upto_two(s: &str) -> Vec<String> {
    let mut out = deletions(s);
    let mut seen: HashSet<String> = out.iter().cloned().collect();
    let first = out.clone();
    for d in &first {
        for dd in deletions(d) {
            if seen.insert(dd.clone()) {
                out.push(dd);
            }
        }
    }
    out
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
