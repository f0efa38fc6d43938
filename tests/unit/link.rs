use super::*;
use crate::domain::intel::DomainIntel;

fn intel() -> DomainIntel {
    DomainIntel::new(&[], &[])
}

fn run(href: &str, text: &str) -> LinkReport {
    let intel = intel();
    let ctx = LinkContext::new(&intel, None, None, false);
    let anchor = Anchor {
        index: 0,
        href: href.into(),
        text: text.into(),
        title: None,
        image_only: false,
    };
    analyze(&ctx, anchor, "link[0]")
}

fn kinds(r: &LinkReport) -> Vec<Kind> {
    r.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn dangerous_schemes_even_when_disguised() {
    for href in [
        "javascript:alert(1)",
        " JavaScript:void(0)",
        "java\tscript:x",
        "vbscript:msgbox",
        "data:text/html;base64,PGI+",
    ] {
        let r = run(href, "click");
        assert_eq!(kinds(&r), [Kind::DangerousScheme], "{href:?}");
        assert_eq!(r.verdict, Verdict::Danger);
    }
    assert_eq!(run("file:///etc/passwd", "x").verdict, Verdict::Caution);
}

#[test]
fn quiet_links() {
    for (href, text) in [
        ("mailto:info@example.org", "info@other.example"),
        ("tel:+3225550100", "call"),
        ("#top", "top"),
        ("", "x"),
    ] {
        assert!(run(href, text).findings.is_empty(), "{href}");
    }
}

#[test]
fn text_and_destination() {
    assert!(run("https://www.example.org/a", "example.org")
        .findings
        .is_empty());
    assert!(
        run("https://mail.example.org/a", "https://www.example.org/")
            .findings
            .is_empty(),
        "same registrable domain"
    );
    let r = run("https://evil.example.net/x", "www.example.org");
    assert_eq!(kinds(&r), [Kind::LinkTextMismatch]);
    assert_eq!(r.findings[0].params, ["www.example.org", "example.net"]);
    assert_eq!(r.verdict, Verdict::Danger);
}

#[test]
fn redirect_to_the_shown_site_is_not_a_mismatch() {
    let r = run(
        "https://click.tracker.example/r?u=https%3A%2F%2Fwww.example.org%2Fpage",
        "www.example.org",
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
}

#[test]
fn a_text_that_is_the_wrapped_url_itself_shows_the_wrapped_page() {
    // A plain-text mail through Safe Links or Google's redirect: text and link are one URL.
    for wrapped in [
        "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.example.org%2Fa&data=1",
        "https://www.google.com/url?q=https://www.example.org/a&sa=D",
    ] {
        let r = run(wrapped, wrapped);
        assert_eq!(r.registrable, "example.org", "{wrapped}");
        assert_eq!(kinds(&r), [Kind::Unwrapped], "{wrapped}");
    }
    // The text wraps one page and the link another: the wrapped page is what the text names.
    let r = run(
        "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example.net%2F&data=1",
        "https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.example.org%2F&data=1",
    );
    assert_eq!(kinds(&r), [Kind::Unwrapped, Kind::LinkTextMismatch]);
    assert_eq!(r.findings[1].params, ["www.example.org", "example.net"]);
    // A wrapper's own page named in the text stays what it is.
    let r = run(
        "https://www.google.com/url?q=https://evil.example.net/",
        "https://www.google.com/",
    );
    assert_eq!(kinds(&r), [Kind::Unwrapped, Kind::LinkTextMismatch]);
}

#[test]
fn ip_hosts_in_every_form() {
    let plain = run("http://198.51.100.23/x", "Resolve now");
    assert_eq!(
        (kinds(&plain), plain.verdict),
        (vec![Kind::IpHost], Verdict::Caution)
    );
    for href in [
        "http://3325256727/x",
        "http://0xC6.0x33.0x64.0x17/",
        "http://0306.063.0144.027/",
    ] {
        let r = run(href, "Resolve now");
        assert_eq!(
            (kinds(&r), r.verdict),
            (vec![Kind::IpHost], Verdict::Danger),
            "{href}"
        );
        assert_eq!(r.findings[0].params[1], "198.51.100.23");
    }
    assert!(run("http://192.168.1.1/", "router").findings.is_empty());
}

#[test]
fn userinfo_trick() {
    let r = run("https://www.example.org@evil.example.net/signin", "Sign in");
    assert_eq!(kinds(&r), [Kind::Userinfo]);
    assert_eq!(r.findings[0].params, ["www.example.org", "example.net"]);
    assert_eq!(r.registrable, "example.net");
}

#[test]
fn relative_links_use_the_base() {
    let intel = intel();
    let base = Url::parse("https://base.example.org/dir/").unwrap();
    let ctx = LinkContext::new(&intel, Some(&base), None, false);
    let anchor = Anchor {
        index: 3,
        href: "page.html".into(),
        text: "www.other.example.net".into(),
        ..Anchor::default()
    };
    let r = analyze(&ctx, anchor, "link[3]");
    assert_eq!(r.destination, "https://base.example.org/dir/page.html");
    assert_eq!(kinds(&r), [Kind::LinkTextMismatch]);
}

#[test]
fn unparsable_links_are_info() {
    let r = run("http://exa mple.com/", "x");
    assert_eq!(
        (kinds(&r), r.verdict),
        (vec![Kind::InvalidInput], Verdict::Ok)
    );
}

#[test]
fn long_and_odd_urls_do_not_panic() {
    let long = format!("https://example.org/{}", "a".repeat(10_000));
    for href in [
        long.as_str(),
        "http://",
        "https://[::1",
        "http://%zz/",
        "http://xn--zz/",
        "https://a.b.c.d.e.f.g.h.example/\u{202E}",
        "\u{0}",
    ] {
        let _ = run(href, "https://example.org");
    }
}

#[test]
fn a_headline_naming_a_brand_is_not_a_brand_link() {
    let short = run("https://login-example.net/x", "KBC Touch");
    assert_eq!(
        short
            .findings
            .iter()
            .find(|f| f.kind == Kind::BrandTextMismatch)
            .map(|f| f.severity),
        Some(Severity::Caution)
    );
    let headline = run(
        "https://news.example.net/a",
        "Read how KBC changed its app for older customers",
    );
    assert_eq!(
        headline
            .findings
            .iter()
            .find(|f| f.kind == Kind::BrandTextMismatch)
            .map(|f| f.severity),
        Some(Severity::Info)
    );
}

fn platform_severity(r: &LinkReport) -> Option<Severity> {
    r.findings
        .iter()
        .find(|f| f.kind == Kind::SharedPlatform)
        .map(|f| f.severity)
}

#[test]
fn a_hidden_page_on_a_shared_platform_is_a_warning() {
    let r = run("https://account-check.netlify.app/login", "Confirm now");
    assert_eq!(platform_severity(&r), Some(Severity::Caution));
    let f = r.findings.iter().find(|f| f.kind == Kind::SharedPlatform);
    assert_eq!(
        f.map(|f| f.params.clone()),
        Some(vec![
            "account-check.netlify.app".to_string(),
            "netlify.app".to_string()
        ])
    );
    // A wildcard rule of the private section.
    let r = run("https://app.x1.eu-west-1.cs.amazonlightsail.com/", "Open");
    assert_eq!(platform_severity(&r), Some(Severity::Caution));
}

#[test]
fn files_and_shown_sites_on_a_platform_are_information() {
    let r = run("https://someone.github.io/report.PDF", "the report");
    assert_eq!(platform_severity(&r), Some(Severity::Info));
    let r = run("https://someone.github.io/notes", "someone.github.io/notes");
    assert_eq!(platform_severity(&r), Some(Severity::Info));
}

#[test]
fn the_platform_users_own_mail_and_ordinary_sites_are_not_flagged() {
    let intel = intel();
    let ctx = LinkContext::new(&intel, None, Some("someone.github.io"), false);
    let anchor = Anchor {
        index: 0,
        href: "https://someone.github.io/blog".into(),
        text: "my blog".into(),
        title: None,
        image_only: false,
    };
    assert_eq!(platform_severity(&analyze(&ctx, anchor, "link[0]")), None);
    for href in [
        "https://www.example.org/page",
        "https://shop.example.co.uk/",
        "https://example.gb.net/",
    ] {
        assert_eq!(platform_severity(&run(href, "Open")), None, "{href}");
    }
}

#[test]
fn a_backslash_in_a_credentials_trick_is_evidence() {
    let userinfo = |href: &str| {
        run(href, "x")
            .findings
            .into_iter()
            .find(|f| f.kind == Kind::Userinfo)
            .map(|f| f.evidence.get("backslash").cloned())
    };
    assert_eq!(
        userinfo("https://www.bank.example@evil.example\\login"),
        Some(Some("true".to_string()))
    );
    assert_eq!(
        userinfo("https://www.bank.example@evil.example/login"),
        Some(None)
    );
    // A backslash without credentials is a path separator, not a trick.
    assert_eq!(userinfo("https://evil.example\\login"), None);
}
