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
        Lexicon { phrases }
    }

    /// The roles of every phrase found in one sentence.
    fn roles(&self, sentence_words: &[&str]) -> Vec<Role> {
        let mut found = Vec::new();
        let mut i = 0;
        while let Some(w) = sentence_words.get(i) {
            // The longest phrase starting here wins: "numero de carte sim" is a SIM number,
            // not a card number.
            let longest = self
                .phrases
                .get(w)
                .into_iter()
                .flatten()
                .filter(|(phrase, _)| {
                    sentence_words.get(i..i + phrase.len()) == Some(phrase.as_slice())
                })
                .max_by_key(|(phrase, _)| phrase.len());
            match longest {
                Some((phrase, role)) => {
                    if !found.contains(role) {
                        found.push(*role);
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
        let mut secrets: Vec<usize> = Vec::new();
        let mut excerpt: Option<&str> = None;
        let mut urgency: Option<&str> = None;
        for sentence in text.split(['.', '!', '?', '\n', ';']) {
            let normalized = strip_accents(sentence);
            let ws: Vec<&str> = words(&normalized).collect();
            if ws.is_empty() {
                continue;
            }
            let roles = self.roles(&ws);
            if roles.contains(&Role::Urgency) && urgency.is_none() {
                urgency = Some(sentence);
            }
            if roles.contains(&Role::Negation) || !roles.contains(&Role::Request) {
                continue;
            }
            for r in &roles {
                if let Role::Secret(i) = r {
                    if !secrets.contains(i) {
                        secrets.push(*i);
                    }
                    excerpt.get_or_insert(sentence);
                }
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
