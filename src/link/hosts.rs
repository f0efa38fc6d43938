//! Host names parsed once per message, and looked up once in the link lists. A newsletter
//! points at the same few hosts a hundred times, and parsing one (IDNA, public suffix walk)
//! costs more than the rest of a link's checks.

use super::lists;
use crate::domain::{psl, HostName};
use crate::fasthash::FastMap;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Default)]
pub struct HostCache {
    // Shared, not cloned: a host name is five strings and a link asks for it several times.
    domains: RefCell<FastMap<String, Rc<HostName>>>,
    listed: RefCell<FastMap<String, Listed>>,
}

/// The entries of the link lists that cover one host.
#[derive(Debug, Clone, Copy, Default)]
pub struct Listed {
    pub tracker: Option<&'static str>,
    pub opaque_wrapper: Option<&'static str>,
    pub shortener: Option<&'static str>,
    /// Its public suffix is a platform that gives names to anyone
    /// ([`psl::is_shared_platform`]).
    pub shared_platform: bool,
    /// A known redirector runs on the host ([`lists::is_redirector_host`]).
    pub redirector: bool,
}

impl HostCache {
    /// The [`HostName`] of a host the URL parser produced; `written` is the host as the href
    /// wrote it (it tells `3405803785` from `203.0.113.9`, so addresses are not cached).
    pub fn get(&self, host: &url::Host<&str>, written: &str) -> Rc<HostName> {
        let url::Host::Domain(domain) = host else {
            return Rc::new(HostName::from_url_host(host, written));
        };
        if let Some(known) = self.domains.borrow().get(*domain) {
            return Rc::clone(known);
        }
        let parsed = Rc::new(HostName::from_ascii(domain));
        self.domains
            .borrow_mut()
            .insert((*domain).to_string(), Rc::clone(&parsed));
        parsed
    }

    /// The [`HostName`] of an ASCII domain name.
    pub fn domain(&self, domain: &str) -> Rc<HostName> {
        self.get(&url::Host::Domain(domain), domain)
    }

    /// What the link lists say about a lower-case ASCII host.
    pub fn listed(&self, host: &str) -> Listed {
        if let Some(known) = self.listed.borrow().get(host) {
            return *known;
        }
        let found = Listed {
            tracker: lists::tracker(host),
            opaque_wrapper: lists::opaque_wrapper(host),
            shortener: lists::shortener(host),
            shared_platform: psl::public_suffix(host).is_some_and(psl::is_shared_platform),
            redirector: lists::is_redirector_host(host),
        };
        self.listed.borrow_mut().insert(host.to_string(), found);
        found
    }
}
