//! Word lists compiled from `src/data/words.toml` (see that file for what each list is for).

include!(concat!(env!("OUT_DIR"), "/words.rs"));
