//! Requests for secrets in the visible text: password, PIN, PUK, SIM number, card data, IBAN,
//! national register number, itsme code (`src/data/lexicon.toml`, in French, Dutch, German and
//! English). A sentence asks for a secret when it names one, holds a request word and holds no
//! negation: "Proximus ne vous demandera jamais vos codes PIN" is a reminder.
//!
//! Matching reads the text once, hashing words as it goes, and looks phrases up by the hash of
//! their first word, so the cost is linear in the text whatever the size of the lexicon.

use crate::domain::confusable::strip_accents;
use crate::fasthash::FastMap;
use crate::report::{Finding, Kind, Severity};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

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

/// A phrase of the lexicon: the hashes of its words, and what it means.
type Phrase = (Box<[u64]>, Role);

/// Phrases indexed by the hash of their first word ([`word_hash`]).
///
/// Words are compared by their 64-bit hashes only: the text is hashed while it is scanned, so
/// no folded copy of it is ever built. A collision between one of a few hundred lexicon words
/// and a word of a mail is a 1-in-10^14 event per word pair.
pub struct Lexicon {
    phrases: FastMap<u64, Vec<Phrase>>,
    /// A bit per [`bloom_slot`] of the phrases' first words: most words of a mail start no
    /// phrase, and testing a bit is cheaper than a map lookup.
    first_words: [u64; BLOOM_BITS / 64],
}

const BLOOM_BITS: usize = 8192;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// What the scanner does with each byte of the text.
const SEPARATOR: u8 = 0;
const SENTENCE_END: u8 = 1;
const NON_ASCII: u8 = 2;

/// For each byte: itself in lower case for an ASCII letter or digit (all above
/// [`NON_ASCII`]), [`SENTENCE_END`] for `.`, `!`, `?`, `;` and line feeds, [`NON_ASCII`] for the
/// bytes of multi-byte characters, [`SEPARATOR`] for the rest.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            byte.to_ascii_lowercase()
        } else if matches!(byte, b'.' | b'!' | b'?' | b'\n' | b';') {
            SENTENCE_END
        } else if byte >= 0x80 {
            NON_ASCII
        } else {
            SEPARATOR
        };
        b += 1;
    }
    table
};

fn hash_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

/// FNV-1a of a word's bytes in ASCII lower case.
fn word_hash(word: &str) -> u64 {
    word.bytes()
        .fold(FNV_OFFSET, |h, b| hash_step(h, b.to_ascii_lowercase()))
}

/// The word of `hash` in [`Lexicon::first_words`]: (index, bit).
fn bloom_slot(hash: u64) -> (usize, u64) {
    let slot = (hash >> 51) as usize % BLOOM_BITS;
    (slot / 64, 1 << (slot % 64))
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let mut phrases: FastMap<u64, Vec<Phrase>> = FastMap::default();
        let mut first_words = [0u64; BLOOM_BITS / 64];
        let mut add = |term: &'static str, role: Role| {
            // Folded like the text, so that a term written with an accent still matches.
            let hashes: Box<[u64]> = words(&strip_accents(term)).map(word_hash).collect();
            if let Some(&first) = hashes.first() {
                let (i, bit) = bloom_slot(first);
                if let Some(w) = first_words.get_mut(i) {
                    *w |= bit;
                }
                phrases.entry(first).or_default().push((hashes, role));
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
            first_words,
        }
    }

    /// The roles of every phrase found in one sentence, given the hashes of its words.
    fn roles(&self, words: &[u64]) -> Found {
        let mut found = Found::default();
        let mut i = 0;
        while let Some(&hash) = words.get(i) {
            let (slot, bit) = bloom_slot(hash);
            if self.first_words.get(slot).is_none_or(|b| b & bit == 0) {
                // Most words: no phrase starts with them.
                i += 1;
                continue;
            }
            let Some(candidates) = self.phrases.get(&hash) else {
                i += 1;
                continue;
            };
            // The longest phrase starting here wins: "numero de carte sim" is a SIM number,
            // not a card number.
            let longest = candidates
                .iter()
                .filter(|(phrase, _)| words.get(i..i + phrase.len()) == Some(&phrase[..]))
                .max_by_key(|(phrase, _)| phrase.len());
            match longest {
                Some((phrase, role)) => {
                    found.add(*role);
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
    pub fn check_parts(&self, parts: &[&str]) -> Vec<Finding> {
        let mut secrets: Vec<usize> = Vec::new();
        let mut excerpt: Option<&str> = None;
        let mut urgency: Option<&str> = None;
        let mut on_sentence = |sentence, words: &[u64]| {
            let roles = self.roles(words);
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
            for_each_sentence(part, &mut on_sentence);
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

/// Calls `each` with every sentence of `text` that has words, and the [`word_hash`]es of its
/// words folded by [`strip_accents`]: sentences end at `.`, `!`, `?`, `;` and line breaks,
/// words are runs of letters and digits. One pass over the bytes; ASCII is hashed as it is
/// read, and only the characters outside ASCII are decoded and folded.
fn for_each_sentence<'t>(text: &'t str, mut each: impl FnMut(&'t str, &[u64])) {
    let bytes = text.as_bytes();
    // Reused from one sentence to the next: a long mail has thousands.
    let mut words: Vec<u64> = Vec::new();
    let mut hash = FNV_OFFSET;
    let mut in_word = false;
    let mut sentence_start = 0;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match BYTE_CLASS[usize::from(byte)] {
            SEPARATOR => {
                if in_word {
                    words.push(hash);
                    hash = FNV_OFFSET;
                    in_word = false;
                }
                i += 1;
            }
            SENTENCE_END => {
                if in_word {
                    words.push(hash);
                    hash = FNV_OFFSET;
                    in_word = false;
                }
                if !words.is_empty() {
                    each(text.get(sentence_start..i).unwrap_or_default(), &words);
                    words.clear();
                }
                i += 1;
                sentence_start = i;
            }
            NON_ASCII => {
                // `i` is always at a character boundary: ASCII bytes advance by one, other
                // characters by their length.
                let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                i += c.len_utf8();
                (hash, in_word) = absorb_non_ascii(c, hash, in_word, &mut words);
            }
            _ => {
                // The whole ASCII word here, without going back to the dispatch above.
                while let Some(&b) = bytes.get(i) {
                    let lower = BYTE_CLASS[usize::from(b)];
                    if lower <= NON_ASCII {
                        break;
                    }
                    hash = hash_step(hash, lower);
                    i += 1;
                }
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(hash);
    }
    if !words.is_empty() {
        each(text.get(sentence_start..).unwrap_or_default(), &words);
    }
}

/// Feeds a character outside ASCII to the word being hashed: the characters it becomes in
/// [`strip_accents`] (lower case, decomposed, marks dropped) extend the word when they are
/// letters or digits and end it otherwise. Takes and returns the scanner's state by value so
/// that the ASCII loop keeps it in registers.
fn absorb_non_ascii(
    c: char,
    mut hash: u64,
    mut in_word: bool,
    words: &mut Vec<u64>,
) -> (u64, bool) {
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |d| {
            if is_combining_mark(d) {
                return;
            }
            if d.is_alphanumeric() {
                let mut utf8 = [0; 4];
                for &b in d.encode_utf8(&mut utf8).as_bytes() {
                    hash = hash_step(hash, b.to_ascii_lowercase());
                }
                in_word = true;
            } else if in_word {
                words.push(hash);
                hash = FNV_OFFSET;
                in_word = false;
            }
        });
    }
    (hash, in_word)
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
#[path = "../tests/unit/content.rs"]
mod unit_tests;
