//! Host parsing: `HostName::parse` (IDNA both ways, IPv4 in all its forms, IPv6) and
//! `Engine::check_domain` (public suffix, confusables, the lookalike index).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vigie::domain::HostName;
use vigie::{Config, Engine};

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    if let Ok(host) = HostName::parse(&input) {
        // The accessors must hold whatever was parsed.
        let _ = host.site_unicode();
        let _ = host.registrable_label();
        let _ = host.is_public_ip();
        let _ = host.is_within("example.com");
        // What was produced must parse again.
        let _ = HostName::parse(&host.ascii);
        let _ = HostName::from_ascii(&host.ascii);
    }
    let engine = ENGINE.get_or_init(|| Engine::new(&Config::default()));
    let _ = engine.check_domain(&input);
});
