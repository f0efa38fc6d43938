//! What the engine says: findings, their severity, and the verdict of a message.
//!
//! `Kind` names are a stable vocabulary (extend, never rename): the extension, the CLI's JSON
//! and the tests key on them. Each finding also carries a `message_key` and its parameters,
//! translated by the extension (`extension/_locales/*/messages.json`).

use crate::domain::lookalike::Technique;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Caution,
    Danger,
}

/// The verdict of a message, a sender or a domain: the highest severity, `info` alone is `ok`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    Caution,
    Danger,
}

impl Verdict {
    pub fn of(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Danger) => Verdict::Danger,
            Some(Severity::Caution) => Verdict::Caution,
            _ => Verdict::Ok,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Caution => "caution",
            Verdict::Danger => "danger",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    // sender
    BrandImpersonation,
    LookalikeDomain,
    DisplayNameAddress,
    DisguisedName,
    FreemailBrand,
    PunycodeDomain,
    FirstContact,
    ReplyToMismatch,
    AddressUnreadable,
    FromMalformed,
    TrustedSender,
    // links
    LinkTextMismatch,
    BrandTextMismatch,
    EmbeddedDomain,
    IpHost,
    Userinfo,
    DangerousScheme,
    Shortener,
    SharedPlatform,
    TrackedRedirect,
    OpaqueWrapper,
    Unwrapped,
    FormInMail,
    // content
    SecretRequest,
    Urgency,
    // the analysis itself
    InvalidInput,
    PartlyChecked,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::BrandImpersonation => "brand_impersonation",
            Kind::LookalikeDomain => "lookalike_domain",
            Kind::DisplayNameAddress => "display_name_address",
            Kind::DisguisedName => "disguised_name",
            Kind::FreemailBrand => "freemail_brand",
            Kind::PunycodeDomain => "punycode_domain",
            Kind::FirstContact => "first_contact",
            Kind::ReplyToMismatch => "reply_to_mismatch",
            Kind::AddressUnreadable => "address_unreadable",
            Kind::FromMalformed => "from_malformed",
            Kind::TrustedSender => "trusted_sender",
            Kind::LinkTextMismatch => "link_text_mismatch",
            Kind::BrandTextMismatch => "brand_text_mismatch",
            Kind::EmbeddedDomain => "embedded_domain",
            Kind::IpHost => "ip_host",
            Kind::Userinfo => "userinfo",
            Kind::DangerousScheme => "dangerous_scheme",
            Kind::Shortener => "shortener",
            Kind::SharedPlatform => "shared_platform",
            Kind::TrackedRedirect => "tracked_redirect",
            Kind::OpaqueWrapper => "opaque_wrapper",
            Kind::Unwrapped => "unwrapped",
            Kind::FormInMail => "form_in_mail",
            Kind::SecretRequest => "secret_request",
            Kind::Urgency => "urgency",
            Kind::InvalidInput => "invalid_input",
            Kind::PartlyChecked => "partly_checked",
        }
    }
}

/// One thing the engine noticed, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    /// What it is about: `sender`, `reply_to`, `link[3]`, `body`, `domain`.
    pub subject: String,
    /// Translation key of the sentence shown to people (`extension/_locales`).
    pub message_key: &'static str,
    /// Values for the sentence's placeholders, in order.
    pub params: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technique: Option<Technique>,
    /// The domain imitated (Unicode form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imitates: Option<String>,
    /// The brand imitated or named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Everything else worth showing: the real domain, the punycode form, the chain...
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<&'static str, String>,
}

impl Finding {
    pub fn new(
        kind: Kind,
        severity: Severity,
        subject: impl Into<String>,
        message_key: &'static str,
    ) -> Finding {
        Finding {
            kind,
            severity,
            subject: subject.into(),
            message_key,
            params: Vec::new(),
            technique: None,
            imitates: None,
            brand: None,
            evidence: BTreeMap::new(),
        }
    }

    pub fn params<I: IntoIterator<Item = S>, S: Into<String>>(mut self, params: I) -> Finding {
        self.params = params.into_iter().map(Into::into).collect();
        self
    }

    pub fn evidence(mut self, key: &'static str, value: impl Into<String>) -> Finding {
        self.evidence.insert(key, value.into());
        self
    }

    pub fn technique(mut self, t: Technique) -> Finding {
        self.technique = Some(t);
        self
    }

    pub fn imitates(mut self, domain: impl Into<String>) -> Finding {
        self.imitates = Some(domain.into());
        self
    }

    pub fn brand(mut self, name: impl Into<String>) -> Finding {
        self.brand = Some(name.into());
        self
    }

    pub fn with_subject(mut self, subject: impl Into<String>) -> Finding {
        self.subject = subject.into();
        self
    }
}

/// What a link really is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkReport {
    /// Position among `a[href], area[href]` of the body, in document order.
    pub index: usize,
    /// Visible text (or the image's alt text).
    pub text: String,
    pub href: String,
    /// Where it goes after unwrapping known redirectors.
    pub destination: String,
    /// Destination host, Unicode.
    pub host: String,
    /// Destination host, ASCII (punycode), when it differs from `host`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_ascii: Option<String>,
    /// Registrable domain of the destination, Unicode.
    pub registrable: String,
    /// Wrappers passed through, outermost first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<String>,
    /// A mailing-list click tracker or a security gateway hides the destination.
    pub tracked: bool,
    pub image_only: bool,
    /// `anchor` for `a[href]`/`area[href]` (index = position among them), `text` for a URL
    /// written in plain text (index = position among those).
    pub source: &'static str,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
}

impl Default for LinkReport {
    fn default() -> Self {
        LinkReport {
            index: 0,
            text: String::new(),
            href: String::new(),
            destination: String::new(),
            host: String::new(),
            host_ascii: None,
            registrable: String::new(),
            chain: Vec::new(),
            tracked: false,
            image_only: false,
            source: "anchor",
            verdict: Verdict::Ok,
            findings: Vec::new(),
        }
    }
}

/// The sender as the engine read it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SenderSummary {
    pub name: String,
    pub address: String,
    /// Domain of the address, Unicode.
    pub domain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_ascii: Option<String>,
    pub registrable: String,
    pub trusted: bool,
}

/// The report on one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<SenderSummary>,
    pub links: Vec<LinkReport>,
    /// A size limit stopped the analysis early (a `partly_checked` finding says which).
    pub partly_checked: bool,
}

impl Report {
    pub fn new(
        findings: Vec<Finding>,
        sender: Option<SenderSummary>,
        links: Vec<LinkReport>,
    ) -> Report {
        let partly_checked = findings.iter().any(|f| f.kind == Kind::PartlyChecked);
        Report {
            verdict: Verdict::of(&findings),
            findings,
            sender,
            links,
            partly_checked,
        }
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.kind.as_str()).collect()
    }
}

/// The report on one domain (`vigie check-domain`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainReport {
    pub input: String,
    /// Unicode form.
    pub domain: String,
    pub ascii: String,
    pub registrable: String,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
}
