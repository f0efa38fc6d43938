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

/// Phrases indexed by their first word.
pub struct Lexicon {
    // The fast hasher: every word of every sentence is looked up here.
    phrases: FastMap<&'static str, Vec<(Vec<&'static str>, Role)>>,
    /// A bit per [`first_word_slot`] of the phrases' first words: most words of a mail are in
    /// no phrase, and testing a bit is cheaper than hashing the word.
    first_words: [u64; FIRST_WORD_BITS / 64],
}

const FIRST_WORD_BITS: usize = 8192;

/// Where a word falls in [`Lexicon::first_words`]: its length and first and last bytes.
fn first_word_slot(word: &str) -> (usize, u64) {
    let bytes = word.as_bytes();
    let first = usize::from(bytes.first().copied().unwrap_or(0));
    let last = usize::from(bytes.last().copied().unwrap_or(0));
    let slot = (first * 131 + last * 31 + bytes.len()) % FIRST_WORD_BITS;
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
        let mut phrases: FastMap<&'static str, Vec<(Vec<&'static str>, Role)>> = FastMap::default();
        let mut add = |term: &'static str, role: Role| {
            let ws: Vec<&'static str> = words(term).collect();
            if let Some(&first) = ws.first() {
                phrases.entry(first).or_default().push((ws, role));
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
        let mut first_words = [0u64; FIRST_WORD_BITS / 64];
        for first in phrases.keys() {
            let (i, bit) = first_word_slot(first);
            if let Some(w) = first_words.get_mut(i) {
                *w |= bit;
            }
        }
        Lexicon {
            phrases,
            first_words,
        }
    }

    /// False when no phrase starts with `word` (true may be a false alarm).
    fn may_start_phrase(&self, word: &str) -> bool {
        let (i, bit) = first_word_slot(word);
        self.first_words.get(i).is_some_and(|w| w & bit != 0)
    }

    /// The roles of every phrase found in one sentence, given the byte ranges of its words.
    fn roles(&self, sentence: &str, words: &[(usize, usize)]) -> Found {
        let word = |&(start, end): &(usize, usize)| sentence.get(start..end).unwrap_or_default();
        let mut found = Found::default();
        let mut i = 0;
        while let Some(w) = words.get(i) {
            if !self.may_start_phrase(word(w)) {
                i += 1;
                continue;
            }
            // The longest phrase starting here wins: "numero de carte sim" is a SIM number,
            // not a card number.
            let longest = self
                .phrases
                .get(word(w))
                .into_iter()
                .flatten()
                .filter(|(phrase, _)| {
                    words
                        .get(i..i + phrase.len())
                        .is_some_and(|here| here.iter().zip(phrase).all(|(r, p)| word(r) == *p))
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
        // Buffers reused from one sentence to the next: a long mail has thousands.
        let mut normalized = String::new();
        let mut words: Vec<(usize, usize)> = Vec::new();
        for sentence in sentences(text) {
            normalize_into(sentence, &mut normalized);
            word_ranges(&normalized, &mut words);
            if words.is_empty() {
                continue;
            }
            let roles = self.roles(&normalized, &words);
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

/// `sentence` lower-cased without accents into `out` (see [`strip_accents`]), without a new
/// allocation for the usual ASCII sentence.
fn normalize_into(sentence: &str, out: &mut String) {
    out.clear();
    if sentence.is_ascii() {
        out.push_str(sentence);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&strip_accents(sentence));
    }
}

/// Byte ranges of the words of `s` (runs of letters and digits), as [`words`] splits them.
fn word_ranges(s: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start = None;
    if s.is_ascii() {
        // The usual case, a byte at a time.
        for (i, b) in s.bytes().enumerate() {
            match (b.is_ascii_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    out.push((st, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            out.push((st, s.len()));
        }
        return;
    }
    for (i, c) in s.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
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
