//! Building the lookalike index: the brand layer from the catalog and the free mailbox list,
//! then the user's important domains and known correspondents.

use super::edit::{CharCounts, Fingerprints, ReadingCounts};
use super::ids::Ids;
use super::{
    letter_reading, LongLabel, LookalikeIndex, Owner, Protected, Text, LONG_LABEL,
    MIN_ACCENTED_EDIT_LEN, MIN_COMBO_TOKEN,
};
use crate::brands::{BrandId, BRANDS, FREEMAIL};
use crate::domain::confusable::{fold, strip_accents};
use crate::domain::{psl, HostName, Registered};
use crate::fasthash::FastMap;
use crate::words::COMBO_WORDS;
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::hash::Hash;

/// The chars of `s` in one allocation (`collect` would guess a quarter of the length and grow;
/// labels are indexed at every engine start).
fn char_vec(s: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(s.len());
    chars.extend(s.chars());
    chars
}

fn push<K: Hash + Eq>(map: &mut FastMap<K, Ids>, key: K, id: u32) {
    match map.entry(key) {
        Entry::Occupied(mut ids) => ids.get_mut().add(id),
        Entry::Vacant(slot) => {
            slot.insert(Ids::One(id));
        }
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
                // (`wetransfer`, `laposte`) is no ordinary word itself, nor are the labels the
                // catalog says are none (`itsme`: its name is read as "it's me" in a display
                // name, but no dictionary has the domain's name).
                let label = fold(d.split('.').next().unwrap_or_default());
                let glued_name = glued.contains(&label) && !single.contains(&label);
                let word = brand.word && !glued_name && !brand.not_word_domains.contains(d);
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

    /// Add the user's important domains and the known correspondents, given as names.
    pub fn add_user_domains(&mut self, user: &[String], correspondents: &[(String, u32)]) {
        let registered = |d: &str| Registered::of_host(&HostName::from_ascii(d));
        let user: Vec<Registered> = user.iter().filter_map(|d| registered(d)).collect();
        let correspondents: Vec<(Registered, u32)> = correspondents
            .iter()
            .filter_map(|(d, count)| Some((registered(d)?, *count)))
            .collect();
        self.add_registered_domains(&user, &correspondents);
    }

    /// [`LookalikeIndex::add_user_domains`] for registrable domains the engine has split
    /// already. (Parsing each of thousands of correspondents twice was a third of the engine's
    /// start-up time for such a user.)
    pub fn add_registered_domains(
        &mut self,
        user: &[Registered],
        correspondents: &[(Registered, u32)],
    ) {
        // One fingerprint per label and per one-char deletion of it (`add_fingerprints`).
        let labels = user.iter().chain(correspondents.iter().map(|(r, _)| r));
        let pairs: usize = labels.map(|r| r.label().len() + 1).sum();
        let hosts = user.len() + correspondents.len();
        self.folded_fp.reserve(hosts);
        self.neighbourhood.reserve(pairs);
        self.entries.reserve(hosts);
        self.exact.reserve(hosts);
        self.by_folded.reserve(hosts);
        for domain in user {
            self.add_registered(domain, Owner::User, false, true);
        }
        for (domain, count) in correspondents {
            self.add_registered(domain, Owner::Correspondent(*count), false, true);
        }
    }

    /// One more known correspondent, or a new message count for one already known, without
    /// rebuilding the index: a reader with thousands of them would otherwise pay a whole build
    /// for every message from a domain seen for the first time. True when the domain is new.
    pub fn learn_correspondent(&mut self, domain: &Registered, count: u32) -> bool {
        self.add_registered(domain, Owner::Correspondent(count), false, true)
    }

    /// Add a protected domain. Without `index_label` it is only known as protected (exact
    /// lookups), and its label is not compared with other names.
    fn add_domain(&mut self, domain: &str, owner: Owner, word: bool, index_label: bool) {
        if let Some(registered) = Registered::of_host(&HostName::from_ascii(domain)) {
            self.add_registered(&registered, owner, word, index_label);
        }
    }

    /// [`LookalikeIndex::add_domain`] of a registrable domain already split. A domain the
    /// owner already has is not added twice; a known correspondent's count is updated instead.
    /// True when an entry was added.
    fn add_registered(
        &mut self,
        domain: &Registered,
        owner: Owner,
        word: bool,
        index_label: bool,
    ) -> bool {
        let (registrable, suffix) = (domain.domain.as_ref(), domain.suffix.as_ref());
        let label = domain.label();
        let same_owner = |e: &Protected| match (e.owner, owner) {
            (Owner::Correspondent(_), Owner::Correspondent(_)) => true,
            (theirs, ours) => theirs == ours,
        };
        let known = self.exact.get(registrable).and_then(|ids| {
            ids.as_slice()
                .iter()
                .copied()
                .find(|&id| self.entries.get(id as usize).is_some_and(same_owner))
        });
        if let Some(id) = known {
            if let Some(e) = self.entries.get_mut(id as usize) {
                e.owner = owner;
            }
            return false;
        }
        // Only a punycode label has another Unicode form (UTS 46 leaves lower-case ASCII as it
        // is); thousands of correspondents made the call a tenth of their build.
        let folded = if crate::domain::host::has_punycode_label(label) {
            fold(&idna::domain_to_unicode(label).0)
        } else {
            fold(label)
        };
        let entry = Protected {
            domain: registrable.to_string().into(),
            label: label.to_string().into(),
            folded: folded.into(),
            suffix: suffix.to_string().into(),
            owner,
            word,
        };
        self.insert(entry, index_label);
        true
    }

    /// Append an entry and make it reachable: a domain by exact lookup (and by typo, homoglyph
    /// and token lookups when `index_label`), a brand-name key (empty suffix) by token.
    pub(super) fn insert(&mut self, entry: Protected, index_label: bool) {
        let id = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        if entry.suffix.is_empty() {
            push(&mut self.by_token, entry.folded.clone(), id);
        } else {
            push(&mut self.exact, entry.domain.clone(), id);
            if index_label {
                self.index_label(&entry.folded, &entry.label, entry.owner, id);
                self.add_long_label(&entry, id);
            }
        }
        self.entries.push(entry);
    }

    /// Make a protected label reachable by typo, homoglyph and token lookups.
    fn index_label(&mut self, folded: &Text, label: &str, owner: Owner, id: u32) {
        // The fingerprint tables hold one entry per folded label (`ing.be`, `ing.nl` and
        // `ing.de` share theirs); lookups reach the others through `by_folded`.
        let first_with_label = !self.by_folded.contains_key(folded);
        push(&mut self.by_folded, folded.clone(), id);
        let chars = char_vec(folded);
        let n = chars.len();
        self.longest_label = self.longest_label.max(n);
        if first_with_label {
            self.add_fingerprints(&chars, id);
            // A label whose own letters make a pair (`icloud` folds to `ldoud`) is also
            // reachable letter by letter, so that a typo breaking the pair (`ilcoud`) meets it.
            if let Some(letters) = letter_reading(folded, label) {
                self.add_fingerprints(&char_vec(&letters), id);
            }
        }
        if !matches!(owner, Owner::Correspondent(_) | Owner::Mailbox) && n >= MIN_COMBO_TOKEN {
            push(&mut self.by_token, folded.clone(), id);
        }
    }

    fn add_fingerprints(&mut self, chars: &[char], id: u32) {
        let fps = Fingerprints::new(chars);
        self.folded_fp.insert(fps.whole(), id);
        if chars.len() >= MIN_ACCENTED_EDIT_LEN {
            for fp in fps.deletions() {
                self.neighbourhood.insert(fp, id);
            }
        }
    }

    /// A long label may be two edits away under its own suffix (`typo.rs`), except a known
    /// correspondent's: those are matched one edit away only, as Chromium matches the sites a
    /// user engages with.
    fn add_long_label(&mut self, entry: &Protected, id: u32) {
        let folded = entry.folded.chars().count();
        if folded < LONG_LABEL || matches!(entry.owner, Owner::Correspondent(_)) {
            return;
        }
        let letters = letter_reading(&entry.folded, &entry.label);
        let others = [letters.as_deref(), Some(entry.label.as_ref())];
        let counts = ReadingCounts::of(
            CharCounts::of(&entry.folded),
            others.into_iter().flatten().map(CharCounts::of),
        );
        let long = LongLabel { counts, id };
        self.long_labels
            .entry(entry.suffix.clone())
            .or_default()
            .push(long);
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
}
