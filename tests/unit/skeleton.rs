use super::*;
use unicode_normalization::UnicodeNormalization;

fn reference_skeleton(s: &str) -> String {
    unicode_security::skeleton(s).collect()
}

#[test]
fn every_character_has_the_reference_skeleton_nfd_and_marks() {
    let mut changed = 0;
    for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
        let s = c.to_string();
        assert_eq!(
            nfd(&s),
            s.nfd().collect::<String>(),
            "NFD of U+{:04X}",
            u32::from(c)
        );
        let mut steps = Vec::new();
        for_each_decomposed(c, &mut |d| steps.push(d));
        let mut reference: Vec<char> = s.nfd().collect();
        assert_eq!(
            steps.iter().filter(|d| !is_mark(**d)).collect::<Vec<_>>(),
            reference
                .iter()
                .filter(|d| !is_mark(**d))
                .collect::<Vec<_>>(),
            "letters of the decomposition of U+{:04X}",
            u32::from(c)
        );
        steps.sort_unstable();
        reference.sort_unstable();
        assert_eq!(steps, reference, "decomposition of U+{:04X}", u32::from(c));
        assert_eq!(
            is_mark(c),
            unicode_normalization::char::is_combining_mark(c),
            "U+{:04X} is a mark",
            u32::from(c)
        );
        let ours = skeleton(&s);
        assert_eq!(
            ours,
            reference_skeleton(&s),
            "skeleton of U+{:04X}",
            u32::from(c)
        );
        changed += usize::from(ours != s);
    }
    // The table is not empty by accident (thousands of characters have another prototype).
    assert!(changed > 5_000, "{changed}");
}

#[test]
fn strings_with_marks_in_any_order_match_the_reference() {
    // Marks of different classes out of canonical order, Hangul syllables, precomposed letters
    // whose prototypes carry marks, invisible characters between letters.
    for s in [
        "a\u{301}\u{327}b",
        "a\u{327}\u{301}b",
        "\u{1e0b}\u{323}",
        "q\u{307}\u{323}\u{301}\u{316}",
        "\u{d55c}\u{ae00}",
        "\u{1100}\u{1161}\u{11a8}",
        "\u{212b}\u{2126}\u{1e9b}\u{323}",
        "p\u{200b}a\u{feff}y\u{ad}pal",
        "pr\u{3bf}ximus",
        "\u{1d40f}\u{1d42b}\u{1d428}",
        "\u{430}\u{440}\u{440}\u{4cf}\u{435}",
        "\u{fb01}\u{33a1}\u{2460}",
        "\u{e9}\u{300}\u{304}\u{328}\u{1dce}",
        "",
        "plain ascii",
    ] {
        assert_eq!(nfd(s), s.nfd().collect::<String>(), "NFD of {s:?}");
        assert_eq!(skeleton(s), reference_skeleton(s), "skeleton of {s:?}");
    }
}

#[test]
fn pairs_of_characters_around_marks_match_the_reference() {
    // Every confusable character next to a few marks of different classes: the prototype's
    // own marks must be reordered with the ones after it.
    let marks = ['\u{301}', '\u{323}', '\u{327}', '\u{334}', '\u{345}'];
    for &c in CONFUSABLE_CHARS
        .iter()
        .filter_map(|&u| char::from_u32(u))
        .collect::<Vec<_>>()
        .iter()
    {
        for m in marks {
            let s: String = [c, m].into_iter().collect();
            assert_eq!(skeleton(&s), reference_skeleton(&s), "skeleton of {s:?}");
        }
    }
}
