//! `Engine::analyze_message` with arbitrary HTML.
//!
//! Input: either only the body HTML (sent by a fixed, suspicious sender), or
//! `sender_name NUL sender_address NUL subject NUL body_html`. One input in three is analysed by
//! an engine with tiny limits, so that the "partly checked" paths (too many links, too deep,
//! too much text or HTML) are reached with small inputs too. Runs on a thread with a 256 KB
//! stack (see html.rs), so that recursion growing with the input shows up on small inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vigie::html::Limits;
use vigie::{Config, Engine, Message};

static DEFAULT: OnceLock<Engine> = OnceLock::new();
static SMALL: OnceLock<Engine> = OnceLock::new();

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

const STACK: usize = 256 * 1024;

fuzz_target!(|data: &[u8]| {
    let data = data.to_vec();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || analyze(&data))
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
});

fn analyze(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let parts: Vec<&str> = input.splitn(4, '\0').collect();
    let msg = if let [name, address, subject, html] = parts[..] {
        Message {
            sender_name: some(name),
            sender_address: some(address),
            reply_to: None,
            subject: some(subject),
            body_html: some(html),
            body_text: some(html),
            from_malformed: data.len() % 2 == 1,
        }
    } else {
        Message {
            sender_name: some("Service clientèle Proximus"),
            sender_address: some("ServiceclienteleProximus@contactcenter.be"),
            reply_to: some("support@proximus-be.com"),
            subject: some("Votre rendez-vous"),
            body_html: some(&input),
            body_text: None,
            from_malformed: false,
        }
    };
    let engine = if data.len() % 3 == 0 {
        SMALL.get_or_init(|| {
            Engine::new(&Config::default()).with_limits(Limits {
                max_html_bytes: 2048,
                max_anchors: 8,
                max_depth: 16,
                max_text_bytes: 512,
                max_url_bytes: 256,
            })
        })
    } else {
        DEFAULT.get_or_init(|| Engine::new(&Config::default()))
    };
    let report = engine.analyze_message(&msg);
    let _ = report.kinds();
}
