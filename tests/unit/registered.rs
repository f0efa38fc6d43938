use super::*;
use crate::domain::HostName;

/// What the whole host parse says of a name: its registrable domain and public suffix.
fn by_full_parse(name: &str) -> Option<(String, String)> {
    let host = HostName::parse(name).ok()?;
    Some((host.registrable?, host.suffix?))
}

fn split(r: Option<Registered>) -> Option<(String, String)> {
    r.map(|r| (r.domain.into_owned(), r.suffix.into_owned()))
}

#[test]
fn a_canonical_name_splits_as_the_full_parse_does() {
    for name in [
        "example.com",
        "example.co.uk",
        "mail.example.co.uk",
        "my-shop.be",
        "a1b2.fr",
        "x.github.io",
        "deep.sub.example.org",
        "ardennes-logistique.be",
    ] {
        let fast = Registered::canonical(name);
        assert!(fast.is_some(), "{name}");
        assert_eq!(split(fast), by_full_parse(name), "{name}");
    }
    assert_eq!(
        Registered::canonical("mail.example.co.uk").map(|r| r.label().to_string()),
        Some("example".to_string())
    );
}

#[test]
fn other_names_are_left_to_the_full_parse() {
    for name in [
        "",
        "com",
        "Example.com",
        "example.com.",
        "xn--proxmus-u2a.be",
        "ab--cd.be",
        "-example.be",
        "example-.be",
        "example.123",
        "10.0.0.1",
        "exa mple.be",
        "ex_ample.be",
        "exämple.be",
        "example..be",
        ".example.be",
        "user@example.be",
    ] {
        assert_eq!(Registered::canonical(name), None, "{name:?}");
        // The full parse still reads the ones that are host names.
        assert_eq!(
            split(Registered::parse(name)),
            by_full_parse(name),
            "{name:?}"
        );
    }
    let long_label = format!("{}.be", "a".repeat(64));
    assert_eq!(Registered::canonical(&long_label), None);
    let long_name = format!("{}be", "abcdefghi.".repeat(26));
    assert_eq!(Registered::canonical(&long_name), None);
}

#[test]
fn the_shortcut_never_disagrees_with_the_full_parse() {
    // Every name built from these parts, canonical or not: where the shortcut answers, the
    // full parse gives the same registrable domain and suffix.
    let heads = ["", "www.", "a.b.", "x-y.", "1.", "q--r."];
    let labels = [
        "example", "ex-ample", "e1", "0", "ab--cd", "Example", "blogspot", "co",
    ];
    let suffixes = [
        "be",
        "com",
        "co.uk",
        "github.io",
        "blogspot.com",
        "ck",
        "www.ck",
        "123",
        "uk",
    ];
    let mut answered = 0;
    for head in heads {
        for label in labels {
            for suffix in suffixes {
                let name = format!("{head}{label}.{suffix}");
                if let Some(fast) = Registered::canonical(&name) {
                    answered += 1;
                    assert_eq!(split(Some(fast)), by_full_parse(&name), "{name}");
                }
                assert_eq!(
                    split(Registered::parse(&name)),
                    by_full_parse(&name),
                    "{name}"
                );
            }
        }
    }
    assert!(answered > 100, "{answered}");
}
