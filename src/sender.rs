//! Who a message claims to be from, against where it was sent from: a brand named in the
//! display name or the local part on a domain that is not the brand's, a lookalike domain, a
//! display name that is itself another address, a name disguised with look-alike letters of
//! another script or invisible characters, a brand on a free mailbox, a Reply-To that leads
//! elsewhere.

use crate::brands::{is_freemail, BrandId, NameMatch};
use crate::domain::confusable::{foreign_lookalikes, name_disguise, Disguise};
use crate::domain::host::is_invisible;
use crate::domain::intel::{DomainIntel, Seen};
use crate::domain::{psl, HostError, HostName};
use crate::report::{Finding, Kind, SenderSummary, Severity};

/// The sender as a webmail shows it or as the headers say.
#[derive(Debug, Clone, Default)]
pub struct SenderInput {
    pub name: Option<String>,
    pub address: Option<String>,
    pub reply_to: Option<String>,
}

/// Senders and domains the user said to trust (options page).
#[derive(Debug, Clone, Default)]
pub struct Trust {
    pub senders: Vec<String>,
    pub domains: Vec<String>,
}

/// An address in one comparable form: lower case, domain in ASCII (punycode), so a sender
/// trusted as `ann@xn--bcher-kva.example` matches `ann@bücher.example` and back.
pub fn canonical_address(address: &str) -> String {
    match split_address(address) {
        Ok((local, host)) => format!("{}@{}", local.to_lowercase(), host.ascii),
        Err(_) => address.trim().to_lowercase(),
    }
}

impl Trust {
    fn covers(&self, address: &str, host: &HostName) -> bool {
        let canonical = canonical_address(address);
        self.senders.contains(&canonical)
            || self
                .domains
                .iter()
                .any(|d| host.is_within(d) || host.site() == d)
    }
}

pub struct SenderResult {
    pub summary: Option<SenderSummary>,
    pub findings: Vec<Finding>,
    /// The sender lies about who it is (used to judge its links).
    pub suspect: bool,
    /// Registrable domain of the sender's address.
    pub site: Option<String>,
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
fn invalid_sender(address: &str, error: String) -> Finding {
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
fn unknown_tld(host: &HostName) -> Option<&str> {
    if host.is_ip() {
        return None;
    }
    let tld = host.ascii.rsplit('.').next()?;
    (!psl::is_listed_suffix(tld) && !RESERVED_TLDS.contains(&tld)).then_some(tld)
}

/// Addresses and domains written inside a display name.
fn claimed_in_name(name: &str) -> Vec<(String, HostName)> {
    name.split(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | '<' | '>' | ',' | '[' | ']')
    })
    .filter(|w| w.contains('.'))
    .filter_map(|w| {
        let w = w.trim_end_matches(['.', ':', ';']);
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

/// Mailing lists and groups write the member's address in the name: "Ann via Group".
fn relayed(name: &str) -> bool {
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

pub fn check(intel: &DomainIntel, trust: &Trust, input: &SenderInput) -> SenderResult {
    let name = input.name.as_deref().unwrap_or_default().trim().to_string();
    let mut findings = Vec::new();
    let Some(address) = input
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    else {
        return name_only(intel, &name);
    };
    let (local, host) = match split_address(address) {
        Ok(parts) => parts,
        Err(e) => {
            findings.push(invalid_sender(address, e.to_string()));
            return SenderResult {
                summary: None,
                findings,
                suspect: true,
                site: None,
            };
        }
    };
    let site = host.site().to_string();
    let summary = SenderSummary {
        name: name.clone(),
        address: address.to_string(),
        domain: host.unicode.clone(),
        domain_ascii: host.is_idn().then(|| host.ascii.clone()),
        registrable: host.site_unicode(),
        trusted: trust.covers(address, &host),
    };
    if summary.trusted {
        findings.push(
            Finding::new(
                Kind::TrustedSender,
                Severity::Info,
                "sender",
                "f_trusted_sender",
            )
            .params([address.to_string()]),
        );
        return SenderResult {
            summary: Some(summary),
            findings,
            suspect: false,
            site: Some(site),
        };
    }
    if let Some(tld) = unknown_tld(&host) {
        findings.push(invalid_sender(
            address,
            format!("no such top-level domain: .{tld}"),
        ));
    }
    findings.extend(brand_claims(intel, &name, &local, &host));
    findings.extend(display_name_address(intel, &name, address, &host));
    findings.extend(disguised_name(&name));
    findings.extend(intel.findings(&host, "sender", Seen::Sender));
    if let Some(reply) = input.reply_to.as_deref() {
        findings.extend(reply_to(intel, trust, &name, reply, &host));
    }
    let suspect = findings.iter().any(|f| f.severity > Severity::Info);
    SenderResult {
        summary: Some(summary),
        findings,
        suspect,
        site: Some(site),
    }
}

/// Brands the sender's name or local part claims, on a domain they do not own.
fn brand_claims(intel: &DomainIntel, name: &str, local: &str, host: &HostName) -> Vec<Finding> {
    let catalog = &intel.catalog;
    let site = host.site();
    let in_name = catalog.find_names(name, true);
    // A local part that is an ordinary word (`booking@hotel.example`, `post@firma.example`) is
    // a mailbox name, not a claim: ordinary-word brands need a service word there.
    let in_local: Vec<NameMatch> = catalog
        .find_names(local, true)
        .into_iter()
        .filter(|m| m.with_service_word || catalog.brand(m.brand).is_some_and(|b| !b.word))
        .collect();
    let mut seen_groups: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let claims = in_name
        .iter()
        .map(|m| (m, true))
        .chain(in_local.iter().map(|m| (m, false)));
    for (m, from_name) in claims {
        let NameMatch { brand: id, .. } = *m;
        let Some(brand) = catalog.brand(id) else {
            continue;
        };
        if catalog.is_official_for(id, site) || seen_groups.contains(&brand.group) {
            continue;
        }
        seen_groups.push(brand.group);
        let both = from_name && in_local.iter().any(|l| same_group(intel, l.brand, id));
        let where_ = if both {
            "name_and_address"
        } else if from_name {
            "name"
        } else {
            "address"
        };
        let f = if is_freemail(site) {
            Finding::new(
                Kind::FreemailBrand,
                Severity::Danger,
                "sender",
                "f_freemail_brand",
            )
        } else {
            let severity = if from_name {
                Severity::Danger
            } else {
                Severity::Caution
            };
            let key = if from_name {
                "f_brand_impersonation_name"
            } else {
                "f_brand_impersonation_local"
            };
            Finding::new(Kind::BrandImpersonation, severity, "sender", key)
        };
        out.push(
            f.params([brand.name.to_string(), host.site_unicode()])
                .brand(brand.name)
                .evidence("claimed_in", where_)
                .evidence("domain", host.unicode.clone())
                .evidence(
                    "official",
                    brand.domains.first().copied().unwrap_or_default(),
                ),
        );
    }
    out
}

fn same_group(intel: &DomainIntel, a: BrandId, b: BrandId) -> bool {
    match (intel.catalog.brand(a), intel.catalog.brand(b)) {
        (Some(x), Some(y)) => x.group == y.group,
        _ => false,
    }
}

/// `"support@bank.be" <promo@elsewhere.example>`: the name is another address (or domain).
fn display_name_address(
    intel: &DomainIntel,
    name: &str,
    address: &str,
    host: &HostName,
) -> Vec<Finding> {
    if relayed(name) {
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
fn disguised_name(name: &str) -> Option<Finding> {
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

/// Replies go elsewhere: lookalike checks on the Reply-To domain, and a warning when the mail
/// looks like it comes from a brand but answers go to a domain the brand does not own.
fn reply_to(
    intel: &DomainIntel,
    trust: &Trust,
    name: &str,
    reply: &str,
    from: &HostName,
) -> Vec<Finding> {
    let (_, Some(addr)) = parse_mailbox(reply) else {
        return Vec::new();
    };
    let Ok((_, host)) = split_address(&addr) else {
        return Vec::new();
    };
    if host.site() == from.site() || trust.covers(&addr, &host) {
        return Vec::new();
    }
    let mut out = intel.findings(&host, "reply_to", Seen::Sender);
    let claims_official = intel.catalog.find_names(name, true).iter().any(|m| {
        intel.catalog.is_official_for(m.brand, from.site())
            && !intel.catalog.is_official_for(m.brand, host.site())
    });
    if claims_official {
        out.push(
            Finding::new(
                Kind::ReplyToMismatch,
                Severity::Caution,
                "reply_to",
                "f_reply_to_mismatch",
            )
            .params([host.site_unicode(), from.site_unicode()])
            .evidence("reply_to", addr),
        );
    }
    out
}

/// Webmails that show only a name (Outlook often does): judge the name, say the address
/// could not be read.
fn name_only(intel: &DomainIntel, name: &str) -> SenderResult {
    let brands = intel.catalog.find_names(name, true);
    let brand = brands.first().and_then(|m| intel.catalog.brand(m.brand));
    let f = match brand {
        Some(b) => Finding::new(
            Kind::AddressUnreadable,
            Severity::Caution,
            "sender",
            "f_address_unreadable_brand",
        )
        .params([b.name.to_string()])
        .brand(b.name),
        None => Finding::new(
            Kind::AddressUnreadable,
            Severity::Info,
            "sender",
            "f_address_unreadable",
        ),
    };
    SenderResult {
        summary: Some(SenderSummary {
            name: name.to_string(),
            ..SenderSummary::default()
        }),
        findings: vec![f],
        suspect: false,
        site: None,
    }
}

#[cfg(test)]
#[path = "../tests/unit/sender.rs"]
mod unit_tests;
