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

/// Every rule of the list file, read independently of `build.rs`: its name in ASCII and the
/// flags all of its rules give it.
fn rules_from_the_list_file() -> std::collections::HashMap<String, u8> {
    let mut rules = std::collections::HashMap::new();
    let mut private = false;
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
        *rules.entry(ascii).or_insert(0) |= kind | if private { PRIVATE } else { 0 };
    }
    rules
}

#[test]
fn every_rule_of_the_list_has_exactly_its_flags() {
    let rules = rules_from_the_list_file();
    assert!(rules.len() > 9_000, "only {} rules read", rules.len());
    for (name, expected) in &rules {
        assert_eq!(flags(name), *expected, "{name}");
    }
}

#[test]
fn names_next_to_rules_get_their_own_flags_or_none() {
    // A byte more or less at either end of every rule, another label on either side: the
    // neighbours in the sorted, front-coded table (block edges included) must not be confused
    // with the rule.
    let rules = rules_from_the_list_file();
    let expected = |n: &str| rules.get(n).copied().unwrap_or(0);
    let mut checked = 0;
    for name in rules.keys() {
        let mut near = vec![
            format!("{name}a"),
            format!("a{name}"),
            format!("x.{name}"),
            format!("{name}.x"),
            format!("{name}-"),
        ];
        for cut in [name.get(1..), name.get(..name.len() - 1)]
            .into_iter()
            .flatten()
        {
            near.push(cut.to_string());
        }
        for n in near {
            assert_eq!(flags(&n), expected(&n), "{n:?} next to {name}");
            checked += 1;
        }
    }
    assert!(checked > 60_000, "{checked}");
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
    // Before the first rule of the table and after the last.
    assert_eq!(flags("\u{0}"), 0);
    assert_eq!(flags("~~~~"), 0);
    // Up to 253 bytes a key is looked up; longer ones are no host name: not found, no panic.
    let longest = format!("{}com", "a.".repeat(125));
    assert_eq!(longest.len(), 253);
    assert_eq!(public_suffix(&longest), Some("com"));
    assert_eq!(flags(&format!("a{longest}")), 0);
    assert_eq!(flags(&"a.".repeat(200)), 0);
    assert_eq!(
        public_suffix(&format!("{}com", "a.".repeat(200))),
        Some("com")
    );
    // An empty label before the end is no host name.
    for host in ["", ".", ".com", "a..com", "..", "shop..co.uk"] {
        assert_eq!(public_suffix(host), None, "{host:?}");
    }
    // Labels are reversed whole, whatever their lengths.
    let mut buf = [0u8; 253];
    for (suffix, reversed) in [
        ("co.uk", "uk.co"),
        ("a.bb.ccc", "ccc.bb.a"),
        ("com", "com"),
        ("x..y", "y..x"),
        ("", ""),
    ] {
        let n = labels_from_the_right(suffix, &mut buf);
        assert_eq!(n.and_then(|n| buf.get(..n)), Some(reversed.as_bytes()));
    }
}
