use super::*;

fn site(text: &str) -> Option<String> {
    shown_target(text).map(|s| s.host.site().to_string())
}

#[test]
fn texts_that_show_a_destination() {
    assert_eq!(site("www.example.be").as_deref(), Some("example.be"));
    assert_eq!(
        site("https://login.example.com/keep-password").as_deref(),
        Some("example.com")
    );
    assert_eq!(site("example.be/facture").as_deref(), Some("example.be"));
    assert_eq!(
        site("<https://example.org/>").as_deref(),
        Some("example.org")
    );
    assert_eq!(
        site("WWW.EXAMPLE.BE - votre espace").as_deref(),
        Some("example.be")
    );
    assert_eq!(site("info@example.be").as_deref(), Some("example.be"));
    assert_eq!(site("http://203.0.113.9/x").as_deref(), Some("203.0.113.9"));
    assert_eq!(
        site("www.exa\u{200B}mple.be").as_deref(),
        Some("example.be")
    );
}

#[test]
fn texts_that_show_nothing() {
    for t in [
        "Click here",
        "Lire l'article",
        "",
        "   ",
        "notes.md",
        "setup.zip",
        "version 1.2",
        "e.g. this",
        "Mr.Smith",
        "1.2.3",
    ] {
        assert_eq!(site(t), None, "{t:?}");
    }
}

#[test]
fn a_right_to_left_override_is_read_as_displayed() {
    let shown = shown_target("\u{202E}eb.elpmaxe.www\u{202C}").expect("shows a host");
    assert_eq!(shown.host.ascii, "www.example.be");
    let shown = shown_target("Pay at \u{202E}gro.elpmaxe.www").map(|s| s.host.ascii.clone());
    assert_eq!(
        shown, None,
        "text that does not start with a host claims nothing"
    );
    assert_eq!(visual_order("a\u{202E}cb\u{202C}d"), "abcd");
}
