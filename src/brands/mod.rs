//! The brand catalog (`src/data/brands.toml`, compiled into static tables by `build.rs`) and the
//! matcher that finds brand names in display names, local parts and link texts.
//!
//! Names are compared after removing accents, case and separators and folding confusables, so
//! `Service clientèle Proximus`, `ServiceclienteleProximus` and `Ρroximus` (Greek Rho) all name
//! Proximus. Brands whose name is an ordinary word (`word = true`: Orange, Base, Post...) need
//! stronger evidence: the whole name is the brand, or the brand comes with a service word.

use crate::domain::confusable::fold;
use crate::domain::lookalike::Text;
use crate::fasthash::{FastMap, FastSet};
use crate::snapshot::codec::{Reader, Writer};
use crate::words;
use std::borrow::Cow;
use std::sync::OnceLock;

mod glue;
mod heads;
mod tokens;
use heads::KeyHeads;
pub use tokens::{name_tokens, NameTokens};

/// One brand as compiled from `brands.toml`.
#[derive(Debug)]
pub struct BrandData {
    pub id: &'static str,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// Official registrable domains (ASCII).
    pub domains: &'static [&'static str],
    /// The name is an ordinary word and needs stronger evidence.
    pub word: bool,
    /// Domains of a `word` brand whose name is no ordinary word (`itsme.be`): their look-alikes
    /// are judged as a distinctive name's.
    pub not_word_domains: &'static [&'static str],
    pub country: &'static str,
    pub sector: &'static str,
    /// Owner group: brands of one group are sisters (their domains never imitate each other).
    pub group: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/brands.rs"));

/// Index of a brand in [`BRANDS`].
pub type BrandId = u16;

/// Longest run of tokens joined when looking a name up (`bnp paribas fortis` is 3,
/// `direction generale des finances publiques` is 5).
const MAX_NAME_TOKENS: usize = 6;
/// Country and company suffixes that may be glued to a brand in an address (`proximusbe`).
const GLUE_SUFFIXES: &[&str] = &["be", "nl", "fr", "de", "lu", "eu", "com", "net"];

/// Where a brand name was found, and how strongly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    pub brand: BrandId,
    /// The text is the brand name and nothing else (`"Orange"`, `"KBC"`).
    pub whole: bool,
    /// A service word sits next to it (`support`, `klantendienst`, `sécurité`...).
    pub with_service_word: bool,
    /// A longer alias that holds the brand's own name (`Orange Belgium`, `Mijn ING`): as
    /// telling as the whole name, even among other words.
    pub specific: bool,
}

/// The compiled catalog with its lookup maps.
pub struct Catalog {
    /// Folded compact alias (`bnpparibasfortis`) → brands.
    by_compact: FastMap<Text, Vec<BrandId>>,
    /// Official registrable domain → brands.
    by_domain: FastMap<&'static str, Vec<BrandId>>,
    /// Folded service words (`src/data/words.toml`).
    service_words: FastSet<Text>,
    /// Folded words that may be glued to a brand name inside one token: service and combo
    /// words, country suffixes.
    glue_words: FastSet<Text>,
    /// Length of the longest compact alias, in bytes.
    longest_key: usize,
    /// Every compact alias, sorted: a run of tokens that does not begin one cannot grow into a
    /// name, so the scan of a long text stops after one lookup per token.
    sorted_keys: Vec<Text>,
    /// The first bytes aliases begin with.
    key_heads: KeyHeads,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::new()
    }
}

fn compact_key(alias: &str) -> String {
    name_tokens(alias).into_concat()
}

impl Catalog {
    /// Build from the compiled data: every alias folded into its compact key. Start-up uses
    /// the snapshot of these tables instead (`crate::snapshot`).
    pub fn new() -> Catalog {
        let mut by_compact: FastMap<Text, Vec<BrandId>> = FastMap::default();
        for (i, b) in BRANDS.iter().enumerate() {
            let id = BrandId::try_from(i).unwrap_or(BrandId::MAX);
            for alias in std::iter::once(&b.name).chain(b.aliases.iter()) {
                let key = compact_key(alias);
                if key.len() >= 2 {
                    let ids = by_compact.entry(key.into()).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        let glue_words = words::SERVICE_WORDS
            .iter()
            .chain(words::COMBO_WORDS)
            .chain(GLUE_SUFFIXES)
            .map(|w| fold(w).into())
            .collect();
        let service_words = words::SERVICE_WORDS
            .iter()
            .map(|w| fold(w).into())
            .collect();
        let mut sorted_keys: Vec<Text> = by_compact.keys().cloned().collect();
        sorted_keys.sort_unstable();
        Catalog::from_folded(by_compact, sorted_keys, service_words, glue_words)
    }

    /// The catalog around its folded tables; the rest comes straight from the static data.
    /// `sorted_keys`: the keys of `by_compact`, sorted.
    fn from_folded(
        by_compact: FastMap<Text, Vec<BrandId>>,
        sorted_keys: Vec<Text>,
        service_words: FastSet<Text>,
        glue_words: FastSet<Text>,
    ) -> Catalog {
        let mut by_domain: FastMap<&'static str, Vec<BrandId>> = FastMap::default();
        for (i, b) in BRANDS.iter().enumerate() {
            let id = BrandId::try_from(i).unwrap_or(BrandId::MAX);
            for d in b.domains {
                by_domain.entry(d).or_default().push(id);
            }
        }
        let longest_key = sorted_keys.iter().map(|k| k.len()).max().unwrap_or(0);
        let key_heads = KeyHeads::of(sorted_keys.iter().map(|k| k.as_ref()));
        Catalog {
            sorted_keys,
            key_heads,
            longest_key,
            by_compact,
            by_domain,
            service_words,
            glue_words,
        }
    }

    /// The folded tables, for the start-up snapshot (sorted, so the bytes are reproducible).
    pub(crate) fn write_tables(&self, w: &mut Writer) {
        w.len(self.sorted_keys.len());
        for key in &self.sorted_keys {
            w.str(key);
            let ids = self.by_compact.get(key).map_or(&[][..], Vec::as_slice);
            w.len(ids.len());
            for &id in ids {
                w.u16(id);
            }
        }
        w.sorted_strs(self.service_words.iter().map(|w| w.as_ref()));
        w.sorted_strs(self.glue_words.iter().map(|w| w.as_ref()));
    }

    pub(crate) fn read_tables(r: &mut Reader<'static>) -> Option<Catalog> {
        let keys = r.len()?;
        let mut by_compact = FastMap::with_capacity_and_hasher(keys, Default::default());
        // Written in sorted order (`write_tables`), so read into the sorted list as they come.
        let mut sorted_keys: Vec<Text> = Vec::with_capacity(keys);
        for _ in 0..keys {
            let key = Cow::Borrowed(r.str()?);
            if sorted_keys.last().is_some_and(|last| *last >= key) {
                return None;
            }
            sorted_keys.push(key.clone());
            let n = r.len()?;
            let ids = (0..n)
                .map(|_| r.u16().filter(|&id| usize::from(id) < BRANDS.len()))
                .collect::<Option<Vec<BrandId>>>()?;
            by_compact.insert(key, ids);
        }
        let service_words = r.strs()?.into_iter().map(Cow::Borrowed).collect();
        let glue_words = r.strs()?.into_iter().map(Cow::Borrowed).collect();
        Some(Catalog::from_folded(
            by_compact,
            sorted_keys,
            service_words,
            glue_words,
        ))
    }

    /// True when some compact alias is `key` followed by more: in sorted order, such an alias
    /// comes right after every key that is not greater than `key`.
    fn begins_a_longer_key(&self, key: &str) -> bool {
        let after = self.sorted_keys.partition_point(|k| k.as_ref() <= key);
        self.sorted_keys
            .get(after)
            .is_some_and(|k| k.starts_with(key))
    }

    pub fn brand(&self, id: BrandId) -> Option<&'static BrandData> {
        BRANDS.get(usize::from(id))
    }

    pub fn len(&self) -> usize {
        BRANDS.len()
    }

    pub fn is_empty(&self) -> bool {
        BRANDS.is_empty()
    }

    /// Brands that list this registrable domain as official.
    pub fn owners_of(&self, registrable: &str) -> &[BrandId] {
        self.by_domain.get(registrable).map_or(&[], Vec::as_slice)
    }

    /// True when `registrable` is an official domain of the brand or of a sister brand.
    pub fn is_official_for(&self, brand: BrandId, registrable: &str) -> bool {
        let Some(b) = self.brand(brand) else {
            return false;
        };
        self.owners_of(registrable)
            .iter()
            .filter_map(|&o| self.brand(o))
            .any(|o| o.group == b.group)
    }

    /// True when the domain is official for any brand.
    pub fn is_official(&self, registrable: &str) -> bool {
        !self.owners_of(registrable).is_empty()
    }

    /// Brands named in a display name or a link text. `inner` also looks for long aliases
    /// inside single tokens (`ServiceclienteleProximus` as one word), which is worth it for
    /// local parts and display names but not for every link of a newsletter.
    pub fn find_names(&self, text: &str, inner: bool) -> Vec<NameMatch> {
        let tokens = name_tokens(text);
        let mut found: Vec<NameMatch> = Vec::new();
        let mut add = |brand: BrandId, whole: bool, specific: bool| {
            if let Some(m) = found.iter_mut().find(|m| m.brand == brand) {
                m.whole |= whole;
                m.specific |= specific;
            } else {
                found.push(NameMatch {
                    brand,
                    whole,
                    with_service_word: false,
                    specific,
                });
            }
        };
        for start in 0..tokens.len() {
            let last = tokens.len().min(start + MAX_NAME_TOKENS);
            for end in start + 1..=last {
                let Some(key) = tokens
                    .span(start, end)
                    .filter(|k| self.key_heads.may_begin(k))
                else {
                    break;
                };
                if let Some(ids) = self
                    .by_compact
                    .get(key)
                    .filter(|_| !tokens.is_number(start, end))
                {
                    let whole = start == 0 && end == tokens.len();
                    for &id in ids {
                        if !self.brand(id).is_some_and(|b| b.word) {
                            add(id, whole, false);
                            continue;
                        }
                        // An ordinary word glued to another inside one written word is part
                        // of that word (`Free` in `FreeBSD`), unless the rest is service
                        // words or digits (`OrangeSupport`, `Orange2024`).
                        if !self.glued_only_to_service_words(&tokens, start, end) {
                            continue;
                        }
                        let specific = end - start > 1
                            && (start..end).any(|i| {
                                tokens
                                    .get(i)
                                    .and_then(|t| self.by_compact.get(t))
                                    .is_some_and(|own| own.contains(&id))
                            });
                        // Next to another plain word the ordinary word is part of a name of
                        // its own: `Free Trial Team`, `Knowledge Base Notifications`.
                        if !specific && self.in_a_compound(&tokens, start, end) {
                            continue;
                        }
                        add(id, whole, specific);
                    }
                }
                if !self.begins_a_longer_key(key) {
                    break;
                }
            }
            if inner {
                if let Some(t) = tokens.get(start) {
                    for id in self.inner_aliases(t) {
                        add(id, false, false);
                    }
                }
            }
        }
        // Looked up only when a brand is named (most link texts name none).
        if !found.is_empty() && tokens.iter().any(|t| self.service_words.contains(t)) {
            for m in &mut found {
                m.with_service_word = true;
            }
        }
        found.retain(|m| {
            self.brand(m.brand)
                .is_some_and(|b| !b.word || m.whole || m.specific || m.with_service_word)
        });
        found
    }

    /// Whether tokens `from..to` stand next to a plain word of the same phrase: one that is no
    /// service or phisher word, no country code and no number. Before the brand, small words
    /// are looked past (`Toerisme van Vlaanderen`); a plain word there makes the brand's word
    /// the end of another name (`Knowledge Base`, `Gluten Free`). Right after it, a plain word
    /// makes a name of its own (`Free Trial`, `Isabel from Support`) unless it names one of
    /// the brand's products (`Orange Mobile`, `Visa Card`).
    fn in_a_compound(&self, tokens: &NameTokens, from: usize, to: usize) -> bool {
        let plain = |i: usize| {
            !tokens.is_number(i, i + 1)
                && tokens.get(i).is_some_and(|t| !self.glue_words.contains(t))
        };
        let mut i = from;
        while !tokens.breaks_before(i) {
            i -= 1;
            let filler = tokens
                .get(i)
                .is_some_and(|t| is_folded_word(&FILLERS, words::NAME_FILLERS, t));
            if !filler {
                if plain(i) {
                    return true;
                }
                break;
            }
        }
        to < tokens.len()
            && !tokens.breaks_before(to)
            && plain(to)
            && !tokens
                .get(to)
                .is_some_and(|t| is_folded_word(&PRODUCTS, words::PRODUCT_WORDS, t))
    }

    /// Whether the tokens written in one word with `from..to` are all service words or
    /// numbers (none at all when the run is a written word of its own).
    fn glued_only_to_service_words(&self, tokens: &NameTokens, from: usize, to: usize) -> bool {
        tokens.glued_to(from, to).all(|i| {
            tokens.is_number(i, i + 1)
                || tokens
                    .get(i)
                    .is_some_and(|t| self.service_words.contains(t))
        })
    }
}

/// Free mailbox providers (`src/data/freemail.toml`): anyone can register an address there.
/// `words.toml`'s `name_fillers` and `product`, folded as name tokens are.
static FILLERS: OnceLock<Vec<String>> = OnceLock::new();
static PRODUCTS: OnceLock<Vec<String>> = OnceLock::new();

/// Whether a folded token is one of `list`'s words. The words are folded once, on first use:
/// they are read only next to an ordinary-word brand, so the engine's start does not pay.
fn is_folded_word(folded: &'static OnceLock<Vec<String>>, list: &[&str], token: &str) -> bool {
    folded
        .get_or_init(|| list.iter().map(|w| name_tokens(w).into_concat()).collect())
        .iter()
        .any(|w| w == token)
}

pub fn is_freemail(registrable: &str) -> bool {
    FREEMAIL.binary_search(&registrable).is_ok()
}

#[cfg(test)]
#[path = "../../tests/unit/brands.rs"]
mod unit_tests;
