//! Golden tests: every sample mail (`tests/samples`, copied from `shared/samples`) gets the
//! verdict in `EXPECTED.tsv` and the findings its third column describes.
#![cfg(feature = "cli")]

use vigie::{Config, Engine, Kind, Report};

fn scan(file: &str) -> Report {
    let bytes = std::fs::read(format!(
        "{}/tests/samples/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("sample");
    let msg = vigie::mail::message_from_eml(&bytes).expect("parses");
    Engine::new(&Config::default()).analyze_message(&msg)
}

fn has(r: &Report, kind: Kind, subject_prefix: &str) -> bool {
    r.findings
        .iter()
        .any(|f| f.kind == kind && f.subject.starts_with(subject_prefix))
}

fn evidence<'a>(r: &'a Report, kind: Kind, key: &str) -> Vec<&'a str> {
    r.findings
        .iter()
        .filter(|f| f.kind == kind)
        .filter_map(|f| f.evidence.get(key).map(String::as_str))
        .collect()
}

#[test]
fn every_sample_gets_its_expected_verdict() {
    let expected = std::fs::read_to_string(format!(
        "{}/tests/samples/EXPECTED.tsv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut checked = 0;
    for line in expected.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(file), Some(verdict)) = (cols.next(), cols.next()) else {
            continue;
        };
        let r = scan(file);
        assert_eq!(r.verdict.as_str(), verdict, "{file}: {:?}", r.kinds());
        checked += 1;
    }
    assert_eq!(checked, 14);
}

#[test]
fn fake_appointment() {
    let r = scan("fr-proximus-fake-appointment.eml");
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::BrandImpersonation)
        .expect("brand finding");
    assert_eq!(f.brand.as_deref(), Some("Proximus"));
    assert_eq!(
        f.evidence.get("claimed_in").map(String::as_str),
        Some("name_and_address")
    );
    assert_eq!(f.params, ["Proximus", "contactcenter.be"]);
    let m = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::LinkTextMismatch)
        .expect("mismatch");
    assert_eq!(m.params, ["www.proximus.be", "contactcenter.be"]);
}

#[test]
fn breach_pin_request() {
    let r = scan("fr-proximus-breach-pin-request.eml");
    let sender = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::LookalikeDomain && f.subject == "sender")
        .expect("lookalike");
    assert_eq!(sender.imitates.as_deref(), Some("proximus.be"));
    assert!(has(&r, Kind::LinkTextMismatch, "link[0]"));
    assert!(has(&r, Kind::EmbeddedDomain, "link[0]"));
    assert_eq!(
        evidence(&r, Kind::SecretRequest, "asks_for"),
        ["pin puk sim"]
    );
}

#[test]
fn homoglyph_shows_punycode() {
    let r = scan("fr-proximus-homoglyph.eml");
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::LookalikeDomain && f.subject == "sender")
        .expect("lookalike");
    assert_eq!(f.imitates.as_deref(), Some("proximus.be"));
    assert_eq!(
        f.evidence.get("punycode").map(String::as_str),
        Some("xn--prximus-9of.be")
    );
}

#[test]
fn kbc_card_request() {
    let r = scan("nl-kbc-card-request.eml");
    assert!(has(&r, Kind::BrandImpersonation, "sender"));
    let b = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::BrandTextMismatch)
        .expect("brand text");
    assert_eq!(b.params, ["KBC", "login-beveiligd.net"]);
    assert_eq!(
        evidence(&r, Kind::SecretRequest, "asks_for"),
        ["pin card_number card_expiry"]
    );
}

#[test]
fn paypal_ip_and_userinfo() {
    let r = scan("en-paypal-ip-and-userinfo.eml");
    let l = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::LookalikeDomain)
        .expect("lookalike");
    assert_eq!(l.imitates.as_deref(), Some("paypal.com"));
    assert!(has(&r, Kind::IpHost, "link[0]"));
    let u = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::Userinfo)
        .expect("userinfo");
    assert_eq!(u.params, ["www.paypal.com", "secure-resolution-center.com"]);
    assert!(has(&r, Kind::LinkTextMismatch, "link[1]"));
    assert_eq!(
        evidence(&r, Kind::SecretRequest, "asks_for"),
        ["password card_number"]
    );
}

#[test]
fn display_name_address_spoof() {
    let r = scan("fr-display-name-address-spoof.eml");
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::DisplayNameAddress)
        .expect("finding");
    assert_eq!(f.params, ["support@proximus.be", "promo@mailer-offres.fr"]);
}

#[test]
fn belfius_on_freemail() {
    let r = scan("de-belfius-freemail.eml");
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::FreemailBrand)
        .expect("freemail");
    assert_eq!(f.params, ["Belfius", "gmail.com"]);
    assert!(r
        .findings
        .iter()
        .any(|f| f.subject == "link[0]" && f.brand.as_deref() == Some("Belfius")));
    assert_eq!(evidence(&r, Kind::SecretRequest, "asks_for"), ["password"]);
}

#[test]
fn dhl_shortener() {
    let r = scan("en-dhl-shortener.eml");
    let l = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::LookalikeDomain && f.subject == "sender")
        .expect("combo");
    assert_eq!(
        l.technique,
        Some(vigie::domain::lookalike::Technique::Combosquat)
    );
    assert!(has(&r, Kind::Shortener, "link[0]"));
}

#[test]
fn safelinks_phish_unwrapped() {
    let r = scan("en-safelinks-wrapped-phish.eml");
    let m = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::LinkTextMismatch)
        .expect("mismatch");
    assert_eq!(m.params, ["login.microsoftonline.com", "account-check.co"]);
    assert_eq!(r.links[0].chain.len(), 1);
    assert!(has(&r, Kind::BrandImpersonation, "sender"));
}

#[test]
fn plaintext_embedded_brand() {
    let r = scan("fr-plaintext-embedded-brand.eml");
    let e = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::EmbeddedDomain)
        .expect("embedded");
    assert_eq!(e.params, ["proximus.be", "remboursement-client.com"]);
    assert_eq!(r.links[0].source, "text");
    assert_eq!(
        evidence(&r, Kind::SecretRequest, "asks_for"),
        ["password iban"]
    );
}

#[test]
fn legit_mails_stay_quiet() {
    let r = scan("fr-proximus-legit-invoice.eml");
    assert!(r.findings.is_empty(), "{:?}", r.kinds());
    let r = scan("fr-newsletter-esp-tracking.eml");
    assert!(r.links.iter().all(|l| l.tracked));
    assert!(r.links[1]
        .findings
        .iter()
        .any(|f| f.kind == Kind::TrackedRedirect));
    let r = scan("en-safelinks-legit.eml");
    assert_eq!(r.links[0].registrable, "github.com");
    assert!(r.links[0]
        .findings
        .iter()
        .any(|f| f.kind == Kind::Unwrapped));
    let r = scan("fr-personal-legit.eml");
    assert!(r.findings.is_empty(), "{:?}", r.kinds());
}
