//! The engine: built once from a [`Config`], then asked about messages, links, senders and
//! domains. The webmail path (body HTML from the page) and the `.eml` path of the CLI both go
//! through [`Engine::analyze_message`].

use crate::body;
use crate::content::Lexicon;
use crate::domain::intel::{DomainIntel, Seen};
use crate::domain::{HostName, Registered};
use crate::html::{self, Anchor, Limits};
use crate::images;
use crate::link::{self, LinkContext};
use crate::report::{
    DomainReport, Finding, Kind, LinkReport, Report, SenderSummary, Severity, Verdict,
};
use crate::sender::{self, SenderInput, Trust};
use crate::text_urls::{text_urls, MAX_TEXT_URLS};
use serde::{Deserialize, Serialize};
use url::Url;

/// Header fields longer than this are cut before analysis (a display name or subject of a
/// megabyte is an attack on the analysis, not a name; found by fuzzing, issue 7).
const MAX_HEADER_CHARS: usize = 2_000;

/// A header field cut to [`MAX_HEADER_CHARS`] characters.
fn clip(field: &Option<String>) -> Option<String> {
    field
        .as_ref()
        .map(|v| v.chars().take(MAX_HEADER_CHARS).collect())
}

/// A domain the user has received mail from, and how often.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct Correspondent {
    pub domain: String,
    pub count: u32,
}

/// What the user configured, plus what the extension learnt (known correspondents).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// "My important domains" (bank, employer): protected like brand domains.
    pub protected_domains: Vec<String>,
    pub trusted_senders: Vec<String>,
    pub trusted_domains: Vec<String>,
    pub correspondents: Vec<Correspondent>,
}

/// One message as the webmail shows it or as the `.eml` holds it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Message {
    pub sender_name: Option<String>,
    pub sender_address: Option<String>,
    pub reply_to: Option<String>,
    pub subject: Option<String>,
    pub body_html: Option<String>,
    pub body_text: Option<String>,
    /// The `.eml`'s `From` field breaks the standard (see `mail::sender_of`); webmails do not
    /// say, so the extension leaves it false.
    pub from_malformed: bool,
}

/// The report on one sender (`vigie check-sender`).
#[derive(Debug, Clone, Serialize)]
pub struct SenderReport {
    pub input: String,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<SenderSummary>,
}

pub struct Engine {
    intel: DomainIntel,
    trust: Trust,
    lexicon: Lexicon,
    limits: Limits,
}

/// The registrable domain of each user-given name (`*.` allowed in front); the unusable ones
/// are dropped.
fn user_domains(items: &[String]) -> impl Iterator<Item = Registered<'_>> + '_ {
    items
        .iter()
        .filter_map(|d| Registered::parse(d.trim_start_matches("*.")))
}

/// Registrable domains (ASCII) of user-given names; unusable entries are dropped.
fn registrable_domains(items: &[String]) -> Vec<String> {
    user_domains(items).map(|r| r.domain.into_owned()).collect()
}

impl Engine {
    pub fn new(config: &Config) -> Engine {
        let protected: Vec<Registered> = user_domains(&config.protected_domains).collect();
        // Stored as the registrable domains the engine reported, so mostly split without the
        // whole host parse (`Registered::canonical`).
        let correspondents: Vec<(Registered, u32)> = config
            .correspondents
            .iter()
            .filter_map(|c| Some((Registered::parse(&c.domain)?, c.count)))
            .collect();
        Engine {
            intel: DomainIntel::new(&protected, &correspondents),
            trust: Trust {
                senders: config
                    .trusted_senders
                    .iter()
                    .map(|s| sender::canonical_address(s))
                    .collect(),
                domains: registrable_domains(&config.trusted_domains),
            },
            lexicon: Lexicon::new(),
            limits: Limits::default(),
        }
    }

    pub fn with_limits(mut self, limits: Limits) -> Engine {
        self.limits = limits;
        self
    }

    /// Number of protected names in the lookalike index (brands, user domains, correspondents).
    pub fn protected_count(&self) -> usize {
        self.intel.index.len()
    }

    /// Learns a known correspondent (`count` messages received from `domain`) after the
    /// engine was built, or updates its count: the same answers as an engine built with it in
    /// [`Config::correspondents`], without the rebuild. True when the domain was new; an
    /// unusable name is ignored.
    pub fn learn_correspondent(&mut self, domain: &str, count: u32) -> bool {
        Registered::parse(domain)
            .is_some_and(|registered| self.intel.index.learn_correspondent(&registered, count))
    }

    pub fn analyze_message(&self, msg: &Message) -> Report {
        let subject = clip(&msg.subject);
        let sender = sender::check(
            &self.intel,
            &self.trust,
            &SenderInput {
                name: clip(&msg.sender_name),
                address: clip(&msg.sender_address),
                reply_to: clip(&msg.reply_to),
            },
        );
        let mut findings = sender.findings;
        let trusted = sender.summary.as_ref().is_some_and(|s| s.trusted);
        if msg.from_malformed && !trusted {
            findings.push(Finding::new(
                Kind::FromMalformed,
                Severity::Caution,
                "sender",
                "f_from_malformed",
            ));
        }
        let mut extracted = match (&msg.body_html, &msg.body_text) {
            (Some(h), _) if !h.trim().is_empty() => html::extract(h, self.limits),
            (_, Some(t)) => html::Extracted {
                text: t.chars().take(self.limits.max_text_bytes).collect(),
                ..html::Extracted::default()
            },
            _ => html::Extracted::default(),
        };
        let base = extracted
            .base_href
            .as_deref()
            .and_then(|b| Url::parse(b).ok());
        let ctx = LinkContext::new(
            &self.intel,
            base.as_ref(),
            sender.site.as_deref(),
            sender.suspect,
        );
        let mut links: Vec<LinkReport> = std::mem::take(&mut extracted.anchors)
            .into_iter()
            .map(|a| {
                let subject = indexed_subject("link", a.index);
                link::analyze(&ctx, a, &subject)
            })
            .collect();
        // URLs written as text outside any link (inside a link, the link itself is checked).
        let in_anchor = |u: &str| links.iter().any(|l| l.text.contains(u) || l.href == u);
        let outside: Vec<String> = text_urls(&extracted.text)
            .into_iter()
            .filter(|u| !in_anchor(u))
            .take(MAX_TEXT_URLS)
            .collect();
        for (i, u) in outside.into_iter().enumerate() {
            let href = if u.contains("://") {
                u.clone()
            } else {
                format!("http://{u}")
            };
            let anchor = Anchor {
                index: i,
                href,
                text: u,
                title: None,
                image_only: false,
            };
            let mut report = link::analyze(&ctx, anchor, &indexed_subject("text_url", i));
            report.source = "text";
            links.push(report);
        }
        findings.extend(body::top_link_findings(&links));
        if !trusted {
            findings.extend(
                sender
                    .site
                    .as_deref()
                    .and_then(|site| link::platform::sender_finding(site, &links)),
            );
        }
        findings.extend(body::forms(&extracted.forms));
        findings.extend(images::findings(
            &self.intel.catalog,
            &extracted,
            ctx.hosts(),
            sender.site.as_deref(),
            &findings,
            subject.as_deref(),
        ));
        findings.extend(
            self.lexicon
                .check_parts(&[subject.as_deref().unwrap_or_default(), &extracted.text]),
        );
        findings.extend(body::truncation(&extracted));
        Report::new(findings, sender.summary, links)
    }

    /// One link on its own (links added to a message after it was analysed).
    pub fn check_link(&self, href: &str, text: &str, sender_address: Option<&str>) -> LinkReport {
        let site = sender_address
            .and_then(|a| sender::split_address(a).ok())
            .map(|(_, h)| h.site().to_string());
        let ctx = LinkContext::new(&self.intel, None, site.as_deref(), false);
        let anchor = Anchor {
            index: 0,
            href: href.to_string(),
            text: text.to_string(),
            title: None,
            image_only: false,
        };
        link::analyze(&ctx, anchor, "link[0]")
    }

    /// A sender given as `Name <address>` (or only an address, or only a name).
    pub fn check_sender(&self, mailbox: &str, reply_to: Option<&str>) -> SenderReport {
        let clipped: String = mailbox.chars().take(2 * MAX_HEADER_CHARS).collect();
        let (name, address) = sender::parse_mailbox(&clipped);
        let result = sender::check(
            &self.intel,
            &self.trust,
            &SenderInput {
                name,
                address,
                reply_to: reply_to.map(str::to_string),
            },
        );
        SenderReport {
            input: mailbox.to_string(),
            verdict: Verdict::of(&result.findings),
            findings: result.findings,
            sender: result.summary,
        }
    }

    pub fn check_domain(&self, input: &str) -> DomainReport {
        let mut report = DomainReport {
            input: input.to_string(),
            domain: String::new(),
            ascii: String::new(),
            registrable: String::new(),
            verdict: Verdict::Caution,
            findings: Vec::new(),
        };
        let host = match HostName::parse(input) {
            Ok(h) if h.registrable.is_some() || h.is_ip() => h,
            // A name that is itself a private-section public suffix (`github.io`) is run by
            // that suffix's operator: a real site, not a lookalike of anything.
            Ok(h) if crate::domain::psl::is_private_suffix(&h.ascii) => {
                report.domain = h.unicode.clone();
                report.registrable = h.unicode.clone();
                report.ascii = h.ascii;
                report.verdict = Verdict::Ok;
                return report;
            }
            Ok(_) => return invalid(report, "not a domain under a known public suffix"),
            Err(e) => return invalid(report, &e.to_string()),
        };
        report.domain = host.unicode.clone();
        report.ascii = host.ascii.clone();
        report.registrable = host.site_unicode();
        report.findings = self.intel.findings(&host, "domain", Seen::Domain);
        report.verdict = Verdict::of(&report.findings);
        report
    }

    /// Brands whose official domains list this registrable domain.
    pub fn official_brands(&self, registrable: &str) -> Vec<&'static str> {
        let catalog = &self.intel.catalog;
        catalog
            .owners_of(registrable)
            .iter()
            .filter_map(|&b| catalog.brand(b))
            .map(|b| b.name)
            .collect()
    }
}

/// `link[3]`: the subject of a finding about one of many. Written by hand: `format!` costs
/// more than the rest of a plain link's report.
fn indexed_subject(what: &str, index: usize) -> String {
    let mut out = String::with_capacity(what.len() + 8);
    out.push_str(what);
    out.push('[');
    let digits_at = out.len();
    let mut n = index;
    loop {
        // Digits from the last: each goes in front of the previous ones.
        out.insert(digits_at, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push(']');
    out
}

fn invalid(mut report: DomainReport, why: &str) -> DomainReport {
    report.findings.push(
        Finding::new(
            Kind::InvalidInput,
            Severity::Caution,
            "domain",
            "f_invalid_domain",
        )
        .params([report.input.clone()])
        .evidence("error", why),
    );
    report.verdict = Verdict::of(&report.findings);
    report
}

#[cfg(test)]
#[path = "../tests/unit/engine.rs"]
mod unit_tests;
