//! Criterion benchmarks of the engine (`make bench`). Figures only: nothing here fails on time.
//!
//! The budgets (design.md): `check_domain` against the whole protected index ≤ 5 µs;
//! `analyze_message` with 100 links and 50 KB of HTML ≤ 0.3 ms natively. The same calls, on the
//! same synthetic inputs, are timed in wasm by `tests/bench/wasm-bench.mjs`, which reads the
//! figures of this file from `target/criterion/<id>/new/estimates.json`: keep the benchmark ids
//! and the generators (`synthetic.rs`) in step with that harness.
//!
//! Quick run: `cargo bench --bench engine -- --quick` (or `--warm-up-time 1 --measurement-time 2`).

// The allocator the `vigie` CLI ships with: these figures are the native product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use vigie::{Config, Engine};

mod synthetic;
use synthetic::{config_with_correspondents, synthetic_message};

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
