use super::scan::{word_hash, words};
use super::*;

fn kinds(text: &str) -> Vec<String> {
    Lexicon::new()
        .check(text)
        .into_iter()
        .filter(|f| f.kind == Kind::SecretRequest)
        .flat_map(|f| f.evidence.get("asks_for").cloned())
        .collect()
}

#[test]
fn requests_in_four_languages() {
    assert_eq!(
        kinds("Merci de confirmer votre numéro de carte SIM ainsi que vos codes PIN et PUK."),
        ["pin puk sim"]
    );
    assert_eq!(
        kinds("Bevestig uw kaartnummer, vervaldatum en pincode om dit te voorkomen."),
        ["pin card_number card_expiry"]
    );
    assert_eq!(
        kinds("Bitte bestätigen Sie Ihr Passwort innerhalb von 48 Stunden."),
        ["password"]
    );
    assert_eq!(
        kinds("Please confirm your password and card details to restore access."),
        ["password card_number"]
    );
    assert_eq!(
        kinds("Indiquez votre IBAN et votre mot de passe ici : https://x.example"),
        ["password iban"]
    );
}

#[test]
fn reminders_and_warnings_are_not_requests() {
    assert!(
        kinds("Rappel : nous ne vous demanderons jamais vos codes PIN ou PUK par e-mail.")
            .is_empty()
    );
    assert!(kinds("We will never ask you to confirm your password by mail.").is_empty());
    assert!(kinds("Geef nooit uw pincode door, ook niet aan de bank.").is_empty());
    assert!(kinds("Beware of phishing mails that ask you to enter your password.").is_empty());
    assert!(kinds("Wir werden Sie niemals bitten, Ihre PIN einzugeben.").is_empty());
}

#[test]
fn mentions_without_a_request_are_not_requests() {
    assert!(kinds("Your password was changed yesterday.").is_empty());
    assert!(kinds("Votre nouvelle carte SIM est en route.").is_empty());
    assert!(kinds("Pinterest and the spin class: simple things.").is_empty());
}

#[test]
fn the_writer_telling_what_they_do_is_not_a_request() {
    for text in [
        "We send every new member a password by post.",
        "We'll verify your card number with the bank tomorrow.",
        "I share the club's password with the coaches only.",
        "Je vais vérifier votre IBAN avant le virement.",
        "Wij geven elke klant een pincode bij de levering.",
        "Wir senden Ihnen das neue Passwort per Post.",
    ] {
        assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
    }
    // The reader asked, even in a sentence where the writer also speaks...
    assert_eq!(
        kinds("We need you to confirm your password today."),
        ["password"]
    );
    assert_eq!(
        kinds("We have locked your account, so enter your password here."),
        ["password"]
    );
    assert_eq!(kinds("You send us your PIN and we do the rest."), ["pin"]);
    assert_eq!(
        kinds("Veuillez nous communiquer votre mot de passe."),
        ["password"]
    );
    // ...and a helper word alone, without the writer, changes nothing.
    assert_eq!(kinds("Then verify your card number."), ["card_number"]);
}

#[test]
fn severity_follows_the_secret() {
    let f = Lexicon::new().check("Veuillez nous communiquer votre IBAN pour le remboursement.");
    assert_eq!(f[0].severity, Severity::Caution);
    let f = Lexicon::new().check("Enter your PIN here.");
    assert_eq!(f[0].severity, Severity::Danger);
}

#[test]
fn urgency_is_info() {
    let f = Lexicon::new().check("Votre ligne sera suspendue sans réponse de votre part.");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].kind, f[0].severity), (Kind::Urgency, Severity::Info));
}

#[test]
fn excerpt_keeps_the_original_words() {
    let f = Lexicon::new().check("Bevestig uw pincode.");
    assert_eq!(
        f[0].evidence.get("excerpt").map(String::as_str),
        Some("Bevestig uw pincode")
    );
}

#[test]
fn secret_kinds_fit_the_sentence_bitmask() {
    assert!(!SECRETS.is_empty() && SECRETS.len() <= 64);
}

/// What [`for_each_sentence`] must find, the slow way: split at the marks, fold each sentence
/// into a new string, split it into words.
fn sentences_by_split(text: &str) -> Vec<(&str, Vec<u64>)> {
    text.split(['.', '!', '?', '\n', ';'])
        .map(|s| {
            (
                s,
                words(&strip_accents(s)).map(word_hash).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

#[test]
fn one_pass_scan_finds_the_sentences_and_words_of_a_split() {
    let cases = [
        "",
        "   ",
        "..",
        "a.b!c?d\ne;f",
        "Votre code PIN, s'il vous plaît",
        "naïve café-crème 42x. Fin",
        "ünïcödé—words…and: more",
        // Decomposed accents join their letter; a dotted capital I lowers to i + a mark.
        "Se\u{301}curite\u{301} \u{301}x İstanbul",
        "Straße ŒUVRE ﬁnal Ⅻ ①",
        "日本語のテキスト と 数字123.\n\nRésumé!",
        "trailing word",
    ];
    for text in cases {
        let mut ours: Vec<(&str, Vec<u64>)> = Vec::new();
        for_each_sentence(text, &|_| Keep::Start, |s, words| {
            for (n, w) in words.iter().enumerate() {
                // Each word's place in the sentence holds the word the hash was made of.
                let raw = s.get(w.start..w.end).unwrap_or_default();
                assert_eq!(w.hash, word_hash(strip_accents(raw)), "{raw:?} in {s:?}");
                assert_eq!(w.ordinal, n, "{raw:?} in {s:?}");
            }
            ours.push((s, words.iter().map(|w| w.hash).collect()));
        });
        assert_eq!(ours, sentences_by_split(text), "{text:?}");
    }
}

#[test]
fn words_left_out_keep_their_ordinals_counted() {
    let text = "Un deux TROIS quatre. Cinq trois";
    let trois = word_hash("trois");
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let keep = |h| if h == trois { Keep::Start } else { Keep::Drop };
    for_each_sentence(text, &keep, |s, words| {
        for w in words {
            seen.push((s.get(w.start..w.end).unwrap_or_default(), w.ordinal));
        }
    });
    assert_eq!(seen, [("TROIS", 2), ("trois", 1)]);
}

#[test]
fn only_sentences_with_a_possible_first_word_are_passed_on() {
    let text = "Un deux trois. Deux trois quatre. Quatre";
    let (un, deux) = (word_hash("un"), word_hash("deux"));
    let keep = |h| match h {
        h if h == un => Keep::Start,
        h if h == deux => Keep::Word,
        _ => Keep::Drop,
    };
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for_each_sentence(text, &keep, |s, words| seen.push((s, words.len())));
    // The second sentence holds "Deux", kept, but nothing that may begin a phrase.
    assert_eq!(seen, [("Un deux trois", 2)]);
}

#[test]
fn a_phrase_needs_its_words_side_by_side() {
    // Phrases of several words still match when only their words are recorded, and not when
    // another word (not recorded) stands between them.
    assert_eq!(
        kinds("Veuillez confirmer votre mot de passe."),
        ["password"]
    );
    assert!(kinds("Veuillez confirmer votre mot zzz de passe.").is_empty());
}

#[test]
fn a_matching_hash_is_not_enough() {
    let lexicon = Lexicon::new();
    let phrase = lexicon
        .phrases
        .values()
        .flatten()
        .find(|p| p.len() == 1)
        .expect("the lexicon has one-word phrases");
    let word = |text: &str| Word {
        hash: phrase.hashes[0],
        start: 0,
        end: text.len(),
        ordinal: 0,
    };
    let real = phrase.term;
    let found = |text: &str| {
        let f = lexicon.roles(text, &[word(text)]);
        f.secrets != 0 || f.request || f.negation || f.urgency
    };
    assert!(found(real));
    assert!(found(&real.to_uppercase()));
    // Another word that hashed the same (a crafted collision) reads as nothing.
    assert!(!found("zzzzzz"));
}

#[test]
fn accented_and_plain_requests_match_alike() {
    assert_eq!(
        kinds("Veuillez confirmer votre numéro de carte."),
        kinds("Veuillez confirmer votre numero de carte.")
    );
    assert!(!kinds("Veuillez confirmer votre nume\u{301}ro de carte.").is_empty());
}

#[test]
fn the_lexicon_is_written_folded() {
    // Terms are folded when the lexicon is built anyway; written folded, the file reads as
    // what is matched.
    let terms = SECRETS
        .iter()
        .flat_map(|s| s.terms)
        .chain(REQUESTS)
        .chain(NEGATIONS)
        .chain(URGENCY);
    for term in terms {
        assert_eq!(*term, strip_accents(term));
    }
}

#[test]
fn case_does_not_matter() {
    assert_eq!(
        kinds("VEUILLEZ CONFIRMER VOTRE MOT DE PASSE"),
        kinds("veuillez confirmer votre mot de passe")
    );
    assert!(!kinds("Veuillez CONFIRMER votre Mot De Passe").is_empty());
}

#[test]
fn parts_read_like_lines_of_one_text() {
    let lexicon = Lexicon::new();
    for (subject, body) in [
        (
            "Urgent: votre compte",
            "Confirmez votre mot de passe. Merci",
        ),
        ("Confirmez votre", "mot de passe"),
        ("", "Bevestig uw pincode."),
        ("Enter your PIN", ""),
    ] {
        assert_eq!(
            lexicon.check_parts(&[subject, body]),
            lexicon.check(&format!("{subject}\n{body}")),
            "{subject:?} / {body:?}"
        );
    }
}

#[test]
fn every_term_of_the_lexicon_keeps_all_its_words() {
    let terms = SECRETS
        .iter()
        .flat_map(|s| s.terms.iter())
        .chain(REQUESTS)
        .chain(NEGATIONS)
        .chain(URGENCY);
    for &term in terms {
        let phrase = Phrase::new(term, Role::Request);
        let expected: Vec<u64> = words(term).map(word_hash).collect();
        assert_eq!(
            phrase.map(|p| p.hashes().to_vec()),
            Some(expected),
            "{term}"
        );
    }
    assert!(Phrase::new(" - ", Role::Request).is_none());
}
