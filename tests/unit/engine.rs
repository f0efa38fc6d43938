use super::*;

fn engine() -> Engine {
    Engine::new(&Config::default())
}

fn html_message(html: String) -> Message {
    Message {
        sender_name: Some("Ann".into()),
        sender_address: Some("ann@example.org".into()),
        body_html: Some(html),
        ..Message::default()
    }
}

#[test]
fn many_links_are_bounded_and_reported() {
    let html = "<a href=\"https://www.example.org/x\">x</a>".repeat(10_000);
    let r = engine().analyze_message(&html_message(html));
    assert!(r.partly_checked);
    assert!(r.links.len() <= Limits::default().max_anchors);
    assert_eq!(r.verdict, Verdict::Caution);
}

#[test]
fn huge_html_deep_nesting_and_long_urls() {
    let big = format!("<p>{}</p>", "word ".repeat(1_100_000));
    assert!(engine().analyze_message(&html_message(big)).partly_checked);
    let deep = "<div><span>".repeat(20_000) + "<a href=\"https://example.org\">x</a>";
    let r = engine().analyze_message(&html_message(deep));
    assert!(r.partly_checked);
    let long = format!(
        "<a href=\"https://example.org/{}\">x</a>",
        "p".repeat(20_000)
    );
    let r = engine().analyze_message(&html_message(long));
    assert!(r.links[0].href.len() <= Limits::default().max_url_bytes);
}

#[test]
fn plain_text_urls_are_links_too() {
    let msg = Message {
        body_text: Some("Voir https://www.example.org/page, ou www.example.net.".into()),
        ..Message::default()
    };
    let r = engine().analyze_message(&msg);
    let hosts: Vec<&str> = r.links.iter().map(|l| l.registrable.as_str()).collect();
    assert_eq!(hosts, ["example.org", "example.net"]);
    assert!(r.links.iter().all(|l| l.source == "text"));
}

#[test]
fn forms_in_mail() {
    let r = engine().analyze_message(&html_message(
        "<form action=\"https://collect.example.net/p\"><input type=password></form>".into(),
    ));
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::FormInMail)
        .expect("form");
    assert_eq!(
        (f.severity, f.params[0].as_str()),
        (Severity::Danger, "example.net")
    );
}

#[test]
fn a_form_is_only_a_warning_when_it_wants_a_secret() {
    let form_severity = |html: &str| {
        engine()
            .analyze_message(&html_message(html.into()))
            .findings
            .into_iter()
            .find(|f| f.kind == Kind::FormInMail)
            .map(|f| f.severity)
    };
    let search = "<form action=\"https://shop.example.net/s\"><input name=q></form>";
    assert_eq!(form_severity(search), Some(Severity::Info));
    let card =
        "<form action=\"https://x.example.net/p\"><input name=\"card_number\" type=text></form>";
    assert_eq!(form_severity(card), Some(Severity::Danger));
    let pin = "<form action=\"https://x.example.net/p\"><input placeholder=\"Code PIN\"></form>";
    assert_eq!(form_severity(pin), Some(Severity::Danger));
}

#[test]
fn a_newsletter_through_its_own_redirect_is_not_a_lie_unless_it_shows_a_protected_name() {
    let msg = |text: &str| Message {
        sender_name: Some("Weekly digest".into()),
        sender_address: Some("news@letters.example.net".into()),
        body_html: Some(format!(
            "<a href=\"https://click.letters.example.net/r/1\">{text}</a>"
        )),
        ..Message::default()
    };
    let mismatch = |text: &str| {
        engine()
            .analyze_message(&msg(text))
            .links
            .into_iter()
            .flat_map(|l| l.findings)
            .find(|f| f.kind == Kind::LinkTextMismatch)
            .map(|f| f.severity)
    };
    assert_eq!(mismatch("www.comics.example.org"), Some(Severity::Info));
    assert_eq!(mismatch("www.proximus.be"), Some(Severity::Danger));
}

/// The parameters of the first-contact finding about `sender` (there must be one).
fn first_contact_params(e: &Engine, sender: &str) -> Vec<String> {
    e.check_sender(sender, None)
        .findings
        .into_iter()
        .find(|f| f.kind == Kind::FirstContact)
        .expect("first contact")
        .params
}

#[test]
fn user_domains_and_correspondents_join_the_protected_set() {
    let config = Config {
        protected_domains: vec!["acme-industries.be".into()],
        correspondents: vec![Correspondent {
            domain: "dupont-notaires.be".into(),
            count: 23,
        }],
        ..Config::default()
    };
    let e = Engine::new(&config);
    let d = e.check_domain("acme-lndustries.be");
    assert_eq!(
        (d.verdict, d.findings[0].kind),
        (Verdict::Danger, Kind::LookalikeDomain)
    );
    assert_eq!(
        first_contact_params(&e, "Notaire <etude@dupont-notaire.be>"),
        ["dupont-notaire.be", "dupont-notaires.be", "23"]
    );
    assert!(e.check_domain("dupont-notaires.be").findings.is_empty());
}

fn to_json(report: &impl serde::Serialize) -> String {
    serde_json::to_string(report).unwrap_or_default()
}

/// Made-up correspondent domains: `n` names of two to four syllables, under a few suffixes.
fn made_up_correspondents(n: usize) -> Vec<Correspondent> {
    const SYLLABLES: [&str; 12] = [
        "ka", "lo", "mi", "dre", "vun", "sto", "pel", "ri", "zan", "tu", "bor", "gef",
    ];
    const SUFFIXES: [&str; 4] = ["be", "fr", "com", "co.uk"];
    let mut x: u64 = 7;
    let mut next = |m: usize| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (x >> 33) as usize % m
    };
    (0..n)
        .map(|i| {
            let label: String = (0..2 + next(3)).map(|_| SYLLABLES[next(12)]).collect();
            Correspondent {
                domain: format!("{label}.{}", SUFFIXES[i % SUFFIXES.len()]),
                count: (i % 9 + 1) as u32,
            }
        })
        .collect()
}

#[test]
fn a_correspondent_learnt_later_is_known_as_if_built_in() {
    // Two correspondents one edit from the same name (`martin-avocas.be`), so that the order
    // of their findings is compared too, and enough others that the index grows while learning.
    let mut list = vec![
        Correspondent {
            domain: "martin-avocat.be".into(),
            count: 4,
        },
        Correspondent {
            domain: "martin-avocats.be".into(),
            count: 11,
        },
    ];
    list.extend(made_up_correspondents(3_000));
    let built = Engine::new(&Config {
        correspondents: list.clone(),
        ..Config::default()
    });
    let mut learnt = Engine::new(&Config::default());
    let brands_only = learnt.protected_count();
    let mut new = 0;
    for c in &list {
        new += usize::from(learnt.learn_correspondent(&c.domain, c.count));
    }
    assert_eq!(learnt.protected_count(), built.protected_count());
    assert_eq!(new, built.protected_count() - brands_only);
    let mut probes = vec![
        "martin-avocas.be".to_string(),
        "martin-avocat.be".into(),
        "proxirnus.be".into(),
    ];
    for c in list.iter().step_by(97) {
        let (label, suffix) = c.domain.split_once('.').unwrap_or_default();
        probes.push(c.domain.clone());
        probes.push(format!("{label}x.{suffix}"));
        probes.push(format!("{}.{suffix}", &label[1..]));
        probes.push(format!("{label}.net"));
    }
    let mut first_contacts = 0;
    for p in &probes {
        let (a, b) = (built.check_domain(p), learnt.check_domain(p));
        assert_eq!(to_json(&a), to_json(&b), "{p}");
        let sender = format!("Someone <someone@{p}>");
        let (a, b) = (
            built.check_sender(&sender, None),
            learnt.check_sender(&sender, None),
        );
        assert_eq!(to_json(&a), to_json(&b), "{sender}");
        first_contacts += a
            .findings
            .iter()
            .filter(|f| f.kind == Kind::FirstContact)
            .count();
    }
    assert!(first_contacts > 30, "{first_contacts} first contacts");
    let both = built.check_sender("X <x@martin-avocas.be>", None);
    let firsts: Vec<_> = both
        .findings
        .iter()
        .filter(|f| f.kind == Kind::FirstContact)
        .collect();
    assert_eq!(firsts.len(), 2);
}

#[test]
fn learning_a_known_correspondent_again_updates_its_count() {
    let mut e = Engine::new(&Config::default());
    let before = e.protected_count();
    assert!(e.learn_correspondent("dupont-notaires.be", 3));
    assert!(!e.learn_correspondent("dupont-notaires.be", 24));
    assert!(!e.learn_correspondent("www.dupont-notaires.be", 25));
    assert_eq!(e.protected_count(), before + 1);
    assert_eq!(
        first_contact_params(&e, "Notaire <etude@dupont-notaire.be>"),
        ["dupont-notaire.be", "dupont-notaires.be", "25"]
    );
    // Names that cannot be a correspondent are ignored.
    for bad in [
        "",
        "be",
        "co.uk",
        "not a domain",
        "a@b.be",
        "192.0.2.1",
        "xn--zz.be",
    ] {
        assert!(!e.learn_correspondent(bad, 1), "{bad:?}");
    }
    assert_eq!(e.protected_count(), before + 1);
    // A brand's own domain learnt as a correspondent stays the brand's.
    e.learn_correspondent("proximus.be", 5);
    assert!(e.check_domain("proximus.be").findings.is_empty());
}

#[test]
fn a_letter_added_or_dropped_in_front_warns_without_alarm() {
    let e = Engine::new(&Config {
        protected_domains: vec!["acme-industries.be".into()],
        ..Config::default()
    });
    // The shorter name left over is sometimes an honest word (Chromium ignores such typos).
    for host in ["cme-industries.be", "xacme-industries.be"] {
        let d = e.check_domain(host);
        assert_eq!(
            (d.verdict, d.findings[0].kind),
            (Verdict::Caution, Kind::LookalikeDomain),
            "{host}"
        );
    }
    // Another first letter keeps the length, and typing the first letter twice is no other
    // word: both stay danger.
    for host in ["zcme-industries.be", "aacme-industries.be"] {
        assert_eq!(e.check_domain(host).verdict, Verdict::Danger, "{host}");
    }
    // Another reading of the same name that alarms goes first: an `s` added is a plural.
    assert_eq!(
        e.check_domain("sacme-industries.be").verdict,
        Verdict::Danger
    );
}

#[test]
fn check_domain_on_bad_input() {
    let e = engine();
    let long_label = format!("{}.com", "a".repeat(64));
    for input in [
        "",
        "xn--zz",
        "a b.com",
        "user@example.org",
        "com",
        "co.uk",
        long_label.as_str(),
        "\u{200B}x.com",
        "\u{D7FF}",
    ] {
        let r = e.check_domain(input);
        assert_eq!(r.verdict, Verdict::Caution, "{input:?}");
        assert_eq!(r.findings[0].kind, Kind::InvalidInput, "{input:?}");
    }
}

#[test]
fn check_link_uses_the_sender() {
    let e = engine();
    let r = e.check_link(
        "https://evil.example.net/",
        "www.example.org",
        Some("ann@example.org"),
    );
    assert_eq!(r.findings[0].kind, Kind::LinkTextMismatch);
}

#[test]
fn typos_of_ordinary_word_brands_are_caution_homoglyphs_danger() {
    let e = engine();
    let typo = e.check_domain("oranje.be");
    assert_eq!(
        (typo.verdict, typo.findings[0].kind),
        (Verdict::Caution, Kind::LookalikeDomain)
    );
    let homoglyph = e.check_domain("0range.be");
    assert_eq!(homoglyph.verdict, Verdict::Danger);
    assert!(
        e.check_domain("orange.nl").findings.is_empty(),
        "an ordinary word under another suffix"
    );
}

#[test]
fn one_brand_text_finding_per_owner() {
    let r = engine().check_link(
        "https://teams-meeting.example.net/j/1",
        "Join the Microsoft Teams meeting",
        None,
    );
    let brand: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.kind == Kind::BrandTextMismatch)
        .collect();
    assert_eq!(brand.len(), 1, "{:?}", r.findings);
}

#[test]
fn a_public_suffix_operator_name_is_not_invalid() {
    let e = Engine::new(&Config::default());
    let r = e.check_domain("github.io");
    assert_eq!((r.verdict, r.findings.len()), (Verdict::Ok, 0));
    assert_eq!(r.registrable, "github.io");
    assert_eq!(
        e.check_domain("com").verdict,
        Verdict::Caution,
        "a bare TLD is not a domain"
    );
}

#[test]
fn a_brand_with_country_sites_under_a_country_code_is_info_elsewhere_a_warning() {
    let e = Engine::new(&Config::default());
    let swap = |d: &str| {
        e.check_domain(d)
            .findings
            .into_iter()
            .find(|f| f.technique == Some(crate::domain::lookalike::Technique::TldSwap))
            .map(|f| f.severity)
    };
    // PayPal lists a country domain of its own (paypal.de): its name under another country
    // code is most likely another of its country sites.
    assert_eq!(swap("paypal.co.uk"), Some(Severity::Info));
    assert_eq!(swap("paypal.quest"), Some(Severity::Caution));
    // Deezer lists only deezer.com: under a country code its name is someone else's.
    assert_eq!(swap("deezer.ch"), Some(Severity::Caution));
    assert_eq!(
        swap("deezer.org"),
        Some(Severity::Info),
        "a classic generic suffix is often the brand's defensive registration"
    );
    assert_eq!(swap("deezer.bar"), Some(Severity::Caution));
    assert_eq!(
        swap("proximus.fr"),
        Some(Severity::Caution),
        "a national brand's swap stays a warning"
    );
}

#[test]
fn huge_headers_and_many_text_urls_are_bounded() {
    let e = Engine::new(&Config::default());
    let urls: String = (0..20_000)
        .map(|i| format!("https://u{i}.example/ "))
        .collect();
    let msg = Message {
        sender_name: Some("Proximus ".repeat(100_000)),
        sender_address: Some("billing@example.org".into()),
        subject: Some("x".repeat(1_000_000)),
        body_text: Some(urls),
        ..Message::default()
    };
    let r = e.analyze_message(&msg);
    assert!(r.links.len() <= MAX_TEXT_URLS);
    assert!(
        r.findings
            .iter()
            .any(|f| f.kind == Kind::BrandImpersonation),
        "{:?}",
        r.kinds()
    );
}

#[test]
fn a_malformed_from_field_is_a_caution_unless_the_sender_is_trusted() {
    let msg = Message {
        sender_name: Some("Gift".into()),
        sender_address: Some("svc@example.org".into()),
        from_malformed: true,
        ..Message::default()
    };
    let r = engine().analyze_message(&msg);
    assert_eq!(r.verdict, Verdict::Caution);
    assert!(r.findings.iter().any(|f| f.kind == Kind::FromMalformed));

    let well_formed = Message {
        from_malformed: false,
        ..msg.clone()
    };
    assert_eq!(engine().analyze_message(&well_formed).verdict, Verdict::Ok);

    let trusting = Engine::new(&Config {
        trusted_senders: vec!["svc@example.org".into()],
        ..Config::default()
    });
    let r = trusting.analyze_message(&msg);
    assert!(r.findings.iter().all(|f| f.kind != Kind::FromMalformed));
    assert_eq!(r.verdict, Verdict::Ok);
}

#[test]
fn a_sender_on_a_shared_platform_linking_elsewhere_is_a_caution() {
    let msg = |html: &str| Message {
        sender_name: Some("Rewards".into()),
        sender_address: Some("noreply@my-app.netlify.app".into()),
        body_html: Some(html.into()),
        ..Message::default()
    };
    let elsewhere = msg("<a href=\"https://prize.example.net/\">Claim</a>");
    let r = engine().analyze_message(&elsewhere);
    let f = r.findings.iter().find(|f| f.kind == Kind::SharedPlatform);
    assert_eq!(f.map(|f| f.subject.as_str()), Some("sender"));
    assert_eq!(r.verdict, Verdict::Caution);

    // An app mailing a link to its own site.
    let own = msg("<a href=\"https://my-app.netlify.app/reset?t=1\">Reset</a>");
    assert_eq!(engine().analyze_message(&own).verdict, Verdict::Ok);

    let trusting = Engine::new(&Config {
        trusted_domains: vec!["my-app.netlify.app".into()],
        ..Config::default()
    });
    assert_eq!(trusting.analyze_message(&elsewhere).verdict, Verdict::Ok);
}

#[test]
fn indexed_subjects_read_like_format() {
    for i in [0, 7, 10, 99, 1234, usize::MAX] {
        assert_eq!(indexed_subject("link", i), format!("link[{i}]"));
    }
}

#[test]
fn a_letter_added_to_a_three_letter_name_warns_where_a_longer_names_typo_alarms() {
    let e = Engine::new(&Config::default());
    let typo = |d: &str| {
        let report = e.check_domain(d);
        let finding = report
            .findings
            .iter()
            .find(|f| f.kind == crate::report::Kind::LookalikeDomain)
            .map(|f| (f.severity, f.imitates.clone()));
        (report.verdict, finding)
    };
    assert_eq!(
        typo("kbzc.be"),
        (
            Verdict::Caution,
            Some((Severity::Caution, Some("kbc.be".into())))
        )
    );
    assert_eq!(
        typo("belfzus.be").1.map(|(s, _)| s),
        Some(Severity::Danger),
        "a typo of a longer name"
    );
    assert_eq!(typo("tuin.be"), (Verdict::Ok, None));
    // Other typos of three-letter names keep their weight.
    assert_eq!(
        typo("d-hl.de"),
        (
            Verdict::Danger,
            Some((Severity::Danger, Some("dhl.de".into())))
        )
    );
}
