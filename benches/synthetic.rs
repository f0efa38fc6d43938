//! The synthetic messages and users of the benchmarks, shared by `benches/engine.rs` and
//! `examples/profile_message.rs`. `tests/bench/wasm-bench.mjs` has a JavaScript twin of these
//! generators: keep them in step.

use vigie::{Config, Correspondent, Message};

/// Filler sentences (ASCII, so that byte counts agree with the JavaScript twin of this code).
/// One of them carries a URL in plain text, as real mail does.
const SENTENCES: [&str; 6] = [
    "Bonjour, nous vous confirmons la bonne reception de votre commande. ",
    "Votre facture du mois est disponible dans votre espace client. ",
    "Pour toute question, consultez https://www.example-aide.be/faq ou appelez-nous. ",
    "Dank u voor uw vertrouwen, wij nemen spoedig contact met u op. ",
    "Vielen Dank fuer Ihre Bestellung, die Lieferung erfolgt in drei Tagen. ",
    "Please keep this message for your records and do not reply to it. ",
];

/// The `i`-th link of a synthetic message: a mix of plain, tracked, wrapped, shortened,
/// image-only and deceptive links, as in a newsletter or a phishing mail.
pub fn link(i: usize) -> String {
    match i % 5 {
        0 => format!("<a href=\"https://www.example-shop.be/p/{i}?utm_source=mail\">Voir le produit {i}</a>"),
        1 => format!("<a href=\"https://click.example-esp.com/track/click?u=ab12&amp;id={i}\">www.example-shop.be</a>"),
        2 => format!(
            "<a href=\"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.proximus.be%2Ffacture%2F{i}&amp;data=05\">www.proximus.be</a>"
        ),
        3 => format!("<a href=\"https://bit.ly/x{i}\"><img src=\"https://cdn.example-shop.be/i/{i}.png\" alt=\"Promo\"></a>"),
        _ => format!("<a href=\"https://proximus-be.com/login?s={i}\">https://www.proximus.be/login</a>"),
    }
}

/// Body HTML with `links` links and about `bytes` bytes in all (at least the links themselves).
pub fn synthetic_html(links: usize, bytes: usize) -> String {
    const HEAD: &str = "<html><head><style>p{margin:0}</style></head><body><div class=\"mail\">\n";
    const TAIL: &str = "</div></body></html>\n";
    let anchors: Vec<String> = (0..links).map(link).collect();
    let fixed = HEAD.len() + TAIL.len() + anchors.iter().map(|a| a.len() + 1).sum::<usize>();
    let per_block = bytes.saturating_sub(fixed) / (links + 1);
    let mut out = String::with_capacity(bytes + 1024);
    let mut sentence = 0;
    let mut filler = |out: &mut String| {
        if per_block < 8 {
            return;
        }
        let start = out.len();
        out.push_str("<p>");
        while out.len() - start + 5 < per_block {
            out.push_str(SENTENCES[sentence % SENTENCES.len()]);
            sentence += 1;
        }
        out.push_str("</p>\n");
    };
    out.push_str(HEAD);
    filler(&mut out);
    for a in &anchors {
        out.push_str(a);
        out.push('\n');
        filler(&mut out);
    }
    out.push_str(TAIL);
    out
}

pub fn synthetic_message(links: usize, bytes: usize) -> Message {
    Message {
        sender_name: Some("Service clientele Proximus".into()),
        sender_address: Some("ServiceclienteleProximus@contactcenter.be".into()),
        reply_to: None,
        subject: Some("Votre facture est disponible".into()),
        body_html: Some(synthetic_html(links, bytes)),
        body_text: None,
        from_malformed: false,
    }
}

/// Syllables of the synthetic correspondent domains.
const SYLLABLES: [&str; 16] = [
    "ma", "ri", "van", "de", "bo", "lux", "ter", "sol", "ka", "ne", "dor", "pi", "gar", "en",
    "tec", "vi",
];

/// A user who has received mail from `n` domains: varied names of three or four syllables
/// (`vandebo.be`, `luxterkane.com`...), drawn by a small deterministic generator (MINSTD, exact
/// in JavaScript doubles too).
pub fn config_with_correspondents(n: usize) -> Config {
    const TLDS: [&str; 6] = ["be", "fr", "com", "nl", "de", "eu"];
    let mut x: u64 = 42;
    let mut next = |m: u64| {
        x = x * 48_271 % 2_147_483_647;
        (x % m) as usize
    };
    let correspondents = (0..n)
        .map(|i| {
            let parts = 3 + next(2);
            let label: String = (0..parts).map(|_| SYLLABLES[next(16)]).collect();
            Correspondent {
                domain: format!("{label}.{}", TLDS[i % TLDS.len()]),
                count: (i % 50 + 1) as u32,
            }
        })
        .collect();
    Config {
        correspondents,
        ..Config::default()
    }
}
