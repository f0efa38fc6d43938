//! Everything about domain names: parsing, registrable domains, confusable skeletons, scripts,
//! and the lookalike index.

pub mod confusable;
pub mod intel;
pub mod host;
pub mod lookalike;
pub mod psl;

pub use host::{HostError, HostKind, HostName};
