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

/// A phrase of the lexicon: its words (lower-case ASCII, as `build.rs` requires), their
/// hashes, and what it means.
struct Phrase {
    hashes: Box<[u64]>,
    words: Box<[&'static str]>,
    role: Role,
}

/// A word of a sentence: its [`word_hash`] and where it is in the sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Word {
    hash: u64,
    start: usize,
    end: usize,
}

/// Phrases indexed by the hash of their first word ([`word_hash`]).
///
/// The text is hashed while it is scanned, so no folded copy of it is built; a phrase whose
/// hashes match is then checked word by word against the text (a hash alone could be made to
/// collide).
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
            let words: Box<[&'static str]> = words(term).collect();
            let hashes: Box<[u64]> = words.iter().map(|w| word_hash(w)).collect();
            if let Some(&first) = hashes.first() {
                let (i, bit) = bloom_slot(first);
                if let Some(w) = first_words.get_mut(i) {
                    *w |= bit;
                }
                phrases.entry(first).or_default().push(Phrase {
                    hashes,
                    words,
                    role,
                });
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

    /// The roles of every phrase found in one sentence, given its words.
    fn roles(&self, sentence: &str, words: &[Word]) -> Found {
        let mut found = Found::default();
        let mut i = 0;
        while let Some(word) = words.get(i) {
            let (slot, bit) = bloom_slot(word.hash);
            if self.first_words.get(slot).is_none_or(|b| b & bit == 0) {
                // Most words: no phrase starts with them.
                i += 1;
                continue;
            }
            let Some(candidates) = self.phrases.get(&word.hash) else {
                i += 1;
                continue;
            };
            // The longest phrase starting here wins: "numero de carte sim" is a SIM number,
            // not a card number.
            let longest = candidates
                .iter()
                .filter(|p| {
                    words.get(i..i + p.hashes.len()).is_some_and(|here| {
                        here.iter().zip(p.hashes.iter()).all(|(w, h)| w.hash == *h)
                            && here
                                .iter()
                                .zip(p.words.iter())
                                .all(|(w, p)| reads_as(sentence.get(w.start..w.end), p))
                    })
                })
                .max_by_key(|p| p.hashes.len());
            match longest {
                Some(phrase) => {
                    found.add(phrase.role);
                    i += phrase.hashes.len().max(1);
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

/// Does a word of the text, folded by [`strip_accents`], read as the lexicon word `word`?
fn reads_as(raw: Option<&str>, word: &str) -> bool {
    match raw {
        Some(raw) if raw.is_ascii() => raw.eq_ignore_ascii_case(word),
        Some(raw) => strip_accents(raw) == word,
        None => false,
    }
}

/// The word being read: its hash so far, and where it started (none between words).
#[derive(Clone, Copy)]
struct Pending {
    hash: u64,
    start: Option<usize>,
}

const NO_WORD: Pending = Pending {
    hash: FNV_OFFSET,
    start: None,
};

impl Pending {
    /// Ends the word, if one is being read, at byte `end` of the text.
    fn end(self, end: usize, sentence_start: usize, words: &mut Vec<Word>) -> Pending {
        if let Some(start) = self.start {
            words.push(Word {
                hash: self.hash,
                start: start.saturating_sub(sentence_start),
                end: end.saturating_sub(sentence_start),
            });
        }
        NO_WORD
    }
}

/// Calls `each` with every sentence of `text` that has words, and its words: each with the
/// [`word_hash`] of its form folded by [`strip_accents`] and its place in the sentence.
/// Sentences end at `.`, `!`, `?`, `;` and line breaks; words are runs of letters and digits.
/// One pass over the bytes: ASCII is hashed as it is read, and only the characters outside
/// ASCII are decoded and folded.
fn for_each_sentence<'t>(text: &'t str, mut each: impl FnMut(&'t str, &[Word])) {
    let bytes = text.as_bytes();
    // Reused from one sentence to the next: a long mail has thousands.
    let mut words: Vec<Word> = Vec::new();
    let mut word = NO_WORD;
    let mut sentence_start = 0;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match BYTE_CLASS[usize::from(byte)] {
            SEPARATOR => {
                word = word.end(i, sentence_start, &mut words);
                i += 1;
            }
            SENTENCE_END => {
                word = word.end(i, sentence_start, &mut words);
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
                word = absorb_non_ascii(c, i, word, sentence_start, &mut words);
                i += c.len_utf8();
            }
            _ => {
                // The whole ASCII word here, without going back to the dispatch above.
                word.start.get_or_insert(i);
                let mut hash = word.hash;
                while let Some(&b) = bytes.get(i) {
                    let lower = BYTE_CLASS[usize::from(b)];
                    if lower <= NON_ASCII {
                        break;
                    }
                    hash = hash_step(hash, lower);
                    i += 1;
                }
                word.hash = hash;
            }
        }
    }
    word.end(text.len(), sentence_start, &mut words);
    if !words.is_empty() {
        each(text.get(sentence_start..).unwrap_or_default(), &words);
    }
}

/// Feeds the character outside ASCII at byte `at` to the word being read: the characters it
/// becomes in [`strip_accents`] (lower case, decomposed, marks dropped) extend the word when
/// they are letters or digits and end it otherwise. Takes and returns the word by value so
/// that the ASCII loop keeps it in registers.
fn absorb_non_ascii(
    c: char,
    at: usize,
    mut word: Pending,
    sentence_start: usize,
    words: &mut Vec<Word>,
) -> Pending {
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |d| {
            if is_combining_mark(d) {
                return;
            }
            if d.is_alphanumeric() {
                word.start.get_or_insert(at);
                let mut utf8 = [0; 4];
                for &b in d.encode_utf8(&mut utf8).as_bytes() {
                    word.hash = hash_step(word.hash, b.to_ascii_lowercase());
                }
            } else {
                word = word.end(at, sentence_start, words);
            }
        });
    }
    word
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
