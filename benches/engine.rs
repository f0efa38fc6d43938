//! Criterion benchmarks of the engine (`make bench`). Figures only: nothing here fails on time.
//!
//! The budgets (design.md): `check_domain` against the whole protected index ≤ 5 µs;
//! `analyze_message` with 100 links and 50 KB of HTML ≤ 0.3 ms natively. The same calls, on the
//! same synthetic inputs, are timed in wasm by `tests/bench/wasm-bench.mjs`, which reads the
//! figures of this file from `target/criterion/<id>/new/estimates.json`: keep the benchmark ids
//! and the generators below in step with that harness.
//!
//! Quick run: `cargo bench --bench engine -- --quick` (or `--warm-up-time 1 --measurement-time 2`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use vigie::{Config, Correspondent, Engine, Message};

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
fn link(i: usize) -> String {
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
fn synthetic_html(links: usize, bytes: usize) -> String {
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

fn synthetic_message(links: usize, bytes: usize) -> Message {
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
fn config_with_correspondents(n: usize) -> Config {
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

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("engine_new");
    g.sample_size(20);
    g.bench_function("default", |b| {
        b.iter(|| Engine::new(black_box(&Config::default())))
    });
    let config = config_with_correspondents(5_000);
    let names = &config.correspondents;
    eprintln!(
        "engine_new/5000_correspondents: {} ... {}, {} protected names",
        names[0].domain,
        names[names.len() - 1].domain,
        Engine::new(&config).protected_count()
    );
    g.bench_function("5000_correspondents", |b| {
        b.iter(|| Engine::new(black_box(&config)))
    });
    g.finish();
}

fn domains(c: &mut Criterion) {
    let engine = Engine::new(&Config::default());
    let mut g = c.benchmark_group("check_domain");
    g.bench_function("hit", |b| {
        b.iter(|| engine.check_domain(black_box("proxirnus.be")))
    });
    g.bench_function("miss", |b| {
        b.iter(|| engine.check_domain(black_box("wikipedia.org")))
    });
    g.finish();
}

fn links_and_senders(c: &mut Criterion) {
    let engine = Engine::new(&Config::default());
    let mut g = c.benchmark_group("check_link");
    g.bench_function("mismatch", |b| {
        b.iter(|| {
            engine.check_link(
                black_box("https://rdv-conseil.contactcenter.be/confirm?id=88412"),
                black_box("www.proximus.be"),
                black_box(Some("ServiceclienteleProximus@contactcenter.be")),
            )
        })
    });
    g.bench_function("safelinks", |b| {
        b.iter(|| {
            engine.check_link(
                black_box("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Faccount-check.co%2Flogin&data=05"),
                black_box("https://login.microsoftonline.com"),
                black_box(None),
            )
        })
    });
    g.finish();
    let mut g = c.benchmark_group("check_sender");
    g.bench_function("impersonation", |b| {
        b.iter(|| {
            engine.check_sender(
                black_box(
                    "\"Service clientèle Proximus\" <ServiceclienteleProximus@contactcenter.be>",
                ),
                None,
            )
        })
    });
    g.finish();
}

/// (benchmark id, links, HTML bytes). 100 links + 50 KB is the budget case; 10,000 links and
/// 5 MB go past the limits and must end "partly checked", in bounded time.
pub const MESSAGES: [(&str, usize, usize); 5] = [
    ("10_links_5KB", 10, 5 * 1024),
    ("100_links_50KB", 100, 50 * 1024),
    ("1000_links_1MB", 1_000, 1024 * 1024),
    ("10_links_1MB", 10, 1024 * 1024),
    ("10000_links_5MB", 10_000, 5 * 1024 * 1024),
];

fn messages(c: &mut Criterion) {
    let engine = Engine::new(&Config::default());
    let mut g = c.benchmark_group("analyze_message");
    for (id, links, bytes) in MESSAGES {
        let msg = synthetic_message(links, bytes);
        let html_len = msg.body_html.as_ref().map_or(0, String::len);
        let report = engine.analyze_message(&msg);
        eprintln!(
            "analyze_message/{id}: {html_len} bytes of HTML, {} link reports, verdict {}, kinds {:?}",
            report.links.len(),
            report.verdict.as_str(),
            report.kinds()
        );
        g.throughput(Throughput::Bytes(html_len as u64));
        if bytes >= 1024 * 1024 {
            g.sample_size(10).measurement_time(Duration::from_secs(8));
        } else {
            g.sample_size(50).measurement_time(Duration::from_secs(5));
        }
        g.bench_function(id, |b| b.iter(|| engine.analyze_message(black_box(&msg))));
    }
    g.finish();
}

criterion_group!(benches, domains, links_and_senders, messages, startup);
criterion_main!(benches);
