//! The lookalike index: which protected domain a host imitates, and how.
//!
//! Protected domains are the official domains of the brand catalog, the user's own important
//! domains and the known correspondents. Lookups go through hash maps (folded labels, deletion
//! neighbourhoods, tokens), never a scan over the protected set, so a check costs a few
//! microseconds whatever the size of the set. Thresholds follow Chromium's lookalike checks
//! (`components/lookalikes/core/lookalike_url_util.cc`): edit distance only for labels of 5+
//! characters, trailing-digit differences ignored; see `shared/reference/detection-anchors.md`.

mod build;
mod combo;
pub mod edit;
mod ids;
mod tables;
mod typo;

use super::confusable::{fold, fold_letters, has_ascii_pair, script_use, ScriptUse};
use super::HostName;
use crate::brands::{BrandId, BRANDS};
use crate::fasthash::{FastMap, FastSet};
use edit::FpTable;
use ids::Ids;
use serde::Serialize;
use std::borrow::Cow;

/// Shortest folded label compared by edit distance (Chromium: `kMinLengthForEditDistance`).
const MIN_EDIT_LEN: usize = 5;
/// Shortest folded label compared by edit distance when the host's name is written with
/// letters outside ASCII under the protected domain's own suffix (`kbô.be`): accents and other
/// scripts on a name one edit from a short brand are there to look like it, where an ASCII name
/// one edit away is mostly another honest name.
const MIN_ACCENTED_EDIT_LEN: usize = 3;
/// Labels this long may be two edits away and still imitate.
const LONG_LABEL: usize = 10;
/// Shortest brand token recognised inside a hyphenated label (`kbc-veiligheid`).
const MIN_COMBO_TOKEN: usize = 3;

/// How a domain imitates another (dnstwist's fuzzer names where they exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Technique {
    Homoglyph,
    MixedScript,
    Embedding,
    Subdomain,
    Transposition,
    Omission,
    Insertion,
    Repetition,
    Replacement,
    Bitsquat,
    VowelSwap,
    Hyphenation,
    Plural,
    Combosquat,
    /// The brand's name as a subdomain of an unrelated site (`kbc.login-example.net`).
    InSubdomain,
    TldSwap,
}

impl Technique {
    /// Techniques that need no guess about intent: the name reads as the protected one.
    pub fn is_strong(self) -> bool {
        matches!(
            self,
            Technique::Homoglyph | Technique::MixedScript | Technique::Embedding
        )
    }
}

/// Who a protected domain belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Brand(BrandId),
    /// One of the user's important domains (options page).
    User,
    /// A domain the user has received mail from, with the number of messages.
    Correspondent(u32),
    /// A free mailbox provider (`src/data/freemail.toml`): people log in to their webmail
    /// there, so `gmai1.com` or `0utlook.com` is a classic credential trap.
    Mailbox,
}

/// A string of the index: borrowed from the embedded snapshot or owned.
pub type Text = Cow<'static, str>;

/// One protected name.
#[derive(Debug, Clone)]
pub struct Protected {
    // `Cow`: entries decoded from the start-up snapshot borrow its bytes (no allocation per
    // string at every wake); the user's domains own theirs.
    /// Registrable domain in ASCII (for brand-name keys: the brand's first official domain).
    pub domain: Text,
    /// ASCII registrable label.
    pub label: Text,
    pub folded: Text,
    /// Public suffix; empty for brand-name keys, which only serve combosquatting.
    pub suffix: Text,
    pub owner: Owner,
    /// An ordinary word: needs a second clue.
    pub word: bool,
}

/// A host that imitates a protected domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookalikeMatch {
    pub technique: Technique,
    pub entry: u32,
}

/// A protected label read letter by letter (`icloud`, where the pair rules read `ldoud`), when
/// that differs from its folded form. Asked for every typo candidate, so a written ASCII label
/// is first scanned for the pairs themselves without folding it.
pub(super) fn letter_reading(folded: &str, label: &str) -> Option<String> {
    let letters = if label.starts_with("xn--") {
        fold_letters(&idna::domain_to_unicode(label).0)
    } else if has_ascii_pair(label) {
        fold_letters(label)
    } else {
        return None;
    };
    (letters != folded).then_some(letters)
}

#[derive(Default)]
pub struct LookalikeIndex {
    entries: Vec<Protected>,
    exact: FastMap<Text, Ids>,
    by_folded: FastMap<Text, Ids>,
    /// Fingerprint of a folded label → entries (the same entries as `by_folded`).
    folded_fp: FpTable,
    /// Fingerprints of the folded labels with one char deleted.
    neighbourhood: FpTable,
    /// Suffix → its long labels, the only ones two edits may reach (no two-char deletions:
    /// they were 4,900 of a wake's 7,000 fingerprints).
    long_labels: FastMap<Text, Vec<LongLabel>>,
    by_token: FastMap<Text, Ids>,
    /// Combo words (`src/data/words.toml`) folded like labels, so that `login` is found in a
    /// folded `logln`.
    combo_words: FastSet<Text>,
    /// Length in chars of the longest folded label compared by edit distance.
    longest_label: usize,
}

/// A protected label of `LONG_LABEL` chars or more (folded), with the char counts of its
/// readings: a host more than two counts from all of them is not compared at all.
#[derive(Debug, Clone, Copy)]
struct LongLabel {
    counts: edit::ReadingCounts,
    id: u32,
}

impl LookalikeIndex {
    /// Entries whose folded label is `folded`.
    pub(crate) fn with_folded(&self, folded: &str) -> &[u32] {
        self.by_folded.get(folded).map_or(&[], Ids::as_slice)
    }

    /// The long labels under `suffix` that may be two edits from a host's (`LongLabel`).
    fn long_labels_under(&self, suffix: &str) -> &[LongLabel] {
        self.long_labels.get(suffix).map_or(&[], Vec::as_slice)
    }

    /// Entries (labels and brand names) reachable from the folded token `token`.
    pub(crate) fn with_token(&self, token: &str) -> &[u32] {
        self.by_token.get(token).map_or(&[], Ids::as_slice)
    }

    /// Pairs of the two fingerprint tables (whole labels, deletions), and how often each was
    /// moved to a larger table.
    #[cfg(test)]
    pub(crate) fn fingerprint_tables(&self) -> [(usize, usize); 2] {
        [&self.folded_fp, &self.neighbourhood].map(|t| (t.len(), t.rehashes))
    }

    pub fn entry(&self, id: u32) -> Option<&Protected> {
        self.entries.get(id as usize)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when a folded token is one of the words phishers glue to a brand.
    pub fn is_combo_word(&self, folded: &str) -> bool {
        self.combo_words.contains(folded)
    }

    /// True when a folded token names machine-facing hosting (`cdn`, `static`: see
    /// `src/data/words.toml`). The words are folded once, on first use.
    pub fn is_infrastructure_word(folded: &str) -> bool {
        static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        FOLDED
            .get_or_init(|| {
                crate::words::INFRASTRUCTURE_WORDS
                    .iter()
                    .map(|w| fold(w))
                    .collect()
            })
            .iter()
            .any(|w| w == folded)
    }

    /// True when the registrable domain is itself protected (official, the user's, or known).
    pub fn is_protected(&self, registrable: &str) -> bool {
        self.exact.contains_key(registrable)
    }

    /// Owners of a protected registrable domain.
    pub fn owners(&self, registrable: &str) -> impl Iterator<Item = &Protected> {
        self.exact
            .get(registrable)
            .map_or(&[][..], Ids::as_slice)
            .iter()
            .filter_map(|&id| self.entry(id))
    }

    /// Every protected domain this host imitates, strongest technique first, at most one
    /// match per imitated domain.
    pub fn find(&self, host: &HostName) -> Vec<LookalikeMatch> {
        let (Some(registrable), Some(suffix)) = (&host.registrable, &host.suffix) else {
            return Vec::new();
        };
        if self.is_protected(registrable) {
            return Vec::new();
        }
        let mut found = self.raw_matches(host);
        self.keep_own_name_only(&mut found);
        // One match per owner (a brand, the user's domain, a correspondent): the strongest
        // technique, and among equals the domain under the same suffix as the host.
        // A letter added or dropped in front only warns (see `adds_or_drops_first_letter`):
        // any other match of the same owner goes first.
        // The host's label is folded once for all of them, and only when one is such a typo.
        let folded = if found.iter().any(|&m| typo::is_front_typo(m)) {
            typo::folded_label(host)
        } else {
            Vec::new()
        };
        found.sort_by_key(|m| {
            let other_suffix = self.entry(m.entry).is_none_or(|e| e.suffix != *suffix);
            let weak = self.front_letter_only(&folded, *m);
            (weak, m.technique, other_suffix)
        });
        let mut seen: Vec<(Owner, &str)> = Vec::new();
        found.retain(|m| {
            let Some(e) = self.entry(m.entry) else {
                return false;
            };
            // A mailbox provider's name under several suffixes (`hotmail.com`, `hotmail.be`)
            // is one imitated name.
            let key = match e.owner {
                Owner::Brand(_) => (e.owner, ""),
                Owner::Mailbox => (e.owner, e.label.as_ref()),
                _ => (e.owner, e.domain.as_ref()),
            };
            if seen.contains(&key) {
                return false;
            }
            seen.push(key);
            true
        });
        found
    }

    /// A label that is exactly the name of one of a brand's domains (`brandonline.cn` for
    /// `brandonline.com`) is that brand's name under another suffix: for that label the swap
    /// alone speaks for the brand and its sisters, so that the words the name happens to
    /// contain (`brand` + `online`) do not also read as a combosquat and outrank it. What the
    /// rest of the host says (a brand's domain written in a subdomain, a name split across
    /// labels) is kept.
    fn keep_own_name_only(&self, found: &mut Vec<LookalikeMatch>) {
        let group_of = |m: &LookalikeMatch| match self.entry(m.entry)?.owner {
            Owner::Brand(b) => BRANDS.get(usize::from(b)).map(|brand| brand.group),
            _ => None,
        };
        let swapped: Vec<&str> = found
            .iter()
            .filter(|m| m.technique == Technique::TldSwap)
            .filter_map(group_of)
            .collect();
        if swapped.is_empty() {
            return;
        }
        let beyond_the_label = |t: Technique| {
            t.is_strong() || matches!(t, Technique::Subdomain | Technique::InSubdomain)
        };
        found.retain(|m| {
            m.technique == Technique::TldSwap
                || beyond_the_label(m.technique)
                || group_of(m).is_none_or(|g| !swapped.contains(&g))
        });
    }

    /// Every technique match of a host, protected or not, unsorted and with duplicates. `find`
    /// skips protected domains; the catalog's self-check (official domains of one brand must not
    /// read as lookalikes of another group) needs the raw answer.
    pub(crate) fn raw_matches(&self, host: &HostName) -> Vec<LookalikeMatch> {
        let (Some(registrable), Some(suffix)) = (&host.registrable, &host.suffix) else {
            return Vec::new();
        };
        let Some(label) = registrable.split('.').next() else {
            return Vec::new();
        };
        let unicode_label = idna::domain_to_unicode(label).0;
        let folded = fold(&unicode_label);
        let mut found = Vec::new();
        self.same_skeleton(label, &unicode_label, &folded, suffix, &mut found);
        self.within_edits(label, &unicode_label, &folded, suffix, &mut found);
        combo::subdomain_split(self, host, suffix, &mut found);
        combo::embedded(self, host, &mut found);
        combo::combosquat(self, &unicode_label, &mut found);
        combo::hyphenated(self, &unicode_label, suffix, &mut found);
        found
    }

    /// A three-letter brand name that is no ordinary word (`kbc`, `dhl`), or a mailbox
    /// provider's name that the catalog knows as a brand's product (`icloud`, `gmail`), under a
    /// suffix open to anyone other than `.com`/`.net`/`.org`: the new generic ones (`.top`,
    /// `.online`, `.app`, a hosting platform's `.web.app`) and the old open ones (`.info`,
    /// `.biz`). Under a country code or `.com`/`.net`/`.org` such a name is as often another
    /// honest company, or the provider's own country site; the other open suffixes are where
    /// brand names go to whoever registers first, and they carry a large share of the names
    /// reported for phishing (Interisle's Phishing Landscape studies, Spamhaus' TLD
    /// statistics). Not counted: the restricted suffixes (`.edu`, `.gov`, `.mil`, `.int`) and
    /// a brand's own suffix (`.google`: the top label is a brand name of the catalog). Ordinary
    /// words (`orange`, `post`, `mail`) and one- or two-letter names stay out.
    fn distinctive_on_open_suffix(&self, e: &Protected, suffix: &str) -> bool {
        let name = e.label.as_ref();
        if name.len() < 3 || name.bytes().any(|b| !b.is_ascii_alphabetic()) {
            return false;
        }
        let distinctive = match e.owner {
            Owner::Brand(_) => !e.word,
            Owner::Mailbox => self.with_token(&e.folded).iter().any(|&id| {
                self.entry(id).is_some_and(|k| {
                    k.suffix.is_empty() && !k.word && matches!(k.owner, Owner::Brand(_))
                })
            }),
            Owner::User | Owner::Correspondent(_) => false,
        };
        let top = suffix.rsplit('.').next().unwrap_or_default();
        let open_generic = top.len() >= 3
            && top.bytes().all(|b| b.is_ascii_lowercase())
            && !matches!(
                top,
                "com" | "net" | "org" | "edu" | "gov" | "mil" | "int" | "arpa"
            );
        let brand_suffix = || {
            self.with_token(&fold(top)).iter().any(|&id| {
                self.entry(id)
                    .is_some_and(|k| matches!(k.owner, Owner::Brand(_)))
            })
        };
        distinctive && open_generic && !brand_suffix()
    }

    fn same_skeleton(
        &self,
        label: &str,
        unicode_label: &str,
        folded: &str,
        suffix: &str,
        found: &mut Vec<LookalikeMatch>,
    ) {
        for &id in self.with_folded(folded) {
            let Some(e) = self.entry(id) else { continue };
            let short = folded.chars().count() < MIN_EDIT_LEN - 1;
            let technique = if e.label == label {
                // An ordinary word or a one-to-three letter name under another suffix
                // (`orange.nl` for `orange.be`, `x.org` for `x.com`) is just that word, unless
                // the name is distinctive and the suffix a new generic one (see
                // `distinctive_on_open_suffix`).
                if (e.word || short) && !self.distinctive_on_open_suffix(e, suffix) {
                    continue;
                }
                Technique::TldSwap
            } else if short && label.is_ascii() && e.suffix != suffix {
                // Two or three ASCII letters folding together (`id` and `lcl` both give `ld`)
                // are a coincidence unless the rest of the name matches too.
                continue;
            } else if script_use(unicode_label) == ScriptUse::MixedScript {
                Technique::MixedScript
            } else {
                Technique::Homoglyph
            };
            found.push(LookalikeMatch {
                technique,
                entry: id,
            });
        }
    }
}

#[cfg(test)]
#[path = "../../../tests/unit/lookalike.rs"]
mod unit_tests;
