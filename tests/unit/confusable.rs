use super::*;

#[test]
fn ascii_tricks_fold_together() {
    for (a, b) in [
        ("paypa1", "paypal"),
        ("pr0ximus", "proximus"),
        ("proxirnus", "proximus"),
        ("proxinnus", "proximus"),
        ("vvise", "wise"),
        ("clhl", "dhl"),
        ("PROXIMUS", "proximus"),
    ] {
        assert_eq!(fold(a), fold(b), "{a} vs {b}");
    }
}

#[test]
fn unicode_homoglyphs_fold_to_latin() {
    for (a, b) in [
        ("pr\u{3bf}ximus", "proximus"),     // Greek omicron
        ("\u{430}pple", "apple"),           // Cyrillic a
        ("b\u{435}lfius", "belfius"),       // Cyrillic e
        ("pr\u{f4}xim\u{fa}s", "proximus"), // accents
        ("\u{440}\u{430}\u{443}\u{440}\u{430}\u{4cf}", "paypal"), // all Cyrillic
    ] {
        assert_eq!(fold(a), fold(b), "{a} vs {b}");
    }
}

#[test]
fn latin_small_capitals_read_as_their_letter() {
    for (a, b) in [
        ("\u{299}elfius", "belfius"),           // small capital B
        ("\u{1d18}roxi\u{1d0d}us", "proximus"), // small capitals P and M
        ("tel\u{1d07}net", "telenet"),          // small capital E
        ("\u{1d0b}eytrade", "keytrade"),        // small capital K (the skeleton gives `ĸ`)
    ] {
        assert_eq!(fold(a), fold(b), "{a} vs {b}");
    }
}

#[test]
fn a_capital_is_read_before_it_is_lowered() {
    // Greek capital Mu reads as M; its small letter (what a domain label holds) does not.
    assert_eq!(fold("\u{39c}eta"), "meta");
    assert_ne!(fold("\u{3bc}eta"), "meta");
    assert_eq!(fold("\u{395}NGIE"), fold("engie")); // Greek capital Epsilon
}

#[test]
fn letter_by_letter_never_joins_two_written_letters() {
    // `ç` then `l`: folded with pairs they read as `d`, letter by letter they stay two.
    assert_eq!(fold("b\u{e7}lfius"), "bdflus");
    assert_eq!(fold_letters("b\u{e7}lfius"), "bclflus");
    // A letter the skeleton spells as two (`m` as `rn`) is still one letter.
    assert_eq!(fold_letters("pr\u{3bf}xim\u{fa}s"), "proxlmus");
    assert_eq!(fold_letters("pr\u{3bf}ximus"), fold("proximus"));
}

#[test]
fn different_words_stay_different() {
    for (a, b) in [
        ("proximus", "maximus"),
        ("belfius", "belgium"),
        ("kbc", "cbc"),
        ("ing", "bing"),
    ] {
        assert_ne!(fold(a), fold(b), "{a} vs {b}");
    }
}

#[test]
fn script_use_classification() {
    assert_eq!(script_use("proximus"), ScriptUse::Ascii);
    assert_eq!(script_use("b\u{fc}cher"), ScriptUse::SingleScript);
    assert_eq!(
        script_use("\u{43f}\u{440}\u{438}\u{43c}\u{435}\u{440}"),
        ScriptUse::SingleScript
    );
    assert_eq!(script_use("pr\u{3bf}ximus"), ScriptUse::MixedScript);
    assert_eq!(
        script_use("\u{430}\u{440}\u{440}\u{4cf}\u{435}"),
        ScriptUse::WholeScriptConfusable
    );
}

#[test]
fn strip_accents_keeps_letters() {
    assert_eq!(
        strip_accents("Service clientèle Sécurité"),
        "service clientele securite"
    );
    assert_eq!(strip_accents("FOD Financiën"), "fod financien");
}

#[test]
fn odd_input_does_not_panic() {
    for s in [
        "",
        "\u{FFFD}",
        "\u{200B}",
        "😀😀",
        "\u{301}\u{301}",
        "ǅ",
        "İstanbul",
        "ﬃ",
    ] {
        let _ = fold(s);
        let _ = script_use(s);
    }
}

#[test]
fn ascii_text_folds_the_same_byte_by_byte_as_char_by_char() {
    // The byte path (ASCII input) and the char path (any input) must agree: every ASCII
    // string of up to three characters from the ones the rules look at, with and without pairs.
    let alphabet = [
        'r', 'n', 'N', 'v', 'V', 'c', 'l', 'L', '0', '1', 'i', 'I', '|', '!', 'x', ' ',
    ];
    let mut strings = vec![String::new()];
    for _ in 0..3 {
        let longer: Vec<String> = strings
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        strings.extend(longer);
    }
    for s in &strings {
        for pairs in [false, true] {
            let (mut by_byte, mut by_char) = (String::new(), String::new());
            ascii_fold_into(s, &mut by_byte, pairs);
            fold_chars_into(s, &mut by_char, pairs);
            assert_eq!(by_byte, by_char, "{s:?} pairs={pairs}");
        }
    }
}

#[test]
fn characters_outside_ascii_are_copied_and_the_rest_folded() {
    let mut out = String::new();
    ascii_fold_into("Rné1VVç|", &mut out, true);
    assert_eq!(out, "mélwçl");
}
