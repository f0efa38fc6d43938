//! Text to sentences and words in one pass: each word hashed ([`word_hash`]) in its form
//! folded by [`strip_accents`](crate::domain::confusable::strip_accents), with its place in the
//! sentence. Only the words a filter keeps (in practice: words of some lexicon phrase) are
//! recorded; each carries its ordinal so that phrases still match consecutive words only. A
//! sentence is passed on only when one of its words may begin a phrase.

use crate::domain::skeleton::{for_each_decomposed, is_mark};

/// A word of a sentence: its [`word_hash`], where it is in the sentence, and its ordinal
/// (0 for the sentence's first word, counting the words not recorded too).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Word {
    pub(super) hash: u64,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) ordinal: usize,
}

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

/// FNV-1a of a word's bytes in ASCII lower case (what the scanner computes byte by byte).
pub(super) fn word_hash(word: impl AsRef<[u8]>) -> u64 {
    word.as_ref()
        .iter()
        .fold(FNV_OFFSET, |h, &b| hash_step(h, b.to_ascii_lowercase()))
}

pub(super) fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
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

/// What a scan does with a word, as its filter decides from the word's hash.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// Not recorded (counted in the ordinals all the same).
    Drop,
    /// Recorded: it may continue a phrase.
    Word,
    /// Recorded, and the sentence is passed on: it may begin a phrase.
    Start,
}

/// The sentence being read: where it starts, how many words were read in it, the ones kept,
/// and whether one of them may begin a phrase.
struct Sentence<'k, K> {
    start: usize,
    count: usize,
    words: Vec<Word>,
    has_start: bool,
    keep: &'k K,
}

impl<K: Fn(u64) -> Keep> Sentence<'_, K> {
    /// Ends the word, if one is being read, at byte `end` of the text.
    fn end(&mut self, word: Pending, end: usize) -> Pending {
        if let Some(start) = word.start {
            let keep = (self.keep)(word.hash);
            if keep != Keep::Drop {
                self.has_start |= keep == Keep::Start;
                self.words.push(Word {
                    hash: word.hash,
                    start: start.saturating_sub(self.start),
                    end: end.saturating_sub(self.start),
                    ordinal: self.count,
                });
            }
            self.count += 1;
        }
        NO_WORD
    }
}

/// Calls `each` with every sentence of `text` where `keep` finds a [`Keep::Start`] word, and
/// the words it keeps:
/// each with the [`word_hash`] of its form folded by `strip_accents`, its place in the
/// sentence and its ordinal. Sentences end at `.`, `!`, `?`, `;` and line breaks; words are
/// runs of letters and digits. One pass over the bytes: ASCII is hashed as it is read, and
/// only the characters outside ASCII are decoded and folded.
pub(super) fn for_each_sentence<'t, K: Fn(u64) -> Keep>(
    text: &'t str,
    keep: &K,
    mut each: impl FnMut(&'t str, &[Word]),
) {
    let bytes = text.as_bytes();
    // Reused from one sentence to the next: a long mail has thousands.
    let mut sentence = Sentence {
        start: 0,
        count: 0,
        words: Vec::new(),
        has_start: false,
        keep,
    };
    let mut word = NO_WORD;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match BYTE_CLASS[usize::from(byte)] {
            SEPARATOR => {
                word = sentence.end(word, i);
                i += 1;
            }
            SENTENCE_END => {
                word = sentence.end(word, i);
                if sentence.has_start {
                    each(
                        text.get(sentence.start..i).unwrap_or_default(),
                        &sentence.words,
                    );
                }
                sentence.words.clear();
                sentence.has_start = false;
                i += 1;
                sentence.start = i;
                sentence.count = 0;
            }
            NON_ASCII => {
                // `i` is always at a character boundary: ASCII bytes advance by one, other
                // characters by their length.
                let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                word = absorb_non_ascii(c, i, word, &mut sentence);
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
    sentence.end(word, text.len());
    if sentence.has_start {
        each(
            text.get(sentence.start..).unwrap_or_default(),
            &sentence.words,
        );
    }
}

/// Feeds the character outside ASCII at byte `at` to the word being read: the characters it
/// becomes in `strip_accents` (lower case, decomposed, marks dropped) extend the word when
/// they are letters or digits and end it otherwise. Takes and returns the word by value so
/// that the ASCII loop keeps it in registers.
fn absorb_non_ascii<K: Fn(u64) -> Keep>(
    c: char,
    at: usize,
    mut word: Pending,
    sentence: &mut Sentence<K>,
) -> Pending {
    for lower in c.to_lowercase() {
        for_each_decomposed(lower, &mut |d| {
            if is_mark(d) {
                return;
            }
            if d.is_alphanumeric() {
                word.start.get_or_insert(at);
                let mut utf8 = [0; 4];
                for &b in d.encode_utf8(&mut utf8).as_bytes() {
                    word.hash = hash_step(word.hash, b.to_ascii_lowercase());
                }
            } else {
                word = sentence.end(word, at);
            }
        });
    }
    word
}
