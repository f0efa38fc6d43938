//! Lookalikes built from whole names rather than typos: a protected domain embedded in a longer
//! host (`proximus.be.example.com`, `proximus-be.com`), a brand glued to other words
//! (`kbc-veiligheid.com`, `myproximuslogin.be`), a label split by a dot (`spark.asse.de`), and
//! plurals (`proximuses.be`).

use super::{LookalikeIndex, LookalikeMatch, Owner, Technique, MIN_COMBO_TOKEN, MIN_EDIT_LEN};
use crate::domain::confusable::{fold, fold_letters};
use crate::domain::HostName;
use crate::fasthash::FastSet;

/// Longest combo word, folded (`authentification` is 16); a unit test holds the list to it.
pub(super) const MAX_WORD: usize = 16;
/// Most hyphen-separated tokens joined when looking for an embedded protected label.
const MAX_JOINED_TOKENS: usize = 4;
/// How many words may be stripped from one label.
const MAX_STRIPS: usize = 4;

/// Host labels in Unicode without the public suffix.
fn head_labels(host: &HostName) -> Vec<String> {
    let suffix_labels = host.suffix.as_deref().map_or(0, |s| s.split('.').count());
    let labels: Vec<&str> = host.unicode.split('.').collect();
    let keep = labels.len().saturating_sub(suffix_labels);
    labels.iter().take(keep).map(|l| l.to_lowercase()).collect()
}

/// `spark.asse.de`: the last labels before the suffix, joined, read as a protected label. An
/// ordinary word counts too unless it is short: no honest host spells a name across the
/// registrable boundary (`vlaan.deren.be`).
pub fn subdomain_split(
    index: &LookalikeIndex,
    host: &HostName,
    suffix: &str,
    found: &mut Vec<LookalikeMatch>,
) {
    let labels = head_labels(host);
    for take in 2..=3usize.min(labels.len()) {
        let joined: String = labels
            .iter()
            .skip(labels.len() - take)
            .map(String::as_str)
            .collect();
        let folded = fold(&joined);
        for &id in index.with_folded(&folded) {
            if index.entry(id).is_some_and(|e| {
                e.suffix == suffix && (!e.word || folded.chars().count() >= MIN_EDIT_LEN)
            }) {
                found.push(LookalikeMatch {
                    technique: Technique::Subdomain,
                    entry: id,
                });
            }
        }
    }
}

/// A protected `label.suffix` written inside the host, with dots or hyphens
/// (`proximus.be.example.com`, `proximus-be.com`, `apple.com-verify.info`) or glued
/// (`proximusbe.com`).
pub fn embedded(index: &LookalikeIndex, host: &HostName, found: &mut Vec<LookalikeMatch>) {
    let labels = head_labels(host);
    in_subdomain(index, &labels, found);
    let tokens: Vec<String> = labels
        .iter()
        .flat_map(|l| l.split('-').map(str::to_string).collect::<Vec<_>>())
        .filter(|t| !t.is_empty())
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        // A run of tokens, for protected labels with hyphens (`credit-agricole.fr.example.com`).
        let mut joined = String::new();
        for (j, part) in tokens.iter().enumerate().skip(i).take(MAX_JOINED_TOKENS) {
            if j > i {
                joined.push('-');
            }
            joined.push_str(part);
            for &id in index.with_folded(&fold(&joined)) {
                let Some(e) = index.entry(id) else { continue };
                if e.suffix.is_empty() {
                    continue;
                }
                let follows = e
                    .suffix
                    .split('.')
                    .enumerate()
                    .all(|(k, s)| tokens.get(j + 1 + k).is_some_and(|t| t == s));
                if follows {
                    found.push(LookalikeMatch {
                        technique: Technique::Embedding,
                        entry: id,
                    });
                }
            }
        }
        let folded = fold(token);
        // A token that is the label of another of the owner's domains names the brand and
        // embeds no domain: a brand with a short domain `name.be` next to its main `namebe.com`
        // would otherwise see every `namebe-...` host as embedding the short one.
        let names_owner = |owner: Owner| {
            index.with_folded(&folded).iter().any(|&o| {
                index
                    .entry(o)
                    .is_some_and(|x| x.owner == owner && !x.suffix.is_empty())
            })
        };
        // Glued: `proximusbe` = label + suffix without dots.
        for cut in (MIN_COMBO_TOKEN..folded.len()).rev() {
            let (Some(head), Some(tail)) = (folded.get(..cut), folded.get(cut..)) else {
                continue;
            };
            for &id in index.with_folded(head) {
                // Ordinary words too: the whole token must be the name and its suffix.
                if index.entry(id).is_some_and(|e| {
                    !e.suffix.is_empty()
                        && fold(&e.suffix.replace('.', "")) == tail
                        && !names_owner(e.owner)
                }) {
                    found.push(LookalikeMatch {
                        technique: Technique::Embedding,
                        entry: id,
                    });
                }
            }
        }
    }
}

/// `k-bc.be`, `social-security.com`: a protected label cut by hyphens. Short names and
/// ordinary words only under their own suffix.
pub fn hyphenated(
    index: &LookalikeIndex,
    unicode_label: &str,
    suffix: &str,
    found: &mut Vec<LookalikeMatch>,
) {
    if !unicode_label.contains('-') {
        return;
    }
    let joined = fold(&unicode_label.replace('-', ""));
    let short = joined.chars().count() < MIN_EDIT_LEN;
    for &id in index.with_folded(&joined) {
        let Some(e) = index.entry(id) else { continue };
        if e.suffix.is_empty() || e.label.contains('-') || e.label.len() < MIN_COMBO_TOKEN {
            continue;
        }
        if (short || e.word) && e.suffix != suffix {
            continue;
        }
        found.push(LookalikeMatch {
            technique: Technique::Hyphenation,
            entry: id,
        });
    }
}

/// A brand name as a token of a subdomain of some other site: `kbc-touch.login-example.net`.
fn in_subdomain(index: &LookalikeIndex, labels: &[String], found: &mut Vec<LookalikeMatch>) {
    let subdomains = labels.len().saturating_sub(1);
    for label in labels.iter().take(subdomains) {
        for token in label.split('-').filter(|t| t.len() >= MIN_COMBO_TOKEN) {
            for &id in index.with_token(&fold(token)) {
                let brand = index
                    .entry(id)
                    .is_some_and(|e| !e.word && matches!(e.owner, Owner::Brand(_)));
                if brand {
                    found.push(LookalikeMatch {
                        technique: Technique::InSubdomain,
                        entry: id,
                    });
                }
            }
        }
    }
}

/// A token that is a phisher's word or several glued together (`moncompte`, `securelogin`).
fn is_combo_phrase(index: &LookalikeIndex, token: &str) -> bool {
    if index.is_combo_word(token) {
        return true;
    }
    // `ends[k]`: the first `k` bytes split into combo words (at most `MAX_WORD` long each).
    let n = token.len();
    let mut ends = vec![false; n + 1];
    if let Some(first) = ends.first_mut() {
        *first = true;
    }
    for end in 1..=n {
        let reachable = (end.saturating_sub(MAX_WORD)..end).any(|start| {
            ends.get(start).copied().unwrap_or(false)
                && token
                    .get(start..end)
                    .is_some_and(|w| index.is_combo_word(w))
        });
        if let Some(e) = ends.get_mut(end) {
            *e = reachable;
        }
    }
    n > 0 && ends.get(n).copied().unwrap_or(false)
}

/// Strip combo words (and digit runs) from both ends of the folded label `s`; return every
/// remainder reached after at least one strip.
fn strip_words(index: &LookalikeIndex, s: &str) -> Vec<String> {
    let is_combo_word = |w: &str| index.is_combo_word(w);
    let mut out: Vec<String> = Vec::new();
    let mut seen: FastSet<String> = FastSet::default();
    let mut frontier = vec![s.to_string()];
    for _ in 0..MAX_STRIPS {
        let mut next = Vec::new();
        for cur in &frontier {
            let digits_front =
                cur.len() - cur.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let digits_back = cur.len() - cur.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let mut cuts: Vec<String> = Vec::new();
            if digits_front > 0 {
                cuts.extend(cur.get(digits_front..).map(str::to_string));
            }
            if digits_back > 0 {
                cuts.extend(cur.get(..cur.len() - digits_back).map(str::to_string));
            }
            for n in 2..=MAX_WORD.min(cur.len().saturating_sub(1)) {
                if let (Some(w), Some(rest)) = (cur.get(..n), cur.get(n..)) {
                    if is_combo_word(w) {
                        cuts.push(rest.to_string());
                    }
                }
                let split = cur.len() - n;
                if let (Some(rest), Some(w)) = (cur.get(..split), cur.get(split..)) {
                    if is_combo_word(w) {
                        cuts.push(rest.to_string());
                    }
                }
            }
            for c in cuts {
                if !c.is_empty() && seen.insert(c.clone()) {
                    out.push(c.clone());
                    next.push(c);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    out
}

/// A brand (or the user's domain) glued to other words in the registrable label.
pub fn combosquat(index: &LookalikeIndex, unicode_label: &str, found: &mut Vec<LookalikeMatch>) {
    let raw_tokens: Vec<&str> = unicode_label.split('-').filter(|t| !t.is_empty()).collect();
    let tokens: Vec<String> = raw_tokens.iter().map(|t| fold(t)).collect();
    let hyphenated = tokens.len() > 1;
    // Which tokens are phisher's words, worked out once and only when a brand token asks.
    let phrases: std::cell::OnceCell<Vec<bool>> = std::cell::OnceCell::new();
    let has_combo_word = |skip: usize| {
        phrases
            .get_or_init(|| tokens.iter().map(|t| is_combo_phrase(index, t)).collect())
            .iter()
            .enumerate()
            .any(|(i, &phrase)| i != skip && phrase)
    };
    // `brand-cdn`, `static-brand`: the brand's own plumbing, not a page for people.
    let only_infrastructure = |skip: usize| {
        tokens
            .iter()
            .enumerate()
            .all(|(i, t)| i == skip || LookalikeIndex::is_infrastructure_word(t))
    };
    let mut push = |id: u32| {
        if index
            .entry(id)
            .is_some_and(|e| !matches!(e.owner, Owner::Correspondent(_) | Owner::Mailbox))
        {
            found.push(LookalikeMatch {
                technique: Technique::Combosquat,
                entry: id,
            });
        }
    };
    for (i, (token, raw)) in tokens.iter().zip(&raw_tokens).enumerate() {
        if hyphenated {
            // An ordinary word or a short name (`ups-and-downs`, `tec-solutions`) next to other
            // words, or any name next to infrastructure words only, is a lookalike only when one
            // of them is a phisher's word (`-login`).
            let short = token.chars().count() < MIN_EDIT_LEN;
            let plumbing = only_infrastructure(i);
            for &id in index.with_token(token) {
                let word = index.entry(id).is_none_or(|e| e.word);
                if !(word || short || plumbing) || has_combo_word(i) {
                    push(id);
                }
            }
        }
        if token.len() > MIN_EDIT_LEN {
            // Also letter by letter: the pair rules can merge the seam between a name and a
            // word (`kbc` + `login` folds to `kbdogin`).
            let letters = fold_letters(raw);
            let mut rests = strip_words(index, token);
            if letters != *token {
                rests.extend(strip_words(index, &letters).iter().map(|r| fold(r)));
            }
            for rest in rests {
                for &id in index.with_token(&rest) {
                    // A short name glued to words needs a hyphen elsewhere in the label
                    // (`mijnkbc-veilig`) or a phisher's word of three letters or more around it
                    // (`kbclogin`, not `kbc7`), and is never a short ordinary word: Dutch
                    // `bevestiging` is `bevestig` + `ing`, not the bank.
                    let short = rest.len() < MIN_EDIT_LEN;
                    let word = index.entry(id).is_none_or(|e| e.word);
                    let glued_words = token.len() >= rest.len() + MIN_COMBO_TOKEN;
                    if !short || (!word && (hyphenated || glued_words)) {
                        push(id);
                    }
                }
            }
        }
    }
    plural(index, unicode_label, found);
}

/// `proximuses`, `proxismus`: an `s` or `es` added inside a label of 5+ characters.
fn plural(index: &LookalikeIndex, unicode_label: &str, found: &mut Vec<LookalikeMatch>) {
    let folded = fold(unicode_label);
    for (at, _) in folded.match_indices('s') {
        for len in [1usize, 2] {
            let start = if len == 2 {
                at.checked_sub(1)
            } else {
                Some(at)
            };
            let Some(start) = start else { continue };
            if len == 2 && folded.get(start..start + 1) != Some("e") {
                continue;
            }
            let (Some(a), Some(b)) = (folded.get(..start), folded.get(start + len..)) else {
                continue;
            };
            let candidate = format!("{a}{b}");
            if candidate.len() < MIN_EDIT_LEN {
                continue;
            }
            for &id in index.with_folded(&candidate) {
                if index
                    .entry(id)
                    .is_some_and(|e| !e.word && !e.suffix.is_empty())
                {
                    found.push(LookalikeMatch {
                        technique: Technique::Plural,
                        entry: id,
                    });
                }
            }
        }
    }
}
