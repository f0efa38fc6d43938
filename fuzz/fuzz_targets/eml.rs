//! `.eml` parsing: `vigie::mail::message_from_eml` (mail-parser, MIME, encodings).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vigie::mail::message_from_eml(data);
});
