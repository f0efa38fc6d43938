use super::*;

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
fn the_letter_scan_agrees_with_a_plain_search() {
    let text = "Bonjour Hélène, voici le lien: WWW.exemple.be et https://x.example/Home?w=1 — ωh";
    let bytes = text.as_bytes();
    for from in 0..=bytes.len() + 2 {
        let expected = bytes
            .get(from..)
            .and_then(|rest| {
                rest.iter()
                    .position(|b| matches!(b, b'h' | b'H' | b'w' | b'W'))
            })
            .map(|i| i + from);
        assert_eq!(next_h_or_w(bytes, from), expected, "from {from}");
    }
}
