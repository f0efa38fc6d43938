//! What a link's text promises against where the link goes: a URL or host shown in the text
//! (`link_text_mismatch`), a brand named in it (`brand_text_mismatch`).

use super::hosts::Listed;
use super::{unwrap, LinkContext};
use crate::domain::HostName;
use crate::html::Anchor;
use crate::report::{Finding, Kind, Severity};
use url::Url;

/// Longest link text (in words) read as naming a brand's own site.
const MAX_BRAND_TEXT_TOKENS: usize = 4;

/// The findings about one link's text; `hidden` when a shortener or tracker hides the
/// destination, `dest_listed` what the link lists say about the destination's host.
pub(super) fn findings(
    ctx: &LinkContext,
    anchor: &Anchor,
    subject: &str,
    url: &Url,
    host: &HostName,
    hidden: bool,
    dest_listed: Listed,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let dest_site = host.site();
    if let Some(shown) = ctx.shown_target(&anchor.text) {
        if shown.host.site() == dest_site {
            return out;
        }
        let via_redirect = unwrap::embedded_urls(url)
            .iter()
            .filter_map(|u| u.host_str().map(|h| ctx.hosts.domain(h)))
            .any(|h| h.site() == shown.host.site());
        if via_redirect || (hidden && dest_listed.shortener.is_none()) {
            // A click tracker between the text and the page it names: normal for newsletters.
            return out;
        }
        // Newsletters route links through their own domain: the text names the page, the
        // href is the sender's redirect. That is only believable from an honest sender, and
        // never when the text shows a protected domain (a brand's, the user's, a known one).
        let senders_own_redirect = ctx.sender_site == Some(dest_site)
            && !ctx.sender_suspect
            && !ctx.intel.index.is_protected(shown.host.site());
        let severity = if senders_own_redirect {
            Severity::Info
        } else if hidden {
            Severity::Caution
        } else {
            Severity::Danger
        };
        out.push(
            Finding::new(
                Kind::LinkTextMismatch,
                severity,
                subject,
                "f_link_text_mismatch",
            )
            .params([shown.host.unicode.clone(), host.site_unicode()])
            .evidence("shown", shown.text)
            .evidence("destination", host.unicode.clone())
            .evidence("via_sender_domain", senders_own_redirect.to_string()),
        );
        return out;
    }
    if hidden {
        return out;
    }
    let text = if anchor.text.is_empty() {
        anchor.title.as_deref().unwrap_or_default()
    } else {
        &anchor.text
    };
    let own_site = ctx.sender_site == Some(dest_site) && !ctx.sender_suspect;
    if own_site {
        return out;
    }
    let named = ctx.intel.catalog.find_names(text, false);
    if named.is_empty() {
        return out;
    }
    // A short text that is the brand ("KBC Touch", "Belfius Direct Net") promises the brand's
    // site; a headline that mentions a brand ("Read what Apple announced today") does not.
    let promises_brand =
        ctx.sender_suspect || crate::brands::name_tokens(text).len() <= MAX_BRAND_TEXT_TOKENS;
    let severity = if promises_brand {
        Severity::Caution
    } else {
        Severity::Info
    };
    // One finding per owner group: "Microsoft Teams" names two catalog entries of one owner.
    let mut groups: Vec<&str> = Vec::new();
    for m in named {
        let Some(brand) = ctx.intel.catalog.brand(m.brand) else {
            continue;
        };
        if groups.contains(&brand.group) || ctx.intel.catalog.is_official_for(m.brand, dest_site) {
            continue;
        }
        groups.push(brand.group);
        out.push(
            Finding::new(
                Kind::BrandTextMismatch,
                severity,
                subject,
                "f_brand_text_mismatch",
            )
            .params([brand.name.to_string(), host.site_unicode()])
            .brand(brand.name)
            .evidence("shown", text.chars().take(120).collect::<String>())
            .evidence("destination", host.unicode.clone()),
        );
    }
    out
}
