//! Images loaded from a brand's own servers in a mail the brand did not send, while the text
//! names that brand: the mail dresses up as the brand (`brand_impersonation`).

use crate::brands::Catalog;
use crate::domain::HostName;
use crate::fasthash::FastSet;
use crate::html;
use crate::link::hosts::HostCache;
use crate::report::{Finding, Kind, Severity};
use std::rc::Rc;
use url::Url;

/// The brands a message dresses up as through images from their servers.
pub fn findings(
    catalog: &Catalog,
    x: &html::Extracted,
    hosts: &HostCache,
    sender_site: Option<&str>,
    so_far: &[Finding],
    subject: Option<&str>,
) -> Vec<Finding> {
    let Some(sender_site) = sender_site else {
        return Vec::new();
    };
    let image_hosts = image_hosts(&x.image_sources, hosts);
    // Reading the whole text for brand names is only worth it when a brand hosts an image.
    if !image_hosts.iter().any(|h| catalog.is_official(h.site())) {
        return Vec::new();
    }
    let mut named = catalog.find_names(&x.text, false);
    named.extend(catalog.find_names(subject.unwrap_or_default(), false));
    let mut out: Vec<Finding> = Vec::new();
    for host in &image_hosts {
        for m in named
            .iter()
            .filter(|m| catalog.is_official_for(m.brand, host.site()))
        {
            let Some(brand) = catalog.brand(m.brand) else {
                continue;
            };
            let already = so_far
                .iter()
                .chain(out.iter())
                .any(|f| f.brand.as_deref() == Some(brand.name));
            if already || catalog.is_official_for(m.brand, sender_site) {
                continue;
            }
            out.push(
                Finding::new(
                    Kind::BrandImpersonation,
                    Severity::Caution,
                    "images",
                    "f_brand_impersonation_images",
                )
                .params([
                    brand.name.to_string(),
                    idna::domain_to_unicode(sender_site).0,
                ])
                .brand(brand.name)
                .evidence("image_host", host.unicode.clone()),
            );
        }
    }
    out
}

/// The distinct hosts that serve the images of a message. A mail's images come from a few
/// hosts: each is parsed once (`https://cdn.shop.example/` and its URL parse stand for every
/// image under it).
fn image_hosts(sources: &[String], hosts: &HostCache) -> Vec<Rc<HostName>> {
    let mut seen: FastSet<&str> = FastSet::default();
    let mut out: Vec<Rc<HostName>> = Vec::new();
    for src in sources {
        let origin = origin_prefix(src).unwrap_or(src);
        if !seen.insert(origin) {
            continue;
        }
        if let Some(host) = Url::parse(src)
            .ok()
            .and_then(|u| u.host_str().map(|h| hosts.domain(h)))
        {
            if !out.iter().any(|known| known.ascii == host.ascii) {
                out.push(host);
            }
        }
    }
    out
}

/// `scheme://authority` at the start of a URL, as written.
fn origin_prefix(src: &str) -> Option<&str> {
    let after_scheme = src.find("://")? + 3;
    let end = src
        .get(after_scheme..)?
        .find(['/', '?', '#', '\\'])
        .map_or(src.len(), |i| after_scheme + i);
    src.get(..end)
}

#[cfg(test)]
#[path = "../tests/unit/images.rs"]
mod unit_tests;
