//! The lookalike index: which protected domain a host imitates, and how.
//!
//! Protected domains are the official domains of the brand catalog, the user's own important
//! domains and the known correspondents. Lookups go through hash maps (folded labels, deletion
//! neighbourhoods, tokens), never a scan over the protected set, so a check costs a few
//! microseconds whatever the size of the set. Thresholds follow Chromium's lookalike checks
//! (`components/lookalikes/core/lookalike_url_util.cc`): edit distance only for labels of 5+
//! characters, trailing-digit differences ignored; see `shared/reference/detection-anchors.md`.

mod combo;
pub mod edit;
mod tables;
mod typo;

use super::confusable::{fold, script_use, strip_accents, ScriptUse};
use super::{psl, HostName};
use crate::brands::{BrandId, BRANDS, FREEMAIL};
use crate::fasthash::{FastMap, FastSet};
use crate::words::COMBO_WORDS;
use edit::{Fingerprints, FpTable};
use serde::Serialize;
use std::borrow::Cow;
use std::hash::Hash;

/// Shortest folded label compared by edit distance (Chromium: `kMinLengthForEditDistance`).
const MIN_EDIT_LEN: usize = 5;
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

#[derive(Default)]
pub struct LookalikeIndex {
    entries: Vec<Protected>,
    exact: FastMap<Text, Vec<u32>>,
    by_folded: FastMap<Text, Vec<u32>>,
    /// Fingerprint of a folded label → entries (the same entries as `by_folded`).
    folded_fp: FpTable,
    /// Fingerprints of the folded labels with one char deleted (two for long labels).
    neighbourhood: FpTable,
    by_token: FastMap<Text, Vec<u32>>,
    /// Combo words (`src/data/words.toml`) folded like labels, so that `login` is found in a
    /// folded `logln`.
    combo_words: FastSet<Text>,
    /// Length in chars of the longest folded label compared by edit distance.
    longest_label: usize,
    /// Lengths in chars of the folded protected labels.
    label_lengths: FastSet<usize>,
}

fn push<K: Hash + Eq>(map: &mut FastMap<K, Vec<u32>>, key: K, id: u32) {
    let ids = map.entry(key).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

impl LookalikeIndex {
    /// Build from the catalog, the user's domains and the known correspondents.
    pub fn build(user: &[String], correspondents: &[(String, u32)]) -> Self {
        let mut index = LookalikeIndex::for_brands();
        index.add_user_domains(user, correspondents);
        index
    }

    /// The brand layer: every official domain and brand name of the catalog. Start-up decodes
    /// it from the snapshot instead (`crate::snapshot`).
    pub fn for_brands() -> Self {
        let mut index = LookalikeIndex {
            combo_words: COMBO_WORDS.iter().map(|w| fold(w).into()).collect(),
            ..LookalikeIndex::default()
        };
        for (i, brand) in BRANDS.iter().enumerate() {
            let id = BrandId::try_from(i).unwrap_or(BrandId::MAX);
            let mut keys: Vec<String> = Vec::new();
            // Keys of names written as several words ("WeTransfer", "La Poste"), and of names
            // of one word ("Orange").
            let (mut glued, mut single): (Vec<String>, Vec<String>) = Default::default();
            for name in std::iter::once(&brand.name).chain(brand.aliases) {
                // Folded like a domain label, pairs included, so that it meets folded tokens.
                let plain: String = strip_accents(name)
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                let key = fold(&plain);
                if crate::brands::name_tokens(name).len() > 1 {
                    glued.push(key.clone());
                } else {
                    single.push(key.clone());
                }
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            for d in brand.domains {
                // Under the brand's own top-level domain (`mabanque.bnpparibas`, `oui.sncf`,
                // `cloud.microsoft`) the name is the suffix; the label is an ordinary word that
                // must not make `group-*` or `cloud-*` names look like the brand.
                let own_tld = psl::public_suffix(d)
                    .is_some_and(|s| !s.contains('.') && keys.contains(&fold(s)));
                // An ordinary-word brand's label made of its name's words glued together
                // (`wetransfer`, `laposte`) is no ordinary word itself.
                let label = fold(d.split('.').next().unwrap_or_default());
                let glued_name = glued.contains(&label) && !single.contains(&label);
                let word = brand.word && !glued_name;
                index.add_domain(d, Owner::Brand(id), word, !own_tld);
            }
            let labels: Vec<String> = brand
                .domains
                .iter()
                .filter_map(|d| d.split('.').next())
                .map(fold)
                .collect();
            for key in keys {
                if key.chars().count() >= MIN_COMBO_TOKEN && !labels.contains(&key) {
                    index.add_name_key(key, brand, id);
                }
            }
        }
        // Mailbox names are read like ordinary words (several are words; the same name under
        // another suffix is often another company, or the provider's own content site):
        // typos and homoglyphs under the provider's own suffix only, no suffix swap, no
        // combination with other words.
        for d in FREEMAIL {
            if !index.is_protected(d) {
                index.add_domain(d, Owner::Mailbox, true, true);
            }
        }
        index
    }

    /// Add the user's important domains and the known correspondents.
    pub fn add_user_domains(&mut self, user: &[String], correspondents: &[(String, u32)]) {
        for d in user {
            self.add_domain(d, Owner::User, false, true);
        }
        for (d, count) in correspondents {
            self.add_domain(d, Owner::Correspondent(*count), false, true);
        }
    }

    /// Add a protected domain. Without `index_label` it is only known as protected (exact
    /// lookups), and its label is not compared with other names.
    fn add_domain(&mut self, domain: &str, owner: Owner, word: bool, index_label: bool) {
        let host = HostName::from_ascii(domain);
        let (Some(registrable), Some(suffix)) = (host.registrable, host.suffix) else {
            return;
        };
        let Some(label) = registrable.split('.').next().map(str::to_string) else {
            return;
        };
        if let Some(&id) = self
            .exact
            .get(registrable.as_str())
            .and_then(|ids| ids.first())
        {
            if self
                .entries
                .get(id as usize)
                .is_some_and(|e| e.owner == owner)
            {
                return;
            }
        }
        let unicode = idna::domain_to_unicode(&label).0;
        let folded = fold(&unicode);
        let entry = Protected {
            domain: registrable.into(),
            label: label.into(),
            folded: folded.into(),
            suffix: suffix.into(),
            owner,
            word,
        };
        self.insert(entry, index_label);
    }

    /// Append an entry and make it reachable: a domain by exact lookup (and by typo, homoglyph
    /// and token lookups when `index_label`), a brand-name key (empty suffix) by token.
    fn insert(&mut self, entry: Protected, index_label: bool) {
        let id = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        if entry.suffix.is_empty() {
            push(&mut self.by_token, entry.folded.clone(), id);
        } else {
            push(&mut self.exact, entry.domain.clone(), id);
            if index_label {
                self.index_label(&entry.folded, entry.owner, id);
            }
        }
        self.entries.push(entry);
    }

    /// Make a protected label reachable by typo, homoglyph and token lookups.
    fn index_label(&mut self, folded: &Text, owner: Owner, id: u32) {
        // The fingerprint tables hold one entry per folded label (`ing.be`, `ing.nl` and
        // `ing.de` share theirs); lookups reach the others through `by_folded`.
        let first_with_label = !self.by_folded.contains_key(folded);
        push(&mut self.by_folded, folded.clone(), id);
        let chars: Vec<char> = folded.chars().collect();
        let n = chars.len();
        self.longest_label = self.longest_label.max(n);
        self.label_lengths.insert(n);
        if first_with_label {
            self.add_fingerprints(&chars, id);
        }
        if !matches!(owner, Owner::Correspondent(_) | Owner::Mailbox) && n >= MIN_COMBO_TOKEN {
            push(&mut self.by_token, folded.clone(), id);
        }
    }

    fn add_fingerprints(&mut self, chars: &[char], id: u32) {
        let n = chars.len();
        let fps = Fingerprints::new(chars);
        self.folded_fp.insert(fps.whole(), id);
        if n >= MIN_EDIT_LEN - 1 {
            for fp in fps.deletions() {
                self.neighbourhood.insert(fp, id);
            }
            if n >= LONG_LABEL {
                for fp in fps.double_deletions() {
                    self.neighbourhood.insert(fp, id);
                }
            }
        }
    }

    fn add_name_key(&mut self, key: String, brand: &crate::brands::BrandData, id: BrandId) {
        let Some(first) = brand.domains.first() else {
            return;
        };
        let entry = Protected {
            domain: Cow::Borrowed(*first),
            label: key.clone().into(),
            folded: key.into(),
            suffix: Cow::Borrowed(""),
            owner: Owner::Brand(id),
            word: brand.word,
        };
        self.insert(entry, false);
    }

    /// Entries whose folded label is `folded`.
    pub(crate) fn with_folded(&self, folded: &str) -> &[u32] {
        self.by_folded.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Entries (labels and brand names) reachable from the folded token `token`.
    pub(crate) fn with_token(&self, token: &str) -> &[u32] {
        self.by_token.get(token).map_or(&[], Vec::as_slice)
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

    /// True when the registrable domain is itself protected (official, the user's, or known).
    pub fn is_protected(&self, registrable: &str) -> bool {
        self.exact.contains_key(registrable)
    }

    /// Owners of a protected registrable domain.
    pub fn owners(&self, registrable: &str) -> impl Iterator<Item = &Protected> {
        self.exact
            .get(registrable)
            .into_iter()
            .flatten()
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
        // One match per owner (a brand, the user's domain, a correspondent): the strongest
        // technique, and among equals the domain under the same suffix as the host.
        found.sort_by_key(|m| {
            let other_suffix = self.entry(m.entry).is_none_or(|e| e.suffix != *suffix);
            (m.technique, other_suffix)
        });
        let mut seen: Vec<(Owner, &str)> = Vec::new();
        found.retain(|m| {
            let Some(e) = self.entry(m.entry) else {
                return false;
            };
            let key = match e.owner {
                Owner::Brand(_) => (e.owner, ""),
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
        self.within_edits(label, &folded, suffix, &mut found);
        combo::subdomain_split(self, host, suffix, &mut found);
        combo::embedded(self, host, &mut found);
        combo::combosquat(self, &unicode_label, &mut found);
        combo::hyphenated(self, &unicode_label, suffix, &mut found);
        found
    }

    fn same_skeleton(
        &self,
        label: &str,
        unicode_label: &str,
        folded: &str,
        suffix: &str,
        found: &mut Vec<LookalikeMatch>,
    ) {
        for &id in self.by_folded.get(folded).into_iter().flatten() {
            let Some(e) = self.entry(id) else { continue };
            let short = folded.chars().count() < MIN_EDIT_LEN - 1;
            let technique = if e.label == label {
                // An ordinary word or a one-to-three letter name under another suffix
                // (`orange.nl` for `orange.be`, `x.org` for `x.com`) is just that word.
                if e.word || short {
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
