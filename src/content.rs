//! Requests for secrets in the visible text: password, PIN, PUK, SIM number, card data, IBAN,
//! national register number, itsme code (`src/data/lexicon.toml`, in French, Dutch, German and
//! English). A sentence asks for a secret when it names one, holds a request word and holds no
//! negation: "Proximus ne vous demandera jamais vos codes PIN" is a reminder.
//!
//! Matching walks the words of each sentence once and looks phrases up by their first word, so
//! the cost is linear in the text whatever the size of the lexicon.

use crate::domain::confusable::strip_accents;
use crate::fasthash::FastMap;
use crate::report::{Finding, Kind, Severity};

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

/// Phrases indexed by the hash of their first word ([`word_hash`]).
pub struct Lexicon {
    // Keyed by the hash the word scanner computes anyway, so a word is never hashed twice;
    // the phrase comparison below checks the words themselves.
    phrases: FastMap<u64, Vec<(Vec<&'static str>, Role)>>,
    /// A bit per [`bloom_slot`] of the phrases' first words: most words of a mail start no
    /// phrase, and testing a bit is cheaper than a map lookup.
    first_words: [u64; BLOOM_BITS / 64],
}

const BLOOM_BITS: usize = 8192;

/// A word in a sentence: its byte range and [`word_hash`].
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    hash: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// For each byte: itself in lower case when it is an ASCII letter or digit, else 0.
static WORD_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

fn hash_step(hash: u64, lower_byte: u8) -> u64 {
    (hash ^ u64::from(lower_byte)).wrapping_mul(FNV_PRIME)
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
        let mut phrases: FastMap<u64, Vec<(Vec<&'static str>, Role)>> = FastMap::default();
        let mut first_words = [0u64; BLOOM_BITS / 64];
        let mut add = |term: &'static str, role: Role| {
            let ws: Vec<&'static str> = words(term).collect();
            if let Some(&first) = ws.first() {
                let hash = word_hash(first);
                let (i, bit) = bloom_slot(hash);
                if let Some(w) = first_words.get_mut(i) {
                    *w |= bit;
                }
                phrases.entry(hash).or_default().push((ws, role));
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

    /// The roles of every phrase found in one sentence (lower case, or ASCII in any case).
    fn roles(&self, sentence: &str, words: &[Word]) -> Found {
        let text = |w: &Word| sentence.get(w.start..w.end).unwrap_or_default();
        let mut found = Found::default();
        let mut i = 0;
        while let Some(w) = words.get(i) {
            let (slot, bit) = bloom_slot(w.hash);
            let candidates = if self.first_words.get(slot).is_some_and(|b| b & bit != 0) {
                self.phrases.get(&w.hash)
            } else {
                None
            };
            // The longest phrase starting here wins: "numero de carte sim" is a SIM number,
            // not a card number.
            let longest = candidates
                .into_iter()
                .flatten()
                .filter(|(phrase, _)| {
                    words.get(i..i + phrase.len()).is_some_and(|here| {
                        here.iter()
                            .zip(phrase)
                            .all(|(w, p)| text(w).eq_ignore_ascii_case(p))
                    })
                })
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
        let mut secrets: Vec<usize> = Vec::new();
        let mut excerpt: Option<&str> = None;
        let mut urgency: Option<&str> = None;
        // Reused from one sentence to the next: a long mail has thousands.
        let mut words: Vec<Word> = Vec::new();
        for sentence in sentences(text) {
            // ASCII is matched in place, case-insensitively; other text is folded first.
            let normalized;
            let folded = if sentence.is_ascii() {
                sentence
            } else {
                normalized = strip_accents(sentence);
                &normalized
            };
            scan_words(folded, &mut words);
            if words.is_empty() {
                continue;
            }
            let roles = self.roles(folded, &words);
            if roles.urgency && urgency.is_none() {
                urgency = Some(sentence);
            }
            if roles.negation || !roles.request {
                continue;
            }
            for i in (0..SECRETS.len()).filter(|&i| roles.has_secret(i)) {
                if !secrets.contains(&i) {
                    secrets.push(i);
                }
                excerpt.get_or_insert(sentence);
            }
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

/// The sentences of a text: split at `.`, `!`, `?`, `;` and line breaks. The marks are ASCII,
/// so the bytes can be scanned without decoding characters.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current
            .bytes()
            .position(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b';'))
        {
            Some(end) => {
                rest = current.get(end + 1..);
                current.get(..end)
            }
            None => rest.take(),
        }
    })
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

/// The words of `s` (runs of letters and digits, as [`words`] splits them) with their hashes.
fn scan_words(s: &str, out: &mut Vec<Word>) {
    out.clear();
    if s.is_ascii() {
        // The usual case: one pass over the bytes, hashing as it goes.
        let mut bytes = s.as_bytes().iter().enumerate();
        while let Some((start, &first)) = bytes.next() {
            let lower = WORD_BYTE[usize::from(first)];
            if lower == 0 {
                continue;
            }
            let mut hash = hash_step(FNV_OFFSET, lower);
            let mut end = s.len();
            for (i, &b) in bytes.by_ref() {
                let lower = WORD_BYTE[usize::from(b)];
                if lower == 0 {
                    end = i;
                    break;
                }
                hash = hash_step(hash, lower);
            }
            out.push(Word { start, end, hash });
        }
        return;
    }
    let mut start = None;
    let mut push = |start: usize, end: usize| {
        let hash = s.get(start..end).map_or(FNV_OFFSET, word_hash);
        out.push(Word { start, end, hash });
    };
    for (i, c) in s.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                push(st, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        push(st, s.len());
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
