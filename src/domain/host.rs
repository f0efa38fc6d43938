//! Host names as a browser sees them: WHATWG host parsing (UTS 46 IDNA, IPv4 in decimal,
//! octal, hex and short forms, bracketed IPv6) through the `url` crate, plus the registrable
//! domain and the Unicode form shown to people next to the punycode one.

use super::psl;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Longest host name we accept (RFC 1035 §2.3.4: 253 characters without the trailing dot).
pub const MAX_HOST_LEN: usize = 253;
/// Longest label (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    Domain,
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
}

/// A parsed host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostName {
    /// Lower-case ASCII form (punycode for IDN labels), no trailing dot.
    pub ascii: String,
    /// Unicode form, as the user would read it.
    pub unicode: String,
    pub kind: HostKind,
    /// Registrable domain (eTLD+1) in ASCII, for domains under a known suffix.
    pub registrable: Option<String>,
    /// Public suffix in ASCII.
    pub suffix: Option<String>,
    /// An IPv4 address written in another form than dotted decimal (`3405803785`, `0xCB.0.0x71.9`).
    pub obscured_ip: bool,
}

/// Why a string is not a usable host name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HostError {
    Empty,
    TooLong,
    LabelTooLong,
    EmptyLabel,
    /// Space, `@`, `/`, a control or an invisible (format) character.
    ForbiddenCharacter(char),
    /// IDNA processing failed (bad punycode such as `xn--zz`, disallowed code points).
    Idna,
    /// The name is only a public suffix, or has no dot.
    NotADomain,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Empty => write!(f, "empty host name"),
            HostError::TooLong => write!(f, "host name longer than {MAX_HOST_LEN} characters"),
            HostError::LabelTooLong => {
                write!(f, "a label is longer than {MAX_LABEL_LEN} characters")
            }
            HostError::EmptyLabel => write!(f, "empty label (two dots in a row)"),
            HostError::ForbiddenCharacter(c) => {
                write!(
                    f,
                    "character U+{:04X} is not allowed in a host name",
                    *c as u32
                )
            }
            HostError::Idna => write!(f, "not a valid internationalised domain name"),
            HostError::NotADomain => write!(f, "not a domain name under a known suffix"),
        }
    }
}

/// Characters we refuse outright in a host typed or read from a header, before IDNA mapping
/// would silently drop or change them (UTS 46 ignores U+200B and soft hyphens, for instance).
fn forbidden(c: char) -> bool {
    // Letters, digits, `-` and `.`: the whole of nearly every host, answered at once.
    if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
        return false;
    }
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '@' | '/' | '\\' | '?' | '#' | '%' | '<' | '>' | '"' | '\'' | ',' | ';'
        )
        || is_invisible(c)
}

/// Format and zero-width characters that render as nothing (or reorder text).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E0FFF}')
}

impl HostName {
    /// Strict parse for a host given on its own (CLI argument, sender address): refuses
    /// invisible characters and invalid labels instead of letting IDNA mapping hide them.
    pub fn parse(input: &str) -> Result<HostName, HostError> {
        let trimmed = input.trim();
        let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
        if trimmed.is_empty() {
            return Err(HostError::Empty);
        }
        if trimmed.chars().count() > MAX_HOST_LEN * 4 {
            return Err(HostError::TooLong);
        }
        let bracketed;
        let for_parser = if trimmed.contains(':') && !trimmed.starts_with('[') {
            bracketed = format!("[{trimmed}]");
            bracketed.as_str()
        } else {
            if let Some(c) = trimmed.chars().find(|&c| forbidden(c)) {
                return Err(HostError::ForbiddenCharacter(c));
            }
            trimmed
        };
        let host = url::Host::parse(for_parser).map_err(|_| HostError::Idna)?;
        let name = HostName::from_url_host(&host, trimmed);
        if name.kind == HostKind::Domain {
            check_labels(&name.ascii)?;
        }
        Ok(name)
    }

    /// From a host the `url` crate already parsed (a link's destination). `written` is the
    /// host as it appeared in the source, used to tell whether an IPv4 address was disguised.
    pub fn from_url_host<S: AsRef<str>>(host: &url::Host<S>, written: &str) -> HostName {
        match host {
            url::Host::Domain(d) => HostName::from_ascii(d.as_ref()),
            url::Host::Ipv4(ip) => HostName {
                ascii: ip.to_string(),
                unicode: ip.to_string(),
                kind: HostKind::Ipv4(*ip),
                registrable: None,
                suffix: None,
                obscured_ip: written.trim().trim_end_matches('.') != ip.to_string(),
            },
            url::Host::Ipv6(ip) => HostName {
                ascii: format!("[{ip}]"),
                unicode: format!("[{ip}]"),
                kind: HostKind::Ipv6(*ip),
                registrable: None,
                suffix: None,
                obscured_ip: false,
            },
        }
    }

    /// From a lower-case ASCII domain name.
    pub fn from_ascii(ascii: &str) -> HostName {
        let ascii = ascii.trim_end_matches('.').to_ascii_lowercase();
        let unicode = unicode_of(&ascii);
        let suffix = psl::public_suffix(&ascii);
        HostName {
            registrable: suffix
                .and_then(|s| psl::registrable_given_suffix(&ascii, s))
                .map(str::to_string),
            suffix: suffix.map(str::to_string),
            unicode,
            ascii,
            kind: HostKind::Domain,
            obscured_ip: false,
        }
    }

    /// The registrable domain, or the whole host when there is none (IP addresses, `localhost`).
    pub fn site(&self) -> &str {
        self.registrable.as_deref().unwrap_or(&self.ascii)
    }

    /// Unicode form of the registrable domain (or of the host).
    pub fn site_unicode(&self) -> String {
        unicode_of(self.site())
    }

    /// The registrable label: `proximus` in `www.proximus.be`, `bbc` in `bbc.co.uk`.
    pub fn registrable_label(&self) -> Option<&str> {
        let reg = self.registrable.as_deref()?;
        reg.split('.').next()
    }

    /// True when some label is punycode (an internationalised name).
    pub fn is_idn(&self) -> bool {
        self.kind == HostKind::Domain && has_punycode_label(&self.ascii)
    }

    /// True when `self` is `other` or one of its subdomains (both ASCII).
    pub fn is_within(&self, domain: &str) -> bool {
        self.ascii == domain
            || self
                .ascii
                .strip_suffix(domain)
                .is_some_and(|head| head.ends_with('.'))
    }

    pub fn is_ip(&self) -> bool {
        !matches!(self.kind, HostKind::Domain)
    }

    /// A public (routable) address: not private, loopback, link-local or unspecified.
    /// Documentation ranges count as public: phishing samples use them.
    pub fn is_public_ip(&self) -> bool {
        match self.kind {
            HostKind::Domain => false,
            HostKind::Ipv4(ip) => {
                !(ip.is_private() || ip.is_loopback() || ip.is_link_local() || ip.octets()[0] == 0)
            }
            HostKind::Ipv6(ip) => {
                let first = ip.segments()[0];
                !(ip.is_loopback()
                    || ip.is_unspecified()
                    || (first & 0xffc0) == 0xfe80
                    || (first & 0xfe00) == 0xfc00)
            }
        }
    }
}

fn check_labels(ascii: &str) -> Result<(), HostError> {
    if ascii.len() > MAX_HOST_LEN {
        return Err(HostError::TooLong);
    }
    for label in ascii.as_bytes().split(|&b| b == b'.') {
        if label.is_empty() {
            return Err(HostError::EmptyLabel);
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(HostError::LabelTooLong);
        }
    }
    Ok(())
}

/// The Unicode form of a lower-case ASCII host name. Without a punycode label there is
/// nothing for UTS 46 to map, and the name is copied as it is.
fn unicode_of(ascii: &str) -> String {
    if has_punycode_label(ascii) {
        idna::domain_to_unicode(ascii).0
    } else {
        ascii.to_string()
    }
}

/// Some label of an ASCII host name is punycode (`xn--`).
pub(crate) fn has_punycode_label(ascii: &str) -> bool {
    // A byte loop: `str::contains` sets up a substring searcher, which costs more than reading
    // a host name.
    let bytes = ascii.as_bytes();
    let mut label_start = true;
    for (i, &b) in bytes.iter().enumerate() {
        if label_start && bytes.get(i..i + 4) == Some(b"xn--") {
            return true;
        }
        label_start = b == b'.';
    }
    false
}

#[cfg(test)]
#[path = "../../tests/unit/host.rs"]
mod unit_tests;
