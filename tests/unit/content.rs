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

#[test]
fn scanned_words_split_like_words() {
    let cases = [
        "",
        "   ",
        "Votre code PIN, s'il vous plaît",
        "naïve café-crème 42x",
        "ünïcödé—words…and: more",
        "trailing word",
        "日本語のテキスト と 数字123",
    ];
    let mut scanned = Vec::new();
    for text in cases {
        scan_words(text, &mut scanned);
        let by_range: Vec<&str> = scanned.iter().map(|w| &text[w.start..w.end]).collect();
        let by_split: Vec<&str> = words(text).collect();
        assert_eq!(by_range, by_split, "{text:?}");
        for (w, word) in scanned.iter().zip(&by_range) {
            assert_eq!(w.hash, word_hash(&word.to_ascii_lowercase()), "{word:?}");
        }
    }
}

#[test]
fn the_lexicon_is_lower_case() {
    let lexicon = Lexicon::new();
    for phrase in lexicon
        .phrases
        .values()
        .flatten()
        .flat_map(|(words, _)| words)
    {
        assert_eq!(*phrase, phrase.to_ascii_lowercase());
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
fn sentences_split_like_the_marks() {
    for text in ["", "a.b!c?d\ne;f", "Fin.", "..", "é. ü!\n", "no mark"] {
        let ours: Vec<&str> = sentences(text).collect();
        let std: Vec<&str> = text.split(['.', '!', '?', '\n', ';']).collect();
        assert_eq!(ours, std, "{text:?}");
    }
}
