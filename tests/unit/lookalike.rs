use super::typo::{differs_in_digits_only, differs_in_first_char_only};
use super::*;
use crate::brands::BRANDS;

/// A made-up important domain of the user and a made-up correspondent, next to the catalog.
const USER: &str = "ardennes-logistique.be";
const CORRESPONDENT: &str = "notaire-lambert.be";

fn index() -> LookalikeIndex {
    LookalikeIndex::build(&[USER.to_string()], &[(CORRESPONDENT.to_string(), 12)])
}

/// Who the strongest match imitates: a brand id, `user` or `correspondent`.
fn owner_name(index: &LookalikeIndex, m: &LookalikeMatch) -> String {
    match index.entry(m.entry).map(|e| e.owner) {
        Some(Owner::Brand(b)) => BRANDS.get(usize::from(b)).map_or("?", |b| b.id).to_string(),
        Some(Owner::User) => "user".into(),
        Some(Owner::Correspondent(_)) => "correspondent".into(),
        Some(Owner::Mailbox) => "mailbox".into(),
        None => "?".into(),
    }
}

fn top(index: &LookalikeIndex, host: &str) -> Option<(Technique, String)> {
    let host = HostName::parse(host).unwrap_or_else(|e| panic!("{host}: {e}"));
    index
        .find(&host)
        .first()
        .map(|m| (m.technique, owner_name(index, m)))
}

fn check_table(cases: &[(&str, Technique, &str)]) {
    let index = index();
    for &(host, technique, owner) in cases {
        assert_eq!(
            top(&index, host),
            Some((technique, owner.to_string())),
            "{host}"
        );
    }
}

/// None of `hosts` reads as a look-alike of anything protected.
fn check_none(index: &LookalikeIndex, hosts: &[&str]) {
    for &host in hosts {
        assert_eq!(top(index, host), None, "{host}");
    }
}

#[test]
fn homoglyphs() {
    check_table(&[
        ("paypa1.com", Technique::Homoglyph, "paypal"),
        ("pr0ximus.be", Technique::Homoglyph, "proximus"),
        ("proxirnus.be", Technique::Homoglyph, "proximus"),
        ("belf1us.be", Technique::Homoglyph, "belfius"),
        // Every letter Cyrillic: one script, but all of it reads as Latin.
        (
            "\u{430}\u{440}\u{440}\u{4cf}\u{435}.com",
            Technique::Homoglyph,
            "apple",
        ),
        ("ardennes-iogistique.be", Technique::Homoglyph, "user"),
        // Latin small capitals: one script, read as their letters.
        ("\u{299}elfius.be", Technique::Homoglyph, "belfius"),
    ]);
}

#[test]
fn mixed_scripts() {
    check_table(&[
        ("pr\u{3bf}ximus.be", Technique::MixedScript, "proximus"),
        ("b\u{435}lfius.be", Technique::MixedScript, "belfius"),
        (
            "ardennes-log\u{456}stique.be",
            Technique::MixedScript,
            "user",
        ),
    ]);
}

#[test]
fn typos() {
    check_table(&[
        ("porximus.be", Technique::Transposition, "proximus"),
        ("belfuis.be", Technique::Transposition, "belfius"),
        ("ardenens-logistique.be", Technique::Transposition, "user"),
        ("proxmus.be", Technique::Omission, "proximus"),
        ("belfus.be", Technique::Omission, "belfius"),
        ("ardennes-logistiqe.be", Technique::Omission, "user"),
        ("belfious.be", Technique::Insertion, "belfius"),
        ("ardennes-logiastique.be", Technique::Insertion, "user"),
        ("proxximus.be", Technique::Repetition, "proximus"),
        ("belffius.be", Technique::Repetition, "belfius"),
        ("proxinus.be", Technique::Replacement, "proximus"),
        ("belfjus.be", Technique::Replacement, "belfius"),
        ("proxilus.be", Technique::Bitsquat, "proximus"),
        ("bdlfius.be", Technique::Bitsquat, "belfius"),
        ("proxemus.be", Technique::VowelSwap, "proximus"),
        ("belfios.be", Technique::VowelSwap, "belfius"),
        ("prox-imus.be", Technique::Hyphenation, "proximus"),
        ("belf-ius.be", Technique::Hyphenation, "belfius"),
        // Long labels may be two edits away under the same suffix.
        ("ardenes-logistiqe.be", Technique::Omission, "user"),
        // A correspondent's domain is a first contact, not a brand.
        ("notaire-lamber.be", Technique::Omission, "correspondent"),
    ]);
}

#[test]
fn names_under_another_suffix() {
    check_table(&[
        ("proximus.fr", Technique::TldSwap, "proximus"),
        ("belfius.nl", Technique::TldSwap, "belfius"),
        ("ardennes-logistique.com", Technique::TldSwap, "user"),
    ]);
}

#[test]
fn brands_glued_to_words() {
    check_table(&[
        ("proximus-login.com", Technique::Combosquat, "proximus"),
        ("myproximusinfo.be", Technique::Combosquat, "proximus"),
        ("belfiuslogin.com", Technique::Combosquat, "belfius"),
        ("kbc-bevestiging.net", Technique::Combosquat, "kbc"),
        ("mijnkbc-veilig.be", Technique::Combosquat, "kbc"),
        ("dhl-pakket-status.com", Technique::Combosquat, "dhl"),
        ("secure-paypal-account.net", Technique::Combosquat, "paypal"),
        // Names that are not domain labels are keys too.
        ("kbctouch-app.com", Technique::Combosquat, "kbc"),
        (
            "bnpparibasfortis-client.com",
            Technique::Combosquat,
            "bnp_fortis",
        ),
        // An ordinary-word brand needs a phisher's word next to it.
        ("orange-facture.com", Technique::Combosquat, "orange_fr"),
        ("orange-facture.be", Technique::Combosquat, "orange_be"),
        ("proximuses.be", Technique::Plural, "proximus"),
        // A short name glued to a phisher's word, even where the pair rules merge the seam
        // (`kbc` + `login` folds to `kbdogin`).
        ("kbcservicedesk.be", Technique::Combosquat, "kbc"),
        ("kbclogin.be", Technique::Combosquat, "kbc"),
        ("dhlzending.com", Technique::Combosquat, "dhl"),
        ("kbctransactions.be", Technique::Combosquat, "kbc"),
        ("proximuscredentials.eu", Technique::Combosquat, "proximus"),
        // A name cut by hyphens; a short one under its own suffix only.
        ("k-bc.be", Technique::Hyphenation, "kbc"),
        ("prox-imus.com", Technique::Hyphenation, "proximus"),
        // An ordinary-word name glued to its own suffix.
        ("orangebe.com", Technique::Embedding, "orange_be"),
    ]);
}

#[test]
fn embedded_domains() {
    check_table(&[
        (
            "proximus.be.secure-example.com",
            Technique::Embedding,
            "proximus",
        ),
        ("proximus-be.net", Technique::Embedding, "proximus"),
        ("proximusbe.com", Technique::Embedding, "proximus"),
        (
            "www.belfius.be-verify.example.org",
            Technique::Embedding,
            "belfius",
        ),
        (
            "ardennes-logistique.be.example.net",
            Technique::Embedding,
            "user",
        ),
        (
            "credit-agricole.fr.secure-example.com",
            Technique::Embedding,
            "credit_agricole",
        ),
        ("stib-mivb-be.example.net", Technique::Embedding, "stib"),
        ("spark.asse.de", Technique::Subdomain, "sparkasse"),
        (
            "belfius.login-example.net",
            Technique::InSubdomain,
            "belfius",
        ),
    ]);
}

#[test]
fn an_ordinary_word_name_cut_by_a_dot_under_its_own_suffix() {
    // `vlaan.deren.be` only reads as the region's site: no honest host spells a name across
    // the registrable boundary. Short names stay out (`po.st.lu` is too easily chance).
    check_table(&[("vlaan.deren.be", Technique::Subdomain, "vlaanderen")]);
    for host in ["po.st.lu", "vlaan.deren.nl"] {
        assert_eq!(top(&index(), host), None, "{host}");
    }
}

#[test]
fn strongest_match_first_one_per_owner() {
    let index = index();
    let host = HostName::parse("pr0ximus-be.com").unwrap();
    let found = index.find(&host);
    assert_eq!(
        found.first().map(|m| m.technique),
        Some(Technique::Embedding),
        "{found:?}"
    );
    let owners: Vec<String> = found.iter().map(|m| owner_name(&index, m)).collect();
    let mut unique = owners.clone();
    unique.dedup();
    assert_eq!(owners, unique);
    // Among several domains of one brand, the one under the host's suffix is named.
    let host = HostName::parse("proximus-login.com").unwrap();
    let m = index.find(&host)[0];
    assert_eq!(index.entry(m.entry).unwrap().domain, "proximus.com");
}

#[test]
fn official_domains_and_their_subdomains_are_never_flagged() {
    let index = index();
    for b in BRANDS {
        for d in b.domains {
            for host in [
                d.to_string(),
                format!("www.{d}"),
                format!("mail.secure.{d}"),
                format!("{d}."),
            ] {
                let h = HostName::parse(&host).unwrap();
                assert!(index.find(&h).is_empty(), "{host}: {:?}", index.find(&h));
            }
        }
    }
    for host in [
        USER,
        "portail.ardennes-logistique.be",
        CORRESPONDENT,
        "www.notaire-lambert.be",
    ] {
        assert!(
            index.find(&HostName::parse(host).unwrap()).is_empty(),
            "{host}"
        );
    }
}

#[test]
fn ordinary_domains_are_not_flagged() {
    let index = index();
    for host in [
        "example.com",
        "wikipedia.org",
        "lesoir.be",
        "www.rtl.be",
        "github.io",
        "someone.github.io",
        // One or two edits from a brand, but another word.
        "maximus.be",
        "bose.be",
        "oranje.nl",
        "englebert.be",
        "ping.com",
        "ling.be",
        "ingenieur.be",
        "uw-bevestiging.be",
        "mijn-betaling.nl",
        // Ordinary-word brands under another suffix, or next to ordinary words.
        "orange.nl",
        "booking-hotel-paris.com",
        "belgium-travel.com",
        "office-supplies.be",
        "service-public.be",
        // Short names next to ordinary words.
        "tec-solutions.be",
        "ups-and-downs.com",
        "dhl-fans.org",
        "k-bc.nl",
        "kbc7.be",
        "dhlx.com",
        "upstream-services.com",
        // Letters that fold together by accident, and one-letter names.
        "id.me",
        "x.org",
        "db.de",
        // The ordinary labels of brand top-level domains (`group.bnpparibas`, `cloud.microsoft`).
        "group-holidays.com",
        "cloud-storage.net",
        "mabanque-en-ligne.fr",
    ] {
        let h = HostName::parse(host).unwrap();
        let found: Vec<(Technique, String)> = index
            .find(&h)
            .iter()
            .map(|m| (m.technique, owner_name(&index, m)))
            .collect();
        assert!(found.is_empty(), "{host}: {found:?}");
    }
}

#[test]
fn technique_strength() {
    assert!(
        Technique::Homoglyph.is_strong()
            && Technique::MixedScript.is_strong()
            && Technique::Embedding.is_strong()
    );
    assert!(
        !Technique::Combosquat.is_strong()
            && !Technique::TldSwap.is_strong()
            && !Technique::Omission.is_strong()
    );
}

#[test]
fn filters_of_the_edit_distance() {
    assert!(differs_in_first_char_only(
        &['h', 'a', 'n', 'k'],
        &['t', 'a', 'n', 'k']
    ));
    assert!(differs_in_first_char_only(
        &['o', 'o', 'd', 'l', 'e'],
        &['p', 'o', 'o', 'd', 'l', 'e']
    ));
    assert!(!differs_in_first_char_only(
        &['b', 'a', 'n', 'k'],
        &['b', 'a', 'n', 'c']
    ));
    assert!(differs_in_digits_only("shop45", "shop35"));
    assert!(!differs_in_digits_only("shop45", "shop45"));
    assert!(!differs_in_digits_only("paypal", "paypa1"));
}

#[test]
fn odd_and_long_hosts_do_not_panic_or_crawl() {
    let index = index();
    let label = |s: &str| {
        s.repeat(63 / s.len().max(1))
            .chars()
            .take(63)
            .collect::<String>()
    };
    let hosts = [
        format!(
            "{}.{}.{}.com",
            label("login"),
            label("proximus"),
            label("mon")
        ),
        format!("{}.be", label("mijnsecureinfologin")),
        format!("{}.net", label("my")),
        format!("{}.be", label("a-")),
        format!("{}.com", label("\u{440}\u{3bf}")),
        "xn--80ak6aa92e.com".to_string(),
        "a.b.c.d.e.f.g.h.i.j.k.proximus.be.example.com".to_string(),
    ];
    for host in &hosts {
        if let Ok(h) = HostName::parse(host) {
            let _ = index.find(&h);
        }
    }
    let started = std::time::Instant::now();
    for _ in 0..20 {
        for host in &hosts {
            if let Ok(h) = HostName::parse(host) {
                let _ = index.find(&h);
            }
        }
    }
    // Generous (debug build, shared machine): a blow-up would take far longer.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn deletion_fingerprints_match_the_strings() {
    let fp = |s: &str| edit::Fingerprints::new(&s.chars().collect::<Vec<_>>()).whole();
    for word in [
        "proxlmus",
        "",
        "a",
        "ab",
        "abc",
        "pr\u{3bf}xlmus",
        "ardemes-loglstlque",
    ] {
        let chars: Vec<char> = word.chars().collect();
        let fps = edit::Fingerprints::new(&chars);
        assert_eq!(fps.whole(), fp(word));
        let without = |skip: &[usize]| -> String {
            chars
                .iter()
                .enumerate()
                .filter(|(k, _)| !skip.contains(k))
                .map(|(_, c)| *c)
                .collect()
        };
        let singles: Vec<u64> = (0..chars.len()).map(|i| fp(&without(&[i]))).collect();
        assert_eq!(fps.deletions().collect::<Vec<_>>(), singles, "{word}");
    }
    assert_ne!(fp("ab"), fp("ba"));
    assert_ne!(fp(""), fp("\u{0}"));
}

#[test]
fn char_counts_never_exceed_the_edit_distance() {
    let chars = |s: &str| s.chars().collect::<Vec<char>>();
    let words = [
        "contactcenter",
        "contactcentre",
        "harbourmaster",
        "harbourmastre",
        "lighthousekeeper",
        "lighthousekeper",
        "ardennes-logistique",
        "ardenes-logistqe",
        "\u{3bf}\u{3c1}\u{3b1}nge",
        "",
        "a",
        // Chars 32 apart share a bin: the bound only gets weaker.
        "a!",
        "!a",
    ];
    for a in words {
        for b in words {
            let bound = edit::CharCounts::of(a).distance_bound(&edit::CharCounts::of(b));
            let distance = edit::osa_distance(&chars(a), &chars(b), 64);
            assert!(
                distance.is_some_and(|d| bound <= d),
                "{a} {b}: {bound} {distance:?}"
            );
        }
    }
    let bound = |a: &str, b: &str| edit::CharCounts::of(a).distance_bound(&edit::CharCounts::of(b));
    assert_eq!(bound("harbourmaster", "harbourmastre"), 0);
    assert_eq!(bound("harbourmaster", "harbourmastex"), 1);
    assert_eq!(bound("harbourmaster", "harbourmasterxyz"), 3);
}

#[test]
fn fingerprint_table_finds_every_entry_of_a_key() {
    let mut t = edit::FpTable::default();
    for (fp, id) in [(7, 1), (3, 2), (7, 4), (9, 5), (7, 1), (u64::MAX, 6)] {
        t.insert(fp, id);
    }
    assert_eq!(t.len(), 5, "the repeated pair is stored once");
    let mut sevens: Vec<u32> = t.get(7).collect();
    sevens.sort_unstable();
    assert_eq!(sevens, [1, 4]);
    assert_eq!(t.get(3).collect::<Vec<_>>(), [2]);
    assert_eq!(t.get(u64::MAX).collect::<Vec<_>>(), [6]);
    assert_eq!(t.get(8).count(), 0);
    assert_eq!(t.get(0).count(), 0);
}

#[test]
fn fingerprint_table_keeps_colliding_keys_apart_as_it_grows() {
    // Keys sharing their low bits land in one probe run; growing rehashes them all.
    let mut t = edit::FpTable::default();
    let keys: Vec<u64> = (0..5000u64).map(|i| i << 20).collect();
    for (i, &k) in keys.iter().enumerate() {
        t.insert(k, u32::try_from(i).unwrap_or(0));
        t.insert(k, 9_999_999);
    }
    assert_eq!(t.len(), 10_000);
    for (i, &k) in keys.iter().enumerate() {
        let mut ids: Vec<u32> = t.get(k).collect();
        ids.sort_unstable();
        assert_eq!(ids, [u32::try_from(i).unwrap_or(0), 9_999_999]);
    }
    assert_eq!(t.get(1).count(), 0);
}

#[test]
fn every_domain_sharing_a_label_is_reached_by_a_typo() {
    // The fingerprint tables keep one entry per label; the other domains with that label
    // (a brand's country domains) are reached through it.
    let index = index();
    let h = HostName::parse("proxinus.be").unwrap();
    let found = index.raw_matches(&h);
    let domains: Vec<&str> = found
        .iter()
        .filter_map(|m| index.entry(m.entry))
        .map(|e| e.domain.as_ref())
        .collect();
    assert!(domains.contains(&"proximus.be"), "{domains:?}");
    assert!(domains.contains(&"proximus.com"), "{domains:?}");
}

#[test]
fn free_mailbox_providers_are_protected_like_ordinary_words() {
    check_table(&[
        ("gmai1.com", Technique::Homoglyph, "mailbox"),
        ("gmial.com", Technique::Transposition, "mailbox"),
        ("yahooo.com", Technique::Repetition, "mailbox"),
        ("tutan0ta.com", Technique::Homoglyph, "mailbox"),
    ]);
    let index = index();
    // The provider's own domains, other suffixes (often another company, or the provider's
    // own sites) and names glued to other words are not lookalikes of a mailbox.
    check_none(
        &index,
        &[
            "gmail.com",
            "email.com",
            "yahoo.lu",
            "yahoo-news.com",
            "mailbox-tools.de",
        ],
    );
}

#[test]
fn a_distinctive_short_or_mailbox_name_under_an_open_generic_suffix_is_a_swap() {
    check_table(&[
        ("kbc.shop", Technique::TldSwap, "kbc"),
        ("dhl.website", Technique::TldSwap, "dhl"),
        ("axa.info", Technique::TldSwap, "axa"),
        // A hosting platform's suffix is a suffix like any other.
        ("kbc.web.app", Technique::TldSwap, "kbc"),
        // Mailbox names that the catalog knows as a brand's product.
        ("gmail.shop", Technique::TldSwap, "mailbox"),
        ("icloud.website", Technique::TldSwap, "mailbox"),
    ]);
    let index = index();
    // One match for a provider that has the name under several suffixes.
    let host = HostName::parse("hotmail.website").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(index.find(&host).len(), 1);
    // Country codes and classic suffixes, ordinary words (a brand's, a mailbox's), a name the
    // catalog marks as a word ("Ing."), one- and two-letter names: no swap.
    check_none(
        &index,
        &[
            "kbc.mt",
            "dhl.com.mt",
            "gmail.lu",
            "kpn.net",
            "gmail.org",
            "kbc.mil",
            // A brand's own suffix.
            "gmail.google",
            // A mailbox name that is a product of a word brand ("Outlook").
            "outlook.shop",
            "orange.shop",
            "post.website",
            "mail.shop",
            "ing.website",
            "fb.shop",
        ],
    );
}

#[test]
fn a_word_brands_domain_that_is_no_word_is_judged_as_a_distinctive_name() {
    // `not_word_domains` in brands.toml: the names are read as words ("it's me", "Office",
    // "Belgium"), these domain names are not.
    check_table(&[
        ("itsme.support", Technique::TldSwap, "itsme"),
        ("steamcommunity.gift", Technique::TldSwap, "steam"),
        ("office365.help", Technique::TldSwap, "microsoft_words"),
        ("fgov.site", Technique::TldSwap, "belgium_be"),
        // A typo under another suffix, as for any distinctive name.
        ("steampowerd.top", Technique::Omission, "steam"),
    ]);
    let index = index();
    // The same brands' word domains stay words, and so does a first name.
    check_none(
        &index,
        &[
            "office.support",
            "orange.support",
            "belgium.support",
            "ameli.de",
        ],
    );
}

#[test]
fn a_lookalike_letter_plus_a_typo_counts_twice_in_short_names() {
    // `0` for `o` and `i` for `e`: one change once folded, two as written; five letters.
    assert_eq!(top(&index(), "ad0bi.com"), None);
    // The same pair of changes in a seven-letter name is still read as the brand.
    check_table(&[("be1fiuss.be", Technique::Insertion, "belfius")]);
}

#[test]
fn a_label_of_glued_words_is_no_ordinary_word() {
    // WeTransfer and La Poste are ordinary words in a display name, but their glued domain
    // labels are names: next to another word they are combosquats. Orange stays a word.
    check_table(&[
        ("wetransfer-kiosk.com", Technique::Combosquat, "wetransfer"),
        ("laposte-kiosk.fr", Technique::Combosquat, "la_poste"),
    ]);
    assert_eq!(top(&index(), "orange-kiosk.be"), None);
}

#[test]
fn an_accented_typo_is_read_letter_by_letter_and_named_by_what_it_reads() {
    check_table(&[
        // `ç` read as `c` and then `cl` read as `d` would hide the typo (`bdfius`); letter by
        // letter it is `bclfius`, one letter from the bank.
        ("bçlfíus.be", Technique::Replacement, "belfius"),
        // Named from the Unicode label, not from its `xn--` form (which read as an insertion).
        ("fluvíuz.be", Technique::Replacement, "fluvius"),
        // Named as the ASCII twins `docle` and `doccie` are: by the closest pair of readings.
        ("dócle.be", Technique::Omission, "doccle"),
        ("dóccie.be", Technique::Replacement, "doccle"),
    ]);
}

#[test]
fn a_short_name_written_with_accents_is_compared_under_its_own_suffix() {
    check_table(&[
        // Three letters, and short ordinary words, one edit away.
        ("kbô.be", Technique::Replacement, "kbc"),
        ("înk.be", Technique::Replacement, "ing"),
        ("bâsk.be", Technique::Replacement, "base"),
    ]);
    let index = index();
    // Written in ASCII, or under another suffix, the same names are other honest names.
    check_none(&index, &["kbo.be", "bask.be", "kbô.nl", "bâsk.nl"]);
    // A name that reads as one brand is not also one edit from another (`cbc`).
    let host = HostName::parse("kbċ.be").unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<(Technique, String)> = index
        .find(&host)
        .iter()
        .map(|m| (m.technique, owner_name(&index, m)))
        .collect();
    assert_eq!(found, [(Technique::Homoglyph, "kbc".to_string())]);
}

#[test]
fn a_typo_that_breaks_a_pair_in_the_protected_name_is_found() {
    // `doccle` folds to `docde` (`cl` read as `d`): a typo that splits the pair no longer
    // matched that form, only the name read letter by letter.
    check_table(&[
        ("doccale.be", Technique::Insertion, "doccle"),
        ("doccie.be", Technique::Replacement, "doccle"),
    ]);
}

#[test]
fn a_brands_own_compound_name_under_another_suffix_is_only_a_swap() {
    // `microsoft365` is the label of an official domain: under `.lu` it is the brand's name on
    // another suffix, not Microsoft (or its sister Office) glued to `365`.
    let index = index();
    for (host, owner) in [
        ("microsoft365.lu", "microsoft"),
        ("mysocialsecurity.lu", "socialsecurity_be"),
    ] {
        let parsed = HostName::parse(host).unwrap_or_else(|e| panic!("{host}: {e}"));
        let found: Vec<(Technique, String)> = index
            .find(&parsed)
            .iter()
            .map(|m| (m.technique, owner_name(&index, m)))
            .collect();
        assert_eq!(found, [(Technique::TldSwap, owner.to_string())], "{host}");
    }
    // What the rest of the host says still counts: the brand's domain written in a subdomain,
    // or its name as a token of one.
    check_table(&[
        (
            "login.microsoft.com.microsoft365.lu",
            Technique::Embedding,
            "microsoft",
        ),
        (
            "microsoft-login.microsoft365.lu",
            Technique::InSubdomain,
            "microsoft",
        ),
    ]);
}

#[test]
fn every_combo_word_fits_the_longest_word_stripped() {
    for w in crate::words::COMBO_WORDS {
        assert!(
            crate::domain::confusable::fold(w).len() <= super::combo::MAX_WORD,
            "{w}"
        );
    }
    // The longest words glue too (`authentification` is 16 letters).
    check_table(&[("kbc-monauthentification.com", Technique::Combosquat, "kbc")]);
}

#[test]
fn phishers_words_glued_together_count_as_one() {
    // A short name or an ordinary word needs a phisher's word beside it; `mijnlogin` and
    // `mijnfactuur` are two of them glued.
    check_table(&[
        ("kbc-mijnlogin.com", Technique::Combosquat, "kbc"),
        ("base-mijnfactuur.be", Technique::Combosquat, "base"),
    ]);
    // Other glued words are not.
    assert_eq!(top(&index(), "kbc-koalabear.com"), None);
}

#[test]
fn a_brand_next_to_infrastructure_words_only_is_its_plumbing() {
    // Sites serve files and measurements from such names; nobody signs in there.
    for host in [
        "telenet-static.be",
        "images-luminus.be",
        "fluvius-media.com",
    ] {
        assert_eq!(top(&index(), host), None, "{host}");
    }
    // A phisher's word, or any other word, beside them still makes a combosquat; so does a
    // word for something people sign in to (an advertising account).
    check_table(&[
        ("belfius-api-login.be", Technique::Combosquat, "belfius"),
        ("fluvius-media-kiosk.com", Technique::Combosquat, "fluvius"),
        ("fluvius-ads.com", Technique::Combosquat, "fluvius"),
    ]);
}

#[test]
fn another_first_letter_is_a_typo_in_long_names_or_where_no_word_starts_so() {
    check_table(&[("kelfius.be", Technique::Replacement, "belfius")]);
    // Short names and ordinary words with another first letter are mostly other words
    // (`ledex` may be a name)...
    let index = index();
    check_none(&index, &["ledex.com", "vindows.com"]);
    // ...unless no word of the four languages starts so, nor after a first letter (`2ng`,
    // `xng`, `xbp`).
    check_table(&[
        ("2ngie.be", Technique::Replacement, "engie"),
        ("xngie.be", Technique::Replacement, "engie"),
        ("xbpost.be", Technique::Insertion, "bpost"),
    ]);
    // A letter before a word (`jpost`, `qcloud`) is how companies name themselves.
    check_none(&index, &["zpost.be", "xcloud.com", "kfedex.com"]);
}

#[test]
fn a_letter_added_or_dropped_in_front_of_a_long_name_is_a_typo_under_its_own_suffix() {
    check_table(&[
        ("rdennes-logistique.be", Technique::Omission, "user"),
        ("zardennes-logistique.be", Technique::Insertion, "user"),
    ]);
    // Under another suffix it is most often another name (`bpostbank.be`, `postbank.de`).
    for host in ["rdennes-logistique.nl", "zardennes-logistique.fr"] {
        assert_eq!(top(&index(), host), None, "{host}");
    }
}

#[test]
fn two_typos_in_a_long_name_are_found_when_one_makes_a_look_alike_pair() {
    // `i` written `c` before an `l` (`cl` folds to `d`) and `n` written `m`: folded, three
    // edits from `mobilevikings`; as written, two, which a long name under its own suffix
    // allows. Each reading is looked up as far as the check accepts it.
    check_table(&[("mobclevikimgs.be", Technique::Replacement, "mobile_vikings")]);
}

#[test]
fn a_typo_that_makes_a_look_alike_pair_is_still_one_typo() {
    // `nn` folds to `m`: `vinnster` folds two edits away from `vinaster` (`i` read as `l`), but reads one
    // letter away from it.
    let index = LookalikeIndex::build(&["vinaster.be".to_string()], &[]);
    assert_eq!(
        top(&index, "vinnster.be"),
        Some((Technique::Replacement, "user".to_string()))
    );
}

#[test]
fn a_pair_read_as_one_letter_does_not_shorten_the_name() {
    // `zcl1ostar`: `c` for `e` (which makes `cl`, read as `d`) and `1` for `i`. Letter by
    // letter it is one change from `zeliostar`, and as long.
    let index = LookalikeIndex::build(&["zeliostar.be".to_string()], &[]);
    assert_eq!(
        top(&index, "zcl1ostar.be"),
        Some((Technique::Replacement, "user".to_string()))
    );
}

#[test]
fn known_correspondents_are_one_edit_away_at_most() {
    let index = index();
    assert_eq!(
        top(&index, "notaire-lamber.be"),
        Some((Technique::Omission, "correspondent".to_string()))
    );
    // Two edits reach the user's own long names, not the thousands of correspondents.
    assert_eq!(top(&index, "notaire-lambr.be"), None);
    assert_eq!(
        top(&index, "ardenes-logistque.be"),
        Some((Technique::Omission, "user".to_string()))
    );
}

#[test]
fn two_edits_only_under_the_long_names_own_suffix() {
    let index = index();
    // One edit reaches a long name under any suffix, two only under its own.
    assert_eq!(
        top(&index, "ardenes-logistique.com"),
        Some((Technique::Omission, "user".to_string()))
    );
    assert_eq!(top(&index, "ardenes-logistque.com"), None);
    // A two-edit host longer or shorter than the name by two is still found.
    assert_eq!(
        top(&index, "ardennes-logistiquexx.be").map(|(_, owner)| owner),
        Some("user".to_string())
    );
    assert_eq!(
        top(&index, "ardnes-logistique.be").map(|(_, owner)| owner),
        Some("user".to_string())
    );
    // Three chars longer is beyond two edits.
    assert_eq!(top(&index, "ardennes-logistiquexyz.be"), None);
}

#[test]
fn a_doubled_first_letter_is_a_repetition() {
    check_table(&[
        ("ssparkasse.de", Technique::Repetition, "sparkasse"),
        // Ordinary words too: hardly any word starts with a doubled letter.
        ("ttango.lu", Technique::Repetition, "tango"),
    ]);
}

#[test]
fn a_swap_that_folding_hides_is_still_found() {
    // `rn` folds to `m`: the swapped label only meets the brand as written.
    check_table(&[("ornage.fr", Technique::Transposition, "orange_fr")]);
}

#[test]
fn a_short_domain_glued_into_the_brands_own_label_is_no_embedding() {
    // YouTube's short domain glued (`youtu` + `be`) is its main label: a name, combined here
    // with another word, not an embedded domain.
    check_table(&[("youtube-kiosk.com", Technique::Combosquat, "youtube")]);
    // A glued form that is no label of the brand is still an embedding.
    check_table(&[("proximusbe-kiosk.com", Technique::Embedding, "proximus")]);
}

#[test]
fn ids_under_one_key_keep_their_order_without_duplicates() {
    let mut ids = Ids::One(7);
    ids.add(7);
    assert_eq!(ids.as_slice(), &[7]);
    for id in [3, 7, 9, 3] {
        ids.add(id);
    }
    assert_eq!(ids.as_slice(), &[7, 3, 9]);
}

#[test]
fn a_letter_added_to_a_three_letter_name_under_its_country_code() {
    check_table(&[
        ("vdkx.be", Technique::Insertion, "vdk"),
        ("vdkk.be", Technique::Repetition, "vdk"),
        ("kbzc.be", Technique::Insertion, "kbc"),
        ("sfrz.fr", Technique::Insertion, "sfr"),
        ("dhlk.de", Technique::Insertion, "dhl"),
        // A letter that makes a pair folding reads as one letter (`cl` as `d`, `rn` as `m`).
        ("dhcl.de", Technique::Insertion, "dhl"),
        ("sfrn.fr", Technique::Insertion, "sfr"),
    ]);
    check_none(
        &index(),
        &[
            // A word of the four languages (`tuin`, a garden, next to TUI's `tui.be`).
            "tuin.be",
            // A letter in front that starts like a word: Chromium's first-letter filter.
            "akbc.be",
            // A generic suffix, where every four-letter name is taken, one of the two-letter
            // codes run as generic; another suffix.
            "kbcx.com", "kbcx.eu", "kbzc.nl",
            // A digit at the end (Chromium's trailing-digit filter); a letter changed, not
            // added; two letters added.
            "vdk7.be", "vdq.be", "vdkxy.be",
        ],
    );
}

#[test]
fn every_short_name_word_is_a_three_letter_name_of_the_catalog_plus_one_letter() {
    let names: Vec<&str> = BRANDS
        .iter()
        .flat_map(|b| b.domains.iter())
        .filter_map(|d| d.split('.').next())
        .filter(|l| l.len() == 3)
        .collect();
    for w in crate::words::SHORT_NAME_WORDS {
        let plus_one = (0..w.len()).any(|i| {
            let without: String = w
                .char_indices()
                .filter(|&(j, _)| j != i)
                .map(|(_, c)| c)
                .collect();
            names.contains(&without.as_str())
        });
        assert!(
            plus_one,
            "{w}: no three-letter catalog name left (run tests/eval/short_name_words.py)"
        );
    }
}
