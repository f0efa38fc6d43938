use super::*;

fn hrefs(x: &Extracted) -> Vec<(usize, &str, &str)> {
    x.anchors
        .iter()
        .map(|a| (a.index, a.href.as_str(), a.text.as_str()))
        .collect()
}

#[test]
fn anchors_in_document_order_with_text() {
    let x = extract(
        r#"<p>Go to <a href="https://a.example/">the <b>first</b> one</a> or
        <a name="x">no href</a><map><area href="https://b.example/" alt="Area B"></map>
        <a href='https://c.example/' title="T">c</a></p>"#,
        Limits::default(),
    );
    assert_eq!(
        hrefs(&x),
        vec![
            (0, "https://a.example/", "the first one"),
            (1, "https://b.example/", "Area B"),
            (2, "https://c.example/", "c"),
        ]
    );
    assert_eq!(x.anchors[2].title.as_deref(), Some("T"));
}

#[test]
fn image_only_links_use_alt_text() {
    let x = extract(
        r#"<a href="https://x.example/"><img src="https://cdn.example/logo.png" alt="Logo"></a>"#,
        Limits::default(),
    );
    assert!(x.anchors[0].image_only);
    assert_eq!(x.anchors[0].text, "Logo");
    assert_eq!(x.image_sources, vec!["https://cdn.example/logo.png"]);
}

#[test]
fn entities_are_decoded() {
    let x = extract(
        r#"<a href="https://x.example/?a=1&amp;b=2">x &amp; y</a>"#,
        Limits::default(),
    );
    assert_eq!(x.anchors[0].href, "https://x.example/?a=1&b=2");
    assert_eq!(x.anchors[0].text, "x & y");
}

/// html5gum's table of named references is rewritten in a compact form
/// (`vendor/html5gum/compact_entities.py`): the first and last names, the longest, legacy names
/// without `;`, longest match, names outside the Basic Multilingual Plane and of two characters.
#[test]
fn named_character_references_of_the_whole_table() {
    let text = |html: &str| {
        let x = extract(
            &format!("<a href=\"https://x.example/\">{html}</a>"),
            Limits::default(),
        );
        x.anchors
            .first()
            .map(|a| a.text.clone())
            .unwrap_or_default()
    };
    assert_eq!(text("&AElig;&AElig"), "\u{c6}\u{c6}");
    assert_eq!(text("&zwj;x&zwnj;"), "\u{200d}x\u{200c}");
    assert_eq!(text("&CounterClockwiseContourIntegral;"), "\u{2233}");
    assert_eq!(text("pr&omicron;ximus"), "pr\u{3bf}ximus");
    assert_eq!(text("&eacute &lt"), "\u{e9} <");
    assert_eq!(text("&notin; &notit;"), "\u{2209} \u{ac}it;");
    assert_eq!(text("&aopf;&Bernoullis;"), "\u{1d552}\u{212c}");
    assert_eq!(text("&NotEqualTilde;"), "\u{2242}\u{338}");
    assert_eq!(text("&zzzz; &Z; &;"), "&zzzz; &Z; &;");
    // In an attribute a legacy name followed by `=` or a letter stays as written.
    let x = extract(
        r#"<a href="https://x.example/?a=1&copy=2&copy;&eacutex">x</a>"#,
        Limits::default(),
    );
    assert_eq!(
        x.anchors[0].href,
        "https://x.example/?a=1&copy=2\u{a9}&eacutex"
    );
}

#[test]
fn hidden_text_does_not_count() {
    let x = extract(
        r#"<p>Visible</p><div style="display: none">secret one</div><span hidden>two</span>
        <span style="font-size:0px">three</span><div style="max-height:0;overflow:hidden">four</div>
        <script>var five;</script><style>.six{}</style><p style="opacity:0">seven</p><p>end</p>"#,
        Limits::default(),
    );
    let t = x.text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(t, "Visible end");
}

#[test]
fn template_content_is_not_in_the_dom() {
    let x = extract(
        r#"<template><a href="https://t.example/">t</a></template><a href="https://u.example/">u</a>"#,
        Limits::default(),
    );
    assert_eq!(hrefs(&x), vec![(0, "https://u.example/", "u")]);
}

#[test]
fn svg_links_count_and_xlink_does_not() {
    let x = extract(
        r#"<svg><a href="https://s.example/"><text>s</text></a><a xlink:href="https://x.example/">x</a></svg>"#,
        Limits::default(),
    );
    assert_eq!(hrefs(&x), vec![(0, "https://s.example/", "s")]);
}

#[test]
fn base_form_and_password() {
    let x = extract(
        r#"<base href="https://base.example/dir/"><form action="https://collect.example/post"><input type="password"></form>"#,
        Limits::default(),
    );
    assert_eq!(x.base_href.as_deref(), Some("https://base.example/dir/"));
    assert_eq!(
        x.forms,
        vec![Form {
            action: "https://collect.example/post".into(),
            asks_password: true
        }]
    );
}

#[test]
fn limits_are_reported() {
    let many = "<a href=\"https://m.example/\">m</a>".repeat(50);
    let limits = Limits {
        max_anchors: 10,
        ..Limits::default()
    };
    let x = extract(&many, limits);
    assert_eq!(x.anchors.len(), 10);
    assert_eq!(x.anchor_count, 50);
    assert!(x.truncated.contains(&Truncation::Anchors));

    let deep = "<div>".repeat(2000) + "deep";
    let x = extract(&deep, Limits::default());
    assert!(x.truncated.contains(&Truncation::Depth));
    assert!(x.text.contains("deep"));

    let big = "x".repeat(100);
    let x = extract(
        &big,
        Limits {
            max_html_bytes: 10,
            ..Limits::default()
        },
    );
    assert!(x.truncated.contains(&Truncation::HtmlSize));
}

#[test]
fn style_rules() {
    assert!(style_hides("DISPLAY : none"));
    assert!(style_hides("font-size:0"));
    assert!(style_hides("font-size: 0px !important"));
    assert!(!style_hides("font-size: 0.9em"));
    assert!(!style_hides("font-size:10px"));
    assert!(style_hides("width:0;overflow:hidden"));
    assert!(!style_hides("width:0"));
}

#[test]
fn broken_markup_does_not_panic() {
    for html in [
        "<a href",
        "<a href=\"x\"",
        "</a></a><a>",
        "<<<>>>",
        "\u{0}<a href=\u{0}>",
        "<a href=x><a href=y>z",
        "<svg><style><a href=q>",
    ] {
        let _ = extract(html, Limits::default());
    }
}

#[test]
fn thousands_of_quoted_attributes_are_not_a_stack_overflow() {
    // Upstream html5gum nests one call per quoted attribute of a tag (vendor/html5gum/
    // PATCHES.md): 50,000 of them, in a start tag and in an end tag, on a thread with a small
    // stack, would overflow it.
    let attrs: String = (0..50_000).map(|i| format!(" a{i}=\"v\"")).collect();
    let html =
        format!("<p{attrs}>x</p{attrs}><a href=\"https://evil.example/\">www.example.org</a>");
    let x = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(move || extract(&html, Limits::default()))
        .unwrap()
        .join()
        .unwrap();
    assert!(x.truncated.is_empty());
    assert_eq!(x.anchors.len(), 1);
    assert_eq!(x.anchors[0].href, "https://evil.example/");
    assert!(x.text.contains("www.example.org"));
}

#[test]
fn collapse_keeps_collapsed_text_and_fixes_the_rest() {
    let reference = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in [
        "Voir le produit 3",
        "",
        " lead",
        "trail ",
        "two  spaces",
        "tab\there",
        "line\nbreak",
        "non\u{a0}breaking",
        "caf\u{e9} cr\u{e8}me",
        "\u{2003}em space",
        "\u{b}",
        "a\u{b}b",
        "form\u{c}feed",
    ] {
        assert_eq!(collapse(s.to_string()), reference(s), "{s:?}");
    }
}
