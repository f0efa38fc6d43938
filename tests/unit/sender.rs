use super::*;

fn intel() -> DomainIntel {
    DomainIntel::new(&[], &[])
}

fn check_with(
    trust: &Trust,
    name: Option<&str>,
    address: Option<&str>,
    reply_to: Option<&str>,
) -> SenderResult {
    let input = SenderInput {
        name: name.map(Into::into),
        address: address.map(Into::into),
        reply_to: reply_to.map(Into::into),
    };
    check(&intel(), trust, &input)
}

fn kinds(name: Option<&str>, address: Option<&str>) -> Vec<Kind> {
    check_with(&Trust::default(), name, address, None)
        .findings
        .iter()
        .map(|f| f.kind)
        .collect()
}

#[test]
fn mailbox_forms() {
    assert_eq!(
        parse_mailbox("\"Ann Lee\" <ann@example.org>"),
        (Some("Ann Lee".into()), Some("ann@example.org".into()))
    );
    assert_eq!(
        parse_mailbox("ann@example.org"),
        (None, Some("ann@example.org".into()))
    );
    assert_eq!(parse_mailbox("Ann Lee"), (Some("Ann Lee".into()), None));
    assert_eq!(
        parse_mailbox("<ann@example.org>"),
        (None, Some("ann@example.org".into()))
    );
    assert_eq!(parse_mailbox(""), (None, None));
}

#[test]
fn brand_in_the_name_on_another_domain() {
    assert_eq!(
        kinds(Some("Proximus"), Some("info@unrelated-shop.example.com")),
        [Kind::BrandImpersonation]
    );
    assert!(kinds(Some("Proximus"), Some("noreply@proximus.be")).is_empty());
    assert!(
        kinds(Some("Proximus"), Some("noreply@mail.proximus.be")).is_empty(),
        "subdomains are the brand's"
    );
}

#[test]
fn a_name_shared_by_sister_brands_is_the_one_whose_domain_is_imitated() {
    let claimed = |address: &str| {
        let r = check_with(&Trust::default(), Some("Orange"), Some(address), None);
        let claims: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.kind == Kind::BrandImpersonation)
            .map(|f| (f.brand.clone(), f.severity))
            .collect();
        claims
    };
    let one = |brand: &str| vec![(Some(brand.to_string()), Severity::Danger)];
    assert_eq!(claimed("service@orange-fr.com"), one("Orange"));
    assert_eq!(claimed("service@orange-lu.com"), one("Orange Luxembourg"));
    assert_eq!(
        claimed("service@orangebelgium-service.com"),
        one("Orange Belgium")
    );
    // Imitating none of them: the catalog's first, the Belgian operator.
    assert_eq!(claimed("service@example-shop.fr"), one("Orange Belgium"));
    // A claim in the name still outweighs one in the address of an imitated sister brand.
    let r = check_with(
        &Trust::default(),
        Some("Facebook"),
        Some("instagram@instagram-help.com"),
        None,
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::BrandImpersonation)
        .expect("a claim");
    assert_eq!(
        (f.brand.as_deref(), f.severity),
        (Some("Facebook"), Severity::Danger)
    );
}

#[test]
fn capitals_of_other_scripts_read_as_their_latin_twins_in_names() {
    // Greek capital Beta, Nu and Mu look like B, N and M; their small letters do not, so the
    // name is read before it is lowered.
    // The mix of scripts in one word is a disguise of its own.
    for name in ["\u{392}elfius", "\u{39d}etflix", "\u{39c}eta\u{39c}ask"] {
        assert_eq!(
            kinds(Some(name), Some("info@unrelated-shop.example.com")),
            [Kind::BrandImpersonation, Kind::DisguisedName],
            "{name}"
        );
    }
    // A name written in Greek capitals that spells no brand stays a name.
    assert!(kinds(
        Some("\u{39c}\u{391}\u{3a1}\u{399}\u{391}"),
        Some("maria@example.gr")
    )
    .is_empty());
}

#[test]
fn a_name_disguised_by_scripts_or_invisible_characters_is_caution() {
    let sender = "news@unrelated-shop.example.com";
    // A Greek omicron and a Cyrillic i inside Latin words, no brand named.
    let mixed = kinds(Some("Harb\u{3bf}ur L\u{456}nes"), Some(sender));
    assert_eq!(mixed, [Kind::DisguisedName]);
    // Zero-width no-break spaces between the letters of a word.
    let hidden = kinds(Some("Gift P\u{feff}r\u{feff}ize Desk"), Some(sender));
    assert_eq!(hidden, [Kind::DisguisedName]);
    // Honest names: one script per word, spelling marks of other scripts, emoji.
    for name in [
        "\u{421}\u{435}\u{440}\u{433}\u{435}\u{439} \u{418}\u{432}\u{430}\u{43d}\u{43e}\u{432}",
        "Caf\u{e9} M\u{fc}ller",
        "\u{645}\u{62d}\u{645}\u{62f}\u{200c}\u{631}\u{636}\u{627}",
        "\u{2764}\u{fe0f} Team \u{2764}\u{fe0f}",
        // A soft hyphen carried over by copy and paste; a name joining Latin and Arabic.
        "Stadt\u{ad}werke Nord",
        "Ahmed\u{623}\u{62d}\u{645}\u{62f}",
        "Ann Lee (\u{3a3}\u{3c4}\u{3ad}\u{3bb}\u{3b9}\u{3bf}\u{3c2})",
    ] {
        assert!(kinds(Some(name), Some(sender)).is_empty(), "{name}");
    }
    let f = check_with(
        &Trust::default(),
        Some("Harb\u{3bf}ur L\u{456}nes"),
        Some(sender),
        None,
    )
    .findings
    .into_iter()
    .find(|f| f.kind == Kind::DisguisedName);
    assert_eq!(
        f.as_ref().map(|f| (f.severity, f.message_key)),
        Some((Severity::Caution, "f_disguised_name_script"))
    );
    // The look-alikes are named by code point, since on screen they match the Latin letters.
    assert_eq!(
        f.as_ref()
            .and_then(|f| f.evidence.get("letters"))
            .map(String::as_str),
        Some("\u{3bf} U+03BF, \u{456} U+0456")
    );
}

#[test]
fn an_address_under_a_top_level_domain_that_does_not_exist_is_forged() {
    let r = check_with(
        &Trust::default(),
        Some("Parcel desk"),
        Some("notice@depot-42.parcels-eu"),
        None,
    );
    let f = r.findings.iter().find(|f| f.kind == Kind::InvalidInput);
    assert_eq!(
        f.map(|f| (f.severity, f.evidence.get("error").map(String::as_str))),
        Some((
            Severity::Caution,
            Some("no such top-level domain: .parcels-eu")
        ))
    );
    // The other checks still run on such an address.
    assert_eq!(
        kinds(Some("Proximus"), Some("notice@depot-42.parcels-eu")),
        [Kind::InvalidInput, Kind::BrandImpersonation]
    );
    // Names reserved for tests and private networks are not forgeries.
    for address in [
        "root@server.localdomain",
        "printer@office.local",
        "a@shop.example",
        "hr@intranet.corp",
        "nas@storage.lan",
    ] {
        assert!(kinds(Some("System"), Some(address)).is_empty(), "{address}");
    }
    // A sender the user trusts is trusted, whatever its suffix.
    let trust = Trust {
        senders: vec![],
        domains: vec!["depot-42.parcels-eu".into()],
    };
    let trusted = check_with(
        &trust,
        Some("Parcel desk"),
        Some("notice@depot-42.parcels-eu"),
        None,
    );
    let trusted_kinds: Vec<Kind> = trusted.findings.iter().map(|f| f.kind).collect();
    assert_eq!(trusted_kinds, [Kind::TrustedSender]);
}

#[test]
fn social_security_names_belong_to_their_institutions() {
    // Names Safeonweb reports phishers using, in each language, against the institutions' own
    // domains and their federal sisters.
    for name in [
        "ONSS",
        "Rijksdienst voor Sociale Zekerheid",
        "My e-Box",
        "Office national de l'Emploi",
    ] {
        assert_eq!(
            kinds(Some(name), Some("dossier@made-up-benefits.example.com")),
            [Kind::BrandImpersonation],
            "{name}"
        );
    }
    assert!(kinds(Some("ONSS"), Some("noreply@rsz.be")).is_empty());
    assert!(kinds(Some("My e-Box"), Some("noreply@socialsecurity.be")).is_empty());
}

#[test]
fn brand_in_the_local_part_only_is_caution() {
    let r = check_with(
        &Trust::default(),
        None,
        Some("proximus.support@unrelated-shop.example.com"),
        None,
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::BrandImpersonation)
        .expect("finding");
    assert_eq!(f.severity, Severity::Caution);
}

#[test]
fn display_name_that_is_an_address() {
    let r = check_with(
        &Trust::default(),
        Some("billing@unrelated.example.org"),
        Some("x@other.example.net"),
        None,
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::DisplayNameAddress)
        .expect("finding");
    assert_eq!(f.severity, Severity::Caution);
    // The same address, or a list relaying a member, is fine.
    assert!(kinds(Some("ann@example.org"), Some("ann@example.org")).is_empty());
    assert!(kinds(
        Some("ann@example.org via Friends"),
        Some("friends@lists.example.net")
    )
    .is_empty());
}

#[test]
fn a_display_name_address_in_a_url_or_in_wide_letters_is_still_read() {
    for name in [
        "https://www.kbc.be",
        "HTTPS://WWW.KBC.BE/login?x=1",
        "http://kbc.be/",
        "kaart\u{FF20}kbc.be",
        "www\u{FF0E}kbc\u{3002}be",
    ] {
        assert!(
            kinds(Some(name), Some("x@other.example.net")).contains(&Kind::DisplayNameAddress),
            "{name}"
        );
    }
    assert!(kinds(Some("https://www.example.org/"), Some("ann@example.org")).is_empty());
}

#[test]
fn via_on_a_free_mailbox_is_no_relay() {
    // Lists and groups relay from their own domains; "via" on a free mailbox is just words.
    assert!(kinds(
        Some("ann@example.org via Phone"),
        Some("ann.example@gmail.com")
    )
    .contains(&Kind::DisplayNameAddress));
}

#[test]
fn trusted_senders_say_so() {
    let trust = Trust {
        senders: vec![],
        domains: vec!["unrelated-shop.example.com".into()],
    };
    let r = check_with(
        &trust,
        Some("Proximus"),
        Some("info@unrelated-shop.example.com"),
        None,
    );
    assert_eq!(
        r.findings.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [Kind::TrustedSender]
    );
    assert!(r.summary.is_some_and(|s| s.trusted));
}

#[test]
fn reply_to_elsewhere_when_the_name_claims_the_brand() {
    let r = check_with(
        &Trust::default(),
        Some("Proximus"),
        Some("noreply@proximus.be"),
        Some("help.desk@gmail.com"),
    );
    assert!(r.findings.iter().any(|f| f.kind == Kind::ReplyToMismatch));
    let r = check_with(
        &Trust::default(),
        Some("Ann"),
        Some("ann@example.org"),
        Some("ann@example.org"),
    );
    assert!(r.findings.is_empty());
}

#[test]
fn name_only_webmails() {
    let r = check_with(&Trust::default(), Some("Proximus Service"), None, None);
    assert_eq!(r.findings[0].kind, Kind::AddressUnreadable);
    assert_eq!(r.findings[0].severity, Severity::Caution);
    let r = check_with(&Trust::default(), Some("Ann Lee"), None, None);
    assert_eq!(r.findings[0].severity, Severity::Info);
}

#[test]
fn bad_addresses_are_findings_not_panics() {
    let long = "n".repeat(300);
    for addr in [
        "no-at-sign",
        "@example.org",
        "a@",
        "a@xn--zz",
        "a@exa mple.org",
        "a b@example.org",
        "a@\u{200B}.org",
        "\u{0}@\u{0}",
    ] {
        let r = check_with(&Trust::default(), Some(&long), Some(addr), None);
        assert!(
            r.findings.iter().any(|f| f.kind == Kind::InvalidInput),
            "{addr:?}"
        );
    }
}

#[test]
fn ordinary_word_local_parts_are_mailbox_names() {
    for addr in [
        "booking@hotel-example.be",
        "post@firma-example.nl",
        "orange@example.be",
        "visa@travel-example.com",
    ] {
        assert!(kinds(Some("Reservations"), Some(addr)).is_empty(), "{addr}");
    }
    // With a service word, the local part claims the brand.
    assert_eq!(
        kinds(None, Some("booking.support@hotel-example.be")),
        [Kind::BrandImpersonation]
    );
    // A surname that contains a brand is not a claim.
    assert!(kinds(Some("Jean Englebert"), Some("jean.englebert@example.be")).is_empty());
}

#[test]
fn trusted_senders_match_in_unicode_and_punycode() {
    assert_eq!(
        canonical_address(" Ann@Bücher.Example "),
        "ann@xn--bcher-kva.example"
    );
    assert_eq!(
        canonical_address("ann@xn--bcher-kva.example"),
        "ann@xn--bcher-kva.example"
    );
    let trust = Trust {
        senders: vec![canonical_address("ann@xn--bcher-kva.example")],
        domains: vec![],
    };
    let (_, host) = split_address("ann@bücher.example").unwrap();
    assert!(trust.covers("ann@bücher.example", &host));
    let (_, other) = split_address("bob@bücher.example").unwrap();
    assert!(!trust.covers("bob@bücher.example", &other));
}

#[test]
fn an_address_at_a_private_suffix_itself_is_the_operators_own() {
    let r = check_with(
        &Trust::default(),
        Some("Ann"),
        Some("ann@netlify.app"),
        None,
    );
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.site.as_deref(), Some("netlify.app"));
    // An ICANN suffix alone is still no domain.
    assert_eq!(kinds(Some("Ann"), Some("ann@co.uk")), [Kind::InvalidInput]);
}
