//! The index in the start-up snapshot (`crate::snapshot`): the entries in order, each with
//! whether its label is indexed, and the folded combo words. Replaying `insert` over the
//! entries rebuilds every map without the public-suffix lookups and folding of `add_domain`.

use super::{FpTable, LookalikeIndex, Owner, Protected};
use crate::brands::{BrandId, BRANDS};
use crate::fasthash::FastMap;
use crate::snapshot::codec::{Reader, Writer};
use std::borrow::Cow;

impl LookalikeIndex {
    /// The entries in order with whether their label is indexed, and the folded combo words:
    /// replaying `insert` over them rebuilds every map (the start-up snapshot).
    pub(crate) fn write_tables(&self, w: &mut Writer) {
        w.sorted_strs(self.combo_words.iter().map(|w| w.as_ref()));
        w.len(self.entries.len());
        for (id, e) in self.entries.iter().enumerate() {
            let indexed = self
                .by_folded
                .get(&e.folded)
                .is_some_and(|ids| ids.as_slice().iter().any(|&i| i as usize == id));
            for s in [&e.domain, &e.label, &e.folded, &e.suffix] {
                w.str(s);
            }
            let (tag, value) = match e.owner {
                Owner::Brand(b) => (0, u32::from(b)),
                Owner::User => (1, 0),
                Owner::Correspondent(count) => (2, count),
                Owner::Mailbox => (3, 0),
            };
            w.u8(tag | u8::from(e.word) << 2 | u8::from(indexed) << 3);
            w.u32(value);
        }
        // The fingerprint tables' sizes, so that a wake allocates (and writes) each table
        // once at its final size.
        w.len(self.folded_fp.len());
        w.len(self.neighbourhood.len());
    }

    pub(crate) fn read_tables(r: &mut Reader<'static>) -> Option<Self> {
        let combo_words = r.strs()?.into_iter().map(Cow::Borrowed).collect();
        let n = r.len()?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let mut text = || r.str().map(Cow::Borrowed);
            let (domain, label, folded, suffix) = (text()?, text()?, text()?, text()?);
            let flags = r.u8()?;
            let value = r.u32()?;
            let owner = match flags & 0b11 {
                0 => Owner::Brand(
                    BrandId::try_from(value)
                        .ok()
                        .filter(|&b| usize::from(b) < BRANDS.len())?,
                ),
                1 => Owner::User,
                2 => Owner::Correspondent(value),
                _ => Owner::Mailbox,
            };
            let entry = Protected {
                domain,
                label,
                folded,
                suffix,
                owner,
                word: flags & 0b100 != 0,
            };
            entries.push((entry, flags & 0b1000 != 0));
        }
        // Sized up front: growing the tables was most of the replay's cost. The sizes are
        // checked against what the entries can make (a label and its letter-by-letter
        // reading, each with its deletions; a label's bytes bound its chars without reading
        // them), so that a damaged snapshot cannot ask for a huge table, and against the
        // tables once built.
        let mut size = || r.u32().and_then(|k| usize::try_from(k).ok());
        let (labels, deletions) = (size()?, size()?);
        let indexed = entries.iter().filter(|(_, indexed)| *indexed);
        let most_labels = 2 * indexed.clone().count();
        let most_deletions: usize = indexed.map(|(e, _)| e.folded.len()).map(|k| 2 * k).sum();
        if labels > most_labels || deletions > most_deletions {
            return None;
        }
        let mut index = LookalikeIndex {
            combo_words,
            entries: Vec::with_capacity(n),
            exact: FastMap::with_capacity_and_hasher(n, Default::default()),
            by_folded: FastMap::with_capacity_and_hasher(n, Default::default()),
            by_token: FastMap::with_capacity_and_hasher(n, Default::default()),
            folded_fp: FpTable::with_capacity(labels),
            neighbourhood: FpTable::with_capacity(deletions),
            ..LookalikeIndex::default()
        };
        for (entry, indexed) in entries {
            index.insert(entry, indexed);
        }
        (index.folded_fp.len() == labels && index.neighbourhood.len() == deletions).then_some(index)
    }
}
