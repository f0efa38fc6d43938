//! Link analysis: `Engine::check_link(href, text, sender)` with arbitrary href and text.
//! Input: `href NUL text [NUL sender_address]`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vigie::{Config, Engine};

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.splitn(3, '\0');
    let href = parts.next().unwrap_or_default();
    let text = parts.next().unwrap_or_default();
    let sender = parts.next();
    let engine = ENGINE.get_or_init(|| Engine::new(&Config::default()));
    let _ = engine.check_link(href, text, sender);
});
