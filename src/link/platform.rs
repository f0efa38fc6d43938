//! Links to a page on a shared platform: a site under a name that a hosting or cloud company
//! hands out to anyone (`github.io`, `web.app`, a storage bucket), found through the private
//! section of the public suffix list rather than a list of our own. Phishing pages live there
//! because they cost nothing and borrow the platform's good name; a company's mail rarely
//! sends people to such a page, while files (a PDF, an image) are often served from one.

use super::hosts::Listed;
use crate::domain::{psl, HostName};
use crate::report::{Finding, Kind, LinkReport, Severity};
use url::Url;

/// Path endings of files rather than pages: shown on hover, no banner.
const FILE_EXTENSIONS: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "bmp", "mp3", "mp4", "mov", "ics", "csv", "txt",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "epub",
];

fn is_file(dest: &Url) -> bool {
    let last = dest.path().rsplit('/').next().unwrap_or_default();
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The finding for a destination on a shared platform, unless the sender's own address is on
/// that same site (a platform's users may mail about their own pages). A warning when the link
/// leads to a page without showing where; information when its text shows the site (a URL
/// written in a plain-text mail) or when it is a file.
pub fn finding(
    host: &HostName,
    listed: Listed,
    dest: &Url,
    shown_text: &str,
    sender_site: Option<&str>,
    subject: &str,
) -> Option<Finding> {
    let site = host.registrable.as_deref()?;
    let platform = host.suffix.as_deref().filter(|_| listed.shared_platform)?;
    if sender_site == Some(site) {
        return None;
    }
    let text = shown_text.to_lowercase();
    let shows_site = text.contains(site) || text.contains(&host.site_unicode());
    let severity = if shows_site || is_file(dest) {
        Severity::Info
    } else {
        Severity::Caution
    };
    Some(
        Finding::new(Kind::SharedPlatform, severity, subject, "f_shared_platform")
            .params([host.site_unicode(), idna::domain_to_unicode(platform).0])
            .evidence("platform", platform.to_string()),
    )
}

/// A sender whose own address is on a shared platform (an app's default mail domain, a
/// dynamic DNS name), in a mail whose links lead somewhere else: the address costs nothing and
/// says nothing about who sent it. An app mailing links to its own site is left alone.
pub fn sender_finding(sender_site: &str, links: &[LinkReport]) -> Option<Finding> {
    let platform = psl::public_suffix(sender_site)
        .filter(|&s| s != sender_site && psl::is_shared_platform(s))?;
    let own = idna::domain_to_unicode(sender_site).0;
    let elsewhere = links
        .iter()
        .any(|l| !l.registrable.is_empty() && l.registrable != own);
    if !elsewhere {
        return None;
    }
    Some(
        Finding::new(
            Kind::SharedPlatform,
            Severity::Caution,
            "sender",
            "f_shared_platform_sender",
        )
        .params([own, idna::domain_to_unicode(platform).0])
        .evidence("platform", platform.to_string()),
    )
}
