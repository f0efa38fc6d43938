//! The sender's display name on its own: an address or domain written in it, and letters
//! that disguise it.

use super::address::split_address;
use crate::brands::is_freemail;
use crate::domain::confusable::{foreign_lookalikes, name_disguise, Disguise};
use crate::domain::host::is_invisible;
use crate::domain::intel::DomainIntel;
use crate::domain::{psl, HostName};
use crate::report::{Finding, Kind, Severity};

/// The at signs and full stops that mail programs draw like `@` and `.`: the full-width
/// forms (U+FF20, U+FF0E), the small at (U+FE6B) and the ideographic stops (U+3002, U+FF61),
/// which IDNA also reads as dots (UTS 46).
fn plain_punctuation(c: char) -> char {
    match c {
        '\u{FF20}' | '\u{FE6B}' => '@',
        '\u{FF0E}' | '\u{3002}' | '\u{FF61}' => '.',
        c => c,
    }
}

/// A word of a display name as the place it names: `https://www.bank.be/login` shows
/// `www.bank.be` (the scheme and the path are not part of the host).
fn as_place(word: &str) -> &str {
    let word = word.trim_end_matches(['.', ':', ';']);
    let host = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            word.get(..scheme.len())
                .filter(|head| head.eq_ignore_ascii_case(scheme))
                .and_then(|_| word.get(scheme.len()..))
        })
        .unwrap_or(word);
    host.split(['/', '?', '#']).next().unwrap_or(host)
}

/// Addresses and domains written inside a display name.
fn claimed_in_name(name: &str) -> Vec<(String, HostName)> {
    let name: String = name.chars().map(plain_punctuation).collect();
    name.split(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | '<' | '>' | ',' | '[' | ']')
    })
    .filter(|w| w.contains('.'))
    .filter_map(|w| {
        let w = as_place(w);
        match w.rsplit_once('@') {
            Some(_) => split_address(w).ok().map(|(_, h)| (w.to_string(), h)),
            None => HostName::parse(w)
                .ok()
                .filter(|h| {
                    h.suffix.as_deref().is_some_and(psl::is_listed_suffix)
                        && h.registrable.is_some()
                })
                .map(|h| (w.to_string(), h)),
        }
    })
    .collect()
}

/// Mailing lists and groups write the member's address in the name: "Ann via Group". They
/// send from their own domains, never from a free mailbox, where anyone can write "via".
fn relayed(name: &str, host: &HostName) -> bool {
    if is_freemail(host.site()) {
        return false;
    }
    let lower = name.to_lowercase();
    [
        " via ",
        " on behalf of ",
        " namens ",
        " im auftrag ",
        " de la part de ",
        " pour le compte de ",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// `"support@bank.be" <promo@elsewhere.example>`: the name is another address (or domain).
pub(super) fn display_name_address(
    intel: &DomainIntel,
    name: &str,
    address: &str,
    host: &HostName,
) -> Vec<Finding> {
    if relayed(name, host) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (shown, shown_host) in claimed_in_name(name) {
        if shown.eq_ignore_ascii_case(address) || shown_host.site() == host.site() {
            continue;
        }
        let protected = intel.index.is_protected(shown_host.site());
        let is_address = shown.contains('@');
        if !is_address && !protected {
            continue;
        }
        let severity = if protected {
            Severity::Danger
        } else {
            Severity::Caution
        };
        out.push(
            Finding::new(
                Kind::DisplayNameAddress,
                severity,
                "sender",
                "f_display_name_address",
            )
            .params([shown.clone(), address.to_string()])
            .evidence("shown", shown)
            .evidence("domain", host.unicode.clone()),
        );
        break;
    }
    out
}

/// `Dоcusign` with a Cyrillic `о`, or invisible characters between the letters of a name.
pub(super) fn disguised_name(name: &str) -> Option<Finding> {
    let disguise = name_disguise(name)?;
    let shown: String = name.chars().filter(|&c| !is_invisible(c)).collect();
    let finding = |key, how| {
        Finding::new(Kind::DisguisedName, Severity::Caution, "sender", key)
            .params([shown])
            .evidence("how", how)
    };
    Some(match disguise {
        Disguise::MixedScript => {
            // The look-alikes by code point: on screen they are the Latin letters' twins.
            let letters: Vec<String> = foreign_lookalikes(name)
                .into_iter()
                .take(8)
                .map(|c| format!("{c} U+{:04X}", u32::from(c)))
                .collect();
            finding("f_disguised_name_script", "mixed_script")
                .evidence("letters", letters.join(", "))
        }
        Disguise::Invisible => finding("f_disguised_name_invisible", "invisible"),
    })
}
