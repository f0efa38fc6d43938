//! Typo lookups of the index: protected labels within one edit (two for long labels) of a
//! host's label, by symmetric deletion over fingerprints, with Chromium's false-positive
//! filters and ours.

use super::edit::{self, CharCounts, Fingerprints, ReadingCounts};
use super::{
    letter_reading, LookalikeIndex, LookalikeMatch, Owner, Protected, Technique, LONG_LABEL,
    MIN_ACCENTED_EDIT_LEN, MIN_EDIT_LEN,
};
use crate::domain::confusable::{fold, fold_letters, strip_accents};
use crate::domain::{is_country_code, top_label, HostName};

impl LookalikeIndex {
    pub(super) fn within_edits(
        &self,
        label: &str,
        unicode_label: &str,
        folded: &str,
        suffix: &str,
        found: &mut Vec<LookalikeMatch>,
    ) {
        let chars: Vec<char> = folded.chars().collect();
        let written_ascii = |l: &str| l.is_ascii() && !l.starts_with("xn--");
        // A name that already reads as a protected one (`kbċ` as `kbc`) is not also compared
        // with the short names one edit from that (`cbc`).
        let read_as_protected = found
            .iter()
            .any(|m| matches!(m.technique, Technique::Homoglyph | Technique::MixedScript));
        let short_names_too = !written_ascii(label) && !read_as_protected;
        let shortest = if short_names_too {
            MIN_ACCENTED_EDIT_LEN
        } else {
            MIN_EDIT_LEN - 1
        };
        // A letter added to a three-letter name can make a pair that folding merges (`kbcl`
        // reads `kbd`): such a label is read on, for that rule only (`added_to_short_name`).
        let only_added = chars.len() < shortest;
        if only_added && !(written_ascii(label) && label.len() == SHORT_NAME + 1) {
            return;
        }
        // Nothing protected is within two edits of a label much longer than all of them.
        if chars.len() > self.longest_label + 2 {
            return;
        }
        // Symmetric deletion: a protected label one edit away shares a string made by
        // deleting up to one char of this one and up to one of it. The index holds the
        // protected side (`folded_fp`: none deleted, `neighbourhood`: one), as fingerprints.
        // Two edits are only allowed between long labels under one suffix: those candidates
        // come from `long_labels` below.
        let mut candidates: Vec<u32> = Vec::new();
        let mut add = |fp: u64| {
            for table in [&self.folded_fp, &self.neighbourhood] {
                for first in table.get(fp) {
                    let same_label = self
                        .entry(first)
                        .map_or(&[][..], |e| self.with_folded(&e.folded));
                    for &id in same_label {
                        if !candidates.contains(&id) {
                            candidates.push(id);
                        }
                    }
                }
            }
        };
        // Every reading of the label is looked up as far as the check below may accept it.
        let mut look_up = |reading: &[char]| {
            let fps = Fingerprints::new(reading);
            add(fps.whole());
            fps.deletions().for_each(&mut add);
        };
        look_up(&chars);
        let label_chars: Vec<char> = label.chars().collect();
        // Folding can break a typo apart: with `rn` read as `m`, the swap in `tunr` for `turn`
        // is no longer one edit (Chromium retries swaps on unfolded names for the same reason:
        // detection-anchors.md, section 1.5c). A written ASCII label is also looked up as
        // written.
        // The label folded letter by letter, when pairs changed it (`cl` read as `d`...).
        let mut letters: Option<Vec<char>> = None;
        if label_chars != chars {
            if written_ascii(label) {
                look_up(&label_chars);
            }
            // A typo can also make a pair that folding then reads as one letter: `vinnster`
            // (`vinaster` without its `a`) folds to `vlmster`, two edits from `vlnaster`;
            // `zcl1ostar` (`e` written `c`, `i` written `1`) folds to `zdlostar`. Folded letter
            // by letter, they still meet the protected name (unit tests of both). The same
            // holds with accents: `tçlenet` folds to `tdenet`, letter by letter to `tclenet`.
            let by_letter: Vec<char> = fold_letters(unicode_label).chars().collect();
            if by_letter != chars {
                look_up(&by_letter);
                letters = Some(by_letter);
            }
        }
        if chars.len() >= LONG_LABEL {
            let others = [Some(&label_chars), letters.as_ref()];
            let readings = ReadingCounts::of(
                CharCounts::of_chars(&chars),
                others
                    .into_iter()
                    .flatten()
                    .map(|r| CharCounts::of_chars(r)),
            );
            for long in self.long_labels_under(suffix) {
                if readings.may_be_within(&long.counts, 2) && !candidates.contains(&long.id) {
                    candidates.push(long.id);
                }
            }
        }
        for id in candidates {
            let Some(e) = self.entry(id) else { continue };
            if e.folded == folded || e.suffix.is_empty() {
                continue;
            }
            // Asked once per candidate, and only of three-letter names.
            let added = e.label.len() == SHORT_NAME && added_to_short_name(label, e, suffix);
            if only_added && !added {
                continue;
            }
            let theirs: Vec<char> = e.folded.chars().collect();
            let short = theirs.len().min(chars.len()) < MIN_EDIT_LEN;
            // Short names and ordinary words have many honest neighbours: only the same suffix,
            // never for a three-letter name (`ing`, `kbc`) or a short ordinary word (`base.be`
            // has `bose.be`, `case.be`...), unless the name is written with accents or another
            // script (`MIN_ACCENTED_EDIT_LEN`).
            let accented_here = short_names_too && e.suffix == suffix;
            if theirs.len() < MIN_ACCENTED_EDIT_LEN
                || (theirs.len() < MIN_EDIT_LEN - 1 && !accented_here && !added)
                || ((short || e.word) && e.suffix != suffix)
                || (e.word && theirs.len() < MIN_EDIT_LEN && !accented_here)
            {
                continue;
            }
            if first_letter_makes_another_name(&chars, &theirs, e.word, e.suffix == suffix, || {
                name_can_start_so(unicode_label)
            }) {
                continue;
            }
            // Two edits only for long labels under the same suffix: across suffixes two long
            // honest names often are two edits apart (`deutschebank.be`, `deutschebahn.com`).
            // Known correspondents: one edit only (`add_fingerprints`).
            let long = theirs.len() >= LONG_LABEL && chars.len() >= LONG_LABEL;
            let max = if long && e.suffix == suffix && !matches!(e.owner, Owner::Correspondent(_)) {
                2
            } else {
                1
            };
            // Folding finds the candidates, but between two ASCII names the changes are also
            // counted as written: a look-alike letter plus a typo (`ad0bi` for `adobe`, with `0`
            // read as `o`) is two changes. Two changes between names of under seven letters are
            // mostly two honest words (Chromium already finds skeleton edit distance 1 noisy:
            // detection-anchors.md, section 1.5); longer names keep one such extra change.
            // Lengths as read letter by letter: a pair read as one letter (`cl`) is two.
            let read_len = letters.as_ref().map_or(chars.len(), Vec::len);
            let written_budget =
                if max == 1 && read_len.min(theirs.len()) >= MIN_LOOKALIKE_PLUS_TYPO {
                    2
                } else {
                    max
                };
            let protected_chars: Vec<char> = e.label.chars().collect();
            let both_written_ascii = written_ascii(label) && written_ascii(&e.label);
            let written_distance = both_written_ascii
                .then(|| edit::osa_distance(&label_chars, &protected_chars, written_budget))
                .flatten();
            let as_written = written_distance.is_some_and(|d| d <= max);
            // Either reading of the host against either reading of the protected label; the
            // closest pair names the typo when the names are not both written in ASCII.
            let their_letters: Option<Vec<char>> =
                letter_reading(&e.folded, &e.label).map(|l| l.chars().collect());
            let closest = std::iter::once(&theirs)
                .chain(their_letters.as_ref())
                .flat_map(|t| {
                    std::iter::once(&chars)
                        .chain(letters.as_ref())
                        .filter_map(move |r| edit::osa_distance(r, t, max).map(|d| (d, r, t)))
                })
                .min_by_key(|&(d, _, _)| d);
            let folded_near = closest.is_some();
            if !(folded_near || as_written)
                || (both_written_ascii && written_distance.is_none())
                || differs_in_digits_only(folded, &e.folded)
            {
                continue;
            }
            // A punycode label is named by what it reads as, not by its `xn--` form.
            let technique = match closest {
                Some((_, seen, protected)) if !both_written_ascii => {
                    edit::classify(seen, protected)
                }
                _ => edit::classify(&label_chars, &protected_chars),
            };
            found.push(LookalikeMatch {
                technique,
                entry: id,
            });
        }
    }
}

/// A three-letter brand name that is no word, with one letter or digit added, under the brand's
/// own country-code suffix (`kbcq.be`, `dhhl.de`): the whole name is still there to be read.
/// Any other change to three letters mostly makes another honest acronym (`kfc` one bit from
/// `kbc`), so ASCII names under four letters are otherwise left out of edit distance
/// (`MIN_EDIT_LEN`). Not under `.com` and the other generic suffixes, where every four-letter
/// name has long been registered, mostly by honest companies; not when the four letters make a
/// word of the four languages (`tuin.be`, `voor.be`: `short_name_words` in words.toml). Such a
/// typo only warns ([`is_short_name_typo`]).
pub(super) fn added_to_short_name(label: &str, e: &Protected, suffix: &str) -> bool {
    let name = e.label.as_bytes();
    let bytes = label.as_bytes();
    let without = |i: usize| {
        bytes
            .iter()
            .enumerate()
            .filter(move |&(j, _)| j != i)
            .map(|(_, &b)| b)
    };
    matches!(e.owner, Owner::Brand(_))
        && !e.word
        && e.suffix == suffix
        && is_country_code(top_label(suffix))
        && name.len() == SHORT_NAME
        && name.iter().all(u8::is_ascii_lowercase)
        && bytes.len() == SHORT_NAME + 1
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && (0..bytes.len()).any(|i| without(i).eq(name.iter().copied()))
        && crate::words::SHORT_NAME_WORDS
            .binary_search(&label)
            .is_err()
}

/// Length of the brand names [`added_to_short_name`] reads typos of.
const SHORT_NAME: usize = 3;

impl LookalikeIndex {
    /// True when a typo match is a letter added to a three-letter name ([`added_to_short_name`]):
    /// a weaker clue than a typo of a longer name, reported as a warning. Other matches of such
    /// names (cut by a hyphen, written with accents) keep their weight.
    pub fn is_short_name_typo(&self, host: &HostName, m: LookalikeMatch) -> bool {
        let label = host.registrable_label().unwrap_or_default();
        let suffix = host.suffix.as_deref().unwrap_or_default();
        matches!(m.technique, Technique::Insertion | Technique::Repetition)
            && self
                .entry(m.entry)
                .is_some_and(|e| added_to_short_name(label, e, suffix))
    }

    /// True when a match only adds or drops a letter in front of the protected name
    /// (`rdennes-logistique`, `zardennes-logistique`), the first letter typed twice aside: a
    /// long distinctive name still reads as itself, but the shorter name left over is sometimes
    /// an honest word, so such matches warn without alarm.
    pub fn adds_or_drops_first_letter(&self, host: &HostName, m: LookalikeMatch) -> bool {
        is_front_typo(m) && self.front_letter_only(&folded_label(host), m)
    }

    /// [`LookalikeIndex::adds_or_drops_first_letter`] given the host's [`folded_label`].
    pub(super) fn front_letter_only(&self, folded: &[char], m: LookalikeMatch) -> bool {
        let Some(e) = self.entry(m.entry).filter(|_| is_front_typo(m)) else {
            return false;
        };
        let theirs: Vec<char> = e.folded.chars().collect();
        let doubled_first = theirs
            .first()
            .is_some_and(|&c| folded.get(..2) == Some(&[c, c][..]));
        folded.len() != theirs.len()
            && !doubled_first
            && differs_in_first_char_only(folded, &theirs)
    }
}

/// The techniques of a letter added or dropped.
pub(super) fn is_front_typo(m: LookalikeMatch) -> bool {
    matches!(m.technique, Technique::Insertion | Technique::Omission)
}

/// The host's registrable label folded, as the lookups read it.
pub(super) fn folded_label(host: &HostName) -> Vec<char> {
    host.registrable_label()
        .map(|label| fold(&idna::domain_to_unicode(label).0).chars().collect())
        .unwrap_or_default()
}

/// Shortest names (folded) for which a look-alike letter and a typo together still count as one
/// edit: `be1fiuss` (`1` for `l`, one `s` too many) is still Belfius, `ad0bi` is not Adobe.
const MIN_LOOKALIKE_PLUS_TYPO: usize = 7;

/// Shortest protected names (folded) for which another first letter is a typo.
const MIN_FIRST_CHAR_TYPO: usize = 7;

/// Chromium's first-letter filter, narrowed. A letter added or dropped in front mostly makes
/// another name (`bpostbank.be`, `postbank.de`), except two cases: the first letter typed twice
/// in a name of five letters or more, ordinary words included (hardly any word starts with a
/// doubled letter; none of the honest names of `make eval-words` is flagged for it), and a long
/// distinctive name under its own suffix (`rdennes-logistique.be`). Another first letter is
/// filtered only for ordinary words and names under seven letters, as a long distinctive name
/// still reads as itself. The filter never applies when no name can start as the label does
/// (`another_name_possible`, see `word_starts` in words.toml): `kffice` and `2ngie` are typos.
fn first_letter_makes_another_name(
    label: &[char],
    protected: &[char],
    word: bool,
    same_suffix: bool,
    another_name_possible: impl FnOnce() -> bool,
) -> bool {
    let substitution = label.len() == protected.len();
    let doubled_first = label.len() == protected.len() + 1
        && protected
            .first()
            .is_some_and(|&c| label.get(..2) == Some(&[c, c][..]));
    let long_name = !word && protected.len() >= MIN_FIRST_CHAR_TYPO;
    let filtered = if substitution {
        !long_name
    } else {
        let repeated = doubled_first && protected.len() >= MIN_EDIT_LEN;
        !(repeated || long_name && same_suffix)
    };
    filtered && differs_in_first_char_only(label, protected) && another_name_possible()
}

/// Another first letter makes another name only if a name can start as the label does: like a
/// word, or as a letter before a word (`jpost`, `qcloud`, `1password`). Asked only of labels one
/// first letter from a protected name, so it may allocate.
fn name_can_start_so(unicode_label: &str) -> bool {
    let written = strip_accents(unicode_label);
    let after_first = written
        .char_indices()
        .nth(1)
        .and_then(|(i, _)| written.get(i..));
    starts_like_a_word(&written) || after_first.is_some_and(starts_like_a_word)
}

/// True when `written` (lower case, no accents) starts with two letters that begin words of the
/// four languages (`words.toml`). Read as written, not folded: folding reads `i` as `l`. The
/// table holds `a`-`z` only, so a label starting with a digit or a letter that keeps no accent
/// to strip (`ø`, `ł`) never starts like a word.
fn starts_like_a_word(written: &str) -> bool {
    written
        .get(..2)
        .is_some_and(|pair| crate::words::WORD_STARTS.binary_search(&pair).is_ok())
}

/// `hank` and `tank`, `oodle` and `poodle`: a different or extra first letter makes another
/// word far more often than a typo (Chromium's `IsLikelyEditDistanceFalsePositive`).
pub(super) fn differs_in_first_char_only(a: &[char], b: &[char]) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => long.get(1..) == short.get(1..),
        1 => long.get(1..) == Some(short),
        _ => false,
    }
}

/// `shop45` and `shop35` are different shops, not a typo (Chromium's trailing-digit filter).
pub(super) fn differs_in_digits_only(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
    a != b && strip(a) == strip(b) && a.ends_with(|c: char| c.is_ascii_digit())
}
