//! Turns the data files in `src/data/` into static Rust tables in `$OUT_DIR`, so the engine
//! starts without parsing any text (an MV3 service worker pays start-up on every wake; see
//! the budgets in the design notes). Bad data fails the build with a message naming the entry.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let data = PathBuf::from("src/data");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for f in [
        "public_suffix_list.dat",
        "brands.toml",
        "freemail.toml",
        "links.toml",
        "words.toml",
        "lexicon.toml",
    ] {
        println!("cargo:rerun-if-changed=src/data/{f}");
    }
    println!("cargo:rerun-if-changed=build.rs");

    write(&out, "psl.rs", &psl(&data.join("public_suffix_list.dat")));
    write(&out, "brands.rs", &brands(&data));
    write(&out, "links.rs", &links(&data.join("links.toml")));
    write(&out, "words.rs", &words(&data.join("words.toml")));
    write(&out, "lexicon.rs", &lexicon(&data.join("lexicon.toml")));
    write(&out, "digest.rs", &digest(&data));
    write(&out, "confusables.rs", &confusables());
}

// -------------------------------------------------------------------------- confusables

/// A prototype of one character is stored as that character; longer ones in a shared text,
/// by start and length with this bit set.
const LONGER_PROTOTYPE: u32 = 1 << 31;

/// The UTS 39 skeleton of every character that changes under it, as compact tables.
///
/// `unicode_security::skeleton` walks its input through `unicode_normalization`'s NFD
/// iterator, which chooses canonical or compatibility decomposition at run time, so calling it
/// links the compatibility tables too (29 KB of the gzipped wasm) that nothing here uses; its
/// own table is also 12 bytes a character. So the skeleton is taken here, at build time, from
/// the same crate, and `src/domain/skeleton.rs` applies it with ICU4X's NFD (tested against
/// `unicode_security::skeleton` for every character).
///
/// Only characters NFD leaves alone are listed: the run-time skeleton decomposes first. Those
/// whose skeleton is empty (the default-ignorable ones) are listed as ranges.
fn confusables() -> String {
    use unicode_normalization::UnicodeNormalization;
    // Prototypes of two or more characters, each once, in one text.
    let mut longer = String::new();
    let mut at: std::collections::HashMap<String, usize> = Default::default();
    let (mut chars, mut values) = (String::new(), String::new());
    let mut count = 0usize;
    let mut ignorable: Vec<(u32, u32)> = Vec::new();
    for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
        let mut one = [0u8; 4];
        let alone: &str = c.encode_utf8(&mut one);
        if !alone.nfd().eq(alone.chars()) {
            continue;
        }
        let skeleton: String = unicode_security::skeleton(alone).collect();
        if skeleton == alone {
            continue;
        }
        if skeleton.is_empty() {
            // Default-ignorable: thousands of them come in a few long ranges.
            match ignorable.last_mut() {
                Some((_, end)) if *end + 1 == u32::from(c) => *end = u32::from(c),
                _ => ignorable.push((u32::from(c), u32::from(c))),
            }
            continue;
        }
        let mut letters = skeleton.chars();
        let value = match (letters.next(), letters.next()) {
            (Some(single), None) => u32::from(single),
            _ => {
                let start = *at.entry(skeleton.clone()).or_insert_with(|| {
                    longer.push_str(&skeleton);
                    longer.len() - skeleton.len()
                });
                assert!(start < 1 << 16 && skeleton.len() < 1 << 8, "{skeleton:?}");
                LONGER_PROTOTYPE | (start as u32) << 8 | skeleton.len() as u32
            }
        };
        let _ = write!(chars, "{},", u32::from(c));
        let _ = write!(values, "{value},");
        count += 1;
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// Characters whose UTS 39 skeleton is another non-empty text ({count}), sorted."
    );
    let _ = writeln!(s, "static CONFUSABLE_CHARS: &[u32] = &[{chars}];");
    let _ = writeln!(
        s,
        "/// For each of `CONFUSABLE_CHARS`, its prototype: one character, or with \
         `LONGER_PROTOTYPE` set, where it starts in `LONGER_PROTOTYPES` (bits 8..24) and its \
         length in bytes (bits 0..8)."
    );
    let _ = writeln!(s, "static CONFUSABLE_PROTOTYPE: &[u32] = &[{values}];");
    let _ = writeln!(s, "const LONGER_PROTOTYPE: u32 = {LONGER_PROTOTYPE:#x};");
    let _ = writeln!(
        s,
        "/// The prototypes of two or more characters (already in NFD)."
    );
    let _ = writeln!(s, "static LONGER_PROTOTYPES: &str = {longer:?};");
    let ranges: Vec<String> = ignorable
        .iter()
        .map(|(a, b)| format!("({a}, {b})"))
        .collect();
    let _ = writeln!(
        s,
        "/// Default-ignorable characters (first, last): the skeleton drops them."
    );
    let _ = writeln!(
        s,
        "static IGNORABLE: &[(u32, u32)] = &[{}];",
        ranges.join(",")
    );
    s
}

/// FNV-1a over the data files the start-up snapshot (`src/snapshot/`) is derived from, so an
/// edit to one of them makes the embedded snapshot stale (the engine then builds its tables
/// itself, and the snapshot test says to run `make snapshot`).
fn digest(data: &Path) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in [
        "public_suffix_list.dat",
        "brands.toml",
        "words.toml",
        "freemail.toml",
    ] {
        let bytes = fs::read(data.join(f)).unwrap_or_else(|e| panic!("reading {f}: {e}"));
        let len = bytes.len() as u64;
        for b in bytes.iter().chain(&len.to_le_bytes()) {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("/// FNV-1a of the data files behind the start-up snapshot.\npub const DATA_DIGEST: u64 = {h:#x};\n")
}

fn write(out: &Path, name: &str, code: &str) {
    fs::write(out.join(name), code).unwrap_or_else(|e| panic!("writing {name}: {e}"));
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn parse_toml<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    toml::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn str_slice(items: &[String]) -> String {
    let mut s = String::from("&[");
    for i in items {
        let _ = write!(s, "{i:?},");
    }
    s.push(']');
    s
}

/// Lower-case ASCII (punycode) registrable-looking name, checked so a typo in the data fails the build.
fn check_domain(what: &str, d: &str) -> String {
    let ascii =
        idna::domain_to_ascii(d).unwrap_or_else(|e| panic!("{what}: bad domain {d:?}: {e:?}"));
    assert!(
        ascii.contains('.')
            && !ascii.starts_with('.')
            && !ascii.ends_with('.')
            && !ascii.contains('/'),
        "{what}: {d:?} is not a domain name"
    );
    ascii
}

// ------------------------------------------------------------------------------- public suffixes

/// Rules per block of the public suffix table: a lookup bisects the blocks by their first rule,
/// then reads at most this many rules one after the other.
const PSL_BLOCK: usize = 16;

/// The public suffix list as a static table: one entry per suffix, with the flags of every
/// rule for it (`foo.bar` and `*.foo.bar` share the entry `foo.bar`), labels from the right,
/// sorted bytewise and front-coded in blocks of `PSL_BLOCK` (`src/domain/psl.rs` reads it).
fn psl(path: &Path) -> String {
    let text = read(path);
    let version = text
        .lines()
        .find_map(|l| l.strip_prefix("// VERSION: "))
        .unwrap_or("unknown")
        .trim()
        .to_string();
    let mut rules: std::collections::BTreeMap<String, u8> = Default::default();
    let mut private = false;
    for line in text.lines() {
        let line = line.trim();
        if line.contains("===BEGIN PRIVATE DOMAINS===") {
            private = true;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let rule = line.split_whitespace().next().unwrap_or_default();
        let (body, mut flag) = if let Some(r) = rule.strip_prefix('!') {
            (r, 4u8)
        } else if let Some(r) = rule.strip_prefix("*.") {
            (r, 2u8)
        } else {
            (rule, 1u8)
        };
        if private {
            flag |= 8;
        }
        let ascii =
            idna::domain_to_ascii(body).unwrap_or_else(|e| panic!("PSL rule {rule}: {e:?}"));
        *rules.entry(ascii).or_default() |= flag;
    }
    // Each rule is written with its labels from the right (`uk.co`) and the table sorted so: a
    // platform's many rules then sit side by side. Within a block of `PSL_BLOCK` rules, a rule
    // keeps the first `PSL_KEPT[i]` bytes of the one before and adds `PSL_ADDED[i]` bytes of
    // `PSL_TEXT` (front coding; the first rule of a block is whole). 10k `(&str, u8)` pairs
    // would cost 12 bytes of pointers each in wasm; this is 60 KB of text and 2 bytes a rule.
    let mut sorted: Vec<(String, u8)> = rules
        .iter()
        .map(|(rule, flag)| (rule.rsplit('.').collect::<Vec<_>>().join("."), *flag))
        .collect();
    sorted.sort();
    let mut text = String::new();
    let (mut kept, mut added) = (String::new(), String::new());
    let mut checkpoints = String::new();
    let mut flags = String::new();
    let mut previous = "";
    for (i, (rule, flag)) in sorted.iter().enumerate() {
        assert!(
            rule.len() <= 253,
            "PSL rule {rule} is longer than a host name"
        );
        let same = if i % PSL_BLOCK == 0 {
            let _ = write!(checkpoints, "{},", text.len());
            0
        } else {
            previous
                .bytes()
                .zip(rule.bytes())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let _ = write!(kept, "{same},");
        let _ = write!(added, "{},", rule.len() - same);
        let _ = write!(flags, "{flag},");
        text.push_str(&rule[same..]);
        previous = rule;
    }
    let max_labels = rules
        .keys()
        .map(|r| r.split('.').count())
        .max()
        .unwrap_or(1);
    let mut s = String::new();
    let _ = writeln!(s, "/// Version line of the embedded public suffix list.");
    let _ = writeln!(s, "pub const PSL_VERSION: &str = {version:?};");
    let _ = writeln!(s, "static PSL_TEXT: &str = {text:?};");
    let _ = writeln!(s, "static PSL_KEPT: &[u8] = &[{kept}];");
    let _ = writeln!(s, "static PSL_ADDED: &[u8] = &[{added}];");
    let _ = writeln!(s, "const PSL_BLOCK: usize = {PSL_BLOCK};");
    let _ = writeln!(
        s,
        "/// Where rules 0, PSL_BLOCK, 2 * PSL_BLOCK... start in `PSL_TEXT`."
    );
    let _ = writeln!(s, "static PSL_CHECKPOINTS: &[u32] = &[{checkpoints}];");
    let _ = writeln!(s, "static PSL_FLAGS: &[u8] = &[{flags}];");
    let _ = writeln!(
        s,
        "/// Labels in the longest rule: a suffix walk stops there."
    );
    let _ = writeln!(s, "const MAX_RULE_LABELS: usize = {max_labels};");
    s
}

// ------------------------------------------------------------------------------- brands

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandFile {
    brand: Vec<BrandEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandEntry {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    domains: Vec<String>,
    #[serde(default)]
    word: bool,
    #[serde(default)]
    not_word_domains: Vec<String>,
    country: String,
    sector: String,
    #[serde(default)]
    group: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FreemailFile {
    domains: Vec<String>,
}

fn brands(data: &Path) -> String {
    let file: BrandFile = parse_toml(&data.join("brands.toml"));
    let mut ids = BTreeSet::new();
    let mut s = String::from("pub static BRANDS: &[BrandData] = &[\n");
    for b in &file.brand {
        assert!(
            ids.insert(b.id.clone()),
            "brands.toml: duplicate id {}",
            b.id
        );
        assert!(!b.domains.is_empty(), "brands.toml: {} has no domain", b.id);
        let domains: Vec<String> = b
            .domains
            .iter()
            .map(|d| check_domain(&format!("brands.toml {}", b.id), d))
            .collect();
        for d in &b.not_word_domains {
            assert!(
                b.word && b.domains.contains(d),
                "brands.toml {}: not_word_domains {d:?} must be one of the domains of a word brand",
                b.id
            );
        }
        let group = b.group.clone().unwrap_or_else(|| b.id.clone());
        let _ = writeln!(
            s,
            "BrandData {{ id: {:?}, name: {:?}, aliases: {}, domains: {}, word: {}, not_word_domains: {}, country: {:?}, sector: {:?}, group: {:?} }},",
            b.id,
            b.name,
            str_slice(&b.aliases),
            str_slice(&domains),
            b.word,
            str_slice(&b.not_word_domains),
            b.country,
            b.sector,
            group
        );
    }
    s.push_str("];\n");

    let free: FreemailFile = parse_toml(&data.join("freemail.toml"));
    let mut free: Vec<String> = free
        .domains
        .iter()
        .map(|d| check_domain("freemail.toml", d))
        .collect();
    free.sort();
    free.dedup();
    let _ = writeln!(s, "pub static FREEMAIL: &[&str] = {};", str_slice(&free));
    s
}

// ------------------------------------------------------------------------------- links

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HostList {
    hosts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinksFile {
    shorteners: HostList,
    trackers: HostList,
    opaque_wrappers: HostList,
    redirectors: Vec<RedirectorEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RedirectorEntry {
    name: String,
    host_suffix: String,
    #[serde(default)]
    path_prefix: Option<String>,
    decoder: String,
    #[serde(default)]
    params: Vec<String>,
    #[serde(default)]
    doc: Option<String>,
}

fn sorted_hosts(what: &str, list: &HostList) -> Vec<String> {
    let mut v: Vec<String> = list.hosts.iter().map(|h| check_domain(what, h)).collect();
    v.sort();
    v.dedup();
    v
}

fn links(path: &Path) -> String {
    let file: LinksFile = parse_toml(path);
    let mut s = String::new();
    for (name, list) in [
        ("SHORTENERS", &file.shorteners),
        ("TRACKERS", &file.trackers),
        ("OPAQUE_WRAPPERS", &file.opaque_wrappers),
    ] {
        let hosts = sorted_hosts(&format!("links.toml {name}"), list);
        let _ = writeln!(s, "pub static {name}: &[&str] = {};", str_slice(&hosts));
    }
    s.push_str("pub static REDIRECTORS: &[RedirectorData] = &[\n");
    for r in &file.redirectors {
        let decoder = match r.decoder.as_str() {
            "query" => "Decoder::Query",
            "proofpoint_v2" => "Decoder::ProofpointV2",
            "proofpoint_v3" => "Decoder::ProofpointV3",
            "bing_base64" => "Decoder::BingBase64",
            other => panic!("links.toml {}: unknown decoder {other}", r.name),
        };
        assert!(
            r.decoder != "query" || !r.params.is_empty(),
            "links.toml {}: a query decoder needs params",
            r.name
        );
        let _ = r.doc.as_deref();
        let _ = writeln!(
            s,
            "RedirectorData {{ name: {:?}, host_suffix: {:?}, path_prefix: {:?}, decoder: {decoder}, params: {} }},",
            r.name,
            check_domain(&format!("links.toml {}", r.name), &r.host_suffix),
            r.path_prefix.clone().unwrap_or_else(|| "/".into()),
            str_slice(&r.params)
        );
    }
    s.push_str("];\n");
    s
}

// ------------------------------------------------------------------------------- word lists

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    combo: Vec<String>,
    infrastructure: Vec<String>,
    service: Vec<String>,
    name_fillers: Vec<String>,
    product: Vec<String>,
    file_extensions: Vec<String>,
    word_starts: Vec<String>,
    short_name_words: Vec<String>,
}

fn words(path: &Path) -> String {
    let file: WordsFile = parse_toml(path);
    let mut s = String::new();
    for (name, mut list) in [
        ("COMBO_WORDS", file.combo),
        ("INFRASTRUCTURE_WORDS", file.infrastructure),
        ("SERVICE_WORDS", file.service),
        ("NAME_FILLERS", file.name_fillers),
        ("PRODUCT_WORDS", file.product),
        ("FILE_EXTENSIONS", file.file_extensions),
        ("WORD_STARTS", file.word_starts),
        ("SHORT_NAME_WORDS", file.short_name_words),
    ] {
        for w in &list {
            assert!(
                w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "words.toml {name}: {w:?} must be lower-case ASCII letters or digits (accents are removed before matching)"
            );
        }
        // Looked up by a label's first two letters.
        if name == "WORD_STARTS" {
            assert!(
                list.iter().all(|w| w.len() == 2),
                "words.toml word_starts: pairs of letters only"
            );
        }
        if name == "SHORT_NAME_WORDS" {
            assert!(
                list.iter().all(|w| w.len() == 4),
                "words.toml short_name_words: four-letter words only"
            );
        }
        list.sort();
        list.dedup();
        let _ = writeln!(s, "pub static {name}: &[&str] = {};", str_slice(&list));
    }
    s
}

// ------------------------------------------------------------------------------- lexicon

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    secret: Vec<SecretEntry>,
    request: Vec<String>,
    writer: Vec<String>,
    helper: Vec<String>,
    negation: Vec<String>,
    urgency: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretEntry {
    kind: String,
    strong: bool,
    terms: Vec<String>,
}

/// Most words in one term of `lexicon.toml` (`src/content/mod.rs` keeps a phrase's word hashes
/// in an array of this size).
const MAX_PHRASE_WORDS: usize = 8;

fn lexicon(path: &Path) -> String {
    let file: LexiconFile = parse_toml(path);
    let check = |what: &str, terms: &[String]| {
        for t in terms {
            assert!(
                !t.is_empty()
                    && t == &t.to_lowercase()
                    && t.chars().all(|c| c.is_ascii() && c != '\t'),
                "lexicon.toml {what}: {t:?} must be lower-case ASCII (accents are removed before matching)"
            );
            let words = t
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            assert!(
                (1..=MAX_PHRASE_WORDS).contains(&words),
                "lexicon.toml {what}: {t:?} must have 1 to {MAX_PHRASE_WORDS} words"
            );
        }
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "/// Most words in one phrase of the lexicon (a phrase keeps their hashes inline)."
    );
    let _ = writeln!(s, "const MAX_PHRASE_WORDS: usize = {MAX_PHRASE_WORDS};");
    s.push_str("pub static SECRETS: &[SecretData] = &[\n");
    for e in &file.secret {
        check(&e.kind, &e.terms);
        let _ = writeln!(
            s,
            "SecretData {{ kind: {:?}, strong: {}, terms: {} }},",
            e.kind,
            e.strong,
            str_slice(&e.terms)
        );
    }
    s.push_str("];\n");
    for (name, list) in [
        ("REQUESTS", &file.request),
        ("WRITERS", &file.writer),
        ("HELPERS", &file.helper),
        ("NEGATIONS", &file.negation),
        ("URGENCY", &file.urgency),
    ] {
        check(name, list);
        if matches!(name, "WRITERS" | "HELPERS") {
            for t in list {
                assert!(
                    t.chars().all(|c| c.is_ascii_alphanumeric()),
                    "lexicon.toml {name}: {t:?} must be one word"
                );
            }
        }
        let _ = writeln!(s, "pub static {name}: &[&str] = {};", str_slice(list));
    }
    s
}
