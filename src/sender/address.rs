//! The sender's address on its own: parsing a mailbox, the comparable form of an address, and
//! whether its domain can exist at all.

use crate::domain::{psl, HostError, HostName};
use crate::report::{Finding, Kind, Severity};

/// An address in one comparable form: lower case, domain in ASCII (punycode), so a sender
/// trusted as `ann@xn--bcher-kva.example` matches `ann@bücher.example` and back.
pub fn canonical_address(address: &str) -> String {
    match split_address(address) {
        Ok((local, host)) => format!("{}@{}", local.to_lowercase(), host.ascii),
        Err(_) => address.trim().to_lowercase(),
    }
}

/// `"Name" <local@domain>`, `local@domain` or a bare name.
pub fn parse_mailbox(s: &str) -> (Option<String>, Option<String>) {
    let s = s.trim();
    if let (Some(open), Some(close)) = (s.rfind('<'), s.rfind('>')) {
        if open < close {
            let name = s.get(..open).map(unquote).filter(|n| !n.is_empty());
            let addr = s.get(open + 1..close).map(|a| a.trim().to_string());
            return (name, addr.filter(|a| !a.is_empty()));
        }
    }
    if s.contains('@') && !s.contains(char::is_whitespace) {
        return (None, Some(s.to_string()));
    }
    ((!s.is_empty()).then(|| unquote(s)), None)
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches(['"', '\'']).trim().to_string()
}

/// Split `local@domain` and parse the domain strictly.
pub fn split_address(address: &str) -> Result<(String, HostName), HostError> {
    let address = address.trim();
    let (local, domain) = address.rsplit_once('@').ok_or(HostError::NotADomain)?;
    if local.is_empty() || local.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(HostError::NotADomain);
    }
    let mut host = HostName::parse(domain)?;
    // A private-section suffix itself is its operator's own domain (a mail-forwarding service
    // hands out `name@suffix`), as `vigie check-domain` already treats it.
    if host.registrable.is_none() && crate::domain::psl::is_private_suffix(&host.ascii) {
        host.registrable = Some(host.ascii.clone());
    }
    if host.registrable.is_none() && !host.is_ip() {
        return Err(HostError::NotADomain);
    }
    Ok((local.to_string(), host))
}

/// A sender address that cannot be real, and why.
pub(super) fn invalid_sender(address: &str, error: String) -> Finding {
    Finding::new(
        Kind::InvalidInput,
        Severity::Caution,
        "sender",
        "f_invalid_sender",
    )
    .params([address.to_string()])
    .evidence("error", error)
}

/// Names that are not on the public list yet are no forgery: reserved for documentation,
/// tests and local networks (RFC 2606, RFC 6761, RFC 6762, RFC 7686, RFC 9476, ICANN's
/// `.internal`), the `localdomain` of many system mails, and the private names ICANN will not
/// delegate because companies already use them inside their networks (`corp`, `home`, `mail`)
/// or that routers hand out (`lan`).
const RESERVED_TLDS: &[&str] = &[
    "alt",
    "corp",
    "example",
    "home",
    "i2p",
    "internal",
    "intranet",
    "invalid",
    "lan",
    "local",
    "localdomain",
    "localhost",
    "mail",
    "onion",
    "private",
    "test",
];

/// The top-level domain of a sender's domain when no such domain exists on the internet
/// (`.net-2`, `.com.br-fake`): the public suffix list holds every delegated one, so apart
/// from the private names above such an address is a forged header.
pub(super) fn unknown_tld(host: &HostName) -> Option<&str> {
    if host.is_ip() {
        return None;
    }
    let tld = host.ascii.rsplit('.').next()?;
    (!psl::is_listed_suffix(tld) && !RESERVED_TLDS.contains(&tld)).then_some(tld)
}
