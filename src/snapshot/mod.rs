//! The start-up snapshot: what the engine derives from its static data (brand names folded into
//! lookup keys; brand domains split by the public suffix list, decoded from punycode and
//! folded), computed once by `make snapshot` and embedded in the binary. A service-worker wake
//! then decodes tables instead of running the public suffix list and the confusable folding
//! over every brand domain and alias: this is issue 7's "precompute the index data at build
//! time", measured in the README's benchmark table.
//!
//! Format: magic, format version, digest of the data files it was made from (`build.rs`),
//! FNV-1a checksum of the payload, payload. On any mismatch the engine builds the same tables
//! itself (slower, same answers), and the test `embedded_snapshot_is_current` fails until the
//! file is regenerated.

pub mod codec;

use crate::brands::Catalog;
use crate::domain::lookalike::LookalikeIndex;
use codec::{fnv1a, Reader, Writer};

const MAGIC: &[u8; 8] = b"VIGIESNP";
/// Bump when the payload layout or what it means changes.
const FORMAT: u32 = 5;
/// Path of the embedded file, relative to the crate root (`make snapshot` writes it).
pub const PATH: &str = "src/data/snapshot.bin";
static EMBEDDED: &[u8] = include_bytes!("../data/snapshot.bin");

// `DATA_DIGEST`: FNV-1a of the data files the tables come from.
include!(concat!(env!("OUT_DIR"), "/digest.rs"));

/// The brand catalog and the brand layer of the lookalike index, from the embedded snapshot
/// when it is current, otherwise built from the data.
pub fn load() -> (Catalog, LookalikeIndex) {
    decode(EMBEDDED).unwrap_or_else(build)
}

/// The tables built from the data files (what `load` falls back to).
pub fn build() -> (Catalog, LookalikeIndex) {
    (Catalog::new(), LookalikeIndex::for_brands())
}

pub fn encode(catalog: &Catalog, index: &LookalikeIndex) -> Vec<u8> {
    let mut payload = Writer::default();
    catalog.write_tables(&mut payload);
    index.write_tables(&mut payload);
    let payload = payload.into_payload();
    let mut out = Writer::default();
    out.bytes.extend_from_slice(MAGIC);
    out.u32(FORMAT);
    out.u64(DATA_DIGEST);
    out.u64(fnv1a(&payload));
    out.bytes.extend_from_slice(&payload);
    out.bytes
}

/// The tables in `bytes`, or `None` when they are damaged or were made from other data or by
/// another format. The index borrows its strings from `bytes`.
pub fn decode(bytes: &'static [u8]) -> Option<(Catalog, LookalikeIndex)> {
    let mut header = Reader::new(bytes);
    if header.take(MAGIC.len())? != MAGIC || header.u32()? != FORMAT || header.u64()? != DATA_DIGEST
    {
        return None;
    }
    let checksum = header.u64()?;
    let payload = bytes.get(MAGIC.len() + 4 + 8 + 8..)?;
    if fnv1a(payload) != checksum {
        return None;
    }
    let mut r = Reader::payload(payload)?;
    let catalog = Catalog::read_tables(&mut r)?;
    let index = LookalikeIndex::read_tables(&mut r)?;
    r.is_empty().then_some((catalog, index))
}

#[cfg(test)]
#[path = "../../tests/unit/snapshot.rs"]
mod unit_tests;
