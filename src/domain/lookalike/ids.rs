//! The entry ids a key of the index leads to.

/// Entries under one key of the index: nearly always a single one, kept without an allocation
/// (the brand layer is rebuilt at every service-worker wake, and one `Vec` per key was a tenth
/// of that).
#[derive(Debug, Clone)]
pub enum Ids {
    One(u32),
    Many(Vec<u32>),
}

impl Ids {
    pub fn as_slice(&self) -> &[u32] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(ids) => ids,
        }
    }

    /// Add an id, unless it is there already.
    pub fn add(&mut self, id: u32) {
        match self {
            Ids::One(first) if *first != id => *self = Ids::Many(vec![*first, id]),
            Ids::Many(ids) if !ids.contains(&id) => ids.push(id),
            _ => {}
        }
    }
}
