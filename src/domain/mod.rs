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
