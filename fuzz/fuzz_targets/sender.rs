//! Sender parsing and checks: `Engine::check_sender(mailbox, reply_to)`, on the text as given
//! and as the CLI reads a field pasted from a mail's source (`vigie::mail::mailbox_as_shown`).
//! Input: `mailbox` or `mailbox NUL reply_to`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vigie::{Config, Engine};

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (mailbox, reply_to) = match input.split_once('\0') {
        Some((m, r)) => (m, Some(r)),
        None => (&*input, None),
    };
    let engine = ENGINE.get_or_init(|| Engine::new(&Config::default()));
    let _ = engine.check_sender(mailbox, reply_to);
    if let Some(shown) = vigie::mail::mailbox_as_shown(mailbox) {
        let _ = engine.check_sender(&shown, reply_to);
    }
});
