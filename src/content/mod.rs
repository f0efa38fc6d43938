//! Requests for secrets in the visible text: password, PIN, PUK, SIM number, card data, IBAN,
//! national register number, itsme code (`src/data/lexicon.toml`, in French, Dutch, German and
//! English). A sentence asks for a secret when it names one, holds a request word and holds no
//! negation: "Proximus ne vous demandera jamais vos codes PIN" is a reminder.
//!
//! Matching reads the text once, hashing words as it goes, and looks phrases up by the hash of
//! their first word, so the cost is linear in the text whatever the size of the lexicon.

mod scan;

use crate::domain::confusable::strip_accents;
use crate::fasthash::FastMap;
use crate::report::{Finding, Kind, Severity};
use scan::{for_each_sentence, word_hash, Keep, Word};

#[derive(Debug)]
pub struct SecretData {
    pub kind: &'static str,
    pub strong: bool,
    pub terms: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

/// Longest excerpt kept as evidence.
const EXCERPT_CHARS: usize = 160;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Secret(usize),
    Request,
    Negation,
    Urgency,
}

/// A phrase of the lexicon: its text (lower-case ASCII, as `build.rs` requires), the hashes of
/// its words, and what it means. Kept inline, without an allocation: the lexicon is rebuilt at
/// every service-worker wake.
#[derive(Clone, Copy)]
struct Phrase {
    term: &'static str,
    hashes: [u64; MAX_PHRASE_WORDS],
    len: usize,
    role: Role,
}

impl Phrase {
    /// The phrase of `term`, or `None` for a term without words.
    fn new(term: &'static str, role: Role) -> Option<Phrase> {
        let mut phrase = Phrase {
            term,
            hashes: [0; MAX_PHRASE_WORDS],
            len: 0,
            role,
        };
        // Terms are ASCII: split as bytes, which `words` would do char by char.
        let term_words = term
            .as_bytes()
            .split(|b| !b.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty());
        for (slot, word) in phrase.hashes.iter_mut().zip(term_words) {
            *slot = word_hash(word);
            phrase.len += 1;
        }
        (phrase.len > 0).then_some(phrase)
    }

    fn hashes(&self) -> &[u64] {
        self.hashes.get(..self.len).unwrap_or_default()
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// Phrases indexed by the hash of their first word.
///
/// The text is hashed while it is scanned, so no folded copy of it is built; a phrase whose
/// hashes match is then checked word by word against the text (a hash alone could be made to
/// collide).
pub struct Lexicon {
    phrases: FastMap<u64, Vec<Phrase>>,
    /// Two bits ([`bloom_slot`]) for every word of every phrase: the scanner records only the
    /// words of a mail that may be one of them (most words are none, and testing a bit is
    /// cheaper than recording the word and looking it up later).
    phrase_words: [u64; BLOOM_BITS / 64],
    /// The same for the first words of phrases: a sentence with none of them is not looked at
    /// (most sentences that hold a phrase word, "de" or "your", begin no phrase).
    phrase_starts: [u64; BLOOM_BITS / 64],
}

const BLOOM_BITS: usize = 8192;

/// Where bit `probe` (0 or 1) of `hash` sits in a bloom filter: (word index, bit), each probe
/// from its own run of the hash's top bits. Two bits per word, not one, because most text words
/// are tested and each false positive costs a recorded word or a sentence looked at.
fn bloom_slot(hash: u64, probe: u32) -> (usize, u64) {
    let slot = (hash >> (51 - 13 * probe)) as usize % BLOOM_BITS;
    (slot / 64, 1 << (slot % 64))
}

fn bloom_add(bloom: &mut [u64; BLOOM_BITS / 64], hash: u64) {
    for probe in 0..2 {
        let (i, bit) = bloom_slot(hash, probe);
        if let Some(w) = bloom.get_mut(i) {
            *w |= bit;
        }
    }
}

fn bloom_has(bloom: &[u64; BLOOM_BITS / 64], hash: u64) -> bool {
    // The second bit is read only when the first is set (most words stop at the first).
    (0..2).all(|probe| {
        let (i, bit) = bloom_slot(hash, probe);
        bloom.get(i).is_some_and(|w| w & bit != 0)
    })
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let terms = SECRETS.iter().map(|s| s.terms.len()).sum::<usize>()
            + REQUESTS.len()
            + NEGATIONS.len()
            + URGENCY.len();
        let mut phrases: FastMap<u64, Vec<Phrase>> =
            FastMap::with_capacity_and_hasher(terms, Default::default());
        let mut phrase_words = [0u64; BLOOM_BITS / 64];
        let mut phrase_starts = [0u64; BLOOM_BITS / 64];
        let mut add = |term: &'static str, role: Role| {
            let Some(phrase) = Phrase::new(term, role) else {
                return;
            };
            for &hash in phrase.hashes() {
                bloom_add(&mut phrase_words, hash);
            }
            if let Some(&first) = phrase.hashes().first() {
                bloom_add(&mut phrase_starts, first);
                phrases.entry(first).or_default().push(phrase);
            }
        };
        for (i, s) in SECRETS.iter().enumerate() {
            for t in s.terms {
                add(t, Role::Secret(i));
            }
        }
        for t in REQUESTS {
            add(t, Role::Request);
        }
        for t in NEGATIONS {
            add(t, Role::Negation);
        }
        for t in URGENCY {
            add(t, Role::Urgency);
        }
        Lexicon {
            phrases,
            phrase_words,
            phrase_starts,
        }
    }

    /// May the word of this hash begin or belong to a phrase? (False positives are weeded out
    /// later.)
    fn keep(&self, hash: u64) -> Keep {
        // Every first word is a phrase word: most words stop at the first test.
        if !bloom_has(&self.phrase_words, hash) {
            Keep::Drop
        } else if bloom_has(&self.phrase_starts, hash) {
            Keep::Start
        } else {
            Keep::Word
        }
    }

    /// The roles of every phrase found in one sentence, given the words of it that may be
    /// phrase words.
    fn roles(&self, sentence: &str, words: &[Word]) -> Found {
        let mut found = Found::default();
        let mut i = 0;
        while let Some(word) = words.get(i) {
            let Some(candidates) = self.phrases.get(&word.hash) else {
                i += 1;
                continue;
            };
            // The longest phrase starting here wins: "numero de carte sim" is a SIM number,
            // not a card number.
            let longest = candidates
                .iter()
                .filter(|p| {
                    words.get(i..i + p.len()).is_some_and(|here| {
                        here.iter()
                            .zip(p.hashes())
                            .enumerate()
                            .all(|(n, (w, h))| w.hash == *h && w.ordinal == word.ordinal + n)
                            && here
                                .iter()
                                .zip(scan::words(p.term))
                                .all(|(w, p)| reads_as(sentence.get(w.start..w.end), p))
                    })
                })
                .max_by_key(|p| p.len());
            match longest {
                Some(phrase) => {
                    if phrase.role != Role::Request || !said_of_the_writer(sentence, word.start) {
                        found.add(phrase.role);
                    }
                    i += phrase.len().max(1);
                }
                None => i += 1,
            }
        }
        found
    }

    /// Findings about the visible text of a message.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_parts(&[text])
    }

    /// [`Lexicon::check`] of texts read one after the other, each ending a sentence (a
    /// subject, then a body), without gluing them into one string.
    pub fn check_parts<'t>(&self, parts: &[&'t str]) -> Vec<Finding> {
        let mut secrets: Vec<usize> = Vec::new();
        let mut excerpt: Option<&str> = None;
        let mut urgency: Option<&str> = None;
        let mut on_sentence = |sentence: &'t str, words: &[Word]| {
            let roles = self.roles(sentence, words);
            if roles.urgency && urgency.is_none() {
                urgency = Some(sentence);
            }
            if roles.negation || !roles.request {
                return;
            }
            for i in (0..SECRETS.len()).filter(|&i| roles.has_secret(i)) {
                if !secrets.contains(&i) {
                    secrets.push(i);
                }
                excerpt.get_or_insert(sentence);
            }
        };
        for part in parts {
            for_each_sentence(part, &|hash| self.keep(hash), &mut on_sentence);
        }
        secrets.sort_unstable();
        let mut out = Vec::new();
        if !secrets.is_empty() {
            let kinds: Vec<&str> = secrets
                .iter()
                .filter_map(|&i| SECRETS.get(i))
                .map(|s| s.kind)
                .collect();
            let strong = secrets
                .iter()
                .filter_map(|&i| SECRETS.get(i))
                .any(|s| s.strong);
            let severity = if strong {
                Severity::Danger
            } else {
                Severity::Caution
            };
            out.push(
                Finding::new(Kind::SecretRequest, severity, "body", "f_secret_request")
                    .params([kinds.join(", ")])
                    .evidence("asks_for", kinds.join(" "))
                    .evidence("excerpt", trim_excerpt(excerpt.unwrap_or_default())),
            );
        }
        if let Some(s) = urgency {
            out.push(
                Finding::new(Kind::Urgency, Severity::Info, "body", "f_urgency")
                    .evidence("excerpt", trim_excerpt(s)),
            );
        }
        out
    }
}

/// Is the request word at `start` said of the writer ("we send", "we'll verify", "je vais
/// vérifier"): right after a first-person subject, with at most two helper words between?
/// Read back from the word only when a request word is found, so most text never gets here.
fn said_of_the_writer(sentence: &str, start: usize) -> bool {
    let before = sentence.get(..start).unwrap_or_default();
    let mut back = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for _ in 0..3 {
        let Some(word) = back.next() else {
            return false;
        };
        let is = |list: &[&str]| list.iter().any(|&w| reads_as(Some(word), w));
        if is(WRITERS) {
            return true;
        }
        if !is(HELPERS) {
            return false;
        }
    }
    false
}

/// Does a word of the text, folded by [`strip_accents`], read as the lexicon word `word`?
fn reads_as(raw: Option<&str>, word: &str) -> bool {
    match raw {
        Some(raw) if raw.is_ascii() => raw.eq_ignore_ascii_case(word),
        Some(raw) => strip_accents(raw) == word,
        None => false,
    }
}

/// The roles found in one sentence.
#[derive(Default)]
struct Found {
    /// Bit `i` for `SECRETS[i]` (the lexicon has far fewer than 64 kinds; a unit test checks).
    secrets: u64,
    request: bool,
    negation: bool,
    urgency: bool,
}

impl Found {
    fn add(&mut self, role: Role) {
        match role {
            Role::Secret(i) => self.secrets |= 1u64.checked_shl(i as u32).unwrap_or(0),
            Role::Request => self.request = true,
            Role::Negation => self.negation = true,
            Role::Urgency => self.urgency = true,
        }
    }

    fn has_secret(&self, i: usize) -> bool {
        self.secrets & 1u64.checked_shl(i as u32).unwrap_or(0) != 0
    }
}

fn trim_excerpt(s: &str) -> String {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > EXCERPT_CHARS {
        let cut: String = t.chars().take(EXCERPT_CHARS).collect();
        format!("{cut}…")
    } else {
        t
    }
}

#[cfg(test)]
#[path = "../../tests/unit/content.rs"]
mod unit_tests;
