//! Confusable folding and script checks for domain labels and names.
//!
//! `fold` maps a label to a form that look-alikes share: lower case, accents removed, the
//! UTS 39 skeleton (<https://www.unicode.org/reports/tr39/#Confusable_Detection>), a few
//! Cyrillic and Greek letters the skeleton leaves alone (the same extra table Chromium uses in
//! `skeleton_generator.cc`), and the ASCII tricks of typosquatters: `0`/`o`, `1`/`l`/`i`,
//! `rn`/`m`, `vv`/`w`, `cl`/`d`.

use super::skeleton::{is_mark, nfd, skeleton};
use unicode_script::{Script, UnicodeScript};
use unicode_security::MixedScript;

/// Letters the UTS 39 table does not send to Latin but that read as Latin in a domain
/// (Chromium `components/url_formatter/spoof_checks/skeleton_generator.cc`, extra mapper),
/// with Vigie's additions: `ƈ` and the Latin small capitals.
fn extra_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' | 'ŀ' => "l",
        'ø' | 'ǿ' => "o",
        'đ' | 'ð' => "d",
        'ħ' | 'н' | 'ћ' | 'ң' | 'ҥ' | 'ӈ' | 'ӊ' | 'ԋ' | 'ԧ' | 'ԩ' => "h",
        'ĸ' | 'κ' | 'к' | 'қ' | 'ҝ' | 'ҟ' | 'ҡ' | 'ӄ' | 'ԟ' => "k",
        'ŋ' | 'п' | 'ԥ' | 'η' => "n",
        'ŧ' | 'т' | 'ҭ' | 'ԏ' | 'τ' => "t",
        'ƅ' | 'ь' | 'ҍ' | 'в' | 'ß' => "b",
        'ω' | 'ш' | 'щ' => "w",
        'м' | 'ӎ' => "m",
        'є' | 'ҽ' | 'ҿ' => "e",
        'θ' => "o",
        'æ' | 'ӕ' => "ae",
        'œ' => "oe",
        'ι' | 'ӏ' => "l",
        'ν' => "v",
        'ƈ' => "c",
        // Latin small capitals (IPA and phonetic extensions) read as their letter; UTS 39 leaves
        // most of them alone (`ʙooking`).
        'ᴀ' => "a",
        'ʙ' => "b",
        'ᴅ' => "d",
        'ᴇ' => "e",
        'ꜰ' => "f",
        'ɢ' => "g",
        'ʜ' => "h",
        'ᴊ' => "j",
        'ᴋ' => "k",
        'ʟ' => "l",
        'ᴍ' => "m",
        'ɴ' => "n",
        'ᴘ' => "p",
        'ʀ' => "r",
        'ᴛ' => "t",
        _ => return None,
    })
}

/// ASCII look-alikes, in lower case: characters and (with `pairs`) pairs that read as another
/// letter. Other characters are copied (lower-cased when ASCII).
pub fn ascii_fold_into(s: &str, out: &mut String, pairs: bool) {
    if !s.is_ascii() {
        return fold_chars_into(s, out, pairs);
    }
    // Byte by byte: every link text and display name comes through here.
    let bytes = s.as_bytes();
    out.reserve(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let c = b.to_ascii_lowercase();
        let next = bytes.get(i + 1).map(u8::to_ascii_lowercase);
        match pairs.then(|| ascii_pair(c, next)).flatten() {
            Some(m) => {
                out.push(char::from(m));
                i += 2;
            }
            None => {
                out.push(char::from(ascii_letter(c)));
                i += 1;
            }
        }
    }
}

/// The letter a pair of lower-case ASCII characters reads as (`rn` → `m`).
fn ascii_pair(c: u8, next: Option<u8>) -> Option<u8> {
    match (c, next?) {
        (b'r', b'n') | (b'n', b'n') => Some(b'm'),
        (b'v', b'v') => Some(b'w'),
        (b'c', b'l') => Some(b'd'),
        _ => None,
    }
}

/// True when a lower-case ASCII string holds a pair the pair rules read as one letter
/// (`rn`, `nn`, `vv`, `cl`), so that [`fold`] and [`fold_letters`] differ on it.
pub fn has_ascii_pair(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| matches!(w, [c, next] if ascii_pair(*c, Some(*next)).is_some()))
}

/// The letter a lower-case ASCII character reads as (`0` → `o`).
fn ascii_letter(c: u8) -> u8 {
    match c {
        b'0' => b'o',
        b'1' | b'i' | b'|' | b'!' => b'l',
        other => other,
    }
}

/// [`ascii_fold_into`] of text with characters outside ASCII (copied as they are).
fn fold_chars_into(s: &str, out: &mut String, pairs: bool) {
    let ascii = |c: char| u8::try_from(c).ok().filter(u8::is_ascii);
    let mut chars = s.chars().map(|c| c.to_ascii_lowercase()).peekable();
    while let Some(c) = chars.next() {
        let pair = ascii(c)
            .filter(|_| pairs)
            .and_then(|b| ascii_pair(b, chars.peek().copied().and_then(ascii)));
        if let Some(m) = pair {
            chars.next();
            out.push(char::from(m));
            continue;
        }
        out.push(ascii(c).map_or(c, |b| char::from(ascii_letter(b))));
    }
}

/// Fold a label or a name to its look-alike form. ASCII input takes a fast path.
pub fn fold(label: &str) -> String {
    fold_with(label, true)
}

/// Like [`fold`], letter by letter only: without the pair rules (`rn`/`m`, `cl`/`d`...), which
/// on a very short word make another word (`LCL` would read as `ID`).
pub fn fold_letters(label: &str) -> String {
    fold_with(label, false)
}

fn fold_with(label: &str, pairs: bool) -> String {
    let mut out = String::with_capacity(label.len());
    if label.is_ascii() {
        ascii_fold_into(label, &mut out, pairs);
        return out;
    }
    let mut pre = String::with_capacity(label.len());
    let mut one = [0u8; 4];
    for c in label.chars() {
        // A capital is read before it is lowered: Greek `Μ` reads as `M`, its small `μ` does
        // not read as `m` (domain labels come lowered by IDNA; names and link texts do not).
        if c.is_uppercase() && !c.is_ascii() {
            let capital = skeleton(c.encode_utf8(&mut one));
            if capital.chars().all(|x| x.is_ascii_alphabetic()) {
                pre.push_str(&capital.to_ascii_lowercase());
                continue;
            }
        }
        for lower in c.to_lowercase() {
            push_latin(lower, &mut pre);
        }
    }
    let without_marks: String = nfd(&pre).chars().filter(|c| !is_mark(*c)).collect();
    if pairs {
        ascii_fold_into(&latin_skeleton(&without_marks), &mut out, true);
    } else {
        // Letter by letter: the skeleton spells some letters as two (`m` as `rn`, `d` as `cl`),
        // which the pair rules make one again, but only within one written letter, never
        // across two (UTS 39 skeletons map each character on its own).
        let mut one = [0u8; 4];
        for c in without_marks.chars() {
            ascii_fold_into(&latin_skeleton(c.encode_utf8(&mut one)), &mut out, true);
        }
    }
    out
}

/// `c`, or the Latin letters it reads as.
fn push_latin(c: char, out: &mut String) {
    match extra_latin(c) {
        Some(s) => out.push_str(s),
        None => out.push(c),
    }
}

/// The UTS 39 skeleton in lower case without marks, with the extra Latin mappings applied to
/// what it gives too (it maps `ᴋ` to `ĸ`, which reads as `k`).
fn latin_skeleton(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in skeleton(s)
        .chars()
        .filter(|c| !is_mark(*c))
        .flat_map(char::to_lowercase)
    {
        push_latin(c, &mut out);
    }
    out
}

/// Lower case and accents removed, nothing else: `Sécurité` → `securite`.
pub fn strip_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let lower: String = s.chars().flat_map(char::to_lowercase).collect();
    nfd(&lower).chars().filter(|c| !is_mark(*c)).collect()
}

/// How a non-ASCII label uses scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptUse {
    /// Pure ASCII.
    Ascii,
    /// One script, not confusable with Latin as a whole (`bücher`, `пример`).
    SingleScript,
    /// Letters of several scripts mixed (`prοximus` with a Greek omicron).
    MixedScript,
    /// One non-Latin script whose every letter has a Latin twin (`аррӏе` in Cyrillic).
    WholeScriptConfusable,
}

/// Classify a Unicode label (UTS 39 §5.1 mixed-script and whole-script confusable detection).
pub fn script_use(label: &str) -> ScriptUse {
    if label.is_ascii() {
        return ScriptUse::Ascii;
    }
    if !label.is_single_script() {
        return ScriptUse::MixedScript;
    }
    let letters = || label.chars().filter(|c| c.is_alphabetic());
    let non_latin = letters().any(|c| !matches!(c.script(), Script::Latin | Script::Common));
    let all_latin_twins = letters().all(|c| folds_into(c, |x| x.is_ascii_alphanumeric()));
    if non_latin && all_latin_twins {
        ScriptUse::WholeScriptConfusable
    } else {
        ScriptUse::SingleScript
    }
}

/// How a sender name hides what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disguise {
    /// A Latin word with letters of another script that read as Latin (`Dоcusign` with a
    /// Cyrillic `о`): honest names are written in one script per word.
    MixedScript,
    /// Invisible characters between Latin letters (`P\u{FEFF}ayPal`), which only serve to slip
    /// a name past filters. Between letters of other scripts they can be spelling (the Persian
    /// zero-width non-joiner), so those are left alone.
    Invisible,
}

/// Whether a display name disguises one of its words, and how (the first way found).
pub fn name_disguise(name: &str) -> Option<Disguise> {
    if name.is_ascii() {
        return None;
    }
    let is_latin = |c: char| c.is_alphabetic() && c.script() == Script::Latin;
    let mut prev_letter: Option<char> = None;
    let mut invisible_after_latin = false;
    let (mut latin, mut foreign) = (false, false);
    for c in name.chars() {
        // The soft hyphen is a hyphenation hint that copy and paste carries along.
        if c != '\u{AD}' && crate::domain::host::is_invisible(c) {
            invisible_after_latin |= prev_letter.is_some_and(is_latin);
            continue;
        }
        if !c.is_alphanumeric() {
            // A word ends.
            if latin && foreign {
                return Some(Disguise::MixedScript);
            }
            (latin, foreign, prev_letter, invisible_after_latin) = (false, false, None, false);
            continue;
        }
        if invisible_after_latin && is_latin(c) {
            return Some(Disguise::Invisible);
        }
        invisible_after_latin = false;
        if is_latin(c) {
            latin = true;
        } else if c.is_alphabetic() && reads_as_latin(c) {
            foreign = true;
        }
        prev_letter = Some(c);
    }
    (latin && foreign).then_some(Disguise::MixedScript)
}

/// The letters of a name that pass for Latin ones without being Latin, each once, in order
/// (the evidence of [`Disguise::MixedScript`]).
pub fn foreign_lookalikes(name: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in name
        .chars()
        .filter(|&c| c.is_alphabetic() && reads_as_latin(c))
    {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// A Greek, Cyrillic or Armenian letter that folds to a Latin letter (`о`, `Α`, `ѕ`): the
/// scripts whose letters pass for Latin ones. (Arabic `ا` also folds to `l`, but no reader takes
/// it for one, and names may join Latin and Arabic.)
fn reads_as_latin(c: char) -> bool {
    matches!(
        c.script(),
        Script::Greek | Script::Cyrillic | Script::Armenian
    ) && folds_into(c, |x| x.is_ascii_alphabetic())
}

/// True when `c` folds to a non-empty run of characters that all pass `accept`.
fn folds_into(c: char, accept: impl Fn(char) -> bool) -> bool {
    let f = fold(c.encode_utf8(&mut [0; 4]));
    !f.is_empty() && f.chars().all(accept)
}

#[cfg(test)]
#[path = "../../tests/unit/confusable.rs"]
mod unit_tests;
