use super::*;

fn dest(href: &str) -> (String, usize, bool) {
    let u = unwrap(Url::parse(href).unwrap());
    (u.destination.to_string(), u.chain.len(), u.ambiguous)
}

#[test]
fn safe_links() {
    let (d, n, _) = dest("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1&data=05%7C02&reserved=0");
    assert_eq!((d.as_str(), n), ("https://example.org/a?b=1", 1));
}

#[test]
fn google_redirect_and_nesting() {
    let inner =
        "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.org%2F&data=x";
    let href = format!(
        "https://www.google.com/url?q={}&sa=D",
        url::form_urlencoded::byte_serialize(inner.as_bytes()).collect::<String>()
    );
    let (d, n, _) = dest(&href);
    assert_eq!((d.as_str(), n), ("https://example.org/", 2));
}

#[test]
fn proofpoint_v2_and_v3() {
    let (d, _, _) = dest(
        "https://urldefense.proofpoint.com/v2/url?u=https-3A__example.org_path-3Fa-3D1&d=DwMF&c=x",
    );
    assert_eq!(d, "https://example.org/path?a=1");
    // "*" stands for characters given in base64 after "__;": here "=" ("PQ" is "=").
    let (d, _, _) = dest("https://urldefense.com/v3/__https://example.org/p?a*1__;PQ!!tok$");
    assert_eq!(d, "https://example.org/p?a=1");
}

#[test]
fn bing_base64() {
    // base64url("https://example.org/x") = aHR0cHM6Ly9leGFtcGxlLm9yZy94
    let (d, n, _) =
        dest("https://www.bing.com/ck/a?!&&p=abc&u=a1aHR0cHM6Ly9leGFtcGxlLm9yZy94&ntb=1");
    assert_eq!((d.as_str(), n), ("https://example.org/x", 1));
}

#[test]
fn two_embedded_urls_are_not_followed() {
    let (d, n, ambiguous) = dest(
        "https://www.google.com/url?q=https%3A%2F%2Fa.example%2F&url=https%3A%2F%2Fb.example%2F",
    );
    assert_eq!(n, 0);
    assert!(ambiguous);
    assert!(d.starts_with("https://www.google.com/"));
}

#[test]
fn depth_is_bounded() {
    let mut href = "https://example.org/".to_string();
    for _ in 0..8 {
        href = format!(
            "https://www.google.com/url?q={}",
            url::form_urlencoded::byte_serialize(href.as_bytes()).collect::<String>()
        );
    }
    let (_, n, ambiguous) = dest(&href);
    assert_eq!(n, MAX_LEVELS);
    assert!(ambiguous);
}

#[test]
fn unknown_hosts_are_left_alone() {
    let (d, n, _) = dest("https://example.org/?url=https%3A%2F%2Fother.example%2F");
    assert_eq!(
        (d.as_str(), n),
        ("https://example.org/?url=https%3A%2F%2Fother.example%2F", 0)
    );
}

#[test]
fn garbage_does_not_panic() {
    for s in [
        "https://urldefense.com/v3/__",
        "https://urldefense.com/v3/____;!!",
        "https://www.bing.com/ck/a?u=a1%%%",
        "https://urldefense.proofpoint.com/v2/url?u=-ZZ-",
    ] {
        let _ = unwrap(Url::parse(s).unwrap());
    }
    assert_eq!(base64_decode("aGk"), Some(b"hi".to_vec()));
    assert_eq!(base64_decode("a$b"), None);
}

#[test]
fn the_scheme_prefilter_never_drops_a_web_url() {
    let values = [
        "https://www.example.be/a",
        "  HTTP://example.be",
        "\u{1}\u{1f} http://example.be",
        "ht\ttps://example.be",
        "h\nt\rtp://example.be",
        "HtTpS:example.be",
        "http:\\\\example.be\\x",
        "https:/example.be",
        "05",
        "",
        "javascript:alert(1)",
        "httpx://example.be",
        "www.example.be",
        "ab12",
        "\u{a0}https://example.be/a",
        "\u{2028}\u{3000}http://example.be",
        "\u{85}https://example.be",
    ];
    for v in values {
        let web = Url::parse(v.trim()).ok().filter(is_web).is_some();
        if web {
            assert!(may_be_web(v), "{v:?} parses as a web URL");
        }
        assert_eq!(parse_web(v).is_some(), web, "{v:?}");
    }
    assert!(!may_be_web("05") && !may_be_web("javascript:x"));
}

#[test]
fn a_unicode_space_does_not_hide_a_redirect_target() {
    let (d, n, _) = dest("https://www.google.com/url?q=%C2%A0https://example.net/login");
    assert_eq!((d.as_str(), n), ("https://example.net/login", 1));
}
