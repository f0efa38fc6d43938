//! Little-endian byte writer and reader for the start-up snapshot. The reader never panics:
//! every read returns `None` past the end or on invalid UTF-8, so a damaged snapshot only
//! means the engine builds its tables itself.
//!
//! Strings live in one pool at the head of the payload, each written once, so start-up
//! validates their UTF-8 in one pass instead of once per string (a few thousand short strings,
//! 7 % of the engine's start-up). A string met for the first time is written as its length and
//! read from the pool where the last one ended; a string met again, as its offset in the pool
//! and its length.

use crate::fasthash::FastMap;

/// FNV-1a, 64 bits: the snapshot's checksum and data digest (no cryptography needed, only
/// "is this the file we wrote").
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
    /// Every string written, once, in the order first written.
    pool: String,
    /// Offset of each string in `pool`.
    placed: FastMap<String, u32>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or length; the snapshot's tables are far below 4 G entries.
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    /// A string: its length when it is new (it goes to the end of the pool), else its offset
    /// in the pool, flagged, and its length.
    pub fn str(&mut self, s: &str) {
        if let Some(&at) = self.placed.get(s) {
            self.u32(at | AGAIN);
        } else {
            let at = u32::try_from(self.pool.len()).unwrap_or(u32::MAX);
            self.pool.push_str(s);
            self.placed.insert(s.to_string(), at);
        }
        self.len(s.len());
    }

    /// The pool's length and text, then the tables: what [`Reader::payload`] reads.
    pub fn into_payload(self) -> Vec<u8> {
        let mut out = Writer::default();
        out.len(self.pool.len());
        out.bytes.extend_from_slice(self.pool.as_bytes());
        out.bytes.extend_from_slice(&self.bytes);
        out.bytes
    }

    /// Strings in sorted order, so the same set always gives the same bytes.
    pub fn sorted_strs<'a>(&mut self, items: impl Iterator<Item = &'a str>) {
        let mut v: Vec<&str> = items.collect();
        v.sort_unstable();
        self.len(v.len());
        for s in v {
            self.str(s);
        }
    }
}

/// Marks the reference to a string already in the pool (pools stay far below 2 GB).
const AGAIN: u32 = 1 << 31;

pub struct Reader<'a> {
    rest: &'a [u8],
    pool: &'a str,
    /// Where the next new string of the pool begins.
    next: usize,
}

impl<'a> Reader<'a> {
    /// Bytes without strings (the snapshot's header).
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            rest: bytes,
            pool: "",
            next: 0,
        }
    }

    /// Bytes written by [`Writer::into_payload`]: the string pool, validated once, then the
    /// tables.
    pub fn payload(bytes: &'a [u8]) -> Option<Reader<'a>> {
        let mut r = Reader::new(bytes);
        let n = r.len()?;
        let pool = std::str::from_utf8(r.take(n)?).ok()?;
        Some(Reader {
            rest: r.rest,
            pool,
            next: 0,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.rest.split_at_checked(n)?;
        self.rest = tail;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    pub fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    /// A count, refused when it exceeds the bytes left (each item takes at least one byte), so
    /// a damaged count cannot make the caller reserve gigabytes.
    pub fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u32()?).ok()?;
        (n <= self.rest.len()).then_some(n)
    }

    /// A string of the pool; `None` when its bounds fall outside the pool or inside a char.
    pub fn str(&mut self) -> Option<&'a str> {
        let first = self.u32()?;
        if first & AGAIN != 0 {
            let at = usize::try_from(first & !AGAIN).ok()?;
            let n = usize::try_from(self.u32()?).ok()?;
            return self.pool.get(at..at.checked_add(n)?);
        }
        let at = self.next;
        let end = at.checked_add(usize::try_from(first).ok()?)?;
        let s = self.pool.get(at..end)?;
        self.next = end;
        Some(s)
    }

    pub fn strs(&mut self) -> Option<Vec<&'a str>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
}
