//! What a link's visible text claims as its destination: `https://www.bank.be/login`,
//! `www.bank.be`, `bank.be/login`, or an address `info@bank.be`. Text that merely starts with
//! such a word counts ("www.bank.be - your space"); other text ("click here") claims nothing.

use crate::domain::host::is_invisible;
use crate::domain::{psl, HostKind, HostName};
use crate::link::hosts::HostCache;
use crate::words::FILE_EXTENSIONS;
use std::rc::Rc;
use url::Url;

/// The destination a text shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The word as shown, cleaned of invisible characters.
    pub text: String,
    pub host: Rc<HostName>,
}

/// The text in the order a reader sees it: a right-to-left override (U+202E) up to its pop
/// (U+202C) or the end is drawn reversed, so `\u{202E}eb.knab.www` shows `www.bank.be`.
/// Embeddings and isolates are ignored (a simplification of UAX #9 that covers the trick).
fn visual_order(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut reversed: Option<Vec<char>> = None;
    for c in text.chars() {
        match (c, reversed.as_mut()) {
            ('\u{202E}', None) => reversed = Some(Vec::new()),
            ('\u{202C}', Some(run)) => {
                out.extend(run.iter().rev());
                reversed = None;
            }
            (c, Some(run)) => run.push(c),
            (c, None) => out.push(c),
        }
    }
    if let Some(run) = reversed {
        out.extend(run.iter().rev());
    }
    out
}

fn clean_word(text: &str) -> Option<String> {
    // Plain ASCII has no direction overrides and no invisible characters to remove.
    let visible: String = if text.is_ascii() {
        text.split_whitespace().next()?.to_string()
    } else {
        visual_order(text)
            .chars()
            .filter(|c| !is_invisible(*c))
            .collect()
    };
    let word = visible.split_whitespace().next()?;
    let word = word
        .trim_start_matches(['<', '(', '[', '"', '\'', '«', '“'])
        .trim_end_matches([
            '>', ')', ']', '"', '\'', '»', '”', '.', ',', ';', ':', '!', '?',
        ]);
    (!word.is_empty()).then(|| word.to_string())
}

/// `word` begins with `prefix`, in any ASCII case.
fn starts_with_any_case(word: &str, prefix: &str) -> bool {
    word.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `http://` or `https://`, in any case.
pub fn has_scheme(word: &str) -> bool {
    starts_with_any_case(word, "http://") || starts_with_any_case(word, "https://")
}

/// `www.`, in any case.
pub fn starts_with_www(word: &str) -> bool {
    starts_with_any_case(word, "www.")
}

/// The host the visible text shows, if it shows one.
pub fn shown_target(text: &str) -> Option<Shown> {
    shown_target_in(text, &HostCache::default())
}

/// [`shown_target`], with the host names of a message parsed once.
pub fn shown_target_in(text: &str, hosts: &HostCache) -> Option<Shown> {
    let word = clean_word(text)?;
    let explicit = has_scheme(&word);
    // Without a scheme, a name or an address has a dot: "Voir le produit" claims nothing. (Not
    // so for other scripts: the URL parser reads the ideographic full stop as a dot.)
    if !explicit && word.is_ascii() && !word.contains('.') {
        return None;
    }
    let (url_text, explicit) = if explicit {
        (word.clone(), true)
    } else if let Some((local, domain)) = word.split_once('@') {
        if local.is_empty() || local.contains('/') || domain.contains('@') {
            return None;
        }
        (format!("http://{domain}"), false)
    } else {
        (format!("http://{word}"), starts_with_www(&word))
    };
    let url = Url::parse(&url_text).ok()?;
    let host = hosts.get(&url.host()?, url.host_str().unwrap_or_default());
    match host.kind {
        HostKind::Domain => {
            let suffix = host.suffix.as_deref()?;
            host.registrable.as_ref()?;
            let bare = !explicit && !word.contains('/');
            let last = suffix.rsplit('.').next().unwrap_or(suffix);
            if bare && FILE_EXTENSIONS.contains(&last) {
                return None;
            }
            if !psl::is_listed_suffix(suffix) {
                return None;
            }
        }
        // Without a scheme only a full dotted quad reads as an address ("1.2" is a number).
        HostKind::Ipv4(_)
            if !explicit && word.split(['/', ':']).next()?.split('.').count() != 4 =>
        {
            return None
        }
        _ => {}
    }
    Some(Shown { text: word, host })
}

#[cfg(test)]
#[path = "../../tests/unit/shown.rs"]
mod unit_tests;
