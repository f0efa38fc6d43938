//! What the engine knows about domains (the brand catalog and the lookalike index), and the
//! findings it draws about one host.

use super::confusable::{script_use, ScriptUse};
use super::lookalike::{LookalikeIndex, LookalikeMatch, Owner, Technique};
use super::{is_country_code, top_label, HostName, Registered, CLASSIC_GENERIC};
use crate::brands::Catalog;
use crate::report::{Finding, Kind, Severity};

/// At most this many lookalike findings per host (the strongest first).
const MAX_MATCHES: usize = 3;

/// Where a host was seen: the kind names and severities differ a little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    Sender,
    Link,
    Domain,
}

pub struct DomainIntel {
    pub catalog: Catalog,
    pub index: LookalikeIndex,
}

impl DomainIntel {
    /// The catalog and index, with the user's important domains and known correspondents
    /// (their registrable domains are protected).
    pub fn new(user_domains: &[Registered], correspondents: &[(Registered, u32)]) -> DomainIntel {
        let (catalog, mut index) = crate::snapshot::load();
        index.add_registered_domains(user_domains, correspondents);
        DomainIntel { catalog, index }
    }

    /// Lookalike and punycode findings about one host.
    pub fn findings(&self, host: &HostName, subject: &str, seen: Seen) -> Vec<Finding> {
        self.findings_from(host, &self.index.find(host), subject, seen)
    }

    /// [`DomainIntel::findings`] given the host's lookalike matches (`LookalikeIndex::find`),
    /// for a caller that reads them too.
    pub fn findings_from(
        &self,
        host: &HostName,
        matches: &[LookalikeMatch],
        subject: &str,
        seen: Seen,
    ) -> Vec<Finding> {
        let mut out: Vec<Finding> = matches
            .iter()
            .take(MAX_MATCHES)
            .filter_map(|&m| self.lookalike_finding(host, m, subject, seen))
            .collect();
        if let Some(f) = punycode_finding(host, subject) {
            if f.severity > Severity::Info || seen != Seen::Link {
                out.push(f);
            }
        }
        out
    }

    /// A global brand's exact name under a classic generic suffix (`brand.net`) is most often
    /// its own defensive registration, and under a country code (`brand.ca`, `brand.co.uk`) its
    /// own country site when it runs any (when the catalog lists one of its domains under a
    /// country code): neither can be listed in full, so both are reported as info, not as a
    /// warning. A brand that lists only generic domains has no country sites to be confused
    /// with; there, and under other suffixes, and for national brands, the swap stays a
    /// warning.
    fn owned_swap(&self, owner: &Owner, host: &HostName) -> bool {
        let Owner::Brand(b) = owner else { return false };
        let Some(brand) = self.catalog.brand(*b) else {
            return false;
        };
        if brand.country != "global" {
            return false;
        }
        let tld = top_label(host.suffix.as_deref().unwrap_or_default());
        let country_sites = || brand.domains.iter().any(|d| is_country_code(top_label(d)));
        CLASSIC_GENERIC.contains(&tld) || is_country_code(tld) && country_sites()
    }

    fn lookalike_finding(
        &self,
        host: &HostName,
        m: LookalikeMatch,
        subject: &str,
        seen: Seen,
    ) -> Option<Finding> {
        let entry = self.index.entry(m.entry)?;
        let imitated = idna::domain_to_unicode(&entry.domain).0;
        let site = host.site_unicode();
        let same_suffix = host.suffix.as_deref() == Some(entry.suffix.as_ref());
        let typo = !matches!(
            m.technique,
            Technique::Combosquat | Technique::TldSwap | Technique::InSubdomain
        );
        // A typo of an ordinary word (`oranje.be` for `orange.be`) is often another honest word.
        let typo_of_word = typo && entry.word;
        let first_letter = self.index.adds_or_drops_first_letter(host, m);
        // A letter added to a three-letter name (`kbcq.be`) is a weaker clue.
        let short_name = typo && self.index.is_short_name_typo(host, m);
        let severity = if m.technique == Technique::TldSwap && self.owned_swap(&entry.owner, host) {
            Severity::Info
        } else if m.technique.is_strong()
            || m.technique == Technique::Subdomain
            || (typo && same_suffix && !typo_of_word && !first_letter && !short_name)
        {
            Severity::Danger
        } else {
            Severity::Caution
        };
        let mut f = match entry.owner {
            Owner::Correspondent(count) => {
                Finding::new(Kind::FirstContact, severity, subject, "f_first_contact")
                    .params([site.clone(), imitated.clone(), count.to_string()])
                    .evidence("messages", count.to_string())
            }
            Owner::Brand(_) | Owner::User | Owner::Mailbox => {
                if m.technique == Technique::Embedding && seen == Seen::Link {
                    Finding::new(Kind::EmbeddedDomain, severity, subject, "f_embedded_domain")
                        .params([imitated.clone(), site.clone()])
                } else {
                    Finding::new(
                        Kind::LookalikeDomain,
                        severity,
                        subject,
                        "f_lookalike_domain",
                    )
                    .params([site.clone(), imitated.clone()])
                }
            }
        };
        f = f
            .technique(m.technique)
            .imitates(imitated)
            .evidence("domain", host.unicode.clone());
        if host.is_idn() {
            f = f.evidence("punycode", host.ascii.clone());
        }
        if let Owner::Brand(b) = entry.owner {
            if let Some(brand) = self.catalog.brand(b) {
                f = f.brand(brand.name);
            }
        }
        Some(f)
    }
}

/// An internationalised name: always show its punycode; warn when it mixes scripts or is made
/// only of letters that read as Latin.
fn punycode_finding(host: &HostName, subject: &str) -> Option<Finding> {
    if !host.is_idn() {
        return None;
    }
    let label = host.registrable_label().unwrap_or(&host.ascii);
    let unicode = idna::domain_to_unicode(label).0;
    let (severity, how) = match script_use(&unicode) {
        ScriptUse::MixedScript => (Severity::Caution, "mixed_script"),
        ScriptUse::WholeScriptConfusable => (Severity::Caution, "whole_script_confusable"),
        _ => (Severity::Info, "single_script"),
    };
    Some(
        Finding::new(Kind::PunycodeDomain, severity, subject, "f_punycode_domain")
            .params([host.unicode.clone(), host.ascii.clone()])
            .evidence("punycode", host.ascii.clone())
            .evidence("scripts", how),
    )
}
