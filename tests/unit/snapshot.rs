use super::*;
use crate::domain::HostName;

/// The snapshot of freshly built tables.
fn fresh() -> Vec<u8> {
    let (catalog, index) = build();
    encode(&catalog, &index)
}

/// A snapshot with `header`'s magic, format and data digest, and `payload` under a valid
/// checksum.
fn with_payload(header: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut bytes = header.get(..20).map(<[u8]>::to_vec).unwrap_or_default();
    bytes.extend_from_slice(&codec::fnv1a(payload).to_le_bytes());
    bytes.extend_from_slice(payload);
    bytes
}

/// Decoded tables borrow their bytes for the program's life, as the embedded ones do.
fn leak(bytes: Vec<u8>) -> &'static [u8] {
    Box::leak(bytes.into_boxed_slice())
}

#[test]
fn embedded_snapshot_is_current() {
    // Regenerate with `make snapshot` after changing the catalog, the words, the public
    // suffix list or the folding code: the engine still works with a stale file (it builds
    // the tables itself), but every service-worker wake then pays for it.
    let fresh = fresh();
    if fresh != EMBEDDED {
        if std::env::var_os("VIGIE_WRITE_SNAPSHOT").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PATH);
            std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("writing {PATH}: {e}"));
            eprintln!("wrote {} bytes to {PATH}", fresh.len());
        } else {
            panic!("{PATH} is stale: run `make snapshot`");
        }
    } else {
        assert!(
            decode(EMBEDDED).is_some(),
            "the embedded snapshot is refused"
        );
    }
}

#[test]
fn decoding_then_encoding_gives_the_same_bytes() {
    let bytes = leak(fresh());
    let (catalog, index) = decode(bytes).unwrap_or_else(|| panic!("fresh snapshot refused"));
    assert_eq!(encode(&catalog, &index), bytes);
}

#[test]
fn decoded_tables_answer_like_built_ones() {
    let (built_catalog, built_index) = build();
    let (catalog, index) =
        decode(leak(fresh())).unwrap_or_else(|| panic!("fresh snapshot refused"));
    assert_eq!(index.len(), built_index.len());
    // The fingerprint tables hold the same pairs, in tables allocated once at their final
    // size (the sizes travel in the snapshot).
    let decoded = index.fingerprint_tables();
    for ((pairs, rehashes), (built_pairs, _)) in
        decoded.into_iter().zip(built_index.fingerprint_tables())
    {
        assert_eq!(pairs, built_pairs);
        assert_eq!(rehashes, 0);
    }
    for name in [
        "Service clientèle Proximus",
        "KBC Brussels",
        "Ρroximus",
        "BNP Paribas Fortis",
    ] {
        assert_eq!(
            catalog.find_names(name, true),
            built_catalog.find_names(name, true),
            "{name}"
        );
    }
    for host in [
        "proxirnus.be",
        "pr\u{3bf}ximus.be",
        "belfius-secure.com",
        "proximus.be.facture.com",
        "paypa1.com",
        "example.org",
    ] {
        let h = HostName::parse(host).unwrap_or_else(|e| panic!("{host}: {e:?}"));
        assert_eq!(index.find(&h), built_index.find(&h), "{host}");
    }
    assert!(!index.find(&HostName::from_ascii("proxirnus.be")).is_empty());
}

#[test]
fn damaged_snapshots_are_refused_without_panicking() {
    let bytes = leak(fresh());
    assert!(decode(bytes).is_some());
    // Every truncation, and a flipped bit in the header, in the payload and at the end.
    for len in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
        assert!(
            decode(bytes.get(..len).unwrap_or_default()).is_none(),
            "cut at {len}"
        );
    }
    for at in [0, 9, 13, 21, 40, bytes.len() / 2, bytes.len() - 1] {
        let mut damaged = bytes.to_vec();
        if let Some(b) = damaged.get_mut(at) {
            *b ^= 0x10;
        }
        assert!(decode(leak(damaged)).is_none(), "bit flipped at {at}");
    }
    let mut longer = bytes.to_vec();
    longer.push(0);
    assert!(decode(leak(longer)).is_none(), "trailing byte");
}

#[test]
fn a_payload_with_a_valid_checksum_but_nonsense_inside_is_refused() {
    // The checksum guards against damage, not against a well-formed file of garbage: the
    // reader must still refuse lengths past the end and unknown owners.
    let header = fresh().get(..28).map(<[u8]>::to_vec).unwrap_or_default();
    for payload in [
        vec![0xff; 64],
        vec![],
        vec![1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f],
    ] {
        let bytes = with_payload(&header, &payload);
        assert!(decode(leak(bytes)).is_none());
    }
}

#[test]
fn fingerprint_table_sizes_that_the_entries_cannot_make_are_refused() {
    // The payload ends with the two tables' sizes (whole labels, deletions). With a valid
    // checksum, a size too large must not allocate a huge table, and one that differs from
    // what the entries make must not pass either.
    let good = fresh();
    let (header, payload) = good.split_at(28);
    for (from_end, size) in [(8, u32::MAX), (4, u32::MAX), (4, 1 << 24), (4, 1), (8, 0)] {
        let mut payload = payload.to_vec();
        let at = payload.len() - from_end;
        payload.splice(at..at + 4, size.to_le_bytes());
        let bytes = with_payload(header, &payload);
        assert!(decode(leak(bytes)).is_none(), "{from_end} {size}");
    }
}

#[test]
fn pooled_strings_read_back_and_bad_references_are_refused() {
    let words = ["proximus", "é", "", "proximus", "be", "é", "be"];
    let mut w = codec::Writer::default();
    for s in words {
        w.str(s);
    }
    w.u8(7);
    let payload = w.into_payload();
    let mut r = codec::Reader::payload(&payload).unwrap_or_else(|| panic!("pool refused"));
    for s in words {
        assert_eq!(r.str(), Some(s));
    }
    assert_eq!(r.u8(), Some(7));
    assert!(r.is_empty());

    // A pool of "aé" (3 bytes), then one string reference each.
    let with_ref = |reference: &[u8]| {
        let mut bytes = 3u32.to_le_bytes().to_vec();
        bytes.extend_from_slice("aé".as_bytes());
        bytes.extend_from_slice(reference);
        bytes
    };
    let again = |at: u32, len: u32| {
        let mut b = (at | 1 << 31).to_le_bytes().to_vec();
        b.extend_from_slice(&len.to_le_bytes());
        b
    };
    let read = |bytes: Vec<u8>| {
        codec::Reader::payload(&bytes).and_then(|mut r| r.str().map(str::to_string))
    };
    assert_eq!(read(with_ref(&3u32.to_le_bytes())).as_deref(), Some("aé"));
    assert_eq!(read(with_ref(&again(1, 2))).as_deref(), Some("é"));
    assert_eq!(
        read(with_ref(&4u32.to_le_bytes())),
        None,
        "new string past the pool"
    );
    assert_eq!(read(with_ref(&2u32.to_le_bytes())), None, "cut inside é");
    assert_eq!(read(with_ref(&again(2, 1))), None, "starts inside é");
    assert_eq!(read(with_ref(&again(3, 1))), None, "past the pool");
    assert_eq!(read(with_ref(&again(u32::MAX >> 1, u32::MAX))), None);
    // A pool that is not UTF-8 refuses the whole payload.
    assert!(codec::Reader::payload(&[1, 0, 0, 0, 0xff]).is_none());
}
