//! A registrable domain split at its public suffix: all the lookalike index keeps of a name it
//! protects. Known correspondents arrive by the thousand at every engine start, already
//! written as the registrable domains the engine reported, so such a name is split without
//! the whole host parse (`Registered::canonical`).

use super::host::{MAX_HOST_LEN, MAX_LABEL_LEN};
use super::{psl, HostName};
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered<'a> {
    /// The registrable domain (eTLD+1), lower-case ASCII.
    pub domain: Cow<'a, str>,
    /// Its public suffix.
    pub suffix: Cow<'a, str>,
}

impl<'a> Registered<'a> {
    /// The registrable domain of a name, or `None` when it is no usable host name or has none
    /// (an address, a public suffix alone).
    pub fn parse(name: &'a str) -> Option<Registered<'a>> {
        Registered::canonical(name).or_else(|| Registered::of_host(&HostName::parse(name).ok()?))
    }

    /// The registrable domain of a parsed host.
    pub fn of_host(host: &HostName) -> Option<Registered<'static>> {
        Some(Registered {
            domain: Cow::Owned(host.registrable.clone()?),
            suffix: Cow::Owned(host.suffix.clone()?),
        })
    }

    /// A name written the way a host parse would leave it, made only of labels of lower-case
    /// ASCII letters, digits and inner hyphens (never two together, so no punycode), under a
    /// top-level label of letters: the WHATWG host parse and UTS 46 give it back unchanged,
    /// so only the public suffix is looked up. `None` for any other name, which needs
    /// [`HostName::parse`].
    pub fn canonical(name: &'a str) -> Option<Registered<'a>> {
        if name.len() > MAX_HOST_LEN {
            return None;
        }
        let mut labels = name.split('.');
        let top = labels.next_back()?;
        // A top label of digits would make the name an IPv4 address to the URL parser.
        let plain_top = is_plain_label(top) && top.bytes().all(|b| b.is_ascii_lowercase());
        if !plain_top || !labels.all(is_plain_label) {
            return None;
        }
        let suffix = psl::public_suffix(name)?;
        let domain = psl::registrable_given_suffix(name, suffix)?;
        Some(Registered {
            domain: Cow::Borrowed(domain),
            suffix: Cow::Borrowed(suffix),
        })
    }

    /// The registrable label: `example` in `example.co.uk`.
    pub fn label(&self) -> &str {
        self.domain.split('.').next().unwrap_or_default()
    }
}

/// Lower-case letters and digits, with single hyphens inside, at most 63 of them.
fn is_plain_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    let inner_hyphens = |b: &[u8]| {
        b.first().is_some_and(|&c| c != b'-')
            && b.last().is_some_and(|&c| c != b'-')
            && !b.windows(2).any(|w| w == b"--")
    };
    bytes.len() <= MAX_LABEL_LEN
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && inner_hyphens(bytes)
}

#[cfg(test)]
#[path = "../../tests/unit/registered.rs"]
mod unit_tests;
