//! Vigie: on-device detection of mail that lies about who sent it or where its links go.
//!
//! The core is pure Rust without I/O: [`Engine`] is built once from a [`Config`] and answers
//! about messages ([`Engine::analyze_message`]), links, senders and domains. The browser
//! extension runs it as WebAssembly in its background context (`src/wasm.rs`); the `vigie` CLI
//! runs it natively on `.eml` files (`src/mail.rs`, feature `cli`).
//!
//! | module | job |
//! |---|---|
//! | [`domain`] | host parsing, public suffixes, confusables, the lookalike index |
//! | [`brands`] | the brand catalog and the name matcher |
//! | [`body`] | message-level findings: top link findings, forms, analysis cut short |
//! | [`sender`] | display-name and address checks |
//! | [`link`] | unwrapping, text-versus-destination, shorteners, trackers |
//! | [`html`] | body HTML to anchors, forms, images and visible text |
//! | [`content`] | requests for secrets (password, PIN, card, IBAN...) |
//! | [`text_urls`] | URLs written in plain text |
//! | [`images`] | brand images served to a mail the brand did not send |
//! | [`report`] | findings, severities, verdicts |
//! | [`snapshot`] | the embedded start-up tables derived from the catalog |

pub mod body;
pub mod brands;
pub mod content;
pub mod domain;
pub mod engine;
pub mod fasthash;
pub mod html;
pub mod images;
pub mod link;
pub mod report;
pub mod sender;
pub mod snapshot;
pub mod text_urls;
pub mod words;

#[cfg(feature = "cli")]
pub mod mail;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{Config, Correspondent, Engine, Message, SenderReport};
pub use report::{DomainReport, Finding, Kind, LinkReport, Report, Severity, Verdict};

/// Version of the embedded public suffix list (its `VERSION` line).
pub fn psl_version() -> &'static str {
    domain::psl::PSL_VERSION
}

/// Number of brands in the catalog.
pub fn brand_count() -> usize {
    brands::BRANDS.len()
}
