//! Typos of catalog brands as an independent tool makes them: `tests/data/typos.tsv`, written
//! by `tests/oracle/gen_typos.py` with dnstwist from PyPI (never by hand). Every one is a
//! lookalike of its brand, found with a technique of the same family as dnstwist's class.
#![cfg(not(target_arch = "wasm32"))]

use vigie::domain::lookalike::Technique;
use vigie::{Config, Engine, Kind, Verdict};

struct Row {
    brand: String,
    lookalike: String,
    unicode: String,
    class: String,
}

fn rows() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/typos.tsv");
    std::fs::read_to_string(path)
        .expect("typos.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("brand\t"))
        .filter_map(|l| match l.split('\t').collect::<Vec<_>>().as_slice() {
            [brand, lookalike, unicode, class] => Some(Row {
                brand: brand.to_string(),
                lookalike: lookalike.to_string(),
                unicode: unicode.to_string(),
                class: class.to_string(),
            }),
            _ => None,
        })
        .collect()
}

/// True when `lookalike` is `brand` with a digit before or after its first label: a name glued
/// to a number (`5brand`), which Vigie reads as a combosquat.
fn digit_at_an_end(lookalike: &str, brand: &str) -> bool {
    let (Some((label, _)), Some((theirs, _))) = (lookalike.split_once('.'), brand.split_once('.'))
    else {
        return false;
    };
    let is_digit =
        |s: Option<&str>| s.is_some_and(|d| d.len() == 1 && d.bytes().all(|b| b.is_ascii_digit()));
    is_digit(label.strip_suffix(theirs)) || is_digit(label.strip_prefix(theirs))
}

/// The techniques that name what dnstwist calls `class`. dnstwist names a typo by the first of
/// its fuzzers that made it, so one typo can fit several: a doubled letter is also an
/// insertion, a bit flip also a replacement, a look-alike letter also a replacement, an `s`
/// added next to an `s` a repetition.
fn fits(class: &str, technique: Technique) -> bool {
    use Technique::*;
    let typo = [
        Insertion,
        Omission,
        Repetition,
        Replacement,
        Transposition,
        Bitsquat,
        VowelSwap,
    ];
    match class {
        "addition" | "insertion" | "repetition" => {
            matches!(technique, Insertion | Repetition | Plural)
        }
        "omission" => matches!(technique, Omission | Repetition),
        "transposition" => technique == Transposition,
        "replacement" | "bitsquatting" | "vowel-swap" => {
            matches!(technique, Replacement | Bitsquat | VowelSwap)
        }
        "homoglyph" => matches!(technique, Homoglyph | MixedScript) || typo.contains(&technique),
        "hyphenation" => technique == Hyphenation,
        "plural" => matches!(technique, Plural | Insertion | Repetition),
        "subdomain" => technique == Subdomain,
        _ => false,
    }
}

#[test]
fn every_dnstwist_typo_of_a_distinctive_brand_is_found_and_named() {
    let rows = rows();
    assert!(
        rows.len() > 300,
        "the oracle table is there ({})",
        rows.len()
    );
    let engine = Engine::new(&Config::default());
    let mut problems = Vec::new();
    for row in &rows {
        let report = engine.check_domain(&row.lookalike);
        if report.domain != row.unicode {
            problems.push(format!(
                "{}: read as {}, dnstwist/idna say {}",
                row.lookalike, report.domain, row.unicode
            ));
        }
        let brands = engine.official_brands(&row.brand);
        let found = report.findings.iter().find(|f| {
            f.kind == Kind::LookalikeDomain
                && f.brand.as_deref().is_some_and(|b| brands.contains(&b))
        });
        match found {
            _ if report.verdict == Verdict::Ok => problems.push(format!(
                "{} ({} of {}): not flagged",
                row.lookalike, row.class, row.brand
            )),
            None => problems.push(format!(
                "{} ({} of {}): no lookalike finding naming the brand",
                row.lookalike, row.class, row.brand
            )),
            Some(f) => {
                let named = f.technique.is_some_and(|t| {
                    fits(&row.class, t)
                        || t == Technique::Combosquat && digit_at_an_end(&row.lookalike, &row.brand)
                });
                if !named {
                    problems.push(format!(
                        "{} ({} of {}): named {:?}",
                        row.lookalike, row.class, row.brand, f.technique
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {}:\n{}",
        problems.len(),
        rows.len(),
        problems.join("\n")
    );
}
