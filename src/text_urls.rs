//! URLs written in plain text (`https://...`, `www....`): a mail that shows an address
//! without linking it still sends the reader there.

use crate::fasthash::FastSet;

/// Most URLs taken from plain text.
pub const MAX_TEXT_URLS: usize = 200;
/// Most plain-text URLs looked at (some are the text of a link and are skipped).
const MAX_TEXT_URL_CANDIDATES: usize = 4 * MAX_TEXT_URLS;

/// Ends a word that may be a URL in plain text.
fn ends_text_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']')
}

/// The position of the next `:` or `.` at or after `from`: every URL this module reads has
/// one a few bytes after its start (`http:`, `https:`, `www.`), and in prose they are rarer
/// than the letters a URL starts with. `memchr` (already in the tree through `serde_json`)
/// searches many bytes per step.
fn next_colon_or_dot(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b':', b'.', bytes.get(from..)?).map(|i| from + i)
}

/// Where a URL would start, given the `:` or `.` at `at`: `http:` or `https:` before a colon
/// that `//` follows, `www` before a dot (in any case).
fn candidate_start(bytes: &[u8], at: usize) -> Option<usize> {
    let before = |n: usize| at.checked_sub(n).and_then(|s| bytes.get(s..at));
    match bytes.get(at) {
        Some(b':') if bytes.get(at + 1..at + 3) == Some(b"//") => {
            if before(5).is_some_and(|w| w.eq_ignore_ascii_case(b"https")) {
                Some(at - 5)
            } else if before(4).is_some_and(|w| w.eq_ignore_ascii_case(b"http")) {
                Some(at - 4)
            } else {
                None
            }
        }
        Some(b'.') if before(3).is_some_and(|w| w.eq_ignore_ascii_case(b"www")) => Some(at - 3),
        _ => None,
    }
}

/// URLs written in plain text: `https://...`, `http://...` and `www....` words.
pub fn text_urls(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut seen: FastSet<&str> = Default::default();
    // Jump from one `:` or `.` to the next instead of decoding every character.
    let mut from = 0;
    let mut scan = 0;
    while let Some(at) = next_colon_or_dot(bytes, scan) {
        scan = at + 1;
        // Inside a URL already taken, or not the start of one.
        let Some(start) = candidate_start(bytes, at).filter(|&s| s >= from) else {
            continue;
        };
        let word_start = match start.checked_sub(1).and_then(|p| bytes.get(p)) {
            None => true,
            // Mostly a letter in the middle of a word: no decoding needed.
            Some(&b) if b.is_ascii() => ends_text_url(char::from(b)),
            Some(_) => text
                .get(..start)
                .and_then(|head| head.chars().next_back())
                .is_none_or(ends_text_url),
        };
        if !word_start {
            continue;
        }
        // `start` is an ASCII letter, so a character boundary; `candidate_start` has read the
        // `http://`, `https://` or `www.` there.
        let rest = text.get(start..).unwrap_or_default();
        let word = rest.split(ends_text_url).next().unwrap_or(rest);
        from = start + word.len().max(1);
        scan = scan.max(from);
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
