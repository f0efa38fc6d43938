//! Which first bytes the catalog's compact aliases begin with: most words of a link text
//! begin no alias, and a bit says so without a map lookup or a binary search.

const HEAD_BITS: usize = 16_384;

/// A bit per [`head_slot`] of the first one, two and three bytes of every alias (2 KB).
pub(super) struct KeyHeads(Box<[u64; HEAD_BITS / 64]>);

/// The bit for `head`, the first one, two or three bytes of an alias (bytes, not characters:
/// a folded alias may hold letters outside ASCII): (word, bit).
fn head_slot(head: &[u8]) -> (usize, u64) {
    let bytes = head
        .iter()
        .take(3)
        .enumerate()
        .fold(0u64, |h, (i, &b)| h | u64::from(b) << (8 * i));
    let mixed = (bytes | (head.len().min(3) as u64) << 24).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let slot = (mixed >> 50) as usize % HEAD_BITS;
    (slot / 64, 1 << (slot % 64))
}

impl KeyHeads {
    pub(super) fn of<'k>(keys: impl IntoIterator<Item = &'k str>) -> KeyHeads {
        let mut bits = Box::new([0u64; HEAD_BITS / 64]);
        for key in keys {
            for len in 1..=3 {
                if let Some(head) = key.as_bytes().get(..len) {
                    let (word, bit) = head_slot(head);
                    if let Some(w) = bits.get_mut(word) {
                        *w |= bit;
                    }
                }
            }
        }
        KeyHeads(bits)
    }

    /// False when no alias begins with the first three bytes of `key` (or all of it, when
    /// shorter): then `key`, and anything longer that begins with it, is no alias.
    pub(super) fn may_begin(&self, key: &str) -> bool {
        let bytes = key.as_bytes();
        let (word, bit) = head_slot(bytes.get(..bytes.len().min(3)).unwrap_or(bytes));
        self.0.get(word).is_some_and(|w| w & bit != 0)
    }
}
