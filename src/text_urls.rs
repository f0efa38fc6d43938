//! URLs written in plain text (`https://...`, `www....`): a mail that shows an address
//! without linking it still sends the reader there.

use crate::fasthash::FastSet;
use crate::link::shown;

/// Most URLs taken from plain text.
pub const MAX_TEXT_URLS: usize = 200;
/// Most plain-text URLs looked at (some are the text of a link and are skipped).
const MAX_TEXT_URL_CANDIDATES: usize = 4 * MAX_TEXT_URLS;

/// Ends a word that may be a URL in plain text.
fn ends_text_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']')
}

/// The position of the next `h`, `H`, `w` or `W` at or after `from`, eight bytes at a time
/// (a mail is mostly prose, where these letters are a few percent of the bytes).
fn next_h_or_w(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Setting bit 5 lower-cases ASCII letters; only `H`/`h` then read `h`, `W`/`w` read `w`.
    let is_target = |b: &u8| matches!(b | 0x20, b'h' | b'w');
    // Some byte of `x` equals `b` (the classic zero-byte test on `x ^ b...b`).
    let has = |x: u64, b: u8| {
        let y = x ^ (ONES * u64::from(b));
        y.wrapping_sub(ONES) & !y & HIGH != 0
    };
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) | 0x2020_2020_2020_2020;
        if has(x, b'h') || has(x, b'w') {
            if let Some(i) = chunk.iter().position(is_target) {
                return Some(from + offset + i);
            }
        }
        offset += 8;
    }
    let tail = chunks.remainder().iter().position(is_target)?;
    Some(from + offset + tail)
}

/// URLs written in plain text: `https://...`, `http://...` and `www....` words.
pub fn text_urls(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: FastSet<&str> = Default::default();
    // Jump from one `h` or `w` to the next instead of decoding every character: only a word
    // that starts with one can be a URL.
    let mut from = 0;
    while let Some(start) = next_h_or_w(text.as_bytes(), from) {
        // The letters are ASCII, so `start + 1` is a character boundary.
        from = start + 1;
        let word_start = match start.checked_sub(1).and_then(|p| text.as_bytes().get(p)) {
            None => true,
            // Mostly a letter in the middle of a word: no decoding needed.
            Some(&b) if b.is_ascii() => ends_text_url(char::from(b)),
            Some(_) => text
                .get(..start)
                .and_then(|head| head.chars().next_back())
                .is_none_or(ends_text_url),
        };
        let rest = text.get(start..).unwrap_or_default();
        if !word_start || !(shown::has_scheme(rest) || shown::starts_with_www(rest)) {
            continue;
        }
        let word = rest.split(ends_text_url).next().unwrap_or(rest);
        from = start + word.len().max(1);
        let url = word.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if url.len() > 11 && seen.insert(url) {
            out.push(url.to_string());
            // Enough candidates for MAX_TEXT_URLS outside anchors; the rest is not looked at.
            if out.len() >= MAX_TEXT_URL_CANDIDATES {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "../tests/unit/text_urls.rs"]
mod unit_tests;
