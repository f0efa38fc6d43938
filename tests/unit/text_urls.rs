use super::*;
use crate::link::shown;

#[test]
fn text_url_scanner() {
    assert_eq!(
        text_urls("see https://a.example/x. and (www.b.example) or http://c.example/?q=1, end"),
        [
            "https://a.example/x",
            "www.b.example",
            "http://c.example/?q=1"
        ]
    );
    assert!(text_urls("www. http:// nothing").is_empty());
}

#[test]
fn text_urls_start_at_word_boundaries_only() {
    assert_eq!(
        text_urls("voir\u{a0}https://a.example/x, puis\u{3000}WWW.B.example/y."),
        ["https://a.example/x", "WWW.B.example/y"]
    );
    assert!(text_urls("xhttps://a.example/y Wwww.b.example/z owww.c.example").is_empty());
    assert_eq!(text_urls("é(http://d.example/z)"), ["http://d.example/z"]);
}

#[test]
fn the_colon_and_dot_scan_agrees_with_a_plain_search() {
    let text = "Bonjour Hélène: voici le lien. WWW.exemple.be et https://x.example/Home?w=1 — ω.";
    let bytes = text.as_bytes();
    for from in 0..=bytes.len() + 2 {
        let expected = bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|b| matches!(b, b':' | b'.')))
            .map(|i| i + from);
        assert_eq!(next_colon_or_dot(bytes, from), expected, "from {from}");
    }
}

/// The plain reading `text_urls` must agree with: every character boundary that starts a word
/// and a URL, left to right, the next search after the word.
fn reference(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut from = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let boundary = prev.is_none_or(ends_text_url);
        prev = Some(c);
        if i < from || !boundary {
            continue;
        }
        let rest = &text[i..];
        if !(shown::has_scheme(rest) || shown::starts_with_www(rest)) {
            continue;
        }
        let word = rest.split(ends_text_url).next().unwrap_or(rest);
        from = i + word.len().max(1);
        let url = word.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if url.len() > 11 && !out.iter().any(|u| u == url) {
            out.push(url.to_string());
        }
    }
    out
}

#[test]
fn text_urls_agree_with_the_plain_reading() {
    // Pieces glued in every order of a small pseudo-random walk: scheme and `www` fragments,
    // their look-alikes, separators of every kind and non-ASCII text.
    const PIECES: [&str; 22] = [
        "http://",
        "https://",
        "HTTPS://",
        "www.",
        "WwW.",
        "wwww.",
        "http:/",
        "https:",
        "a.example",
        "/p?q=1",
        " ",
        "(",
        ")",
        "\u{a0}",
        "\u{3000}",
        "é",
        "ω",
        ".",
        ":",
        "x",
        "ht",
        "tp://b.example",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..4000 {
        let mut text = String::new();
        let len = 1 + (state >> 60) as usize;
        for _ in 0..len * 2 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        assert_eq!(text_urls(&text), reference(&text), "{text:?}");
    }
}
