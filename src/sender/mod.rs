//! Who a message claims to be from, against where it was sent from: a brand named in the
//! display name or the local part on a domain that is not the brand's, a lookalike domain, a
//! display name that is itself another address, a name disguised with look-alike letters of
//! another script or invisible characters, a brand on a free mailbox, a Reply-To that leads
//! elsewhere.

mod address;
mod name;

use crate::brands::{is_freemail, BrandId, NameMatch};
use crate::domain::intel::{DomainIntel, Seen};
use crate::domain::lookalike::{LookalikeMatch, Owner};
use crate::domain::HostName;
use crate::report::{Finding, Kind, SenderSummary, Severity};
pub use address::{canonical_address, parse_mailbox, split_address};
use address::{invalid_sender, unknown_tld};
use name::{disguised_name, display_name_address};

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
    // The domain's lookalike matches, found once: they are findings, and they tell which of
    // several sister brands a name claims.
    let imitations = intel.index.find(&host);
    findings.extend(brand_claims(intel, &name, &local, &host, &imitations));
    findings.extend(display_name_address(intel, &name, address, &host));
    findings.extend(disguised_name(&name));
    findings.extend(intel.findings_from(&host, &imitations, "sender", Seen::Sender));
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

/// Brands the sender's name or local part claims, on a domain they do not own; `imitations`
/// are the domain's lookalike matches.
fn brand_claims(
    intel: &DomainIntel,
    name: &str,
    local: &str,
    host: &HostName,
    imitations: &[LookalikeMatch],
) -> Vec<Finding> {
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
    let mut claims: Vec<(&NameMatch, bool)> = in_name
        .iter()
        .map(|m| (m, true))
        .chain(in_local.iter().map(|m| (m, false)))
        .collect();
    // One finding per group of sister brands, about the first claim of it. "Orange" names
    // the Belgian, French and Luxembourg operators alike: the one whose domain the sender's
    // imitates (`orange-fr.com`) is the one meant, so its claims go first.
    if claims.len() > 1 {
        let imitated: Vec<BrandId> = imitations
            .iter()
            .filter_map(|m| match intel.index.entry(m.entry)?.owner {
                Owner::Brand(b) => Some(b),
                _ => None,
            })
            .collect();
        // Claims in the name still go before those in the address (they weigh more).
        claims.sort_by_key(|&(m, from_name)| (!from_name, !imitated.contains(&m.brand)));
    }
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
#[path = "../../tests/unit/sender.rs"]
mod unit_tests;
