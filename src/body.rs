//! Findings about the message body as a whole: the link findings worth a banner line, forms,
//! and the limits that cut the analysis short.

use crate::domain::HostName;
use crate::html::{self, Truncation};
use crate::report::{Finding, Kind, LinkReport, Severity};
use url::Url;

/// Most findings copied from links to the message level (the links keep all of theirs).
const MAX_LINK_FINDINGS: usize = 24;

/// Link findings worth a line in the banner: caution and danger, once each.
pub(crate) fn top_link_findings(links: &[LinkReport]) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for f in links
        .iter()
        .flat_map(|l| &l.findings)
        .filter(|f| f.severity > Severity::Info)
    {
        if out.len() >= MAX_LINK_FINDINGS {
            break;
        }
        if !out.iter().any(|o| o.kind == f.kind && o.params == f.params) {
            out.push(f.clone());
        }
    }
    out
}

/// A form in the body: danger when it asks for a password, a note otherwise.
pub(crate) fn forms(forms: &[html::Form]) -> Vec<Finding> {
    forms
        .iter()
        .take(1)
        .map(|form| {
            let target = Url::parse(&form.action)
                .ok()
                .and_then(|u| u.host_str().map(|h| HostName::from_ascii(h).site_unicode()))
                .unwrap_or_default();
            // A search or subscribe box is common in newsletters; a form asking for a password
            // in a mail is what phishing does.
            let severity = if form.asks_password {
                Severity::Danger
            } else {
                Severity::Info
            };
            Finding::new(Kind::FormInMail, severity, "body", "f_form_in_mail")
                .params([target.clone()])
                .evidence("action", form.action.chars().take(200).collect::<String>())
                .evidence("asks_password", form.asks_password.to_string())
        })
        .collect()
}

/// `partly_checked` when a limit cut the analysis short, with the limits that did.
pub(crate) fn truncation(x: &html::Extracted) -> Option<Finding> {
    if x.truncated.is_empty() {
        return None;
    }
    let why: Vec<&str> = x
        .truncated
        .iter()
        .map(|t| match t {
            Truncation::HtmlSize => "html_size",
            Truncation::Anchors => "links",
            Truncation::Depth => "nesting",
            Truncation::Text => "text_size",
        })
        .collect();
    Some(
        Finding::new(
            Kind::PartlyChecked,
            Severity::Caution,
            "body",
            "f_partly_checked",
        )
        .evidence("limits", why.join(" "))
        .evidence("links_total", x.anchor_count.to_string()),
    )
}
