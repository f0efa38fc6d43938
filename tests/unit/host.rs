use super::*;

/// Rows of tests/data/hosts.tsv, whose expected columns come from Python's `idna` and inet_aton.
#[test]
fn forms_match_the_independent_oracle() {
    let mut rows = 0;
    for line in include_str!("../data/hosts.tsv").lines().skip(2) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [input, ascii, unicode, kind] = cols[..] else {
            panic!("bad row {line:?}")
        };
        let h = HostName::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(h.ascii, ascii, "ascii of {input}");
        assert_eq!(h.unicode, unicode, "unicode of {input}");
        assert_eq!(
            matches!(h.kind, HostKind::Ipv4(_)),
            kind == "ipv4",
            "{input}"
        );
        if kind == "ipv4" {
            assert_eq!(h.obscured_ip, input != ascii, "{input} obscured");
        }
        rows += 1;
    }
    assert!(rows >= 20);
}

#[test]
fn registrable_domain_and_label() {
    let h = HostName::parse("rdv-conseil.contactcenter.example.co.uk").unwrap();
    assert_eq!(h.registrable.as_deref(), Some("example.co.uk"));
    assert_eq!(h.suffix.as_deref(), Some("co.uk"));
    assert_eq!(h.registrable_label(), Some("example"));
    assert!(h.is_within("example.co.uk"));
    assert!(!h.is_within("ample.co.uk"));
}

#[test]
fn ipv6_with_and_without_brackets() {
    for input in ["[2001:db8::1]", "2001:db8::1"] {
        let h = HostName::parse(input).unwrap();
        assert_eq!(h.ascii, "[2001:db8::1]");
        assert!(h.is_public_ip());
    }
    assert!(!HostName::parse("::1").unwrap().is_public_ip());
}

#[test]
fn private_and_public_ipv4() {
    assert!(!HostName::parse("192.168.1.1").unwrap().is_public_ip());
    assert!(!HostName::parse("10.0.0.1").unwrap().is_public_ip());
    assert!(!HostName::parse("127.1").unwrap().is_public_ip());
    assert!(HostName::parse("198.51.100.23").unwrap().is_public_ip());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let long_label = format!("{}.com", "a".repeat(64));
    let long_name = format!("{}com", "abcdefghi.".repeat(30));
    let cases: &[(&str, HostError)] = &[
        ("", HostError::Empty),
        ("   ", HostError::Empty),
        ("xn--zz", HostError::Idna),
        ("a..b.com", HostError::EmptyLabel),
        (&long_label, HostError::LabelTooLong),
        (&long_name, HostError::TooLong),
        ("exa mple.com", HostError::ForbiddenCharacter(' ')),
        ("user@example.com", HostError::ForbiddenCharacter('@')),
        (
            "pay\u{200B}pal.com",
            HostError::ForbiddenCharacter('\u{200B}'),
        ),
        (
            "evil\u{202E}moc.com",
            HostError::ForbiddenCharacter('\u{202E}'),
        ),
        ("tab\there.com", HostError::ForbiddenCharacter('\t')),
    ];
    for (input, want) in cases {
        assert_eq!(
            HostName::parse(input).as_ref().err(),
            Some(want),
            "{input:?}"
        );
    }
}

#[test]
fn lone_surrogate_replacement_and_odd_unicode_do_not_panic() {
    for input in [
        "\u{FFFD}.com",
        "😀.com",
        "a\u{0301}.com",
        "ﬁ.com",
        "xn--.com",
        "-a-.com",
        "1.2.3.4.5",
    ] {
        let _ = HostName::parse(input);
    }
}

#[test]
fn punycode_labels_are_found_at_label_starts_only() {
    for (ascii, expected) in [
        ("xn--prximus-0za.be", true),
        ("www.xn--prximus-0za.be", true),
        ("a.b.xn--p1ai", true),
        ("proximus.be", false),
        ("abxn--c.be", false),
        ("xn-.be", false),
        ("", false),
        ("xn--", true),
    ] {
        assert_eq!(has_punycode_label(ascii), expected, "{ascii}");
    }
}
