//! What an element's attributes say: a style that hides it, an input that wants a secret.

use super::tags::Tag;

/// Does a `style` attribute hide the element (or shrink it to nothing)?
pub fn style_hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let zero = |prop: &str| {
        s.split(';').any(|decl| {
            decl.strip_prefix(prop).is_some_and(|v| {
                let v = v.trim_end_matches("!important");
                v.trim_start_matches(['0', '.'])
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '%')
                    .is_empty()
                    && v.starts_with('0')
            })
        })
    };
    s.contains("display:none")
        || s.contains("visibility:hidden")
        || zero("font-size:")
        || zero("opacity:")
        || ((zero("height:") || zero("max-height:") || zero("width:") || zero("max-width:"))
            && s.contains("overflow:hidden"))
}

/// Words in an input's name, id, placeholder or autocomplete that mean a secret: passwords,
/// PINs and card data in en, fr, nl, de (`autocomplete` tokens from the HTML spec).
const SECRET_FIELD_WORDS: &[&str] = &[
    "pass",
    "pwd",
    "pin",
    "cvv",
    "cvc",
    "card",
    "carte",
    "kaart",
    "karte",
    "iban",
    "wachtwoord",
    "kennwort",
    "passwort",
    "motdepasse",
    "cc-number",
    "cc-csc",
    "cc-exp",
];

/// An input whose own attributes say it wants a secret, whatever its `type`.
pub(super) fn asks_secret(tag: &Tag) -> bool {
    [&b"name"[..], b"id", b"placeholder", b"autocomplete"]
        .iter()
        .any(|key| {
            tag.attr(key).is_some_and(|v| {
                let v: String = v
                    .to_lowercase()
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '_')
                    .collect();
                SECRET_FIELD_WORDS.iter().any(|w| v.contains(w))
            })
        })
}
