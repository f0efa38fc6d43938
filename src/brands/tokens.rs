//! Names split into folded tokens, the unit in which the catalog compares brand names.

use crate::domain::confusable::{ascii_fold_into, fold, fold_letters, strip_accents};
use crate::domain::host::is_invisible;
use std::borrow::Cow;
use unicode_script::{Script, UnicodeScript};

/// Tokens shorter than this are folded letter by letter (see [`fold_letters`]).
pub(super) const MIN_PAIR_FOLD: usize = 5;

/// The folded tokens of a name, stored end to end in one string: a run of tokens is a slice
/// of it, so compact keys are looked up without building them.
#[derive(Debug, Default)]
pub struct NameTokens {
    folded: String,
    /// Where each token ends in `folded`.
    ends: Vec<usize>,
    /// Which written word each token comes from: `FreeBSD` is one word of two tokens.
    words: Vec<u32>,
    /// Whether each token is written in digits only (`02`).
    numbers: Vec<bool>,
    /// Whether a phrase ends before each token: `Orange | Support`, `Shop - Orange` (see
    /// [`is_phrase_break`]).
    breaks: Vec<bool>,
}

impl NameTokens {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Tokens `from..to`, glued together.
    pub fn span(&self, from: usize, to: usize) -> Option<&str> {
        let start = match from.checked_sub(1) {
            None => 0,
            Some(before) => *self.ends.get(before)?,
        };
        let end = *self.ends.get(to.checked_sub(1)?)?;
        self.folded.get(start..end)
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.span(i, i + 1)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Tokens `from..to` are all written in digits: a number, never a name (`02` is no `O2`).
    pub fn is_number(&self, from: usize, to: usize) -> bool {
        self.numbers
            .get(from..to)
            .is_some_and(|n| n.iter().all(|&d| d))
    }

    /// The other tokens of the written words that tokens `from..to` belong to (`BSD` for `Free`
    /// in `FreeBSD`), empty when the run starts and ends a written word.
    pub fn glued_to(&self, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
        let word_of = |i: usize| self.words.get(i).copied();
        let (first, last) = (word_of(from), to.checked_sub(1).and_then(word_of));
        (0..self.len())
            .filter(move |&i| (i < from || i >= to) && (word_of(i) == first || word_of(i) == last))
    }

    /// True when a phrase ends before token `i` (or `i` is the first): its neighbour before it
    /// belongs to another part of the name.
    pub fn breaks_before(&self, i: usize) -> bool {
        self.breaks.get(i).copied().unwrap_or(true)
    }

    /// All the tokens glued together: the compact key of a name.
    pub fn into_concat(self) -> String {
        self.folded
    }

    /// Fold one raw token of written word `word` onto the end.
    fn push(&mut self, raw: &str, word: u32, after_break: bool) {
        self.breaks.push(after_break);
        self.words.push(word);
        self.numbers.push(raw.chars().all(char::is_numeric));
        if raw.is_ascii() {
            // The usual case: lower case and look-alikes in one pass, no new string.
            ascii_fold_into(raw, &mut self.folded, raw.len() >= MIN_PAIR_FOLD);
        } else {
            // `name_tokens` keeps invisible characters inside a token; they are dropped here,
            // copying the token only when it has some.
            let raw: Cow<str> = if raw.chars().any(is_invisible) {
                Cow::Owned(raw.chars().filter(|&c| !is_invisible(c)).collect())
            } else {
                Cow::Borrowed(raw)
            };
            let plain = strip_accents(&raw);
            // A capital of another script is folded as written (`fold` reads `Μ` before
            // lowering it); otherwise the accent-free form, mostly ASCII, takes the fast path.
            let capital = raw
                .chars()
                .any(|c| c.is_uppercase() && !c.is_ascii() && c.script() != Script::Latin);
            let text: &str = if capital { &raw } else { &plain };
            if plain.chars().count() < MIN_PAIR_FOLD {
                self.folded.push_str(&fold_letters(text));
            } else {
                self.folded.push_str(&fold(text));
            }
        }
        self.ends.push(self.folded.len());
    }
}

/// Whether the characters between two tokens end a phrase: punctuation that parts a name
/// (`Shop | Orange`, `Orange: facture`, `Team (Orange)`) or a dash between spaces. A hyphen,
/// an apostrophe or a dot inside a word (`Start-Ups`, `d'Orange`, `Dipl.-Ing.`) does not.
fn is_phrase_break(gap: &str) -> bool {
    gap.contains([
        '|', ':', ';', ',', '(', ')', '[', ']', '<', '>', '/', '\\', '•', '·', '\u{2013}',
        '\u{2014}',
    ]) || gap.contains(" -")
        || gap.contains("- ")
}

/// Split a name into folded tokens: separators, case changes (`ServiceClient`) and
/// letter/digit changes end a token.
pub fn name_tokens(text: &str) -> NameTokens {
    let mut tokens = NameTokens {
        folded: String::with_capacity(text.len()),
        ..NameTokens::default()
    };
    // Where the current raw token starts in `text`.
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    // The written word being read: separators end one, case and kind changes do not.
    let mut word = 0;
    // Where the text after the previous token starts: what lies between is the separator.
    let mut gap_start = 0;
    let mut flush = |start: &mut Option<usize>, end: usize, word: u32| {
        let Some(from) = start.take() else {
            return;
        };
        if let Some(raw) = text.get(from..end) {
            let first = tokens.is_empty();
            let gap = text.get(gap_start..from).unwrap_or_default();
            tokens.push(raw, word, first || is_phrase_break(gap));
            gap_start = end;
        }
    };
    for (i, c) in text.char_indices() {
        // Invisible characters inside a word (`Serv\u{FEFF}ices`) do not cut it.
        if start.is_some() && !c.is_ascii() && is_invisible(c) {
            continue;
        }
        if !c.is_alphanumeric() {
            if prev.is_some() {
                flush(&mut start, i, word);
                word += 1;
            }
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let case_break = p.is_lowercase() && c.is_uppercase();
            let kind_break = p.is_numeric() != c.is_numeric();
            if case_break || kind_break {
                flush(&mut start, i, word);
            }
        }
        start.get_or_insert(i);
        prev = Some(c);
    }
    flush(&mut start, text.len(), word);
    tokens
}
