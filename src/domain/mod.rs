//! Everything about domain names: parsing, registrable domains, confusable skeletons, scripts,
//! and the lookalike index.

pub mod confusable;
pub mod host;
pub mod intel;
pub mod lookalike;
pub mod psl;
pub mod registered;
pub mod skeleton;

pub use host::{HostError, HostKind, HostName};
pub use registered::Registered;

/// The classic generic top-level labels, with the two-letter codes run as generic suffixes
/// (`.io`, `.co`, and `.eu`, which is no one country's).
pub(crate) const CLASSIC_GENERIC: &[&str] = &["com", "net", "org", "io", "co", "eu"];

/// The top-level label of a domain or suffix (`uk` of `co.uk`).
pub(crate) fn top_label(domain: &str) -> &str {
    domain.rsplit('.').next().unwrap_or_default()
}

/// True for a top-level label that is a country's code (`be`, `uk`), not one run as generic.
pub(crate) fn is_country_code(tld: &str) -> bool {
    tld.len() == 2 && tld.bytes().all(|b| b.is_ascii_lowercase()) && !CLASSIC_GENERIC.contains(&tld)
}
