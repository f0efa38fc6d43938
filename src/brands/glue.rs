//! Brand names glued to other words inside one token, as in local parts
//! (`serviceclienteleproximus`, `proximusbe`, `supportnetflix24`): the glue is read from each
//! end of the token, so the search stays linear in it.

use super::{BrandId, Catalog};

/// Shortest compact alias found inside a longer token (`serviceclienteleproximus`).
const MIN_INNER_ALIAS: usize = 5;
/// Longest token searched for glued aliases (a local part is at most 64 characters).
const MAX_INNER_TOKEN: usize = 64;
/// Longest glue word tried when reading the rest of such a token.
const MAX_GLUE_WORD: usize = 16;

impl Catalog {
    /// Long non-word aliases glued to service words inside one token (`proximusservice`,
    /// `serviceclienteleproximus`, `myproximusinfo`). The rest of the token must be made of
    /// such words: a surname that happens to contain a brand (`englebert`) is not a claim.
    /// Linear in the token: glue is read once from each end, pieces are at most as long as the
    /// longest alias, and tokens longer than a local part may be are not searched.
    pub(super) fn inner_aliases(&self, token: &str) -> Vec<BrandId> {
        let mut out = Vec::new();
        let len = token.len();
        if len <= MIN_INNER_ALIAS || len > MAX_INNER_TOKEN || !token.is_ascii() {
            return out;
        }
        let glued_before = self.glue_prefixes(token);
        let glued_after = self.glue_suffixes(token);
        for start in 0..=len - MIN_INNER_ALIAS {
            if !glued_before.get(start).copied().unwrap_or(false) {
                continue;
            }
            for end in start + MIN_INNER_ALIAS..=len.min(start + self.longest_key) {
                if (start == 0 && end == len) || !glued_after.get(end).copied().unwrap_or(false) {
                    continue;
                }
                let Some(piece) = token.get(start..end) else {
                    continue;
                };
                if let Some(ids) = self.by_compact.get(piece) {
                    for &id in ids {
                        let word = self.brand(id).is_none_or(|b| b.word);
                        if !word && !out.contains(&id) {
                            out.push(id);
                        }
                    }
                }
            }
        }
        out
    }

    /// `r[i]`: the first `i` bytes of `s` (ASCII) are glue words and digit runs (`r[0]` is true).
    fn glue_prefixes(&self, s: &str) -> Vec<bool> {
        let n = s.len();
        let mut r = vec![false; n + 1];
        if let Some(first) = r.first_mut() {
            *first = true;
        }
        for i in 0..n {
            if !r.get(i).copied().unwrap_or(false) {
                continue;
            }
            let digits = s.bytes().skip(i).take_while(u8::is_ascii_digit).count();
            for j in (i + 1..=n.min(i + MAX_GLUE_WORD))
                .filter(|&j| j - i <= digits || self.is_glue_word(s.get(i..j)))
            {
                if let Some(x) = r.get_mut(j) {
                    *x = true;
                }
            }
        }
        r
    }

    /// `r[i]`: the bytes of `s` from `i` to the end are glue words and digit runs (`r[len]` is
    /// true).
    fn glue_suffixes(&self, s: &str) -> Vec<bool> {
        let n = s.len();
        let mut r = vec![false; n + 1];
        if let Some(last) = r.last_mut() {
            *last = true;
        }
        for j in (1..=n).rev() {
            if !r.get(j).copied().unwrap_or(false) {
                continue;
            }
            let digits = s
                .bytes()
                .take(j)
                .rev()
                .take_while(u8::is_ascii_digit)
                .count();
            for i in (j.saturating_sub(MAX_GLUE_WORD)..j)
                .filter(|&i| j - i <= digits || self.is_glue_word(s.get(i..j)))
            {
                if let Some(x) = r.get_mut(i) {
                    *x = true;
                }
            }
        }
        r
    }

    fn is_glue_word(&self, w: Option<&str>) -> bool {
        w.is_some_and(|w| self.glue_words.contains(w))
    }
}
