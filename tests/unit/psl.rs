//! The public suffix list's own conformance tests (`tests/data/psl_tests.txt`, vendored from the
//! PyPI package `publicsuffixlist`, which copies the list's `tests/test_psl.txt`).
use super::*;

fn quoted(arg: &str) -> Option<String> {
    let arg = arg.trim();
    (arg != "null").then(|| arg.trim_matches('\'').to_string())
}

#[test]
fn official_test_cases() {
    let text = include_str!("../data/psl_tests.txt");
    let mut checked = 0;
    for line in text.lines() {
        let Some(args) = line
            .trim()
            .strip_prefix("checkPublicSuffix(")
            .and_then(|l| l.strip_suffix(");"))
        else {
            continue;
        };
        let (input, expected) = args.split_once(',').expect("two arguments");
        let (Some(input), expected) = (quoted(input), quoted(expected)) else {
            continue;
        };
        let ascii = if input.starts_with('.') {
            None
        } else {
            idna::domain_to_ascii(&input).ok()
        };
        let got = ascii.as_deref().and_then(registrable).map(str::to_string);
        let expected = expected.map(|e| idna::domain_to_ascii(&e).expect("expected is a domain"));
        assert_eq!(got, expected, "checkPublicSuffix({input:?})");
        checked += 1;
    }
    assert!(checked > 60, "only {checked} cases read");
}

#[test]
fn private_section_rules_count() {
    assert_eq!(
        registrable("belfius-service.web.app"),
        Some("belfius-service.web.app")
    );
    assert_eq!(public_suffix("a.b.github.io"), Some("github.io"));
}

#[test]
fn suffix_only_hosts_have_no_registrable_domain() {
    assert_eq!(registrable("co.uk"), None);
    assert_eq!(registrable("be"), None);
    assert_eq!(registrable(""), None);
    assert!(is_listed_suffix("co.uk"));
    assert!(!is_listed_suffix("notatld"));
}

#[test]
fn version_is_recorded() {
    assert!(PSL_VERSION.starts_with("20"), "{PSL_VERSION}");
}

#[test]
fn shared_platforms_are_private_rules_that_hand_out_names() {
    assert!(is_shared_platform("github.io"));
    assert!(is_shared_platform("netlify.app"));
    // A wildcard rule of the private section: `*.eu-west-1.cs.amazonlightsail.com`.
    assert!(is_shared_platform("x1.eu-west-1.cs.amazonlightsail.com"));
    // Second-level names sold like top-level domains have owners like any other domain.
    assert!(!is_shared_platform("gb.net"));
    assert!(!is_shared_platform("com.se"));
    // ICANN suffixes and ordinary names are not platforms.
    assert!(!is_shared_platform("co.uk"));
    assert!(!is_shared_platform("com"));
    assert!(!is_shared_platform("example.org"));
    assert!(!is_shared_platform(""));
}

#[test]
fn every_rule_of_the_list_is_found_with_its_kind() {
    // Read from the list file itself, not from the generated table: each rule must come back
    // from the block lookup with its own kind.
    let mut private = false;
    let mut checked = 0;
    for line in include_str!("../../src/data/public_suffix_list.dat").lines() {
        let line = line.trim();
        private |= line.contains("===BEGIN PRIVATE DOMAINS===");
        let Some(rule) = line
            .split_whitespace()
            .next()
            .filter(|r| !r.starts_with("//"))
        else {
            continue;
        };
        let (body, kind) = match (rule.strip_prefix('!'), rule.strip_prefix("*.")) {
            (Some(r), _) => (r, EXCEPTION),
            (_, Some(r)) => (r, WILDCARD),
            _ => (rule, NORMAL),
        };
        let Ok(ascii) = idna::domain_to_ascii(body) else {
            panic!("{rule} is not a valid name");
        };
        let f = flags(&ascii);
        assert_ne!(f & kind, 0, "{rule} ({ascii}) not found as {kind}");
        if private {
            assert_ne!(f & PRIVATE, 0, "{rule} is in the private section");
        }
        checked += 1;
    }
    assert!(checked > 9_000, "only {checked} rules read");
}

#[test]
fn names_that_are_no_rule_are_not_found() {
    for name in [
        "",
        ".",
        "zz",
        "comq",
        "q.com",
        "uk.co",
        "be.proximus",
        "amazonaws",
        "github",
    ] {
        assert_eq!(flags(name), 0, "{name:?}");
    }
    // Around the first and last rules of the table and of a block.
    assert_eq!(flags("\u{0}"), 0);
    assert_eq!(flags("~~~~"), 0);
    // Longer than any host name: not looked up, no panic.
    assert_eq!(flags(&"a.".repeat(200)), 0);
    assert_eq!(
        public_suffix(&format!("{}com", "a.".repeat(200))),
        Some("com")
    );
}
