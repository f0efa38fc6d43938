//! One link: where it really goes (after unwrapping known wrappers), and whether what it shows
//! or what it is tells a lie.

pub mod hosts;
pub mod lists;
pub mod platform;
pub mod shown;
mod text;
pub mod unwrap;

use crate::domain::intel::{DomainIntel, Seen};
use crate::domain::HostName;
use crate::fasthash::FastMap;
use crate::html::Anchor;
use crate::link::hosts::{HostCache, Listed};
use crate::report::{Finding, Kind, LinkReport, Severity, Verdict};
use std::cell::RefCell;
use std::rc::Rc;
use url::{SyntaxViolation, Url};

/// What the rest of the message tells about its links.
pub struct LinkContext<'a> {
    pub intel: &'a DomainIntel,
    /// `<base href>` of the body, to resolve relative links.
    pub base: Option<&'a Url>,
    /// Registrable domain of the sender, when known.
    pub sender_site: Option<&'a str>,
    /// The sender already lies about who it is.
    pub sender_suspect: bool,
    /// Findings about each destination host seen so far in this message: a newsletter points
    /// at the same few hosts a hundred times, and the lookalike checks are most of a link's cost.
    host_findings: RefCell<FastMap<String, Vec<Finding>>>,
    hosts: HostCache,
    /// What each distinct link text shows ("www.shop.be" under several links of a newsletter).
    shown: RefCell<FastMap<String, Option<shown::Shown>>>,
}

impl<'a> LinkContext<'a> {
    pub fn new(
        intel: &'a DomainIntel,
        base: Option<&'a Url>,
        sender_site: Option<&'a str>,
        sender_suspect: bool,
    ) -> LinkContext<'a> {
        LinkContext {
            intel,
            base,
            sender_site,
            sender_suspect,
            host_findings: RefCell::default(),
            hosts: HostCache::default(),
            shown: RefCell::default(),
        }
    }

    /// The host names parsed for this message so far.
    pub fn hosts(&self) -> &HostCache {
        &self.hosts
    }

    /// [`shown::shown_target`] of a link text, computed once per text and message. A text
    /// that is itself a wrapped URL shows the page it wraps ([`Self::unwrapped_host`]).
    fn shown_target(&self, text: &str) -> Option<shown::Shown> {
        if let Some(known) = self.shown.borrow().get(text) {
            return known.clone();
        }
        let fresh = shown::shown_target_in(text, &self.hosts).map(|mut shown| {
            if let Some(inner) = self.unwrapped_host(&shown) {
                shown.host = inner;
            }
            shown
        });
        self.shown
            .borrow_mut()
            .insert(text.to_string(), fresh.clone());
        fresh
    }

    /// Where a text that is itself a wrapped URL leads: a plain-text mail that went through
    /// Safe Links or a webmail's redirect shows `https://…safelinks…/?url=https%3A%2F%2Fshop…`,
    /// and its link goes there too. The reader sees the wrapper's host, but the page it names
    /// is the wrapped one: comparing the wrapper with the link's unwrapped destination would
    /// call every such link a lie. `None` when the text is no wrapped URL.
    fn unwrapped_host(&self, shown: &shown::Shown) -> Option<Rc<HostName>> {
        if !shown::has_scheme(&shown.text) || !self.hosts.listed(&shown.host.ascii).redirector {
            return None;
        }
        let unwrapped = unwrap::unwrap(Url::parse(&shown.text).ok()?);
        if unwrapped.chain.is_empty() {
            return None;
        }
        Some(self.hosts.domain(unwrapped.destination.host_str()?))
    }

    /// What the domain checks say about a link's host, computed once per host and message.
    fn host_findings(&self, host: &HostName, subject: &str) -> Vec<Finding> {
        let cached = self.host_findings.borrow().get(&host.ascii).cloned();
        let mut found = cached.unwrap_or_else(|| {
            let fresh = self.intel.findings(host, "", Seen::Link);
            self.host_findings
                .borrow_mut()
                .insert(host.ascii.clone(), fresh.clone());
            fresh
        });
        for f in &mut found {
            f.subject = subject.to_string();
        }
        found
    }
}

/// Schemes that are never followed as web pages and are not a danger either.
const QUIET_SCHEMES: &[&str] = &[
    "mailto", "tel", "sms", "cid", "callto", "skype", "fax", "geo", "webcal",
];

/// The scheme of an href, lower case, when it has one of at most [`MAX_SCHEME`] characters
/// (every scheme checked here is shorter), kept on the stack.
struct Scheme {
    bytes: [u8; MAX_SCHEME],
    len: usize,
}

const MAX_SCHEME: usize = 16;

impl Scheme {
    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

fn scheme_of(href: &str) -> Option<Scheme> {
    let mut scheme = Scheme {
        bytes: [0; MAX_SCHEME],
        len: 0,
    };
    // Browsers drop ASCII tab and newline anywhere in a URL ("java\tscript:").
    for b in href
        .trim()
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        match b {
            b':' if scheme.len > 0 => return Some(scheme),
            b if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.') => {
                *scheme.bytes.get_mut(scheme.len)? = b.to_ascii_lowercase();
                scheme.len += 1;
            }
            _ => return None,
        }
    }
    None
}

/// The host part as written in the href (to tell `3405803785` from `203.0.113.9`).
fn written_host(href: &str) -> &str {
    // A byte search for "//": `split_once` with a string pattern sets up a substring searcher
    // for every link.
    let after = href
        .as_bytes()
        .windows(2)
        .position(|w| w == b"//")
        .and_then(|i| href.get(i + 2..))
        .unwrap_or(href);
    let authority = after.split(['/', '?', '#', '\\']).next().unwrap_or(after);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.starts_with('[') {
        return host;
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

fn decoded_userinfo(u: &Url) -> Option<String> {
    if u.username().is_empty() && u.password().is_none() {
        return None;
    }
    let raw = match u.password() {
        Some(p) => format!("{}:{}", u.username(), p),
        None => u.username().to_string(),
    };
    let decoded = url::form_urlencoded::parse(format!("x={}", raw.replace('+', "%2B")).as_bytes())
        .next()
        .map_or(raw, |(_, v)| v.into_owned());
    Some(decoded)
}

/// Analyse one anchor (its text and href move into the report).
pub fn analyze(ctx: &LinkContext, anchor: Anchor, subject: &str) -> LinkReport {
    let mut report = analyze_href(ctx, &anchor, subject);
    // Links that are not followed (no scheme, `mailto:`, unparsable) go where they say.
    if report.destination.is_empty() {
        report.destination.clone_from(&anchor.href);
    }
    report.text = anchor.text;
    report.href = anchor.href;
    report
}

fn analyze_href(ctx: &LinkContext, anchor: &Anchor, subject: &str) -> LinkReport {
    let mut report = LinkReport {
        index: anchor.index,
        image_only: anchor.image_only,
        ..LinkReport::default()
    };
    let href = anchor.href.trim();
    if href.is_empty() || href.starts_with('#') {
        return report;
    }
    let scheme = scheme_of(href);
    match scheme.as_ref().map(Scheme::as_str) {
        Some(s @ ("javascript" | "vbscript" | "data" | "file")) => {
            let severity = if matches!(s, "file") {
                Severity::Caution
            } else {
                Severity::Danger
            };
            report.findings.push(
                Finding::new(
                    Kind::DangerousScheme,
                    severity,
                    subject,
                    "f_dangerous_scheme",
                )
                .params([s.to_string()])
                .evidence("href", href.chars().take(200).collect::<String>()),
            );
            report.verdict = Verdict::of(&report.findings);
            return report;
        }
        Some(s) if QUIET_SCHEMES.contains(&s) => return report,
        _ => {}
    }
    let violations = RefCell::new(Vec::new());
    let record = |v| violations.borrow_mut().push(v);
    let mut options = Url::options().base_url(ctx.base);
    // Asked for violations, the parser checks every code point (a third of a link's parse).
    // The one kept as evidence is a backslash (credentials are read from the parsed URL), so
    // only an href with one is parsed that way.
    if href.contains('\\') {
        options = options.syntax_violation_callback(Some(&record));
    }
    let parsed = options.parse(href);
    let url = match parsed {
        Ok(u) if matches!(u.scheme(), "http" | "https" | "ftp") => u,
        Ok(_) => return report,
        Err(e) => {
            report.findings.push(
                Finding::new(
                    Kind::InvalidInput,
                    Severity::Info,
                    subject,
                    "f_invalid_link",
                )
                .evidence("error", e.to_string()),
            );
            return report;
        }
    };
    let violations = violations.into_inner();
    let findings = check_url(ctx, anchor, subject, &url, href, &violations, &mut report);
    report.findings = findings;
    report.verdict = Verdict::of(&report.findings);
    report
}

fn check_url(
    ctx: &LinkContext,
    anchor: &Anchor,
    subject: &str,
    url: &Url,
    href: &str,
    violations: &[SyntaxViolation],
    report: &mut LinkReport,
) -> Vec<Finding> {
    let mut out = Vec::new();
    // Most links are not wrapped: only a known redirector's URL is copied to be unwrapped.
    // Whether a host runs one is remembered with the host (the list is scanned once per host).
    let unwrapped = url
        .host_str()
        .filter(|h| ctx.hosts.listed(h).redirector)
        .and_then(|h| lists::redirector(h, url.path()))
        .map(|_| unwrap::unwrap(url.clone()));
    let (dest, chain) = match &unwrapped {
        Some(u) => (&u.destination, &u.chain[..]),
        None => (url, &[][..]),
    };
    report.destination = dest.as_str().to_owned();
    report.chain = chain.iter().map(|(_, u)| u.as_str().to_owned()).collect();
    let Some(dest_host) = dest.host() else {
        return out;
    };
    let written = if chain.is_empty() {
        written_host(href)
    } else {
        dest.host_str().unwrap_or_default()
    };
    let host = ctx.hosts.get(&dest_host, written);
    let dest_listed = ctx.hosts.listed(&host.ascii);
    report.host = host.unicode.clone();
    report.host_ascii = host.is_idn().then(|| host.ascii.clone());
    report.registrable = host.site_unicode();

    if !chain.is_empty() {
        let names: Vec<&str> = chain.iter().map(|(n, _)| *n).collect();
        out.push(
            Finding::new(Kind::Unwrapped, Severity::Info, subject, "f_unwrapped")
                .params([names.join(", "), host.unicode.clone()])
                .evidence("chain", report.chain.join(" → ")),
        );
    }
    // The user-info trick, at the top level or inside a wrapper.
    for u in std::iter::once(url).chain(std::iter::once(dest)) {
        if let Some(user) = decoded_userinfo(u) {
            out.push(
                Finding::new(Kind::Userinfo, Severity::Danger, subject, "f_userinfo")
                    .params([user.clone(), host.site_unicode()])
                    .evidence("shown", user),
            );
            break;
        }
    }
    if violations.contains(&SyntaxViolation::Backslash) {
        if let Some(f) = out.last_mut().filter(|f| f.kind == Kind::Userinfo) {
            f.evidence.insert("backslash", "true".into());
        }
    }
    let hidden_by = classify_hiding(&ctx.hosts, chain, dest_listed);
    if let Some((kind, via)) = hidden_by {
        report.tracked = true;
        let (severity, key) = match kind {
            Kind::Shortener => (Severity::Caution, "f_shortener"),
            Kind::OpaqueWrapper => (Severity::Info, "f_opaque_wrapper"),
            _ => (Severity::Info, "f_tracked_redirect"),
        };
        out.push(Finding::new(kind, severity, subject, key).params([via.to_string()]));
    }
    if host.is_public_ip() {
        let (severity, key) = if host.obscured_ip {
            (Severity::Danger, "f_ip_host_obscured")
        } else {
            (Severity::Caution, "f_ip_host")
        };
        out.push(
            Finding::new(Kind::IpHost, severity, subject, key)
                .params([written.to_string(), host.ascii.clone()])
                .evidence("ip", host.ascii.clone()),
        );
    }
    if !report.tracked {
        out.extend(platform::finding(
            &host,
            dest_listed,
            dest,
            &anchor.text,
            ctx.sender_site,
            subject,
        ));
    }
    out.extend(ctx.host_findings(&host, subject));
    out.extend(text::findings(
        ctx,
        anchor,
        subject,
        url,
        &host,
        report.tracked,
        dest_listed,
    ));
    out
}

/// Shorteners, click trackers and opaque security wrappers: the destination is not visible.
/// `chain` holds the wrappers unwrapped (the href first), `dest_listed` what the lists say
/// about the destination's host.
fn classify_hiding(
    hosts: &HostCache,
    chain: &[(&'static str, Url)],
    dest_listed: Listed,
) -> Option<(Kind, &'static str)> {
    let listed = chain
        .iter()
        // Hosts of http(s) URLs are already lower-case ASCII (WHATWG host parsing).
        .filter_map(|(_, u)| u.host_str().map(|h| hosts.listed(h)))
        .chain(std::iter::once(dest_listed));
    for l in listed {
        if let Some(e) = l.tracker {
            return Some((Kind::TrackedRedirect, e));
        }
        if let Some(e) = l.opaque_wrapper {
            return Some((Kind::OpaqueWrapper, e));
        }
    }
    dest_listed.shortener.map(|e| (Kind::Shortener, e))
}

#[cfg(test)]
#[path = "../../tests/unit/link.rs"]
mod unit_tests;
